import { error, fail, redirect } from '@sveltejs/kit';
import { interestsValues, readAvailability, readInterests, readNotify, readSkills, rowsFromTerritories } from '$lib/me/profile-forms';
import { api } from '$lib/server/api/client';
import { currentMemberId } from '$lib/server/me/current-member';
import { type Outcome, save } from '$lib/server/me/save-facet';
import type { Actions, PageServerLoad } from './$types';

/** My profile: each facet its own form and named action, so one change never resends the others. */
export const load: PageServerLoad = async (event) => {
  const memberId = currentMemberId(event);
  if (!memberId) redirect(303, '/moi');
  const { data } = await api(event)
    .GET('/v1/members/{id}', { params: { path: { id: memberId } } })
    .catch(() => error(503, 'api unavailable'));
  if (!data) error(503, 'profile unavailable');
  return {
    // Back from the territories page once saved.
    savedTerritories: event.url.searchParams.get('enregistre') === 'territoires',
    profile: {
      displayName: data.displayName,
      email: data.email,
      skills: data.skills.join(', '),
      interests: interestsValues(data.interests),
      territories: rowsFromTerritories(data.territories),
      availability: {
        hoursPerWeek: String(data.availability.hoursPerWeek || ''),
        from: data.availability.from ?? '',
        until: data.availability.until ?? '',
      },
      notify: data.notify,
    },
  };
};

const id = (memberId: string) => ({ params: { path: { id: memberId } } });

export const actions: Actions = {
  competences: async (event) => {
    const { values, errors, body } = readSkills(await event.request.formData());
    if (errors.length > 0) return fail(400, { facet: 'competences', values, errors } satisfies Outcome);
    return save(
      event,
      'competences',
      'skills',
      values,
      async (m) => (await api(event).PUT('/v1/members/{id}/skills', { ...id(m), body })).response,
    );
  },
  interets: async (event) => {
    const { values, errors, body } = readInterests(await event.request.formData());
    if (errors.length > 0) return fail(400, { facet: 'interets', values, errors } satisfies Outcome);
    return save(
      event,
      'interets',
      'otherInterests',
      values,
      async (m) => (await api(event).PUT('/v1/members/{id}/interests', { ...id(m), body })).response,
    );
  },
  disponibilite: async (event) => {
    const { values, errors, body } = readAvailability(await event.request.formData());
    if (errors.length > 0) return fail(400, { facet: 'disponibilite', values, errors } satisfies Outcome);
    return save(
      event,
      'disponibilite',
      'hoursPerWeek',
      values,
      async (m) => (await api(event).PUT('/v1/members/{id}/availability', { ...id(m), body })).response,
    );
  },
  notifications: async (event) => {
    const { values, errors, body } = readNotify(await event.request.formData());
    if (errors.length > 0) return fail(400, { facet: 'notifications', values, errors } satisfies Outcome);
    return save(
      event,
      'notifications',
      'notify-instant',
      values,
      async (m) => (await api(event).PUT('/v1/members/{id}/notifications', { ...id(m), body })).response,
    );
  },
};
