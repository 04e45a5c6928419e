/**
 * Weights of the score (they sum to 1, so the score stays in 0–1):
 * - skills: coverage of the best need the member qualifies for (matched / needed skills);
 * - themes: share of the project's themes found in the member's interests;
 * - proximity: 1 at 0 km → 0 at the pair's radius (min of both); an area territory gives a
 *   fixed value by level; a remote-friendly project gives at least 0.5 (neutral);
 * - availability: 1 when the need states hours (the member already meets them, hard
 *   filter), else hours / 8 capped at 1; halved while the member's availability has not started;
 * - stage: at idea/maturing stage breadth of profile (distinct skills / 5, capped), later
 *   the skill coverage again (running projects want the specialist).
 */
export const SCORE_WEIGHTS = { skills: 0.45, themes: 0.15, proximity: 0.2, availability: 0.15, stage: 0.05 } as const;

/** Proximity of a member whose territory is a whole area containing the project's place. */
export const AREA_PROXIMITY = { commune: 0.8, departement: 0.5, region: 0.3 } as const;
/** Proximity given by a remote-friendly project to anyone (a floor, near members keep more). */
export const REMOTE_PROXIMITY = 0.5;
/** Weekly hours that count as a full availability when a need does not say how many. */
export const REFERENCE_HOURS = 8;
/** Distinct skills that make a "broad" profile for early-stage projects. */
export const BROAD_PROFILE_SKILLS = 5;
