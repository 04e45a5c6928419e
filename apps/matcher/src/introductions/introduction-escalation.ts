import { ASSIGNMENT_LEVELS, type Assignment } from '@trame/domain';
import type { ReferentAssignment } from '@trame/matching';

const ADMIN: Assignment = { referentId: 'admin', level: 'admin' };

/**
 * Where an introduction escalates: the referent of the first enclosing level above the
 * current assignment on the place's chain (most specific first, as `referentChain` gives
 * it: département, then région), else the admins. Resolved when the timer fires, so a
 * referent appointed or retired since the request counts.
 */
export function escalationTarget(chain: readonly ReferentAssignment[], current: Assignment): Assignment {
  const rank = ASSIGNMENT_LEVELS.indexOf(current.level);
  for (const candidate of chain) {
    if (candidate.level === 'admin') return ADMIN;
    if (ASSIGNMENT_LEVELS.indexOf(candidate.level) > rank && candidate.referentId !== current.referentId) {
      return { referentId: candidate.referentId, level: candidate.level };
    }
  }
  return ADMIN;
}
