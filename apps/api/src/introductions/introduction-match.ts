import type { ActiveMemberState, ExistingProjectState } from '@trame/domain';
import { evaluatePair, type MatchDetails, type MemberView, type ProjectView, type TermNormaliser } from '@trame/matching';

/**
 * Why the member fits the project, as the matcher would say it today (the pair is no longer
 * in the recommendation lists once an introduction is asked for). Null when the project is
 * not active or the pair no longer passes the matcher's filters (a member who moved away).
 */
export function pairMatchDetails(
  normaliser: TermNormaliser,
  project: ExistingProjectState,
  member: ActiveMemberState,
  now: Date,
  minHoursShare: number,
): Omit<MatchDetails, 'components'> | null {
  if (project.status !== 'active') return null;
  const d = project.details;
  const projectView: ProjectView = {
    id: project.projectId,
    holderId: project.holderId,
    title: d.title,
    kind: d.kind,
    stage: d.stage,
    themes: normaliser.terms(d.themes),
    location: d.location,
    radiusKm: d.radiusKm,
    remoteFriendly: d.remoteFriendly === true,
    needs: project.needs.map((need) => ({
      role: need.role,
      skills: normaliser.terms(need.skills),
      ...(need.hoursPerWeek !== undefined ? { hoursPerWeek: need.hoursPerWeek } : {}),
      ...(need.count !== undefined ? { count: need.count } : {}),
    })),
    status: 'active',
  };
  const memberView: MemberView = {
    id: member.memberId,
    firstName: member.firstName,
    skills: normaliser.terms(member.skills),
    interests: normaliser.terms(member.interests),
    territories: member.territories,
    availability: member.availability,
  };
  const match = evaluatePair(projectView, memberView, { day: now.toISOString().slice(0, 10), excluded: false, minHoursShare });
  if (!match) return null;
  const { components: _components, ...details } = match.details;
  return details;
}
