import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { v5 as uuidv5 } from 'uuid';
import {
  type ExistingIntroductionState,
  type Assignment,
  INTRODUCTION_RULES,
  assertProjectAllowsIntroductionStep,
  ForbiddenError,
  type IntroductionActor,
  type IntroductionCommand,
  introductionDecider,
  type IntroductionState,
  NotFoundError,
  PAIR_COOL_DOWN_DAYS,
  type ProjectState,
} from '@trame/domain';
import { LinkSigner } from '@trame/mail';
import { TermNormaliser } from '@trame/matching';
import { PersonalDataCipher } from '@trame/personal-data';
import { CurrentPrincipal, type Principal, SignedIn, SignedLink, type SignedLinkSpec } from '../auth/principal';
import { IntroductionRequestLimit } from '../auth/rate-limits';
import { ExecuteIntroductionCommand } from '../commands/domain-command.handlers';
import { toErrorBody } from '../http/error.filter';
import { Idempotency, type IdempotencyContext } from '../http/idempotency';
import { ApiErrors, ApiHtmlResponse, ApiJsonOrHtmlResponse } from '../http/openapi';
import { UuidParam as uuid } from '../http/uuid-param';
import { ReadSide } from '../queries/read-side';
import { CLOCK, type Clock } from '../shared/clock';
import { type Bilingual, oneLine } from '../shared/html-page';
import { IntroductionDto, IntroductionRequestedDto, IntroductionStatusDto } from '../shared/views.dto';
import { IntroductionContext } from './introduction-context';
import { ApiLinkQuery, type IntroductionLink, IntroductionNoteDto, LinkQuery, RequestIntroductionDto } from './introduction.dto';
import { BUTTONS, DONE, INTRODUCTION_ACTIONS, type IntroductionAction, introductionPage, PAGE_TEXT, statusText } from './introduction-page';
import { IntroductionQueries } from './introduction-queries';
import { DETAIL_ACTIONS, type DetailAction, IntroductionDetailsDto, type ViewerRole } from './introduction-details.dto';
import { pairMatchDetails } from './introduction-match';

/** Nobody covers an unknown project's place; the request is refused before this matters. */
const ADMINS: Assignment = { referentId: 'admin', level: 'admin' };

/** Namespace of introduction ids: one id per (project, member, attempt), a fixed random UUID. */
const INTRODUCTION_NAMESPACE = '6a0f3e2c-8d41-4b7e-9c35-1f2e4d6a8b90';

/** The id of the n-th introduction (from 0) of a pair: two concurrent requests compute the same one. */
export const introductionIdFor = (projectId: string, memberId: string, attempt: number): string =>
  uuidv5(`${projectId}:${memberId}:${attempt}`, INTRODUCTION_NAMESPACE);

const forbidden = (fr: string, en: string) => new ForbiddenError(`${fr} / ${en}`);

/** The links of the introduction emails: `?as=<actor>&token=<signature>`. */
const INTRODUCTION_LINK: SignedLinkSpec = { link: 'an introduction email', in: 'query', params: ['as', 'token'] };

/** What the four actions answer besides their own rule (a page instead of JSON for a browser). */
const ActionErrors = (note?: string) =>
  ApiErrors(
    {
      401: 'neither a session nor a signed link',
      403: 'the link is not valid, or the actor may not do this (now)',
      404: 'unknown introduction',
      409: 'the introduction is no longer at this step (already decided, ended), or was changed concurrently',
      ...(note ? { 422: note } : {}),
    },
    { html: true },
  );

/** "texte / text" messages back into their two languages, for a page. */
const bilingual = (message: string): Bilingual => {
  const at = message.indexOf(' / ');
  return at < 0 ? { fr: message, en: message } : { fr: message.slice(0, at), en: message.slice(at + 3) };
};

const commandFor = (
  action: IntroductionAction,
  introductionId: string,
  actor: IntroductionActor,
  now: Date,
  note?: string,
): IntroductionCommand => {
  const metadata = { now };
  switch (action) {
    case 'approve':
      return { type: 'ApproveIntroduction', data: { introductionId, actor, note }, metadata };
    case 'decline':
      return { type: 'DeclineIntroduction', data: { introductionId, actor, note }, metadata };
    case 'accept':
      return { type: 'AcceptIntroduction', data: { introductionId, actor }, metadata };
    case 'refuse':
      return { type: 'RefuseIntroduction', data: { introductionId, actor }, metadata };
  }
};

/** Whether the decider would let `actor` do `action` now (nothing is appended). */
const allowed = (state: IntroductionState, command: IntroductionCommand): boolean => {
  try {
    introductionDecider.decide(command, state);
    return true;
  } catch {
    return false;
  }
};

/** Whether the project lets its introductions move on now (see assertProjectAllowsIntroductionStep). */
const projectAllows = (project: ProjectState): boolean => {
  try {
    assertProjectAllowsIntroductionStep(project);
    return true;
  } catch {
    return false;
  }
};

/**
 * No session role fits: the decider still runs, so a final introduction answers 409 and a
 * bad note 422 before the 403 (it treats a missing actor as nobody).
 */
const NOBODY = undefined as unknown as IntroductionActor;

/** The command of any action the decision page may offer. */
const detailCommand = (action: DetailAction, introductionId: string, actor: IntroductionActor, now: Date): IntroductionCommand => {
  if (action === 'withdraw') return { type: 'WithdrawIntroduction', data: { introductionId, actor }, metadata: { now } };
  if (action === 'resend') return { type: 'ResendIntroducedEmail', data: { introductionId, actor }, metadata: { now } };
  return commandFor(action, introductionId, actor, now);
};

/**
 * How the viewer sees the introduction: a referent it was assigned to or who covers its
 * place, an admin, or one of its two sides; undefined when none of these.
 */
const viewerRole = (
  actors: readonly IntroductionActor[],
  state: ExistingIntroductionState,
  referentIds: readonly string[],
): ViewerRole | undefined => {
  if (actors.some((a) => a.kind === 'referent' && (referentIds.includes(a.id) || a.coversProject))) return 'referent';
  if (actors.some((a) => a.kind === 'admin')) return 'admin';
  const memberIds = actors.flatMap((a) => (a.kind === 'member' ? [a.id] : []));
  if (memberIds.includes(state.holderId)) return 'holder';
  if (memberIds.includes(state.memberId)) return 'member';
  return undefined;
};

/**
 * The three-party workflow. Requests need a session; the actions accept either a session
 * or the signed link of an email (`?as=&token=`), which then acts as exactly `as`. The
 * decider decides who may do what; this controller only establishes who is acting.
 */
@ApiTags('introductions')
@Controller('v1/introductions')
export class IntroductionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly context: IntroductionContext,
    private readonly queries: IntroductionQueries,
    private readonly cipher: PersonalDataCipher,
    private readonly signer: LinkSigner,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly normaliser: TermNormaliser,
    @Inject(TRAME_CONFIG) private readonly config: Pick<TrameConfig, 'MATCH_MIN_HOURS_SHARE'>,
  ) {}

  @Post()
  @SignedIn()
  @IntroductionRequestLimit()
  @HttpCode(201)
  @ApiOperation({ summary: 'Ask for an introduction, as the project’s holder or as the member' })
  @ApiCreatedResponse({
    type: IntroductionRequestedDto,
    headers: { Location: { description: '/v1/introductions/{id}', schema: { type: 'string' } } },
  })
  @ApiErrors({
    403: 'asking as the holder without being the project’s, or as the member without being them',
    409: 'an introduction of this project and member is already under way, or they were already introduced, or it was changed concurrently',
    422:
      'unknown, paused or closed project; unknown or erased member; ' +
      `or the pair was declined or refused less than ${PAIR_COOL_DOWN_DAYS} days ago`,
  })
  async request(
    @Body() dto: RequestIntroductionDto,
    @CurrentPrincipal() principal: Principal,
    @Idempotency() idem: IdempotencyContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { projectId, memberId, requestedBy } = dto;
    const mine = (id: string) => principal.memberIds.includes(id);
    if (requestedBy === 'member' && !mine(memberId)) {
      throw forbidden('seul le membre lui-même peut demander en tant que membre', 'only the member may ask as the member');
    }
    const [project, pair] = await Promise.all([this.context.project(projectId), this.queries.pair(projectId, memberId)]);
    if (requestedBy === 'holder' && project.status !== 'none' && !mine(project.holderId)) {
      throw forbidden('seul le porteur du projet peut demander en tant que porteur', "only the project's holder may ask as the holder");
    }
    const now = this.clock();
    // The attempt number comes from the read model; if it lags, the id is one that exists
    // and the decider answers 409: two requests can never both open an introduction.
    const introductionId = introductionIdFor(projectId, memberId, pair.length);
    // An unknown project has no holder nor place: the command handler's policy refuses it
    // (422 naming projectId, and memberId if need be) before anything is decided.
    const known = project.status === 'none' ? undefined : project;
    const requesterId = requestedBy === 'holder' ? known?.holderId : memberId;
    const text = dto.message?.trim();
    const [assignment, message] = await Promise.all([
      known ? this.context.assignmentFor(known) : ADMINS,
      // Sealed with the requester's key (the notifier opens it with open<string>(requesterId, message)):
      // erasing the requester shreds it too.
      text && requesterId ? this.cipher.seal(requesterId, text) : undefined,
    ]);
    await this.commands.execute(
      new ExecuteIntroductionCommand(
        {
          type: 'RequestIntroduction',
          data: {
            introductionId,
            projectId,
            memberId,
            holderId: known?.holderId ?? '',
            requestedBy,
            actor: { kind: 'member', id: requesterId ?? '' },
            message,
            assignment,
          },
          metadata: { now },
        },
        { eventId: idem.eventIds('introduction') },
      ),
    );
    res.setHeader('Location', `/v1/introductions/${introductionId}`);
    return { id: introductionId, status: 'awaiting-referent' };
  }

  @Get(':id')
  @SignedIn()
  @ApiOperation({ summary: 'Status and history (holder, member, their referents, admin)' })
  @ApiOkResponse({ type: IntroductionDto })
  @ApiErrors({ 403: 'neither side, one of their referents, nor an admin', 404: 'unknown introduction (or not yet in the read model)' })
  @ReadSide()
  async get(@Param('id', uuid) introductionId: string, @CurrentPrincipal() principal: Principal) {
    const doc = await this.queries.get(introductionId);
    const visible =
      principal.admin ||
      principal.memberIds.includes(doc.memberId) ||
      principal.memberIds.includes(doc.holderId) ||
      principal.referentIds.some((id) => doc.referentIds.includes(id));
    if (!visible) {
      throw forbidden('réservé aux deux parties, à leurs référents et aux admins', 'only for both sides, their referents and admins');
    }
    return this.queries.view(doc);
  }

  @Get(':id/respond')
  @ApiLinkQuery({ required: true })
  @SignedLink(INTRODUCTION_LINK)
  @ApiOperation({ summary: 'The page an emailed link opens: the introduction and the actions open to the link’s actor (changes nothing)' })
  @ApiHtmlResponse(200, 'the introduction, and a button for each action open to the link’s actor')
  @ApiHtmlResponse(403, 'the link is not valid')
  @ApiHtmlResponse(404, 'unknown introduction')
  async respond(
    @Param('id', uuid) introductionId: string,
    @LinkQuery() link: IntroductionLink,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    pageHeaders(res);
    if (!this.validLink(introductionId, link)) return this.page(res, 403, [PAGE_TEXT.forbidden]);
    const state = await this.context.introduction(introductionId);
    if (state.status === 'none') return this.page(res, 404, [PAGE_TEXT.notFound]);
    const [project, member, actor] = await Promise.all([
      this.context.project(state.projectId),
      this.context.member(state.memberId),
      this.linkActor(link.as!, state).catch(() => NOBODY),
    ]);
    const now = this.clock();
    const actions = INTRODUCTION_ACTIONS.filter(
      (a) => actor !== NOBODY && projectAllows(project) && allowed(state, commandFor(a, introductionId, actor, now)),
    );
    const title = project.status === 'none' ? '—' : project.details.title;
    const firstName = member.status === 'active' ? member.firstName : '—';
    const lines: Bilingual[] = [
      { fr: `Projet : ${title}`, en: `Project: ${title}` },
      { fr: `Membre : ${firstName}`, en: `Member: ${firstName}` },
      statusText(state),
      ...(actions.length === 0 ? [PAGE_TEXT.nothingToDo] : []),
    ];
    // Relative to /v1/introductions/:id/, so it also works behind a path prefix.
    const query = `?as=${encodeURIComponent(link.as!)}&token=${encodeURIComponent(link.token!)}`;
    return this.page(res, 200, lines, {
      note: actions.includes('approve') || actions.includes('decline'),
      buttons: actions.map((a) => ({ action: `${a}${query}`, label: BUTTONS[a] })),
    });
  }

  @Post(':id/approve')
  @ApiLinkQuery({ required: false })
  @SignedLink({ ...INTRODUCTION_LINK, orSession: true })
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve (the assigned referent, a referent of an enclosing territory, or an admin); session or signed link' })
  @ApiJsonOrHtmlResponse(200, IntroductionStatusDto, 'approved: the introduction’s new status')
  @ActionErrors('the note is too long')
  approve(
    @Param('id', uuid) id: string,
    @Body() dto: IntroductionNoteDto,
    @LinkQuery() link: IntroductionLink,
    @CurrentPrincipal() principal: Principal | undefined,
    @Idempotency() idem: IdempotencyContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act('approve', id, { link, principal, idem, req, res }, dto.note);
  }

  @Post(':id/decline')
  @ApiLinkQuery({ required: false })
  @SignedLink({ ...INTRODUCTION_LINK, orSession: true })
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline (same people as approve); session or signed link' })
  @ApiJsonOrHtmlResponse(200, IntroductionStatusDto, 'declined: the introduction’s new status')
  @ActionErrors('the note is too long')
  decline(
    @Param('id', uuid) id: string,
    @Body() dto: IntroductionNoteDto,
    @LinkQuery() link: IntroductionLink,
    @CurrentPrincipal() principal: Principal | undefined,
    @Idempotency() idem: IdempotencyContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act('decline', id, { link, principal, idem, req, res }, dto.note);
  }

  @Post(':id/accept')
  @ApiLinkQuery({ required: false })
  @SignedLink({ ...INTRODUCTION_LINK, orSession: true })
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept (the side that did not ask, once approved); session or signed link' })
  @ApiJsonOrHtmlResponse(200, IntroductionStatusDto, 'accepted: the introduction’s new status (introduced)')
  @ActionErrors()
  accept(
    @Param('id', uuid) id: string,
    @LinkQuery() link: IntroductionLink,
    @CurrentPrincipal() principal: Principal | undefined,
    @Idempotency() idem: IdempotencyContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act('accept', id, { link, principal, idem, req, res });
  }

  @Post(':id/refuse')
  @ApiLinkQuery({ required: false })
  @SignedLink({ ...INTRODUCTION_LINK, orSession: true })
  @HttpCode(200)
  @ApiOperation({ summary: 'Refuse (the side that did not ask, once approved); session or signed link' })
  @ApiJsonOrHtmlResponse(200, IntroductionStatusDto, 'refused: the introduction’s new status')
  @ActionErrors()
  refuse(
    @Param('id', uuid) id: string,
    @LinkQuery() link: IntroductionLink,
    @CurrentPrincipal() principal: Principal | undefined,
    @Idempotency() idem: IdempotencyContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.act('refuse', id, { link, principal, idem, req, res });
  }

  @Get(':id/details')
  @ApiLinkQuery({ required: false })
  @SignedLink({ ...INTRODUCTION_LINK, orSession: true })
  @ApiOperation({
    summary:
      'The decision page’s data: the project, the member’s pseudonymous profile, why they fit, and what the viewer may do now ' +
      '(both sides, their referents, admins; session or signed link; changes nothing)',
  })
  @ApiOkResponse({ type: IntroductionDetailsDto })
  @ApiErrors({
    401: 'neither a session nor a signed link',
    403: 'the link is not valid, or neither side, one of their referents, nor an admin',
    404: 'unknown introduction (or not yet in the read model)',
  })
  @ReadSide()
  async details(
    @Param('id', uuid) introductionId: string,
    @LinkQuery() link: IntroductionLink,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    // The token may be in the URL: keep the answer out of caches.
    res.setHeader('Cache-Control', 'no-store');
    if (!link.present && !principal) throw new UnauthorizedException('connexion requise / sign-in required');
    if (link.present && !this.validLink(introductionId, link)) throw new ForbiddenError(oneLine(PAGE_TEXT.forbidden));
    const state = await this.context.introduction(introductionId);
    if (state.status === 'none') throw new NotFoundError('introduction', introductionId);
    const doc = await this.queries.get(introductionId);
    const actors = link.present
      ? [await this.linkActor(link.as!, state).catch(() => NOBODY)].filter((a) => a !== NOBODY)
      : await this.sessionActors(principal!, state);
    const role = viewerRole(actors, state, doc.referentIds);
    if (!role) {
      throw forbidden('réservé aux deux parties, à leurs référents et aux admins', 'only for both sides, their referents and admins');
    }
    const [project, member, holder] = await Promise.all([
      this.context.project(state.projectId),
      this.context.member(state.memberId),
      this.context.member(state.holderId),
    ]);
    const now = this.clock();
    const sessionOnly: readonly DetailAction[] = ['withdraw', 'resend'];
    const actions = DETAIL_ACTIONS.filter((action) => {
      if (link.present && sessionOnly.includes(action)) return false;
      if (!sessionOnly.includes(action) && !projectAllows(project)) return false;
      return actors.some((actor) => allowed(state, detailCommand(action, introductionId, actor, now)));
    });
    const memberIds = actors.flatMap((a) => (a.kind === 'member' ? [a.id] : []));
    const requester = memberIds.includes(state.requesterId);
    const consenting = memberIds.includes(state.consentingPartyId);
    const party = memberIds.includes(state.holderId) ? 'holder' : memberIds.includes(state.memberId) ? 'member' : undefined;
    const lastSent = party && state.status === 'introduced' ? state.contactResentAt?.[party] : undefined;
    const resendAt = lastSent && Date.parse(lastSent) + INTRODUCTION_RULES.resendIntroducedEmailMs;
    // The requester's own words: for those who decide, and for the requester; the other side reads them in the final email.
    const message =
      state.message && (requester || role === 'referent' || role === 'admin')
        ? await this.cipher.open<string>(state.requesterId, state.message)
        : undefined;
    const active = member.status === 'active' ? member : undefined;
    return {
      ...(await this.queries.view(doc)),
      // The stream is ahead of the read model right after an action: its status is the one to show.
      status: state.status,
      projectDetails:
        project.status === 'none'
          ? { id: state.projectId, title: '', summary: '', place: '', status: 'closed' as const, needs: [] }
          : {
              id: project.projectId,
              title: project.details.title,
              summary: project.details.summary,
              place: project.details.location.label,
              status: project.status,
              needs: project.needs.map((n) => ({
                role: n.role,
                skills: [...n.skills],
                ...(n.hoursPerWeek !== undefined ? { hoursPerWeek: n.hoursPerWeek } : {}),
                ...(n.count !== undefined ? { count: n.count } : {}),
              })),
            },
      memberProfile: {
        firstName: active?.firstName ?? null,
        skills: [...(active?.skills ?? [])],
        interests: [...(active?.interests ?? [])],
        places: (active?.territories ?? []).map((t) => t.label),
        ...(active ? { availability: active.availability } : {}),
      },
      holderFirstName: holder.status === 'active' ? holder.firstName : null,
      match:
        active && project.status !== 'none'
          ? pairMatchDetails(this.normaliser, project, active, now, this.config.MATCH_MIN_HOURS_SHARE)
          : null,
      ...(message ? { message } : {}),
      ...(state.reviewedBy ? { reviewedBy: state.reviewedBy.kind } : {}),
      viewer: { role, requester, consenting },
      actions,
      ...(resendAt && resendAt > now.getTime() ? { resendAfter: new Date(resendAt).toISOString() } : {}),
    };
  }

  @Post(':id/withdraw')
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a request that is not final (the requester, signed in); the other parties are told by email' })
  @ApiOkResponse({ type: IntroductionStatusDto, description: 'withdrawn' })
  @ApiErrors({
    403: 'not the person who made the request',
    404: 'unknown introduction',
    409: 'the introduction is already final, or was changed concurrently',
  })
  withdraw(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal, @Idempotency() idem: IdempotencyContext) {
    return this.actWithSession('withdraw', id, principal, idem);
  }

  @Post(':id/resend')
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Send the “you are introduced” email (the other’s contact details) again to the signed-in side asking, ' +
      'once an hour at most; the details never appear in an answer',
  })
  @ApiOkResponse({ type: IntroductionStatusDto, description: 'the email is on its way (status stays introduced)' })
  @ApiErrors({
    403: 'neither of the two people introduced',
    404: 'unknown introduction',
    409: 'not introduced (yet), or sent less than an hour ago (the message names when it is possible again)',
  })
  resend(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal, @Idempotency() idem: IdempotencyContext) {
    return this.actWithSession('resend', id, principal, idem);
  }

  /** Withdraw and resend: a session's member accounts only (no emailed link asks for these). */
  private async actWithSession(action: 'withdraw' | 'resend', introductionId: string, principal: Principal, idem: IdempotencyContext) {
    const state = await this.context.introduction(introductionId);
    if (state.status === 'none') throw new NotFoundError('introduction', introductionId);
    const now = this.clock();
    const candidates = principal.memberIds.map((id): IntroductionActor => ({ kind: 'member', id }));
    const make = (actor: IntroductionActor) => detailCommand(action, introductionId, actor, now);
    const actor = candidates.find((a) => allowed(state, make(a))) ?? candidates[0] ?? NOBODY;
    const { newState } = await this.commands.execute(new ExecuteIntroductionCommand(make(actor), { eventId: idem.eventIds(action) }));
    return { id: introductionId, status: (newState.status === 'none' ? state : newState).status };
  }

  /**
   * With `as`/`token` the link is the only credential (no session needed, none used);
   * otherwise the session's accounts are tried, the most fitting first. A browser posting
   * the page's form gets a page back, anything else JSON.
   */
  private async act(
    action: IntroductionAction,
    introductionId: string,
    call: { link: IntroductionLink; principal?: Principal; idem: IdempotencyContext; req: Request; res: Response },
    note?: string,
  ) {
    const { link, principal, idem, req, res } = call;
    const html = req.accepts(['json', 'html']) === 'html';
    try {
      const viaLink = link.present;
      if (!viaLink && !principal) throw new UnauthorizedException('connexion requise / sign-in required');
      if (viaLink && !this.validLink(introductionId, link)) throw new ForbiddenError(oneLine(PAGE_TEXT.forbidden));
      const state = await this.context.introduction(introductionId);
      if (state.status === 'none') throw new NotFoundError('introduction', introductionId);
      const now = this.clock();
      const make = (actor: IntroductionActor) => commandFor(action, introductionId, actor, now, note);
      const candidates = viaLink ? [await this.linkActor(link.as!, state)] : await this.sessionActors(principal!, state);
      // The first candidate the decider accepts; else the first, for the decider's own error.
      const actor = candidates.find((a) => allowed(state, make(a))) ?? candidates[0] ?? NOBODY;
      const { newState } = await this.commands.execute(new ExecuteIntroductionCommand(make(actor), { eventId: idem.eventIds(action) }));
      const after = newState.status === 'none' ? state : newState;
      const status = after.status;
      if (html) {
        pageHeaders(res);
        return introductionPage([DONE[action], statusText(after)]);
      }
      return { id: introductionId, status };
    } catch (error) {
      if (!html) throw error;
      const body = toErrorBody(error);
      pageHeaders(res);
      res.status(body.statusCode);
      return introductionPage(body.message.map(bilingual));
    }
  }

  private validLink(introductionId: string, link: IntroductionLink): boolean {
    return link.as !== undefined && this.signer.verifyIntroductionLink(introductionId, link.as, link.token);
  }

  /** The one actor a verified link stands for. */
  private async linkActor(as: string, state: ExistingIntroductionState): Promise<IntroductionActor> {
    if (as === 'admin') return { kind: 'admin' };
    if (as === state.memberId || as === state.holderId) return { kind: 'member', id: as };
    const actor = (await this.referentActors([as], state))[0];
    if (!actor) throw forbidden('ce référent n’est plus en fonction', 'this referent is no longer active');
    return actor;
  }

  /** Every role of the session, the assigned referent first, then other referents, admin, members. */
  private async sessionActors(principal: Principal, state: ExistingIntroductionState): Promise<IntroductionActor[]> {
    const assigned = state.assignment.referentId;
    const referentIds = [...principal.referentIds].sort((a, b) => Number(b === assigned) - Number(a === assigned));
    return [
      ...(await this.referentActors(referentIds, state)),
      ...(principal.admin ? [{ kind: 'admin' } as const] : []),
      ...principal.memberIds.map((id): IntroductionActor => ({ kind: 'member', id })),
    ];
  }

  /** Active referents among `ids`, with their coverage of the project's place (from their own streams). */
  private async referentActors(ids: readonly string[], state: ExistingIntroductionState): Promise<IntroductionActor[]> {
    if (ids.length === 0) return [];
    const [project, ...referents] = await Promise.all([
      this.context.project(state.projectId),
      ...ids.map((id) => this.context.referent(id)),
    ]);
    const actors: IntroductionActor[] = [];
    for (const referent of referents) {
      if (referent.status !== 'active') continue;
      const coverage =
        project.status === 'none' ? { coversProject: false, level: 'commune' as const } : this.context.coverage(referent, project);
      actors.push({ kind: 'referent', id: referent.referentId, ...coverage });
    }
    return actors;
  }

  private page(res: Response, status: number, lines: readonly Bilingual[], form?: Parameters<typeof introductionPage>[1]): string {
    res.status(status).type('html');
    return introductionPage(lines, form);
  }
}

/** The token is in the URL: keep it out of caches, referrers and search engines. */
function pageHeaders(res: Response): void {
  res.type('html');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
}
