import type { Availability } from '@trame/domain';
import type { MemberView, ProjectView } from '../model/entities';
import type { MatchDetails, PairMatch, PartnerMatch, PlaceFit, ProjectMatch, RenderedReasons, ScoreComponents } from '../model/match-types';
import type { NormalisedTerm } from '../normalise/term-normaliser';
import { memberFacts, projectFacts, type MemberFacts, type ProjectFacts } from '../scoring/facts-records';
import { PLACE_REMOTE, type PairScore } from '../scoring/pair-score';
import type { MemberParts, NeedPart, ProjectParts, ThemesPart } from './description-parts';
import { hoursReason, joinReasons, placeReason, type ReasonsReader, skillsReason, themesReason } from './reason-wording';

// The full match (reasons, details) of a pair scored into a `PairScore`: only the pairs a
// list shows are described, from parts shared per need and per member.

const hasTerm = (terms: readonly NormalisedTerm[], code: number): boolean => {
  for (let i = 0; i < terms.length; i++) if (terms[i].code === code) return true;
  return false;
};

// Parts of descriptions shared by many pairs, cached with each entity state's facts (views
// are immutable): a need's matched skills and their sentence, a member's availability and
// theirs. The described objects are shared between matches (read-only, like every match).
const NO_THEMES: ThemesPart = { themesShared: [], reasons: undefined };
/** Masks cover the first 31 terms; a need or theme list beyond that is described without cache. */
const MASKED_TERMS = 31;

const partsOfProject = (p: ProjectView, facts: ProjectFacts): ProjectParts =>
  (facts.parts ??= { needs: p.needs.map(() => new Map<number, NeedPart>()), themes: new Map() });

const partsOfMember = (m: MemberView, facts: MemberFacts): MemberParts => {
  if (!facts.parts) {
    const a = m.availability;
    const window: Availability = { hoursPerWeek: a.hoursPerWeek };
    if (a.from !== undefined) (window as { from?: string }).from = a.from;
    if (a.until !== undefined) (window as { until?: string }).until = a.until;
    const now = { ...window, startsLater: false };
    const later = { ...window, startsLater: true };
    const areas = (reader: ReasonsReader) =>
      m.territories.map((t) =>
        t.kind === 'area' ? placeReason({ kind: 'area', level: t.level, code: t.code, label: t.label, distanceKm: 0 }, reader) : undefined,
      );
    facts.parts = {
      window,
      availability: [now, later],
      hours: [new Map<number, RenderedReasons>(), new Map<number, RenderedReasons>()],
      areas: [areas('member'), areas('holder')],
    };
  }
  return facts.parts;
};

const needPart = (project: ProjectView, member: MemberView, s: PairScore, facts: ProjectFacts): NeedPart => {
  // The view is read on a miss only (the score knows the need's size and matches).
  const cached = s.needed <= MASKED_TERMS;
  const cache = partsOfProject(project, facts).needs[s.needIndex];
  let part = cached ? cache.get(s.skillMatches) : undefined;
  if (!part) {
    const need = project.needs[s.needIndex];
    const skillsMatched = need.skills.filter((k) => hasTerm(member.skills, k.code)).map((k) => k.raw);
    const details: { index: number; role: string; skillsNeeded: number; skillsMatched: readonly string[]; hoursPerWeek?: number } = {
      index: s.needIndex,
      role: need.role,
      skillsNeeded: s.needed,
      skillsMatched,
    };
    if (need.hoursPerWeek !== undefined) details.hoursPerWeek = need.hoursPerWeek;
    part = { need: details, skillsMatched, reasons: skillsReason(skillsMatched, s.needed) };
    if (cached) cache.set(s.skillMatches, part);
  }
  return part;
};

const themesPart = (project: ProjectView, member: MemberView, s: PairScore, facts: ProjectFacts): ThemesPart => {
  if (s.themesShared === 0) return NO_THEMES;
  const cached = s.themeCount <= MASKED_TERMS;
  const cache = partsOfProject(project, facts).themes;
  let part = cached ? cache.get(s.themeMatches) : undefined;
  if (!part) {
    const themesShared = project.themes.filter((t) => hasTerm(member.interests, t.code)).map((t) => t.raw);
    part = { themesShared, reasons: themesReason(themesShared) };
    if (cached) cache.set(s.themeMatches, part);
  }
  return part;
};

/** The hours sentence of a member for a need asking `asked` hours (undefined: none), cached per member state. */
const hoursWords = (parts: MemberParts, later: 0 | 1, asked: number | undefined): RenderedReasons => {
  // Only hours asked above the member's change the sentence; -1: none that do.
  const key = asked === undefined || asked <= parts.window.hoursPerWeek ? -1 : asked;
  const cache = parts.hours[later];
  let words = cache.get(key);
  if (!words) cache.set(key, (words = hoursReason(parts.availability[later], asked)));
  return words;
};

type Described = { details: MatchDetails; reasons: RenderedReasons; need: NeedPart; window: Availability };

/** What every description of a pair holds (scored into `s` by `scorePair`; facts: the entities' own). */
const describeParts = (
  project: ProjectView,
  member: MemberView,
  s: PairScore,
  reader: ReasonsReader,
  pf: ProjectFacts = projectFacts(project),
  mf: MemberFacts = memberFacts(member),
): Described => {
  const need = needPart(project, member, s, pf);
  const themes = themesPart(project, member, s, pf);
  const mp = partsOfMember(member, mf);
  let place: PlaceFit;
  let placeWords: RenderedReasons;
  if (s.placeKind === PLACE_REMOTE) {
    place = { kind: 'remote', distanceKm: s.distanceKm };
    placeWords = placeReason(place);
  } else {
    const t = member.territories[s.territoryIndex];
    if (t.kind === 'radius') {
      place = { kind: 'radius', distanceKm: s.distanceKm as number, radiusKm: s.radiusLimit };
      placeWords = placeReason(place);
    } else {
      place = { kind: 'area', level: t.level, code: t.code, label: t.label, distanceKm: s.distanceKm as number };
      placeWords = mp.areas[reader === 'member' ? 0 : 1][s.territoryIndex] as RenderedReasons;
    }
  }
  const later = s.startsLater ? 1 : 0;
  const components: ScoreComponents = { skills: s.skills, themes: s.themes, proximity: s.proximity, availability: s.availability };
  const details: MatchDetails = {
    need: need.need,
    themesShared: themes.themesShared,
    place,
    availability: mp.availability[later],
    components,
  };
  const hours = hoursWords(mp, later, need.need.hoursPerWeek);
  return { details, reasons: joinReasons(need.reasons, placeWords, hours, themes.reasons), need, window: mp.window };
};

/** The full match (details, reasons to the member) of a pair scored into `s` by `scorePair`. */
export const describePair = (project: ProjectView, member: MemberView, s: PairScore): PairMatch => {
  const d = describeParts(project, member, s, 'member');
  return {
    projectId: project.id,
    memberId: member.id,
    firstName: member.firstName,
    projectTitle: project.title,
    projectKind: project.kind,
    projectStage: project.stage,
    score: s.score,
    distanceKm: d.details.place.distanceKm,
    role: d.need.need.role,
    skillsMatched: d.need.skillsMatched,
    availability: d.window,
    reasons: d.reasons,
    details: d.details,
  };
};

/** `toProjectMatch(describePair(…))`, built directly (a rebuild describes millions of entries). */
export const describeProjectMatch = (
  project: ProjectView,
  member: MemberView,
  s: PairScore,
  pf?: ProjectFacts,
  mf?: MemberFacts,
): ProjectMatch => {
  const d = describeParts(project, member, s, 'member', pf, mf);
  return {
    projectId: project.id,
    title: project.title,
    kind: project.kind,
    stage: project.stage,
    score: s.score,
    distanceKm: d.details.place.distanceKm,
    role: d.need.need.role,
    skillsMatched: d.need.skillsMatched,
    reasons: d.reasons,
    details: d.details,
  };
};

/** `toPartnerMatch(describePair(…))` (reasons to the holder), built directly. */
export const describePartnerMatch = (
  project: ProjectView,
  member: MemberView,
  s: PairScore,
  pf?: ProjectFacts,
  mf?: MemberFacts,
): PartnerMatch => {
  const d = describeParts(project, member, s, 'holder', pf, mf);
  return {
    memberId: member.id,
    firstName: member.firstName,
    score: s.score,
    distanceKm: d.details.place.distanceKm,
    role: d.need.need.role,
    skillsMatched: d.need.skillsMatched,
    availability: d.window,
    reasons: d.reasons,
    details: d.details,
  };
};
