import { RuleViolationError, type Sealed } from '@trame/domain';
import type { KeyStore, PersonalDataCipher } from '@trame/personal-data';

/**
 * Seals a new person's contact details (full name, email) under their own key, then runs
 * the creation. A creation refused by a rule leaves no key behind: the stream was never
 * created, so nothing would ever erase that key.
 */
export async function createWithSealedContact<T>(
  cipher: PersonalDataCipher,
  keys: KeyStore,
  subjectId: string,
  contact: { displayName: string; email: string },
  create: (pii: Sealed) => Promise<T>,
): Promise<T> {
  const pii = await cipher.seal(subjectId, { displayName: contact.displayName.trim(), email: contact.email.trim().toLowerCase() });
  try {
    return await create(pii);
  } catch (error) {
    if (error instanceof RuleViolationError) await keys.deleteKey(subjectId);
    throw error;
  }
}
