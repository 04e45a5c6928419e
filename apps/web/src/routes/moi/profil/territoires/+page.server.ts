import { error, fail, redirect } from '@sveltejs/kit';
import { addRow, readTerritoryRows, removeRow, territoryBody, type TerritoryBody } from '$lib/account/territory-rows';
import { rowsFromTerritories } from '$lib/me/profile-forms';
import { api } from '$lib/server/api/client';
import { currentMemberId } from '$lib/server/me/current-member';
import { resolveTerritoryRows } from '$lib/server/me/resolve-territory-rows';
import { type Outcome, save } from '$lib/server/me/save-facet';
import type { Actions, PageServerLoad } from './$types';

/**
 * My territories, on a page of their own: the sign-up's territory rows (TerritoryFields), whose
 * "add" and "remove" buttons post to this page's one action without saving.
 */
export const load: PageServerLoad = async (event) => {
  const memberId = currentMemberId(event);
  if (!memberId) redirect(303, '/moi');
  const { data } = await api(event)
    .GET('/v1/members/{id}', { params: { path: { id: memberId } } })
    .catch(() => error(503, 'api unavailable'));
  if (!data) error(503, 'profile unavailable');
  return { rows: rowsFromTerritories(data.territories) };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const rows = readTerritoryRows(form);
    const posted = form.get('intent');
    const intent = typeof posted === 'string' ? posted : 'save';
    if (intent === 'addTerritory') return { facet: 'territoires', values: addRow(rows), errors: [] } satisfies Outcome;
    if (intent.startsWith('removeTerritory:')) {
      const values = removeRow(rows, Number(intent.slice('removeTerritory:'.length)));
      return { facet: 'territoires', values, errors: [] } satisfies Outcome;
    }
    let resolved: Awaited<ReturnType<typeof resolveTerritoryRows>>;
    try {
      resolved = await resolveTerritoryRows(event, rows);
    } catch {
      return fail(503, { facet: 'territoires', values: rows, errors: [{ field: 'place0', error: 'unavailable' }] } satisfies Outcome);
    }
    if (resolved.errors.length > 0) {
      return fail(400, {
        facet: 'territoires',
        values: resolved.rows,
        errors: resolved.errors,
        choices: resolved.choices,
      } satisfies Outcome);
    }
    const territories = resolved.rows.map(territoryBody).filter((b): b is TerritoryBody => b !== undefined);
    const outcome = await save(event, 'territoires', 'place0', resolved.rows, async (memberId) => {
      const { response } = await api(event).PUT('/v1/members/{id}/territories', {
        params: { path: { id: memberId } },
        body: { territories },
      });
      return response;
    });
    if ('saved' in outcome && outcome.saved) redirect(303, '/moi/profil?enregistre=territoires#territoires');
    return outcome;
  },
};
