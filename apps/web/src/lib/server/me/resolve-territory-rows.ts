import type { RequestEvent } from '@sveltejs/kit';
import { resolvePlace, type TerritoryRow } from '../../account/territory-rows';
import type { FieldError } from '../../me/profile-forms';
import { api } from '../api/client';

export type PlaceChoices = Record<number, { code: string; label: string }[]>;

/**
 * Resolves each row not yet tied to a place (`GET /v1/places?q=`): one place is taken, none
 * or several are errors next to the row (several come with the choices, each a radio button).
 * Empty rows after the first are dropped; throws when the api cannot be reached.
 */
export async function resolveTerritoryRows(
  event: Pick<RequestEvent, 'getClientAddress' | 'locals'>,
  posted: readonly TerritoryRow[],
): Promise<{ rows: TerritoryRow[]; errors: FieldError[]; choices: PlaceChoices }> {
  const rows = posted.filter((row, i) => i === 0 || row.place !== '').map((row) => ({ ...row }));
  const errors: FieldError[] = [];
  const choices: PlaceChoices = {};
  const client = api(event);
  await Promise.all(
    rows.map(async (row, i) => {
      if (row.code) return;
      if (row.place === '') return errors.push({ field: `place${i}`, error: 'placeMissing' });
      const { data } = await client.GET('/v1/places', { params: { query: { q: row.place, limit: 8 } } });
      if (!data) throw new Error('places unavailable');
      const found = resolvePlace(row.place, data.items);
      if (found.kind === 'found') Object.assign(row, { code: found.code, label: found.label, place: found.label });
      else if (found.kind === 'unknown') errors.push({ field: `place${i}`, error: 'placeUnknown' });
      else {
        choices[i] = found.choices;
        errors.push({ field: `place${i}`, error: 'placeChoose' });
      }
    }),
  );
  errors.sort((a, b) => a.field.localeCompare(b.field));
  return { rows, errors, choices };
}
