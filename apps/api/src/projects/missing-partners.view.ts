import { AREA_KM, MISSING_RULES, type MissingRule } from '@trame/matching';
import type { ProjectMissingPartners } from '@trame/read-models';

/** Below this many members a count is not given: "fewer than 3" (0 included), so that no one person shows through. */
export const SMALL_COUNT = 3;
export const FEWER_THAN_3 = 'fewer-than-3';

/** A count as the holder may see it: at least SMALL_COUNT exactly, else "fewer than 3". */
export type DisclosedCount = number | typeof FEWER_THAN_3;

/**
 * `short`, `full`, `paused` as the matcher worked them out (see `MissingListState`);
 * `closed`: the project is closed; `pending`: not worked out yet (the matcher is behind).
 */
export type MissingPartnersState = ProjectMissingPartners['list'] | 'closed' | 'pending';

export type MissingPartnersView = {
  projectId: string;
  list: MissingPartnersState;
  partners: number;
  areaKm: number;
  needs: { index: number; role: string; rules: { rule: MissingRule; members: DisclosedCount }[] }[];
};

export const disclose = (count: number): DisclosedCount => (count >= SMALL_COUNT ? count : FEWER_THAN_3);

/** What the holder sees of the matcher's counts: every rule of every need, in the rules' order, small counts hidden. */
export const missingPartnersView = (
  projectId: string,
  doc: ProjectMissingPartners | null,
  projectStatus: 'active' | 'paused' | 'closed',
): MissingPartnersView => {
  if (!doc) return { projectId, list: projectStatus === 'closed' ? 'closed' : 'pending', partners: 0, areaKm: AREA_KM, needs: [] };
  return {
    projectId,
    list: doc.list,
    partners: doc.partners,
    areaKm: AREA_KM,
    needs: doc.needs.map((need) => ({
      index: need.index,
      role: need.role,
      rules: MISSING_RULES.map((rule) => ({ rule, members: disclose(need.members[rule] ?? 0) })),
    })),
  };
};
