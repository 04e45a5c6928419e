import { ApiProperty } from '@nestjs/swagger';
import { MISSING_RULES, type MissingRule } from '@trame/matching';
import type { ReadModelQueries } from '../queries/read-model-queries';
import { FEWER_THAN_3, SMALL_COUNT, type DisclosedCount, type MissingPartnersState } from './missing-partners.view';

const LIST_STATES = ['short', 'full', 'paused', 'closed', 'pending'] as const;

export class MissingRuleCountDto {
  @ApiProperty({
    enum: MISSING_RULES,
    description:
      'the first rule that leaves the members out, in this order: memberRadius (their own territory does not reach the ' +
      'project), projectRadius (their circle reaches it, the project’s radius does not reach them), hours (none offered, or ' +
      'fewer than the need asks), dates (their availability ended), introduction (an introduction open, done, declined or ' +
      'refused less than 90 days ago, or they set the project aside), remoteReach (remote-friendly project: not among its ' +
      'best candidates nationwide), cap (shown to the holders of projects that fit them better)',
  })
  rule: MissingRule;

  @ApiProperty({
    oneOf: [
      { type: 'integer', minimum: SMALL_COUNT },
      { type: 'string', enum: [FEWER_THAN_3] },
    ],
    example: FEWER_THAN_3,
    description: `how many members; below ${SMALL_COUNT} (0 included) never a number: "${FEWER_THAN_3}"`,
  })
  members: DisclosedCount;
}

export class MissingNeedDto {
  @ApiProperty({ example: 0, description: 'the need’s place among the project’s needs (from 0)' })
  index: number;

  @ApiProperty({ example: 'Maraîcher·e' })
  role: string;

  @ApiProperty({ type: [MissingRuleCountDto], description: 'every rule, in the order they are applied' })
  rules: MissingRuleCountDto[];
}

export class ProjectMissingPartnersDto {
  @ApiProperty({ type: String, format: 'uuid' })
  projectId: string;

  @ApiProperty({
    enum: LIST_STATES,
    description:
      'short: fewer partners than the list holds, counts given; full: the list is full, no counts; paused, closed: no ' +
      'partners, no counts; pending: not worked out yet, ask again shortly',
  })
  list: MissingPartnersState;

  @ApiProperty({ example: 2, description: 'partners the project’s list shows' })
  partners: number;

  @ApiProperty({
    example: 50,
    description:
      'who counts: members having one of the need’s skills with a circle whose centre is within areaKm of the project’s ' +
      'place, or a whole area (commune, département, région) holding it; never the holder nor a member the list shows; ' +
      'each counted once per need, under the first rule that leaves them out',
  })
  areaKm: number;

  @ApiProperty({ type: [MissingNeedDto], description: 'one per need with skills, in the project’s order; empty unless list is short' })
  needs: MissingNeedDto[];
}

// Each class lists exactly the fields the query returns (a field added there fails the type-check until it is here).
type Same<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : { notInView: Exclude<keyof A, keyof B>; notDocumented: Exclude<keyof B, keyof A> };
type Assert<T extends true> = T;
type Returned = Awaited<ReturnType<ReadModelQueries['projectMissingPartners']>>;
export type MissingPartnersDtosMatch = [
  Assert<Same<ProjectMissingPartnersDto, Returned>>,
  Assert<Same<MissingNeedDto, Returned['needs'][number]>>,
  Assert<Same<MissingRuleCountDto, Returned['needs'][number]['rules'][number]>>,
];
