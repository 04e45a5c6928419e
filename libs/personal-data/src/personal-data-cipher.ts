import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Sealed } from '@trame/domain';
import type { KeyStore } from './key-store.port';

const VERSION = 'v1';
const IV_BYTES = 12;

/**
 * Seals personal data with AES-256-GCM under the subject's own key. The subject id is
 * bound as additional data, so a sealed value copied into another person's event does
 * not decrypt.
 */
export class PersonalDataCipher {
  constructor(private readonly keys: KeyStore) {}

  async seal(subjectId: string, value: unknown): Promise<Sealed> {
    const key = await this.keys.getOrCreateKey(subjectId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(subjectId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, tag, ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  /** The sealed value, or null when the subject's key is gone (erased person). */
  async open<T>(subjectId: string, sealed: Sealed): Promise<T | null> {
    const key = await this.keys.getKey(subjectId);
    if (!key) return null;
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
      throw new Error(`unsupported sealed value for ${subjectId}`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(subjectId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as T;
  }
}
