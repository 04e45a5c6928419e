import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrameConfig } from '@trame/config';
import { introductionLinkUrl, signIntroductionLinkToken, verifyIntroductionLinkToken } from './introduction-link-token';
import { signUnsubscribeToken, unsubscribePageUrl, unsubscribeUrl, verifyUnsubscribeToken } from './unsubscribe-token';

const MIN_SECRET_LENGTH = 32;

/**
 * `LINK_SECRET`, else a random secret created once at `DATA_DIR/link.secret` (0600) and
 * reused, so links in emails already sent stay valid across restarts. Processes that start
 * together agree: the file appears complete or not at all (written aside, then hard-linked,
 * which never replaces an existing file).
 */
export function loadLinkSecret(config: Pick<TrameConfig, 'LINK_SECRET' | 'dataDir'>): Buffer {
  if (config.LINK_SECRET) return Buffer.from(config.LINK_SECRET, 'utf8');
  const file = join(config.dataDir, 'link.secret');
  mkdirSync(config.dataDir, { recursive: true });
  const temp = join(config.dataDir, `.link.secret.${randomUUID()}.tmp`);
  try {
    writeFileSync(temp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  const secret = readFileSync(file, 'utf8').trim();
  // Never silently replace a damaged secret: that would void every link already sent.
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`${file}: link secret too short or empty`);
  return Buffer.from(secret, 'utf8');
}

/** Signs and checks the links put in emails (one-click unsubscribe). */
export class LinkSigner {
  constructor(
    private readonly secret: Buffer,
    private readonly publicUrl: string,
  ) {}

  static fromConfig(config: TrameConfig): LinkSigner {
    return new LinkSigner(loadLinkSecret(config), config.PUBLIC_URL);
  }

  /** A key for one purpose (session tokens, action links…), derived so that one secret serves all. */
  subKey(purpose: string): Buffer {
    return createHmac('sha256', this.secret).update(`trame-subkey:${purpose}`).digest();
  }

  unsubscribeToken(memberId: string): string {
    return signUnsubscribeToken(this.secret, memberId);
  }

  verifyUnsubscribe(memberId: string, token: unknown): boolean {
    return verifyUnsubscribeToken(this.secret, memberId, token);
  }

  /** `${PUBLIC_URL}/v1/members/<id>/unsubscribe?token=…` */
  unsubscribeUrl(memberId: string): string {
    return unsubscribeUrl(this.publicUrl, memberId, this.unsubscribeToken(memberId));
  }

  /** `${PUBLIC_URL}/desabonnement/<id>?token=…`: the web page of the visible link in emails. */
  unsubscribePageUrl(memberId: string): string {
    return unsubscribePageUrl(this.publicUrl, memberId, this.unsubscribeToken(memberId));
  }

  /** A link letting `actorId` (referent id, member id or 'admin') act on one introduction without a session. */
  introductionLinkUrl(introductionId: string, actorId: string): string {
    return introductionLinkUrl(this.publicUrl, introductionId, actorId, signIntroductionLinkToken(this.secret, introductionId, actorId));
  }

  verifyIntroductionLink(introductionId: string, actorId: string, token: unknown): boolean {
    return verifyIntroductionLinkToken(this.secret, introductionId, actorId, token);
  }
}
