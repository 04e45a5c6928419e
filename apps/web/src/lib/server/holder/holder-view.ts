import type { RequestEvent } from '@sveltejs/kit';
import { api, type Schemas } from '$lib/server/api/client';

type Partner = Schemas['PartnerMatchDto'];
type Referent = Schemas['ReferentAssignmentDto'];
type Introduction = Schemas['IntroductionDto'];
type MissingPartners = Schemas['ProjectMissingPartnersDto'];

/** What the project's holder sees on its page besides the public view; `undefined` parts could not be loaded. */
export type HolderView = {
  partners?: Partner[];
  referentFirstName?: string;
  introductions?: Introduction[];
  /** Who was left out and why, in counts (when the list is short). */
  missing?: MissingPartners;
};

/** Whether the signed-in person holds the project (one of their member accounts is its holder). */
export const holds = (event: Pick<RequestEvent, 'locals'>, holderId: string): boolean =>
  event.locals.session?.memberIds.includes(holderId) ?? false;

/** The partners and the introductions of the project, each on its own (one failing leaves the other). */
export async function loadHolderView(event: RequestEvent, projectId: string): Promise<HolderView> {
  const client = api(event);
  const path = { params: { path: { id: projectId } } };
  const [recommendations, introductions, missing] = await Promise.all([
    client.GET('/v1/projects/{id}/recommendations', path).catch(() => undefined),
    client.GET('/v1/projects/{id}/introductions', path).catch(() => undefined),
    client.GET('/v1/projects/{id}/missing-partners', path).catch(() => undefined),
  ]);
  const referents: Referent[] = recommendations?.data?.referents ?? [];
  return {
    partners: recommendations?.data?.partners,
    referentFirstName: referents.find((r) => r.firstName)?.firstName,
    introductions: introductions?.data?.items,
    missing: missing?.data,
  };
}
