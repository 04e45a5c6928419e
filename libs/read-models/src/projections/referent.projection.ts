import type { ReferentEvent } from '@trame/domain';
import type { Projection } from '../projection';
import { type TerritoryView, areaKeys, territoryView } from './territory-view';

/** A referent as the matcher and the api see them: first name only, never `pii`. */
export type ReferentView = {
  referentId: string;
  firstName: string;
  territories: TerritoryView[];
  /** See `areaKeys` in territory-view.ts: find the referents of a place with one `$in`. */
  areaKeys: string[];
  themes: string[];
  status: 'active' | 'retired';
  appointedAt: string;
  updatedAt: string;
  retiredAt?: string;
};

// A Record, so a new event type of the aggregate does not compile until it is decided on here.
const REFERENT_EVENTS: Record<ReferentEvent['type'], true> = {
  ReferentAppointed: true,
  ReferentTerritoriesChanged: true,
  ReferentRetired: true,
};

export const referentProjection: Projection<ReferentView> = {
  name: 'referent',
  collection: 'referents',
  canHandle: (type) => Object.hasOwn(REFERENT_EVENTS, type),
  id: (event) => (event as ReferentEvent).data.referentId,
  evolve: (doc, event) => {
    const e = event as ReferentEvent;
    if (e.type === 'ReferentAppointed') {
      const d = e.data;
      return {
        referentId: d.referentId,
        firstName: d.firstName,
        territories: d.territories.map(territoryView),
        areaKeys: areaKeys(d.territories),
        themes: [...d.themes],
        status: 'active',
        appointedAt: d.appointedAt,
        updatedAt: d.appointedAt,
      };
    }
    if (!doc) return null;
    const { _id, _position, ...referent } = doc;
    switch (e.type) {
      case 'ReferentTerritoriesChanged':
        return {
          ...referent,
          territories: e.data.territories.map(territoryView),
          areaKeys: areaKeys(e.data.territories),
          themes: [...e.data.themes],
          updatedAt: e.data.changedAt,
        };
      case 'ReferentRetired':
        // Kept (retired) so past introductions still name their referent.
        return { ...referent, status: 'retired', retiredAt: e.data.retiredAt, updatedAt: e.data.retiredAt };
      default:
        return referent;
    }
  },
};
