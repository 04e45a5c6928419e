export { MatchingEngine } from './matching-engine';
export type { EngineChanges, ListOptions, MatchingEngineOptions, NearQuery, QueryOptions } from './matching-engine';
export { NaiveMatcher } from './naive-matcher';
export type { NaiveMatcherOptions } from './naive-matcher';
export { TermNormaliser, foldText, singularise, SYNONYM_KEY_PREFIX } from './normalise/term-normaliser';
export type { NormalisedTerm, SynonymData } from './normalise/term-normaliser';
export { haversineKm } from './geo/haversine';
export { dayOf } from './model/days';
export type { EngineEvent, MemberView, ProjectView, ReferentView, NeedView } from './model/entities';
export {
  AREA_PROXIMITY,
  BROAD_PROFILE_SKILLS,
  evaluatePair,
  REFERENCE_HOURS,
  REMOTE_PROXIMITY,
  SCORE_WEIGHTS,
} from './scoring/pair-evaluation';
export type { MatchDetails, PairMatch, PlaceFit, ScoreComponents } from './scoring/pair-evaluation';
export { renderReasons } from './scoring/reasons';
export type { RenderedReasons } from './scoring/reasons';
export { DEFAULT_EXPOSURE_CAP, DEFAULT_LIST_SIZE, eligibleProjects, sortKey } from './ranking/ranking';
export type { NearbyProject, PartnerMatch, ProjectMatch } from './ranking/ranking';
export { coverageLevel, referentChain } from './referents/referent-resolution';
export type { Place, ReferentAssignment, ReferentLevel } from './referents/referent-resolution';
export { AREA_KM, MISSING_RULES } from './missing/missing-partners';
export type { MissingListState, MissingNeed, MissingPartners, MissingRule } from './missing/missing-partners';
