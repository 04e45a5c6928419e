import { safeReturnPath } from '$lib/server/return-path';

/** Pages that lead to signing in: going back to them afterwards would go round in circles. */
const SIGN_IN_PAGES = /^\/(connexion|inscription|confirmer)(\/|\?|$)/;

export type SignedInAs = { memberIds: readonly string[] };

/**
 * Where a person goes once signed in: the page they were going to, else the project they said
 * they were interested in (its form, filled in again), else their space — a member's, or the
 * requests waiting for a referent or an admin who is not a member.
 */
export function destinationAfterSignIn(retour: string | null | undefined, interestProjectId: string | undefined, who: SignedInAs): string {
  const path = safeReturnPath(retour);
  if (path !== '/' && !SIGN_IN_PAGES.test(path)) return path;
  if (interestProjectId) return `/projets/${interestProjectId}/interesse`;
  return who.memberIds.length > 0 ? '/moi' : '/moi/a-traiter';
}
