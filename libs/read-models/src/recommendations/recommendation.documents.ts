import type { MissingPartners, PartnerMatch, ProjectMatch, ReferentAssignment } from '@trame/matching';
import { INTRODUCTIONS } from '../projections/introduction.projection';

export const PROJECT_RECOMMENDATIONS = 'project_recommendations';
export const MEMBER_RECOMMENDATIONS = 'member_recommendations';
export const PROJECT_MISSING_PARTNERS = 'project_missing_partners';

/** Partners of a project: pseudonymous (first name and member id, never contact details). */
export type ProjectRecommendations = {
  projectId: string;
  partners: PartnerMatch[];
  /** The referent of the project's place (most specific territory first; empty for a closed project). */
  referents: ReferentAssignment[];
};

export type MemberRecommendations = {
  memberId: string;
  projects: ProjectMatch[];
};

/**
 * Why members of a project's area are not among its partners: exact counts per need and
 * rule, no person (the api rounds small counts before anyone sees them). No document for a
 * closed project.
 */
export type ProjectMissingPartners = MissingPartners;

/** Every collection the matcher writes, for rebuilds and fingerprints. */
export const MATCHER_COLLECTIONS = [
  'project_cards',
  'member_profiles',
  'referents',
  INTRODUCTIONS,
  PROJECT_RECOMMENDATIONS,
  MEMBER_RECOMMENDATIONS,
  PROJECT_MISSING_PARTNERS,
] as const;
