import type { Command } from '../shared/decider';
import type { ResolvedTerritory, Sealed } from '../shared/places';

export type AppointReferent = Command<
  'AppointReferent',
  {
    referentId: string;
    firstName: string;
    pii: Sealed;
    territories: readonly ResolvedTerritory[];
    themes: readonly string[];
  }
>;
export type ChangeReferentTerritories = Command<
  'ChangeReferentTerritories',
  { referentId: string; territories: readonly ResolvedTerritory[]; themes?: readonly string[] }
>;
export type RetireReferent = Command<'RetireReferent', { referentId: string }>;

export type ReferentCommand = AppointReferent | ChangeReferentTerritories | RetireReferent;
