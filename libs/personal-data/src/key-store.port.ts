/**
 * Per-person encryption keys, kept outside the event log so that deleting a key
 * crypto-shreds every sealed field of that person in every event, backups included.
 *
 * Beside each key, the store keeps a blind index for sign-in: a keyed hash of the
 * person's email address (computed by the caller, never the address itself) → the
 * subject. It lives here, not in the log, so that erasing a person (`deleteKey`) also
 * removes the only way to find them by address.
 */
export interface KeyStore {
  /** The subject's key, created (256 random bits) on first use. */
  getOrCreateKey(subjectId: string): Promise<Buffer>;
  /** The subject's key, or null once it has been deleted. */
  getKey(subjectId: string): Promise<Buffer | null>;
  /** Deletes the key for good, and every lookup entry of the subject; true if a key existed. */
  deleteKey(subjectId: string): Promise<boolean>;
  /** Records that `lookupHash` (a keyed hash of an address) leads to this subject; idempotent. */
  addLookup(lookupHash: string, entry: LookupEntry): Promise<void>;
  /** Every subject recorded under `lookupHash` (one address may own several accounts). */
  findLookup(lookupHash: string): Promise<LookupEntry[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** What a blind-index entry leads to: an account and its kind. */
export type LookupEntry = Readonly<{ subjectId: string; kind: LookupKind }>;
export type LookupKind = 'member' | 'referent';
export const LOOKUP_KINDS: readonly LookupKind[] = ['member', 'referent'];

export const KEY_STORE = Symbol('KEY_STORE');
