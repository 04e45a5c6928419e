import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FINAL_INTRODUCTION_STATUSES, OPEN_INTRODUCTION_STATUSES } from '@trame/domain';
import { MemberDto, ProjectCardDto, ProjectMatchDto } from '../shared/views.dto';
import type { MemberSpace } from './member-space';

const INTRODUCTION_STATUSES = [...OPEN_INTRODUCTION_STATUSES, ...FINAL_INTRODUCTION_STATUSES];

/** The member's own profile: everything the profile facets hold, and their contact details, opened for them only. */
export class MemberProfileDto extends MemberDto {
  @ApiProperty({ example: 'Camille Martin', description: 'the full name as registered' })
  displayName: string;

  @ApiProperty({ example: 'Martin', description: 'the full name without its first word (empty for a single word)' })
  lastName: string;

  @ApiProperty({ example: 'camille@example.org' })
  email: string;
}

export class MemberProjectsDto {
  @ApiProperty({ format: 'uuid' })
  memberId: string;

  @ApiProperty({ type: [ProjectCardDto], description: 'the projects the member holds, every status, newest first' })
  items: ProjectCardDto[];
}

class ExportedEventDto {
  @ApiProperty({ example: 'MemberRegistered' })
  type: string;

  @ApiProperty({ type: String, format: 'date-time' })
  recordedAt: string;

  @ApiProperty({ type: Object, description: 'the event’s data; sealed personal data opened as `personalData`' })
  data: unknown;
}

class ExportedProjectDto extends ProjectCardDto {
  @ApiProperty({ type: [ExportedEventDto], description: 'the project’s history' })
  events: ExportedEventDto[];
}

class ExportedProjectRefDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true })
  title: string | null;
}

class ExportedPartyDto {
  @ApiProperty({ type: String, nullable: true, description: 'first name only; null once that person is erased' })
  firstName: string | null;
}

class ExportedHistoryEntryDto {
  @ApiProperty({ example: 'IntroductionApproved' })
  type: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at: string;

  @ApiPropertyOptional({ description: 'a referent’s note' })
  note?: string;
}

export class ExportedIntroductionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['member', 'holder'], description: 'the member’s side: the person introduced, or the project’s holder' })
  side: 'member' | 'holder';

  @ApiProperty({ type: ExportedProjectRefDto })
  project: ExportedProjectRefDto;

  @ApiProperty({ type: ExportedPartyDto })
  otherParty: ExportedPartyDto;

  @ApiProperty()
  requestedByYou: boolean;

  @ApiProperty({ enum: INTRODUCTION_STATUSES })
  status: (typeof INTRODUCTION_STATUSES)[number];

  @ApiProperty({ type: String, format: 'date-time' })
  requestedAt: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  endedAt?: string;

  @ApiProperty({ type: [ExportedHistoryEntryDto] })
  history: ExportedHistoryEntryDto[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'the message the member wrote, when they asked' })
  yourMessage?: string | null;
}

/** GET /v1/members/:id/export: the file "download my data" gives. */
export class MemberExportDto {
  @ApiProperty({ enum: ['trame-member-export'] })
  format: 'trame-member-export';

  @ApiProperty({ enum: [1] })
  version: 1;

  @ApiProperty({ type: String, format: 'date-time' })
  exportedAt: string;

  @ApiProperty({ format: 'uuid' })
  memberId: string;

  @ApiProperty({ type: MemberProfileDto })
  profile: MemberProfileDto;

  @ApiProperty({ type: [ExportedEventDto], description: 'the member’s own events, oldest first' })
  events: ExportedEventDto[];

  @ApiProperty({ type: [ExportedProjectDto], description: 'the projects the member holds, with their history' })
  projects: ExportedProjectDto[];

  @ApiProperty({ type: [ExportedIntroductionDto] })
  introductions: ExportedIntroductionDto[];

  @ApiProperty({ type: [ProjectMatchDto], description: 'the projects recommended to the member now, best first' })
  recommendations: ProjectMatchDto[];
}

// ── Each class lists exactly the fields of the view it documents (as views.dto.ts does) ──

type Same<Dto, View> = [Exclude<keyof Dto, keyof View>, Exclude<keyof View, keyof Dto>] extends [never, never]
  ? true
  : { notInView: Exclude<keyof Dto, keyof View>; notDocumented: Exclude<keyof View, keyof Dto> };
type Assert<T extends true> = T;
type Returned<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

export type MemberSpaceDtosMatchViews = [
  Assert<Same<MemberProfileDto, Returned<MemberSpace['profile']>>>,
  Assert<Same<MemberProjectsDto, Returned<MemberSpace['projects']>>>,
  Assert<Same<MemberExportDto, Returned<MemberSpace['export']>>>,
  Assert<Same<ExportedIntroductionDto, Returned<MemberSpace['export']>['introductions'][number]>>,
];
