/**
 * Per-person encryption keys, kept outside the event log so that deleting a key
 * crypto-shreds every sealed field of that person in every event, backups included.
 */
export interface KeyStore {
  /** The subject's key, created (256 random bits) on first use. */
  getOrCreateKey(subjectId: string): Promise<Buffer>;
  /** The subject's key, or null once it has been deleted. */
  getKey(subjectId: string): Promise<Buffer | null>;
  /** Deletes the key for good; true if one existed. */
  deleteKey(subjectId: string): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const KEY_STORE = Symbol('KEY_STORE');
