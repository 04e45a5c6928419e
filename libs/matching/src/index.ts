export { MatchingEngine } from './matching-engine';
export type { EngineChanges, ListOptions, MatchingEngineOptions, NearQuery, QueryOptions } from './matching-engine';
export { NaiveMatcher } from './naive-matcher';
export type { NaiveMatcherOptions } from './naive-matcher';
export { TermNormaliser, foldText, singularise, SYNONYM_KEY_PREFIX } from './normalise/term-normaliser';
export type { NormalisedTerm, SynonymData } from './normalise/term-normaliser';
export { haversineKm } from './geo/haversine';
export { dayOf } from './model/days';
export type { EngineEvent, MemberView, ProjectView, ReferentView, NeedView } from './model/entities';
export type {
  MatchDetails,
  NearbyProject,
  PairMatch,
  PartnerMatch,
  PlaceFit,
  ProjectMatch,
  RenderedReasons,
  ScoreComponents,
} from './model/match-types';
export { evaluatePair } from './scoring/pair-evaluation';
export { DEFAULT_MIN_HOURS_SHARE, REFERENCE_HOURS, SCORE_WEIGHTS } from './scoring/score-weights';
export {
  AREA_DISTANCE_KM,
  AREA_PROXIMITY,
  HALF_PROXIMITY_KM,
  proximityAt,
  REMOTE_DISTANCE_KM,
  REMOTE_PROXIMITY,
} from './scoring/proximity';
export { renderReasons } from './reasons/reason-wording';
export { DEFAULT_LIST_SIZE, sortKey } from './ranking/ranking';
export { DEFAULT_EXPOSURE_CAP, eligibleProjects } from './exposure/exposure-cap';
export { coverageLevel, referentChain } from './referents/referent-resolution';
export type { Place, ReferentAssignment, ReferentLevel } from './referents/referent-resolution';
export { AREA_KM, MISSING_RULES } from './missing/missing-partners';
export type { MissingListState, MissingNeed, MissingPartners, MissingRule } from './missing/missing-partners';
