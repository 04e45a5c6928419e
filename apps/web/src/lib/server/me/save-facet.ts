import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Facet, FieldError } from '../../me/profile-forms';
import type { PlaceChoices } from './resolve-territory-rows';
import { currentMemberId } from './current-member';

export type Outcome = { facet: Facet; values?: unknown; errors: FieldError[]; choices?: PlaceChoices; saved?: boolean };

/** Sends one facet's `PUT`; a refusal or an api away keeps what was typed and says so next to `field`. */
export async function save(
  event: RequestEvent,
  facet: Facet,
  field: string,
  values: unknown,
  put: (memberId: string) => Promise<Response>,
) {
  const memberId = currentMemberId(event);
  if (!memberId) redirect(303, '/moi');
  let response: Response;
  try {
    response = await put(memberId);
  } catch {
    return fail(503, { facet, values, errors: [{ field, error: 'unavailable' }] } satisfies Outcome);
  }
  if (response.status === 400 || response.status === 422)
    return fail(400, { facet, values, errors: [{ field, error: 'refused' }] } satisfies Outcome);
  if (!response.ok) return fail(502, { facet, values, errors: [{ field, error: 'unavailable' }] } satisfies Outcome);
  return { facet, errors: [], saved: true } satisfies Outcome;
}
