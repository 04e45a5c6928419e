import { loadTerritoryDirectory, type TerritoryDirectory } from '@trame/territories';
import type { EngineEvent } from '../model/entities';
import { MatchingEngine, NaiveMatcher, TermNormaliser } from '../index';
import type { PartnerMatch, ProjectMatch } from '../index';
import {
  nowOf,
  optionsOf,
  readScenarioFile,
  ScenarioEvents,
  type EntryExpectation,
  type ListExpectation,
  type Scenario,
} from './scenario-loader';

/**
 * The hand-written scenarios (libs/matching/scenarios/matching-scenarios.json), each run
 * through the engine and through the full-scan oracle. Expected scores come from the
 * documented rules (docs/matching-engine.md), worked out by hand in the file ("why"), never
 * from the scoring code both share.
 */

/** Every rule the suite must cover at least once (issue 16, item 6). */
const RULES = [
  'hours-full',
  'hours-partial',
  'hours-below-share',
  'hours-share-configured',
  'hours-no-need-hours',
  'starts-later',
  'until-over',
  'proximity-circle',
  'radius-min-of-both',
  'area-commune',
  'area-departement',
  'area-region',
  'area-beats-far-circle',
  'close-circle-beats-area',
  'remote-beyond',
  'remote-placed-keeps-own-proximity',
  'remote-reach',
  'exposure-cap',
  'referent-chosen',
  'accents',
  'plurals',
  'synonyms',
  'skill-coverage',
  'best-need',
  'themes-share',
  'holder-excluded',
  'paused-project',
  'identical-profiles',
  'event-order',
  'tie-order',
];

/** Scores have four decimals; a hand value may differ by one unit of the last at most. */
const SCORE_TOLERANCE = 0.0001 + 1e-9;

const file = readScenarioFile();
// One normaliser for every run: building the stemmer and the synonym table is the slow part.
const normaliser = new TermNormaliser();
let directory: TerritoryDirectory;

type Target = MatchingEngine | NaiveMatcher;
const ENGINES: readonly { name: string; build: (scenario: Scenario) => Target }[] = [
  {
    name: 'MatchingEngine',
    build: (s) => new MatchingEngine({ ...optionsOf(s), normaliser }),
  },
  {
    name: 'NaiveMatcher',
    build: (s) => new NaiveMatcher({ ...optionsOf(s), normaliser }),
  },
];

const run = (target: Target, events: readonly EngineEvent[], now: Date): Target => {
  if (target instanceof MatchingEngine) target.applyAll(events, now);
  else for (const e of events) target.apply(e);
  return target;
};

/** Everything a scenario can observe: every project's partners, every member's projects, every referent. */
const observe = (target: Target, scenario: Scenario, now: Date) => ({
  partners: Object.fromEntries(scenario.projects.map((p) => [p.id, target.topPartners(p.id, { now })])),
  projects: Object.fromEntries(scenario.members.map((m) => [m.id, target.topProjects(m.id, { now })])),
  referents: Object.fromEntries(scenario.projects.map((p) => [p.id, target.referentForProject(p.id)])),
});
type Observation = ReturnType<typeof observe>;

type Entry = PartnerMatch | ProjectMatch;

const checkEntry = (where: string, entry: Entry | undefined, e: EntryExpectation, failures: string[]) => {
  if (!entry) {
    failures.push(`${where}: not in the list`);
    return;
  }
  if (e.score !== undefined && !(Math.abs(entry.score - e.score) <= SCORE_TOLERANCE)) {
    failures.push(`${where}: score ${entry.score}, expected ${e.score} (${e.why ?? 'no derivation'})`);
  }
  for (const w of e.fr ?? [])
    if (!entry.reasons.fr.includes(w)) failures.push(`${where}: French reasons "${entry.reasons.fr}" lack "${w}"`);
  for (const w of e.frNot ?? [])
    if (entry.reasons.fr.includes(w)) failures.push(`${where}: French reasons "${entry.reasons.fr}" contain "${w}"`);
  for (const w of e.en ?? [])
    if (!entry.reasons.en.includes(w)) failures.push(`${where}: English reasons "${entry.reasons.en}" lack "${w}"`);
  if (e.role !== undefined && entry.role !== e.role) failures.push(`${where}: need shown "${entry.role}", expected "${e.role}"`);
};

const checkList = (where: string, list: readonly Entry[], ids: readonly string[], e: ListExpectation, failures: string[]) => {
  const shown = (): string => `[${ids.map((id, i) => `${id} ${list[i].score}`).join(', ')}]`;
  if (e.order && JSON.stringify(ids) !== JSON.stringify(e.order)) {
    failures.push(`${where}: list ${shown()}, expected exactly [${e.order.join(', ')}]`);
  }
  for (const id of e.present ?? []) if (!ids.includes(id)) failures.push(`${where}: ${id} missing from ${shown()}`);
  for (const id of e.absent ?? []) if (ids.includes(id)) failures.push(`${where}: ${id} must not appear in ${shown()}`);
  for (const [id, entry] of Object.entries(e.entries ?? {})) {
    const i = ids.indexOf(id);
    checkEntry(`${where} → ${id}`, i >= 0 ? list[i] : undefined, entry, failures);
  }
};

const checkExpectations = (scenario: Scenario, seen: Observation, label: string): string[] => {
  const failures: string[] = [];
  const x = scenario.expect;
  for (const [projectId, e] of Object.entries(x.partners ?? {})) {
    const list = seen.partners[projectId];
    if (!list) throw new Error(`${scenario.id}: expectation about unknown project ${projectId}`);
    checkList(
      `${label} partners of ${projectId}`,
      list,
      list.map((m) => m.memberId),
      e,
      failures,
    );
  }
  for (const [memberId, e] of Object.entries(x.projects ?? {})) {
    const list = seen.projects[memberId];
    if (!list) throw new Error(`${scenario.id}: expectation about unknown member ${memberId}`);
    checkList(
      `${label} projects of ${memberId}`,
      list,
      list.map((p) => p.projectId),
      e,
      failures,
    );
  }
  for (const [projectId, e] of Object.entries(x.referents ?? {})) {
    const got = seen.referents[projectId];
    const gotText = got ? (got.level === 'admin' ? 'admin' : `${got.referentId} (${got.level})`) : 'none';
    const wanted = e.level === 'admin' ? 'admin' : `${e.referent} (${e.level})`;
    if (gotText !== wanted) failures.push(`${label} referent of ${projectId}: ${gotText}, expected ${wanted}`);
  }
  for (const { project, members } of x.identical ?? []) {
    const list = seen.partners[project] ?? [];
    const parts = members.map((id) => {
      const m = list.find((p) => p.memberId === id);
      return m && { score: m.score, reasons: m.reasons, components: m.details.components, need: m.details.need, place: m.details.place };
    });
    if (parts.some((p) => !p)) failures.push(`${label} identical profiles ${members.join(', ')}: not all in the partners of ${project}`);
    else if (parts.some((p) => JSON.stringify(p) !== JSON.stringify(parts[0]))) {
      failures.push(`${label} identical profiles ${members.join(', ')} differ: ${parts.map((p) => JSON.stringify(p)).join(' / ')}`);
    }
  }
  return failures;
};

describe('matching scenarios (libs/matching/scenarios/matching-scenarios.json)', () => {
  beforeAll(() => {
    directory = loadTerritoryDirectory();
  });

  it('holds at least 30 scenarios with distinct ids, each covering known rules', () => {
    expect(file.scenarios.length).toBeGreaterThanOrEqual(30);
    const ids = file.scenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of file.scenarios) {
      expect({ id: s.id, covers: s.covers.length > 0 }).toEqual({ id: s.id, covers: true });
      expect({ id: s.id, unknown: s.covers.filter((t) => !RULES.includes(t)) }).toEqual({ id: s.id, unknown: [] });
    }
  });

  it('covers every rule at least once', () => {
    const covered = new Set(file.scenarios.flatMap((s) => s.covers));
    expect(RULES.filter((r) => !covered.has(r))).toEqual([]);
  });

  it('writes out the derivation of every expected score', () => {
    const missing = file.scenarios.flatMap((s) =>
      [...Object.entries(s.expect.partners ?? {}), ...Object.entries(s.expect.projects ?? {})].flatMap(([key, list]) =>
        Object.entries(list.entries ?? {})
          .filter(([, e]) => e.score !== undefined && !e.why)
          .map(([id]) => `${s.id} ${key} ${id}`),
      ),
    );
    expect(missing).toEqual([]);
  });

  for (const scenario of file.scenarios) {
    for (const engine of ENGINES) {
      it(`${scenario.id} [${engine.name}]: ${scenario.title}`, () => {
        const now = nowOf(scenario);
        const events = new ScenarioEvents(file, directory, scenario);
        const direct = observe(run(engine.build(scenario), events.direct(), now), scenario, now);
        const failures = checkExpectations(scenario, direct, engine.name);
        const history = events.history();
        if (history) {
          const other = observe(run(engine.build(scenario), history, now), scenario, now);
          failures.push(...checkExpectations(scenario, other, `${engine.name} (other history)`));
          // Same facts, another history: the very same lists (scores, reasons, details) and referents.
          if (JSON.stringify(other) !== JSON.stringify(direct)) {
            failures.push(
              `${engine.name}: the other history gives other lists: ${JSON.stringify(other)} instead of ${JSON.stringify(direct)}`,
            );
          }
        }
        expect(failures).toEqual([]);
      });
    }
  }
});
