import type { IntroductionEvent, MemberEvent, ProjectEvent, ReferentEvent } from '@trame/domain';
import type { RecordedEvent } from '@trame/event-store';
import type { FailedJobsController } from '../src/admin/failed-jobs.controller';
import type { AuthController } from '../src/auth/auth.controller';
import type { toErrorBody } from '../src/http/error.filter';
import type { IntroductionsController } from '../src/introductions/introductions.controller';
import type { ReferentInboxController } from '../src/introductions/referent-inbox.controller';
import type { MembersController } from '../src/members/members.controller';
import type { ProjectsController } from '../src/projects/projects.controller';

/*
 * Typed reads of what tests otherwise get as `any`: response bodies (supertest's `res.body`,
 * a parsed `fetch` answer) and the data of recorded events. The types are the api's own
 * (its handlers' return types) and the domain's events, so a test that reads a field the
 * api does not answer fails to compile instead of reading `undefined`.
 */

/** The JSON a handler answers: its awaited return value (the HTML pages some also serve left out). */
type Answer<Handler extends (...args: never[]) => unknown> = Exclude<Awaited<ReturnType<Handler>>, string>;

/** Every refusal: `{statusCode, error, message[], fields?}`. */
export type ErrorBody = ReturnType<typeof toErrorBody>;
/** A member as registration and the facet changes answer it (an active member: no erased one is answered). */
export type MemberBody = Extract<Answer<MembersController['territories']>, { status: 'active' }>;
export type RegistrationBody = Answer<MembersController['register']>;
export type MemberRecommendationsBody = Answer<MembersController['recommendations']>;
/** A project as its proposal and lifecycle changes answer it. */
export type ProjectBody = Answer<ProjectsController['propose']>;
export type ProjectListBody = Answer<ProjectsController['list']>;
/** `GET /v1/projects?near=`: the cards, each with its distance (the handler's two answers merge into one type). */
export type ProjectsNearBody = { items: (ProjectListBody['items'][number] & { distanceKm: number })[] };
export type ProjectRecommendationsBody = Answer<ProjectsController['recommendations']>;
export type IntroductionBody = Answer<IntroductionsController['get']>;
export type InboxBody = Answer<ReferentInboxController['inbox']>;
export type SessionBody = Answer<AuthController['token']>;
export type FailedJobsBody = Answer<FailedJobsController['failed']>;

/** A response's JSON body as `Body`: the one place a test trusts the `any` it arrives as. */
export const bodyOf = <Body>(res: { body: unknown }): Body => res.body as Body;

/** The id a creation answered (a member, project, referent or introduction). */
export const idOf = (res: { body: unknown }): string => bodyOf<{ id: string }>(res).id;

type DomainEvent = MemberEvent | ProjectEvent | ReferentEvent | IntroductionEvent;
type DataOf<Type extends DomainEvent['type']> = Extract<DomainEvent, { type: Type }>['data'];

/** The data of a recorded event of type `type`, typed as the domain's (the store keeps `data` untyped). */
export function dataOf<Type extends DomainEvent['type']>(event: RecordedEvent, type: Type): DataOf<Type> {
  if (event.type !== type) throw new Error(`expected a ${type} event, got ${event.type}`);
  return event.data as DataOf<Type>;
}
