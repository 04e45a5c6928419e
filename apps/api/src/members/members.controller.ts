import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import {
  InvalidStateError,
  type MemberCommand,
  memberDecider,
  NotFoundError,
  projectDecider,
  type RegisterMember,
  type Sealed,
  streamId,
} from '@trame/domain';
import { aggregateStream, EVENT_STORE, type EventStore } from '@trame/event-store';
import { LinkSigner } from '@trame/mail';
import { KEY_STORE, type KeyStore, PersonalDataCipher } from '@trame/personal-data';
import { TerritoryDirectory } from '@trame/territories';
import { AccessPolicy } from '../auth/access-policy';
import { CurrentPrincipal, type Principal, Public, SignedIn } from '../auth/principal';
import { RegistrationLimit } from '../auth/rate-limits';
import { SignInService } from '../auth/sign-in.service';
import { ExecuteMemberCommand } from '../commands/domain-command.handlers';
import { Idempotency, type IdempotencyContext } from '../http/idempotency';
import { ApiErrors } from '../http/openapi';
import { UuidParam as uuid } from '../http/uuid-param';
import { ReadModelQueries } from '../queries/read-model-queries';
import { ReadSide } from '../queries/read-side';
import { CLOCK, type Clock } from '../shared/clock';
import { oneLine } from '../shared/html-page';
import { createWithSealedContact } from '../shared/sealed-contact';
import { firstNameOf, memberView } from '../shared/views';
import { MemberDto, MemberRecommendationsDto, MemberWithNotesDto } from '../shared/views.dto';
import { AvailabilityDto, InterestsDto, NotificationsDto, RegisterMemberDto, SkillsDto, TerritoriesDto } from './member.dto';
import { ConfirmationService } from './confirmation.service';
import { MemberRegistration } from './member-registration';
import { RegistrationAcceptedDto, registrationAccepted } from './registration.dto';

type FacetCommand = Exclude<MemberCommand, { type: 'RegisterMember' | 'EraseMember' | 'DismissRecommendation' }>;

/** Stand-ins to check a profile's rules before knowing whether the address is new (never appended). */
const RULES_CHECK_ID = '00000000-0000-4000-8000-000000000000';
const RULES_CHECK_PII: Sealed = 'rules-check';

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
    private readonly registration: MemberRegistration,
    private readonly signIn: SignInService,
    private readonly confirmation: ConfirmationService,
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  private get sealing() {
    return { cipher: this.cipher, keys: this.keys, signer: this.signer };
  }

  @Get(':id/recommendations')
  @SignedIn()
  @ApiOperation({ summary: 'Projects that fit this member, ranked, with reasons (fr, en) — the member or an admin' })
  @ApiOkResponse({ type: MemberRecommendationsDto })
  @ApiErrors({ 403: 'neither this member’s session nor an admin’s', 404: 'unknown member (or not yet in the read model)' })
  @ReadSide()
  recommendations(@Param('id', uuid) memberId: string, @CurrentPrincipal() principal?: Principal) {
    this.access.ownMember(principal, memberId, { orAdmin: true });
    return this.queries.memberRecommendations(memberId);
  }

  @Post(':id/recommendations/:projectId/dismiss')
  @SignedIn()
  @HttpCode(204)
  @ApiOperation({
    summary: '"Pas pour moi": never recommend this project to this member again, as after a refusal (the member)',
  })
  @ApiNoContentResponse({ description: 'recorded (the list changes as soon as the matcher has read it)' })
  @ApiErrors({ 403: 'not this member’s session', 404: 'unknown member or project', 409: 'the member is erased' })
  async dismiss(
    @Param('id', uuid) memberId: string,
    @Param('projectId', uuid) projectId: string,
    @Idempotency() idem: IdempotencyContext,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<void> {
    this.access.ownMember(principal, memberId);
    const project = await aggregateStream(this.store, streamId('project', projectId), projectDecider);
    if (project.state.status === 'none') throw new NotFoundError('project', projectId);
    await this.commands.execute(
      new ExecuteMemberCommand(
        { type: 'DismissRecommendation', data: { memberId, projectId }, metadata: { now: this.clock() } },
        { eventId: idem.eventIds('dismiss') },
      ),
    );
  }

  @Post()
  @Public()
  @HttpCode(202)
  @RegistrationLimit()
  @ApiOperation({
    summary:
      'Register a member (open to anyone): 202 and the same answer whether the address is new (registered unconfirmed, ' +
      'sent a confirmation link and code: neither matched nor emailed until confirmed, erased if not confirmed within ' +
      'MEMBER_CONFIRMATION_SECONDS) or already has a member account (no second profile, sent a sign-in link); ' +
      'the id comes with the session (`memberIds`)',
  })
  @ApiAcceptedResponse({ type: RegistrationAcceptedDto, description: 'the same answer for a new and a known address' })
  @ApiErrors({ 422: 'a rule of the profile (1–5 territories, 0–30 skills, 0–60 h…) or a place that cannot be found' })
  async register(@Body() dto: RegisterMemberDto, @Idempotency() idem: IdempotencyContext): Promise<RegistrationAcceptedDto> {
    const started = performance.now();
    const { values: territories, notes } = this.places.resolveTerritories(dto.territories, 'territories');
    const command = (memberId: string, pii: Sealed): RegisterMember => ({
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
    });
    // The profile's rules first, alike for every address: a refused profile is a 422 whether the address is known or not.
    memberDecider.decide(command(RULES_CHECK_ID, RULES_CHECK_PII), memberDecider.initialState());

    const lookupHash = this.signIn.lookupHash(dto.email);
    const { memberId } = await this.registration.decide(lookupHash);
    let registered = false;
    if (memberId) {
      try {
        await createWithSealedContact(this.sealing, { id: memberId, kind: 'member' }, dto, (pii) =>
          this.commands.execute(new ExecuteMemberCommand(command(memberId, pii), { eventId: idem.eventIds('member') })),
        );
        registered = true;
        this.registration.pacing.recordNew(started);
      } catch (error) {
        // Registered a moment ago by a request racing this one (same address, same derived id): a known address now.
        if (!(error instanceof InvalidStateError)) throw error;
      }
    } else {
      await this.registration.pacing.paceKnown(started);
    }
    // Both after the answer: a new address is asked to confirm it (double opt-in), a known one gets a sign-in link.
    if (registered && memberId) this.confirmation.request(memberId, lookupHash);
    else this.signIn.request(dto.email);
    return { message: oneLine(registrationAccepted()), notes: [...notes] };
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
