import { RuleViolationError, type Sealed } from '@trame/domain';
import { emailLookupHash, type LinkSigner, normaliseEmail } from '@trame/mail';
import type { KeyStore, LookupKind, PersonalDataCipher } from '@trame/personal-data';

export type SealedContactDeps = Readonly<{ cipher: PersonalDataCipher; keys: KeyStore; signer: LinkSigner }>;

/**
 * Seals a new person's contact details (full name, email) under their own key, records
 * the sign-in blind index entry (address hash → this account) beside the key, then runs
 * the creation. A creation refused by a rule leaves neither key nor index entry behind:
 * the stream was never created, so nothing would ever erase them.
 */
export async function createWithSealedContact<T>(
  deps: SealedContactDeps,
  account: Readonly<{ id: string; kind: LookupKind }>,
  contact: { displayName: string; email: string },
  create: (pii: Sealed) => Promise<T>,
): Promise<T> {
  const { cipher, keys, signer } = deps;
  const email = normaliseEmail(contact.email);
  const pii = await cipher.seal(account.id, { displayName: contact.displayName.trim(), email });
  // Before the creation: an account that exists can always be signed into.
  await keys.addLookup(emailLookupHash(signer, email), { subjectId: account.id, kind: account.kind });
  try {
    return await create(pii);
  } catch (error) {
    if (error instanceof RuleViolationError) await keys.deleteKey(account.id);
    throw error;
  }
}
