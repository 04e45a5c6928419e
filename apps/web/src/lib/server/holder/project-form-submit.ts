import type { RequestEvent } from '@sveltejs/kit';
import type { Locale } from '$lib/i18n/locale';
import type { Messages } from '$lib/i18n/messages';
import { applyNeedsAction, parseAction } from '$lib/holder/needs-editor';
import { choosePlace, type PlaceOption, placeStillChosen } from '$lib/holder/place-choice';
import {
  type FieldError,
  fieldIdOf,
  inLanguage,
  projectBody,
  type ProjectFormValues,
  readProjectForm,
  validateProjectForm,
} from '$lib/holder/project-form';
import { api } from '$lib/server/api/client';

/** What the form page shows again when the project is not sent (yet). */
export type FormState = { values: ProjectFormValues; errors: FieldError[]; placeChoices: PlaceOption[]; failed?: boolean };

/** How long a typed place may be for the search (the api's PLACE_QUERY_MAX_LENGTH is larger). */
const PLACE_TEXT_MAX = 100;

async function searchPlaces(event: RequestEvent, text: string) {
  if (text.trim().length > PLACE_TEXT_MAX) return [];
  const { data } = await api(event).GET('/v1/places', { params: { query: { q: text.trim(), limit: 20 } } });
  return data?.items ?? [];
}

/** The api's 400/422 fields, next to the form's fields, in the reader's language. */
function apiErrors(error: unknown, locale: Locale): FieldError[] {
  const fields = (error as { fields?: { field?: unknown; messages?: unknown }[] } | undefined)?.fields ?? [];
  return fields.flatMap((f) =>
    typeof f.field === 'string' && Array.isArray(f.messages) && typeof f.messages[0] === 'string'
      ? [{ id: fieldIdOf(f.field), message: inLanguage(f.messages[0], locale) }]
      : [],
  );
}

/**
 * One submit of the project form: a needs button re-renders the form changed; "save" checks
 * everything, resolves the place and calls `send` with the api's body. The answer is either
 * the form to show again (`state`) or the api's success.
 */
export async function submitProjectForm<T>(
  event: RequestEvent,
  t: Messages,
  send: (body: ReturnType<typeof projectBody>) => Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<{ state: FormState; status: number } | { sent: T }> {
  const form = await event.request.formData();
  const action = parseAction(form.get('action'));
  let values = readProjectForm(form);
  values = { ...values, needs: applyNeedsAction(values.needs, action) };

  let placeChoices: PlaceOption[] = [];
  let placeUnknown = false;
  try {
    const found = placeStillChosen(values) || !values.placeText.trim() ? [] : await searchPlaces(event, values.placeText);
    const outcome = choosePlace(values, found);
    values = outcome.values;
    if (outcome.state === 'choices') placeChoices = outcome.choices;
    placeUnknown = outcome.state === 'unknown';
  } catch {
    // The search is away: the text stays, and saving says the place is not chosen yet.
  }

  if (action.type !== 'save') return { state: { values, errors: [], placeChoices }, status: 200 };

  const errors = validateProjectForm(values, t.holder.errors).map((e) =>
    e.id === 'placeText' && placeUnknown ? { ...e, message: t.holder.errors.placeUnknown(values.placeText.trim()) } : e,
  );
  if (errors.length > 0) return { state: { values, errors, placeChoices }, status: 400 };

  try {
    const { data, error, response } = await send(projectBody(values));
    if (data !== undefined && response.ok) return { sent: data };
    if (response.status === 400 || response.status === 422) {
      const named = apiErrors(error, event.locals.locale);
      if (named.length > 0) return { state: { values, errors: named, placeChoices }, status: 400 };
    }
  } catch {
    // Below: the api is away or slow; the form comes back whole.
  }
  return { state: { values, errors: [], placeChoices, failed: true }, status: 503 };
}
