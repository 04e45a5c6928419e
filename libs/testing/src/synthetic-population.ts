import type { MemberEvent, Need, ProjectEvent, ReferentEvent, ResolvedLocation, ResolvedTerritory } from '@trame/domain';
import { NOTIFY_FREQUENCIES, PROJECT_KINDS, PROJECT_STAGES, SUGGESTED_THEMES } from '@trame/domain';
import type { CommuneRecord, TerritoryDirectory } from '@trame/territories';

/**
 * A seeded synthetic population spread over real French communes (weighted by
 * population), with realistic skills and themes, for the crash-consistency test and the
 * matcher benchmark. Same seed, same events, same ids.
 */

export const SYNTHETIC_SKILLS = [
  'maraîchage',
  'permaculture',
  'arboriculture',
  'apiculture',
  'élevage',
  'agroforesterie',
  'semences paysannes',
  'menuiserie',
  'charpente',
  'maçonnerie',
  'éco-construction',
  'construction paille',
  'terre crue',
  'isolation',
  'électricité',
  'plomberie',
  'énergie solaire',
  'chauffage bois',
  'soudure',
  'mécanique',
  'réparation vélo',
  'électronique',
  'informatique',
  'développement web',
  'graphisme',
  'photographie',
  'vidéo',
  'communication',
  'comptabilité',
  'gestion',
  'juridique',
  'financement participatif',
  'gestion de projet',
  'animation',
  'facilitation',
  'médiation',
  'pédagogie',
  'formation',
  'cuisine',
  'boulangerie',
  'transformation alimentaire',
  'couture',
  'céramique',
  'ébénisterie',
  'herboristerie',
  'compostage',
  'logistique',
  'vente',
  'traduction',
  'secourisme',
  'jardinage',
  'habitat participatif',
  'urbanisme',
  'cartographie',
  'gestion forestière',
];

export type SyntheticEvent = { streamId: string; type: string; data: Record<string, unknown> };

export type PopulationOptions = {
  seed?: number;
  members: number;
  projects: number;
  /** Referents appointed per région, per département and for this many communes. */
  referents?: { communes: number };
  /** Share of entities that get a later change (skills, needs, pause, erasure). */
  churn?: number;
  /** ISO time of the first event; each event is a minute later. */
  startAt?: string;
};

/** mulberry32: tiny, fast, good enough for synthetic data, and seedable. */
const prng = (seed: number) => () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** A deterministic UUID v4-shaped id from the generator. */
const uuidFrom = (rand: () => number) => {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(rand() * 4)]!;
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export function generatePopulation(directory: TerritoryDirectory, options: PopulationOptions): SyntheticEvent[] {
  const rand = prng(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const some = <T>(items: readonly T[], min: number, max: number): T[] => {
    const n = min + Math.floor(rand() * (max - min + 1));
    const chosen = new Set<T>();
    while (chosen.size < Math.min(n, items.length)) chosen.add(pick(items));
    return [...chosen];
  };
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

  // Communes weighted by population: people live where people live.
  const communes = directory.communes().filter((c) => c.coordinatesFrom !== 'departement');
  const cumulative: number[] = [];
  let total = 0;
  for (const c of communes) cumulative.push((total += Math.max(c.population, 1)));
  const commune = (): CommuneRecord => {
    const x = rand() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return communes[lo];
  };
  const codes = (c: CommuneRecord) => ({ communeCode: c.code, departementCode: c.departement, regionCode: c.region });
  const location = (c: CommuneRecord): ResolvedLocation => ({ lat: c.lat, lon: c.lon, label: c.name, ...codes(c) });
  const circle = (c: CommuneRecord, radiusKm: number): ResolvedTerritory => ({ kind: 'radius', radiusKm, ...location(c) });
  const departementArea = (c: CommuneRecord): ResolvedTerritory => {
    const d = directory.departement(c.departement)!;
    return {
      kind: 'area',
      level: 'departement',
      code: d.code,
      lat: d.lat,
      lon: d.lon,
      label: d.name,
      departementCode: d.code,
      regionCode: d.region,
    };
  };

  let clock = Date.parse(options.startAt ?? '2026-01-05T08:00:00.000Z');
  const at = () => new Date((clock += 60_000)).toISOString();
  const events: SyntheticEvent[] = [];
  const push = (streamId: string, e: MemberEvent | ProjectEvent | ReferentEvent) => events.push({ streamId, type: e.type, data: e.data });

  // Referents: one per région and per département, and some communes.
  const regionRefs = directory
    .regions()
    .map((r) => ({ level: 'region' as const, code: r.code, lat: r.lat, lon: r.lon, label: r.name, regionCode: r.code }));
  const departementRefs = directory.departements().map((d) => ({
    level: 'departement' as const,
    code: d.code,
    lat: d.lat,
    lon: d.lon,
    label: d.name,
    departementCode: d.code,
    regionCode: d.region,
  }));
  const communeRefs = Array.from({ length: options.referents?.communes ?? 200 }, () => {
    const c = commune();
    return { level: 'commune' as const, code: c.code, lat: c.lat, lon: c.lon, label: c.name, ...codes(c) };
  });
  for (const area of [...regionRefs, ...departementRefs, ...communeRefs]) {
    const referentId = uuidFrom(rand);
    push(`referent-${referentId}`, {
      type: 'ReferentAppointed',
      data: {
        referentId,
        firstName: pick(FIRST_NAMES),
        pii: 'v1.synthetic',
        territories: [{ kind: 'area', ...area }],
        themes: [],
        appointedAt: at(),
      },
    });
  }

  const memberIds: string[] = [];
  const projectIds: string[] = [];
  const creations = options.members + options.projects;
  for (let i = 0; i < creations; i++) {
    // Interleave creations so members and projects arrive mixed, as in real life.
    const isProject =
      projectIds.length < options.projects && (memberIds.length >= options.members || rand() < options.projects / creations);
    const home = commune();
    if (isProject) {
      const projectId = uuidFrom(rand);
      projectIds.push(projectId);
      const needs: Need[] = Array.from({ length: int(1, 4) }, () => ({
        role: pick(ROLES),
        skills: some(SYNTHETIC_SKILLS, 1, 4),
        ...(rand() < 0.6 ? { hoursPerWeek: int(2, 12) } : {}),
        ...(rand() < 0.3 ? { count: int(1, 3) } : {}),
      }));
      push(`project-${projectId}`, {
        type: 'ProjectProposed',
        data: {
          projectId,
          holderId: memberIds.length > 0 ? pick(memberIds) : uuidFrom(rand),
          title: `${pick(TITLES)} de ${home.name}`.slice(0, 120),
          summary: 'Projet collectif écologique à la recherche de partenaires.',
          kind: pick(PROJECT_KINDS),
          themes: some(SUGGESTED_THEMES, 1, 3),
          location: location(home),
          radiusKm: pick([10, 20, 30, 50, 80]),
          remoteFriendly: rand() < 0.05,
          stage: pick(PROJECT_STAGES),
          needs,
          proposedAt: at(),
        },
      });
    } else {
      const memberId = uuidFrom(rand);
      memberIds.push(memberId);
      const territories = rand() < 0.15 ? [departementArea(home)] : [circle(home, pick([5, 10, 20, 30, 50]))];
      if (rand() < 0.2) territories.push(circle(commune(), pick([10, 20])));
      push(`member-${memberId}`, {
        type: 'MemberRegistered',
        data: {
          memberId,
          firstName: pick(FIRST_NAMES),
          pii: 'v1.synthetic',
          locale: rand() < 0.9 ? 'fr' : 'en',
          skills: some(SYNTHETIC_SKILLS, 1, 6),
          interests: some(SUGGESTED_THEMES, 1, 4),
          territories,
          availability: { hoursPerWeek: int(0, 20) },
          notify: pick(NOTIFY_FREQUENCIES),
          registeredAt: at(),
        },
      });
    }
  }

  // Later changes, so streams have histories and lists move.
  const churn = options.churn ?? 0.1;
  for (const memberId of memberIds) {
    if (rand() < churn)
      push(`member-${memberId}`, {
        type: 'MemberSkillsDeclared',
        data: { memberId, skills: some(SYNTHETIC_SKILLS, 1, 6), declaredAt: at() },
      });
    if (rand() < churn / 2)
      push(`member-${memberId}`, {
        type: 'MemberAvailabilityDeclared',
        data: { memberId, availability: { hoursPerWeek: int(0, 20) }, declaredAt: at() },
      });
  }
  for (const projectId of projectIds) {
    if (rand() < churn) {
      push(`project-${projectId}`, {
        type: 'ProjectNeedsChanged',
        data: { projectId, needs: [{ role: pick(ROLES), skills: some(SYNTHETIC_SKILLS, 1, 4) }], changedAt: at() },
      });
    }
    if (rand() < churn / 4) push(`project-${projectId}`, { type: 'ProjectPaused', data: { projectId, pausedAt: at() } });
  }
  for (const memberId of memberIds) {
    if (rand() < churn / 10) push(`member-${memberId}`, { type: 'MemberErased', data: { memberId, erasedAt: at() } });
  }
  return events;
}

const FIRST_NAMES = [
  'Camille',
  'Léa',
  'Hugo',
  'Chloé',
  'Louis',
  'Manon',
  'Jules',
  'Inès',
  'Nathan',
  'Sarah',
  'Lucas',
  'Zoé',
  'Karim',
  'Aïcha',
  'Yann',
  'Maëlle',
  'Théo',
  'Nora',
  'Malik',
  'Élise',
];
const ROLES = [
  'maraîcher·e',
  'menuisier·e',
  'trésorier·e',
  'animateur·rice',
  'électricien·ne',
  'cuisinier·e',
  'formateur·rice',
  'coordinateur·rice',
  'bénévole',
  'associé·e',
];
const TITLES = [
  'Ferme coopérative',
  'Éco-lieu',
  'Habitat partagé',
  'Atelier de réparation',
  'Fablab',
  'Épicerie solidaire',
  'Tiers-lieu',
  'Jardin partagé',
  'Recyclerie',
  'Centrale solaire citoyenne',
];
