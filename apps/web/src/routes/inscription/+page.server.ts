import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { formText } from '$lib/account/form-text';
import {
  blankSignup,
  checkSignup,
  fieldOfApiError,
  readSignup,
  registrationBody,
  SIGNUP_RULES,
  SKILL_ROWS_STEP,
  type SignupErrors,
  type SignupValues,
} from '$lib/account/signup-form';
import { addRow, removeRow, resolvePlace } from '$lib/account/territory-rows';
import { api } from '$lib/server/api/client';
import { keepPending } from '$lib/server/account/account-cookies';
import { call, noticeOf } from '$lib/server/account/api-outcome';
import { retourOf, withRetour } from '$lib/server/account/retour';
import { SKILL_SUGGESTIONS } from '$lib/server/account/skill-suggestions';
import type { FormNotice } from '$lib/account/form-notice';
import type { Actions, PageServerLoad } from './$types';

type Choices = Record<number, { code: string; label: string }[]>;

/** Sign-up: the full profile of a member, or the short one of a project holder (`?profil=porteur`). */
export const load: PageServerLoad = ({ locals, url }) => {
  const retour = retourOf(url.searchParams.get('retour'));
  // A referent or an admin without a member profile may still create one.
  if (locals.session && locals.session.memberIds.length > 0) redirect(303, retour || '/moi');
  const profile = url.searchParams.get('profil') === 'porteur' ? 'holder' : 'member';
  return { retour, values: blankSignup(profile, locals.locale), skillSuggestions: SKILL_SUGGESTIONS };
};

const answer = (values: SignupValues, errors: SignupErrors = {}, choices: Choices = {}, notice?: FormNotice) => ({
  values,
  errors,
  choices,
  notice,
});

/**
 * Each place typed and not yet resolved is searched (`GET /v1/places`): one match is taken,
 * several are listed to choose from, none is an error. Rows left empty are dropped.
 */
async function resolvePlaces(event: RequestEvent, values: SignupValues, errors: SignupErrors, choices: Choices): Promise<boolean> {
  const client = api(event);
  for (const [i, row] of values.territories.entries()) {
    if (row.place === '' || row.code) continue;
    const { answer: found, outcome } = await call(() => client.GET('/v1/places', { params: { query: { q: row.place, limit: 8 } } }));
    if (outcome.kind !== 'ok' || !found?.data) return false;
    const resolution = resolvePlace(row.place, found.data.items);
    if (resolution.kind === 'found') Object.assign(row, { code: resolution.code, label: resolution.label, place: resolution.label });
    else if (resolution.kind === 'unknown') errors[`place${i}`] = 'placeUnknown';
    else {
      errors[`place${i}`] = 'placeChoose';
      choices[i] = resolution.choices;
    }
  }
  return true;
}

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = readSignup(form, event.locals.locale);
    const retour = retourOf(form.get('retour'));
    const intent = formText(form, 'intent', 40) || 'register';

    // Buttons that change the form itself: the page comes back with everything typed, and one more row.
    if (intent === 'addTerritory') return answer({ ...values, territories: addRow(values.territories) });
    if (intent.startsWith('removeTerritory:')) {
      return answer({ ...values, territories: removeRow(values.territories, Number(intent.slice('removeTerritory:'.length))) });
    }
    if (intent === 'moreSkills') {
      const rows = Math.min(SIGNUP_RULES.skills, values.skills.length + SKILL_ROWS_STEP);
      return answer({ ...values, skills: [...values.skills, ...Array.from({ length: rows - values.skills.length }, () => '')] });
    }

    const errors = checkSignup(values);
    const choices: Choices = {};
    if (!(await resolvePlaces(event, values, errors, choices))) return fail(503, answer(values, errors, choices, { kind: 'unavailable' }));
    if (Object.keys(errors).length > 0) return fail(400, answer(values, errors, choices));

    const { outcome } = await call(() => api(event).POST('/v1/members', { body: registrationBody(values) }));
    if (outcome.kind === 'invalid') {
      const named = Object.fromEntries(outcome.fields.map((f) => [fieldOfApiError(f) ?? 'firstName', 'rejected' as const]));
      return fail(400, answer(values, Object.keys(named).length > 0 ? named : { firstName: 'rejected' }, choices));
    }
    if (outcome.kind !== 'ok') return fail(503, answer(values, {}, choices, noticeOf(outcome)));
    // The same next page for a new address and a known one (which was sent a sign-in email): nothing tells them apart.
    keepPending(event.cookies, event.url, { email: values.email, retour: retour || undefined });
    redirect(303, withRetour('/confirmer', retour));
  },
};
