import { ApiProperty, ApiPropertyOptional, ApiSchema, PickType } from '@nestjs/swagger';
import {
  ASSIGNMENT_LEVELS,
  END_REASONS,
  PROJECT_CLOSE_REASONS,
  FINAL_INTRODUCTION_STATUSES,
  INTRODUCTION_EVENT_TYPES,
  LOCALES,
  NOTIFY_FREQUENCIES,
  OPEN_INTRODUCTION_STATUSES,
  PROJECT_KINDS,
  PROJECT_STAGES,
  REQUESTERS,
} from '@trame/domain';
import type { PartnerMatch, ProjectMatch } from '@trame/matching';
import type { IntroductionQueries } from '../introductions/introduction-queries';
import { NeedDto } from '../projects/project.dto';
import type { ReadModelQueries } from '../queries/read-model-queries';
import type { memberView, projectView, referentView } from './views';

/*
 * What the api answers, for the OpenAPI document: one class per view of views.ts, the read
 * models and the workflow. The checks at the end make each class list exactly the fields of
 * the view it documents, so a field added to a view fails the type-check until it is here.
 */

const LEVELS = ['commune', 'departement', 'region'] as const;
const INTRODUCTION_STATUSES = [...OPEN_INTRODUCTION_STATUSES, ...FINAL_INTRODUCTION_STATUSES];
const DateTime = (description?: string) => ApiProperty({ type: String, format: 'date-time', description });
const OptionalDateTime = (description?: string) => ApiPropertyOptional({ type: String, format: 'date-time', description });
const Uuid = (description?: string) => ApiProperty({ type: String, format: 'uuid', description });
const Strings = (example: string[], description?: string) => ApiProperty({ type: [String], example, description });

/** Something said about how a place was read (a postcode spanning communes, a rounded radius…). */
export class ResolutionNoteDto {
  @ApiProperty({ example: 'territories[0]' })
  field: string;

  @ApiProperty({ example: 'code postal partagé par plusieurs communes, centre retenu : Forcalquier / postcode shared by several communes' })
  message: string;
}

/** A resolved place: coordinates, a label and its enclosing administrative codes. */
export class PlaceViewDto {
  @ApiProperty({ example: 'Forcalquier' })
  label: string;

  @ApiProperty({ example: 43.9597 })
  lat: number;

  @ApiProperty({ example: 5.7806 })
  lon: number;

  @ApiPropertyOptional({ example: '04088' })
  communeCode?: string;

  @ApiPropertyOptional({ example: '04' })
  departementCode?: string;

  @ApiPropertyOptional({ example: '93' })
  regionCode?: string;
}

/** A resolved territory: a circle (`kind: radius`) or a whole area (`kind: area`). */
export class TerritoryViewDto extends PlaceViewDto {
  @ApiProperty({ enum: ['radius', 'area'] })
  kind: 'radius' | 'area';

  @ApiPropertyOptional({ example: 30, description: 'kind radius' })
  radiusKm?: number;

  @ApiPropertyOptional({ enum: LEVELS, description: 'kind area' })
  level?: (typeof LEVELS)[number];

  @ApiPropertyOptional({ example: '04', description: 'kind area: the code of the area' })
  code?: string;
}

export class AvailabilityViewDto {
  @ApiProperty({ example: 6 })
  hoursPerWeek: number;

  @ApiPropertyOptional({ example: '2026-01-01' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  until?: string;
}

/** A member's profile as they see it: the first name only, never the sealed contact details. */
export class MemberDto {
  @Uuid()
  id: string;

  @ApiProperty({ enum: ['active'] })
  status: 'active';

  @ApiProperty({ example: 'Camille' })
  firstName: string;

  @ApiProperty({ enum: LOCALES })
  locale: (typeof LOCALES)[number];

  @Strings(['maraîchage', 'menuiserie'])
  skills: string[];

  @Strings(['alimentation', 'habitat'])
  interests: string[];

  @ApiProperty({ type: [TerritoryViewDto] })
  territories: TerritoryViewDto[];

  @ApiProperty({ type: AvailabilityViewDto })
  availability: AvailabilityViewDto;

  @ApiProperty({ enum: NOTIFY_FREQUENCIES })
  notify: (typeof NOTIFY_FREQUENCIES)[number];

  @DateTime()
  registeredAt: string;

  @ApiProperty({ description: 'whether the address is confirmed (a member is neither matched nor emailed before)' })
  confirmed: boolean;

  @DateTime('time of the last change')
  updatedAt: string;
}

/** A member after registration or a change of territories: with how the places were read. */
export class MemberWithNotesDto extends MemberDto {
  @ApiProperty({ type: [ResolutionNoteDto] })
  notes: ResolutionNoteDto[];
}

/** A project card, as everyone may read it (from the read model: may lag a write by a moment). */
export class ProjectCardDto {
  @Uuid()
  id: string;

  @Uuid('the same as `id`')
  projectId: string;

  @Uuid('the member who carries the project')
  holderId: string;

  @ApiProperty({ enum: ['active', 'paused', 'closed'] })
  status: 'active' | 'paused' | 'closed';

  @ApiProperty({ example: 'Ferme maraîchère partagée' })
  title: string;

  @ApiProperty({ example: 'Une ferme en maraîchage bio gérée en coopérative, cherche associé·es.' })
  summary: string;

  @ApiPropertyOptional()
  description?: string;

  @ApiProperty({ enum: PROJECT_KINDS })
  kind: (typeof PROJECT_KINDS)[number];

  @Strings(['alimentation', 'agriculture'])
  themes: string[];

  @ApiProperty({ type: PlaceViewDto })
  location: PlaceViewDto;

  @ApiProperty({ example: 30 })
  radiusKm: number;

  @ApiProperty()
  remoteFriendly: boolean;

  @ApiProperty({ enum: PROJECT_STAGES })
  stage: (typeof PROJECT_STAGES)[number];

  @ApiProperty({ type: [NeedDto] })
  needs: NeedDto[];

  @ApiPropertyOptional()
  pauseReason?: string;

  @ApiPropertyOptional({ enum: PROJECT_CLOSE_REASONS })
  closeReason?: (typeof PROJECT_CLOSE_REASONS)[number];

  @ApiPropertyOptional()
  closeNote?: string;

  @DateTime()
  proposedAt: string;

  @DateTime()
  updatedAt: string;

  @OptionalDateTime()
  pausedAt?: string;

  @OptionalDateTime()
  closedAt?: string;
}

/** A project after a write: its state in the log (every status), with how its place was read. */
export class ProjectDto extends PickType(ProjectCardDto, [
  'id',
  'holderId',
  'status',
  'title',
  'summary',
  'description',
  'kind',
  'themes',
  'location',
  'radiusKm',
  'remoteFriendly',
  'stage',
  'needs',
  'proposedAt',
] as const) {
  @DateTime('time of the last change')
  updatedAt: string;

  @ApiPropertyOptional({ description: 'while paused' })
  pauseReason?: string;

  @ApiPropertyOptional({ enum: PROJECT_CLOSE_REASONS, description: 'once closed' })
  closeReason?: (typeof PROJECT_CLOSE_REASONS)[number];

  @ApiProperty({ type: [ResolutionNoteDto] })
  notes: ResolutionNoteDto[];
}

export class ProjectListItemDto extends ProjectCardDto {
  @ApiPropertyOptional({ example: 4.2, description: 'from `near`, in km (only when `near` is given; nearest first)' })
  distanceKm?: number;
}

export class ProjectListDto {
  @ApiProperty({ type: [ProjectListItemDto], description: 'active projects, newest first (nearest first with `near`)' })
  items: ProjectListItemDto[];
}

/** A referent, as admins manage them (first name only). */
export class ReferentDto {
  @Uuid()
  id: string;

  @ApiProperty({ enum: ['active', 'retired'] })
  status: 'active' | 'retired';

  @ApiProperty({ example: 'Dominique' })
  firstName: string;

  @ApiProperty({ type: [TerritoryViewDto] })
  territories: TerritoryViewDto[];

  @Strings(['habitat'], 'themes the referent prefers; empty: every theme')
  themes: string[];

  @DateTime()
  appointedAt: string;

  @DateTime('time of the last change')
  updatedAt: string;

  @ApiProperty({ type: [ResolutionNoteDto] })
  notes: ResolutionNoteDto[];
}

// ── Recommendations ────────────────────────────────────────────────────────────────────

export class ReasonsDto {
  @ApiProperty({ example: '2 compétences sur 3 : maraîchage, irrigation · à 4,2 km' })
  fr: string;

  @ApiProperty({ example: '2 of 3 skills: maraîchage, irrigation · 4.2 km away' })
  en: string;
}

class MatchedNeedDto {
  @ApiProperty({ description: 'index of the need in the project' })
  index: number;

  @ApiProperty({ example: 'maraîcher·e' })
  role: string;

  @ApiProperty()
  skillsNeeded: number;

  @Strings(['menuiserie / charpente'], 'as the holder wrote them, synonyms grouped with " / "')
  skillsMatched: string[];

  @ApiPropertyOptional()
  hoursPerWeek?: number;
}

class PlaceFitDto {
  @ApiProperty({ enum: ['radius', 'area', 'remote'] })
  kind: 'radius' | 'area' | 'remote';

  @ApiProperty({ type: Number, nullable: true, description: 'null: unknown (remote)' })
  distanceKm: number | null;

  @ApiPropertyOptional({ description: 'kind radius' })
  radiusKm?: number;

  @ApiPropertyOptional({ enum: LEVELS, description: 'kind area' })
  level?: (typeof LEVELS)[number];

  @ApiPropertyOptional({ description: 'kind area' })
  code?: string;

  @ApiPropertyOptional({ description: 'kind area' })
  label?: string;
}

class MatchAvailabilityDto extends AvailabilityViewDto {
  @ApiProperty({ description: 'the availability has not started yet' })
  startsLater: boolean;
}

/** The parts of the score (docs/matching-engine.md, "The score"): 0.5 × skills + 0.15 × themes + 0.2 × proximity + 0.15 × availability. */
class ScoreComponentsDto {
  @ApiProperty({ description: 'share of the need’s distinct skills the member has (weight 0.5)' })
  skills: number;

  @ApiProperty({ description: 'share of the project’s themes among the member’s interests (weight 0.15)' })
  themes: number;

  @ApiProperty({ description: '25 / (25 + km); areas and the remote rule count a documented distance (weight 0.2)' })
  proximity: number;

  @ApiProperty({ description: 'hours offered / hours asked (or / 8), at most 1, halved before the start date (weight 0.15)' })
  availability: number;
}

class MatchDetailsDto {
  @ApiProperty({ type: MatchedNeedDto })
  need: MatchedNeedDto;

  @Strings(['alimentation'])
  themesShared: string[];

  @ApiProperty({ type: PlaceFitDto })
  place: PlaceFitDto;

  @ApiProperty({ type: MatchAvailabilityDto })
  availability: MatchAvailabilityDto;

  @ApiProperty({ type: ScoreComponentsDto, description: 'each part of the score, 0–1' })
  components: ScoreComponentsDto;
}

export class ProjectMatchDto {
  @Uuid()
  projectId: string;

  @ApiProperty({ example: 'Ferme maraîchère partagée' })
  title: string;

  @ApiProperty({ enum: PROJECT_KINDS })
  kind: (typeof PROJECT_KINDS)[number];

  @ApiProperty({ enum: PROJECT_STAGES })
  stage: (typeof PROJECT_STAGES)[number];

  @ApiProperty({ example: 0.82, description: '0–1' })
  score: number;

  @ApiProperty({ type: Number, nullable: true })
  distanceKm: number | null;

  @ApiProperty({ example: 'maraîcher·e', description: 'the need the member fits best' })
  role: string;

  @Strings(['maraîchage'])
  skillsMatched: string[];

  @ApiProperty({ type: ReasonsDto })
  reasons: ReasonsDto;

  @ApiProperty({ type: MatchDetailsDto })
  details: MatchDetailsDto;
}

export class MemberRecommendationsDto {
  @Uuid()
  memberId: string;

  @ApiProperty({ type: [ProjectMatchDto], description: 'best first' })
  projects: ProjectMatchDto[];
}

/** A potential partner: pseudonymous (first name and member id, never contact details). */
export class PartnerMatchDto {
  @Uuid()
  memberId: string;

  @ApiProperty({ example: 'Camille' })
  firstName: string;

  @ApiProperty({ example: 0.82, description: '0–1' })
  score: number;

  @ApiProperty({ type: Number, nullable: true })
  distanceKm: number | null;

  @ApiProperty({ example: 'maraîcher·e', description: 'the need the member fits best' })
  role: string;

  @Strings(['maraîchage'])
  skillsMatched: string[];

  @ApiProperty({ type: AvailabilityViewDto })
  availability: AvailabilityViewDto;

  @ApiProperty({ type: ReasonsDto })
  reasons: ReasonsDto;

  @ApiProperty({ type: MatchDetailsDto })
  details: MatchDetailsDto;
}

/** The referent of a place, or `level: admin` when nobody covers it. */
export class ReferentAssignmentDto {
  @ApiProperty({ enum: ASSIGNMENT_LEVELS })
  level: (typeof ASSIGNMENT_LEVELS)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'absent for admin' })
  referentId?: string;

  @ApiPropertyOptional({ example: 'Dominique', description: 'absent for admin' })
  firstName?: string;
}

export class ProjectRecommendationsDto {
  @Uuid()
  projectId: string;

  @ApiProperty({ type: [PartnerMatchDto], description: 'best first' })
  partners: PartnerMatchDto[];

  @ApiProperty({ type: [ReferentAssignmentDto], description: 'most specific territory first; empty for a closed project' })
  referents: ReferentAssignmentDto[];
}

// ── Introductions ──────────────────────────────────────────────────────────────────────

export class IntroductionStatusDto {
  @Uuid()
  id: string;

  @ApiProperty({ enum: INTRODUCTION_STATUSES })
  status: (typeof INTRODUCTION_STATUSES)[number];
}

export class IntroductionRequestedDto {
  @Uuid()
  id: string;

  @ApiProperty({ enum: ['awaiting-referent'] })
  status: 'awaiting-referent';
}

class ProjectRefDto {
  @Uuid()
  id: string;

  @ApiProperty({ type: String, nullable: true, example: 'Ferme maraîchère partagée' })
  title: string | null;
}

class MemberRefDto {
  @Uuid()
  id: string;

  @ApiProperty({ type: String, nullable: true, example: 'Camille', description: 'null once the member is erased' })
  firstName: string | null;
}

class IntroductionReferentDto {
  @ApiProperty({ enum: ASSIGNMENT_LEVELS })
  level: (typeof ASSIGNMENT_LEVELS)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'absent for admin' })
  id?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Dominique', description: 'absent for admin' })
  firstName?: string | null;
}

class AssignmentDto {
  @ApiProperty({ description: 'a referent id, or `admin`' })
  referentId: string;

  @ApiProperty({ enum: ASSIGNMENT_LEVELS })
  level: (typeof ASSIGNMENT_LEVELS)[number];
}

class IntroductionActorDto {
  @ApiProperty({ enum: ['party', 'matcher', 'referent', 'admin', 'system'] })
  kind: 'party' | 'matcher' | 'referent' | 'admin' | 'system';

  @ApiPropertyOptional({ enum: ['holder', 'member'], description: 'kind party' })
  party?: 'holder' | 'member';

  @ApiPropertyOptional({ format: 'uuid', description: 'kind party' })
  partyId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'kind referent' })
  referentId?: string;

  @ApiPropertyOptional({ enum: LEVELS, description: 'kind referent' })
  level?: (typeof LEVELS)[number];
}

class IntroductionHistoryEntryDto {
  @ApiProperty({ enum: INTRODUCTION_EVENT_TYPES })
  type: (typeof INTRODUCTION_EVENT_TYPES)[number];

  @DateTime()
  at: string;

  @ApiProperty({ type: IntroductionActorDto })
  by: IntroductionActorDto;

  @ApiPropertyOptional({ description: 'the referent’s note on approval or decline' })
  note?: string;

  @ApiPropertyOptional({ type: AssignmentDto, description: 'requested: the first assignment; referent reminder: the one reminded' })
  assignment?: AssignmentDto;

  @ApiPropertyOptional({ type: AssignmentDto, description: 'escalated: from' })
  from?: AssignmentDto;

  @ApiPropertyOptional({ type: AssignmentDto, description: 'escalated: to' })
  to?: AssignmentDto;

  @ApiPropertyOptional({ enum: ['holder', 'member'], description: 'party reminder: whose answer is awaited' })
  party?: 'holder' | 'member';

  @ApiPropertyOptional({ enum: OPEN_INTRODUCTION_STATUSES, description: 'expired: the step it was waiting at' })
  expiredFrom?: (typeof OPEN_INTRODUCTION_STATUSES)[number];

  @ApiPropertyOptional({ enum: END_REASONS, description: 'ended: the project closed, or one side was erased' })
  endReason?: (typeof END_REASONS)[number];

  @ApiPropertyOptional({ enum: ['holder', 'member'], description: 'ended by an erasure: the side that left' })
  erasedParty?: 'holder' | 'member';
}

/** An introduction as its two sides, their referents and admins see it: ids, first names, statuses, times. */
export class IntroductionDto {
  @Uuid()
  id: string;

  @ApiProperty({ enum: INTRODUCTION_STATUSES })
  status: (typeof INTRODUCTION_STATUSES)[number];

  @ApiProperty({ enum: REQUESTERS })
  requestedBy: (typeof REQUESTERS)[number];

  @ApiProperty({ enum: ['holder', 'member'], description: 'the side whose consent is awaited once approved' })
  consentingParty: 'holder' | 'member';

  @ApiProperty({ type: ProjectRefDto })
  project: ProjectRefDto;

  @ApiProperty({ type: MemberRefDto })
  member: MemberRefDto;

  @ApiProperty({ type: IntroductionReferentDto })
  referent: IntroductionReferentDto;

  @DateTime()
  requestedAt: string;

  @DateTime()
  assignedAt: string;

  @OptionalDateTime()
  approvedAt?: string;

  @OptionalDateTime('when a final status was reached')
  endedAt?: string;

  @OptionalDateTime('while its project is paused: since when the introduction waits (no decision, no reminder)')
  heldSince?: string;

  @ApiPropertyOptional({ enum: END_REASONS, description: 'status ended: why' })
  endReason?: (typeof END_REASONS)[number];

  @DateTime()
  updatedAt: string;

  @ApiProperty({ type: [IntroductionHistoryEntryDto] })
  history: IntroductionHistoryEntryDto[];
}

class InboxActionsDto {
  @ApiProperty({ example: '/v1/introductions/6f1c…/approve' })
  approve: string;

  @ApiProperty({ example: '/v1/introductions/6f1c…/decline' })
  decline: string;
}

class InboxItemDto {
  @Uuid()
  id: string;

  @ApiProperty({ type: ProjectRefDto })
  project: ProjectRefDto;

  @ApiProperty({ type: MemberRefDto })
  member: MemberRefDto;

  @ApiProperty({ enum: REQUESTERS })
  requestedBy: (typeof REQUESTERS)[number];

  @DateTime()
  requestedAt: string;

  @DateTime()
  assignedAt: string;

  @ApiProperty({ enum: ASSIGNMENT_LEVELS })
  level: (typeof ASSIGNMENT_LEVELS)[number];

  @ApiProperty({ type: InboxActionsDto, description: 'relative URLs of the actions (with a session)' })
  actions: InboxActionsDto;
}

export class InboxDto {
  @Uuid()
  referentId: string;

  @ApiProperty({ type: [InboxItemDto], description: 'awaiting this referent, oldest first' })
  items: InboxItemDto[];
}

// ── Sign-in, unsubscribe, ops ──────────────────────────────────────────────────────────

export class LinkSentDto {
  @ApiProperty({ example: 'Si un compte existe pour cette adresse, un lien de connexion vient d’y être envoyé … / If an account … ' })
  message: string;
}

@ApiSchema({ description: 'A session: send `Authorization: Bearer <accessToken>`' })
export class SessionDto {
  @ApiProperty({ description: 'the session token (JWT)' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ example: 2592000, description: 'seconds' })
  expiresIn: number;

  @ApiProperty({ type: [String], description: 'the member accounts of the address' })
  memberIds: string[];

  @ApiProperty({ type: [String], description: 'the referent accounts of the address' })
  referentIds: string[];

  @ApiProperty({ description: 'the address is one of ADMIN_EMAILS' })
  admin: boolean;
}

export class UnsubscribedDto {
  @Uuid()
  memberId: string;

  @ApiProperty({ enum: ['never'] })
  notify: 'never';

  @ApiProperty({ description: 'false when it already was so (or the member is erased)' })
  changed: boolean;

  @ApiProperty({ example: 'Vous ne recevrez plus d’e-mails de Trame. / You will not receive emails from Trame any more.' })
  message: string;
}

class FailedJobDto {
  @ApiProperty() id: string;
  @ApiProperty() queue: string;
  @ApiProperty() kind: string;
  @ApiProperty({ type: String, nullable: true }) recipientId: string | null;
  @ApiProperty() attemptsMade: number;
  @ApiProperty() failedReason: string;
  @DateTime() createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) processedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) failedAt: string | null;
}

export class FailedJobsDto {
  @ApiProperty({ description: 'failed jobs in every queue' })
  total: number;

  @ApiProperty({ type: [FailedJobDto], description: 'up to `limit` per queue, newest first; ids and reasons, never an address' })
  jobs: FailedJobDto[];
}

// ── Each class above lists exactly the fields of the view it documents ─────────────────

/** Keys of every member of a union, but those only ever `undefined` (added by union normalisation). */
type KeysOf<T> = T extends unknown ? { [K in keyof T]-?: [T[K]] extends [undefined] ? never : K }[keyof T] : never;
type Same<Dto, View> = [Exclude<keyof Dto, KeysOf<View>>, Exclude<KeysOf<View>, keyof Dto>] extends [never, never]
  ? true
  : { notInView: Exclude<keyof Dto, KeysOf<View>>; notDocumented: Exclude<KeysOf<View>, keyof Dto> };
type Assert<T extends true> = T;
type Returned<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

export type ViewDtosMatchViews = [
  Assert<Same<MemberDto, Extract<ReturnType<typeof memberView>, { status: 'active' }>>>,
  Assert<Same<ProjectDto, ReturnType<typeof projectView> & { notes: unknown }>>,
  Assert<Same<ReferentDto, ReturnType<typeof referentView> & { notes: unknown }>>,
  Assert<Same<ProjectListItemDto, Returned<ReadModelQueries['projects']>['items'][number]>>,
  Assert<Same<ProjectCardDto, Returned<ReadModelQueries['project']>>>,
  Assert<Same<MemberRecommendationsDto, Returned<ReadModelQueries['memberRecommendations']>>>,
  Assert<Same<ProjectRecommendationsDto, Returned<ReadModelQueries['projectRecommendations']>>>,
  Assert<Same<ProjectMatchDto, ProjectMatch>>,
  Assert<Same<PartnerMatchDto, PartnerMatch>>,
  Assert<Same<IntroductionDto, Returned<IntroductionQueries['view']>>>,
  Assert<Same<InboxItemDto, Returned<IntroductionQueries['inbox']>['items'][number]>>,
];
