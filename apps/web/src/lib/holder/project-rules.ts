/*
 * The limits of a project the form checks before sending, so the person reads every problem at
 * once in words. They copy the domain's PROJECT_RULES (libs/domain/src/project/project.decider.ts),
 * which the web cannot import (it pulls the decider in); project-rules.spec.ts fails if they differ.
 * The api checks them again and stays the authority.
 */
export const RULES = {
  title: { min: 3, max: 120 },
  summary: { min: 10, max: 500 },
  description: { max: 5000 },
  themes: { min: 1, max: 10 },
  radiusKm: { min: 1, max: 500 },
  needs: { min: 1, max: 10 },
  role: { max: 80 },
  needSkills: { min: 1, max: 20 },
  /** The api takes 1–168 hours as a shape; the domain's rule caps a need at 60. Empty: not said. */
  hoursPerWeek: { min: 1, max: 60 },
  count: { min: 1, max: 50 },
  note: { max: 500 },
  /** A word to the member with a request for an introduction (INTRODUCTION_MESSAGE_MAX in the api). */
  introductionMessage: { max: 2000 },
  /** A skill or a theme (MAX_WORD_LENGTH). */
  word: { max: 80 },
} as const;

/** Radii offered first in the picker (any whole number of km within the rule is accepted). */
export const DEFAULT_RADIUS_KM = 30;
