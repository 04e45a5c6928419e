import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvalidStateError, type MemberCommand } from '@trame/domain';
import { LinkSigner } from '@trame/mail';
import { KEY_STORE, type KeyStore, PersonalDataCipher } from '@trame/personal-data';
import { TerritoryDirectory } from '@trame/territories';
import { AccessPolicy } from '../auth/access-policy';
import { CurrentPrincipal, type Principal, Public, SignedIn } from '../auth/principal';
import { ExecuteMemberCommand } from '../commands/domain-command.handlers';
import { Idempotency, type IdempotencyContext } from '../http/idempotency';
import { ApiErrors } from '../http/openapi';
import { UuidParam as uuid } from '../http/uuid-param';
import { ReadModelQueries } from '../queries/read-model-queries';
import { CLOCK, type Clock } from '../shared/clock';
import { createWithSealedContact } from '../shared/sealed-contact';
import { firstNameOf, memberView } from '../shared/views';
import { MemberDto, MemberRecommendationsDto, MemberWithNotesDto } from '../shared/views.dto';
import { AvailabilityDto, InterestsDto, NotificationsDto, RegisterMemberDto, SkillsDto, TerritoriesDto } from './member.dto';

type FacetCommand = Exclude<MemberCommand, { type: 'RegisterMember' | 'EraseMember' }>;

/** What a change of a member's own profile can answer besides 200. */
const FacetErrors = (rule?: string) =>
  ApiErrors({
    403: 'not this member’s session',
    404: 'unknown member',
    409: 'the member is erased, or was changed concurrently (retry)',
    ...(rule ? { 422: rule } : {}),
  });

/** Registration is open to anyone; everything else is the member's own (erasure and recommendations: admins too). */
@ApiTags('members')
@Controller('v1/members')
export class MembersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly places: TerritoryDirectory,
    private readonly cipher: PersonalDataCipher,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly queries: ReadModelQueries,
    private readonly signer: LinkSigner,
    private readonly access: AccessPolicy,
  ) {}

  private get sealing() {
    return { cipher: this.cipher, keys: this.keys, signer: this.signer };
  }

  @Get(':id/recommendations')
  @SignedIn()
  @ApiOperation({ summary: 'Projects that fit this member, ranked, with reasons (fr, en) — the member or an admin' })
  @ApiOkResponse({ type: MemberRecommendationsDto })
  @ApiErrors({ 403: 'neither this member’s session nor an admin’s', 404: 'unknown member (or not yet in the read model)' })
  recommendations(@Param('id', uuid) memberId: string, @CurrentPrincipal() principal?: Principal) {
    this.access.ownMember(principal, memberId, { orAdmin: true });
    return this.queries.memberRecommendations(memberId);
  }

  @Post()
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a member (open to anyone)' })
  @ApiCreatedResponse({ type: MemberWithNotesDto, description: 'the new member, with how their places were read' })
  @ApiErrors({ 422: 'a rule of the profile (1–5 territories, 0–30 skills, 0–60 h…) or a place that cannot be found' })
  async register(@Body() dto: RegisterMemberDto, @Idempotency() idem: IdempotencyContext) {
    const memberId = idem.id('member') ?? randomUUID();
    const { values: territories, notes } = this.places.resolveTerritories(dto.territories, 'territories');
    return createWithSealedContact(this.sealing, { id: memberId, kind: 'member' }, dto, async (pii) => {
      const { newState } = await this.commands.execute(
        new ExecuteMemberCommand(
          {
            type: 'RegisterMember',
            data: {
              memberId,
              firstName: firstNameOf(dto.displayName),
              pii,
              locale: dto.locale,
              skills: dto.skills,
              interests: dto.interests,
              territories,
              availability: dto.availability,
              notify: dto.notify,
            },
            metadata: { now: this.clock() },
          },
          { eventId: idem.eventIds('member') },
        ),
      );
      return { ...memberView(newState, memberId), notes };
    });
  }

  @Put(':id/skills')
  @SignedIn()
  @ApiOperation({ summary: "Replace a member's skills (the member)" })
  @ApiOkResponse({ type: MemberDto })
  @FacetErrors('at most 30 skills')
  skills(
    @Param('id', uuid) memberId: string,
    @Body() dto: SkillsDto,
    @Idempotency() idem: IdempotencyContext,
    @CurrentPrincipal() principal?: Principal,
  ) {
    this.access.ownMember(principal, memberId);
    return this.facet({ type: 'DeclareSkills', data: { memberId, skills: dto.skills }, metadata: { now: this.clock() } }, idem);
  }

  @Put(':id/interests')
  @SignedIn()
  @ApiOperation({ summary: "Replace a member's interests (themes) (the member)" })
  @ApiOkResponse({ type: MemberDto })
  @FacetErrors('at most 20 interests')
  interests(
    @Param('id', uuid) memberId: string,
    @Body() dto: InterestsDto,
    @Idempotency() idem: IdempotencyContext,
    @CurrentPrincipal() principal?: Principal,
  ) {
    this.access.ownMember(principal, memberId);
    return this.facet({ type: 'ChangeInterests', data: { memberId, interests: dto.interests }, metadata: { now: this.clock() } }, idem);
  }

  @Put(':id/territories')
  @SignedIn()
  @ApiOperation({ summary: "Replace a member's territories (the member)" })
  @ApiOkResponse({ type: MemberWithNotesDto, description: 'the member, with how their places were read' })
  @FacetErrors('1–5 territories, each a place that can be found')
  async territories(
    @Param('id', uuid) memberId: string,
    @Body() dto: TerritoriesDto,
    @Idempotency() idem: IdempotencyContext,
    @CurrentPrincipal() principal?: Principal,
  ) {
    this.access.ownMember(principal, memberId);
    const { values: territories, notes } = this.places.resolveTerritories(dto.territories, 'territories');
    const view = await this.facet({ type: 'ChangeTerritories', data: { memberId, territories }, metadata: { now: this.clock() } }, idem);
    return { ...view, notes };
  }

  @Put(':id/availability')
  @SignedIn()
  @ApiOperation({ summary: "Declare a member's availability (the member)" })
  @ApiOkResponse({ type: MemberDto })
  @FacetErrors('0–60 hours a week, real dates, `until` not before `from`')
  availability(
    @Param('id', uuid) memberId: string,
    @Body() dto: AvailabilityDto,
    @Idempotency() idem: IdempotencyContext,
    @CurrentPrincipal() principal?: Principal,
  ) {
    this.access.ownMember(principal, memberId);
    return this.facet({ type: 'DeclareAvailability', data: { memberId, availability: { ...dto } }, metadata: { now: this.clock() } }, idem);
  }

  @Put(':id/notifications')
  @SignedIn()
  @ApiOperation({ summary: 'Choose how often to be notified (the member)' })
  @ApiOkResponse({ type: MemberDto })
  @FacetErrors()
  notifications(
    @Param('id', uuid) memberId: string,
    @Body() dto: NotificationsDto,
    @Idempotency() idem: IdempotencyContext,
    @CurrentPrincipal() principal?: Principal,
  ) {
    this.access.ownMember(principal, memberId);
    return this.facet({ type: 'ChangeNotifications', data: { memberId, notify: dto.notify }, metadata: { now: this.clock() } }, idem);
  }

  @Delete(':id')
  @SignedIn()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Erase a member: their key is deleted, so their personal data is unreadable everywhere (the member or an admin)',
  })
  @ApiNoContentResponse({ description: 'erased' })
  @ApiErrors({
    403: 'neither this member’s session nor an admin’s',
    404: 'unknown member',
    409: 'already erased (the deletion of the key is completed anyway), or changed concurrently',
  })
  async erase(
    @Param('id', uuid) memberId: string,
    @Idempotency() idem: IdempotencyContext,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<void> {
    this.access.ownMember(principal, memberId, { orAdmin: true });
    try {
      await this.commands.execute(
        new ExecuteMemberCommand(
          { type: 'EraseMember', data: { memberId }, metadata: { now: this.clock() } },
          { eventId: idem.eventIds('erase') },
        ),
      );
    } catch (error) {
      // Already erased: finish a deletion a crash may have interrupted, then report the state.
      if (error instanceof InvalidStateError) await this.keys.deleteKey(memberId);
      throw error;
    }
    await this.keys.deleteKey(memberId);
  }

  private async facet(command: FacetCommand, idem: IdempotencyContext) {
    const { newState } = await this.commands.execute(new ExecuteMemberCommand(command, { eventId: idem.eventIds(command.type) }));
    return memberView(newState, command.data.memberId);
  }
}
