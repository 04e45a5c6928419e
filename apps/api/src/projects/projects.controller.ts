import { randomUUID } from 'node:crypto';
import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ProjectCommand, ProjectDetails } from '@trame/domain';
import { type ResolutionNote, TerritoryDirectory } from '@trame/territories';
import { AccessPolicy } from '../auth/access-policy';
import { CurrentPrincipal, type Principal, Public, SignedIn } from '../auth/principal';
import { ExecuteProjectCommand } from '../commands/domain-command.handlers';
import { Idempotency, type IdempotencyContext } from '../http/idempotency';
import { ApiErrors } from '../http/openapi';
import { UuidParam as uuid } from '../http/uuid-param';
import { CLOCK, type Clock } from '../shared/clock';
import { projectView } from '../shared/views';
import { ProjectDto, ProjectRecommendationsDto } from '../shared/views.dto';
import { ReadModelQueries } from '../queries/read-model-queries';
import { ProjectPageDto, ProjectWithReferentDto } from '../queries/project-page.dto';
import { ProjectsQueryDto } from '../queries/project-query.dto';
import { PreparedPageInterceptor } from '../queries/prepared-json';
import { ReadSide } from '../queries/read-side';
import { ProjectMissingPartnersDto } from './missing-partners.dto';
import { CloseProjectDto, PauseProjectDto, ProposeProjectDto, ReviseProjectDto } from './project.dto';

/**
 * Reads are public; a project is proposed by its holder, who alone (or an admin) changes it;
 * partners are for the holder, the place's referents and admins.
 */
@ApiTags('projects')
@Controller('v1/projects')
export class ProjectsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly places: TerritoryDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly queries: ReadModelQueries,
    private readonly access: AccessPolicy,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'Active projects, a page at a time, near a place (coordinates, a place code from GET /v1/places or a postcode) and/or ' +
      'on a theme, kind, stage, remote-friendliness; with the total count',
  })
  @ApiOkResponse({ type: ProjectPageDto })
  @ApiErrors({
    400:
      'a query parameter is not valid (`fields` names it), `near` names no known place, or a postcode shared by several ' +
      'communes (listed in `candidates`, to choose from)',
    422: '`near` is out of range',
  })
  @ReadSide()
  @UseInterceptors(PreparedPageInterceptor)
  list(@Query() query: ProjectsQueryDto) {
    return this.queries.projects(query);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'A project card, with the local referent’s first name when one covers its place' })
  @ApiOkResponse({ type: ProjectWithReferentDto })
  @ApiErrors({ 404: 'unknown project (or not yet in the read model)' })
  @ReadSide()
  get(@Param('id', uuid) projectId: string) {
    return this.queries.projectPage(projectId);
  }

  @Get(':id/recommendations')
  @SignedIn()
  @ApiOperation({
    summary: 'Ranked, pseudonymous potential partners with reasons, and the referent of the place (holder, referent of the place, admin)',
  })
  @ApiOkResponse({ type: ProjectRecommendationsDto })
  @ApiErrors({ 403: 'not the holder, a referent covering the project’s place, nor an admin', 404: 'unknown project' })
  @ReadSide()
  async recommendations(@Param('id', uuid) projectId: string, @CurrentPrincipal() principal?: Principal) {
    await this.access.projectPartners(principal, projectId);
    return this.queries.projectRecommendations(projectId);
  }

  @Get(':id/missing-partners')
  @SignedIn()
  @ApiOperation({
    summary:
      'Why members nearby with a needed skill are not partners: counts per need and rule, below 3 never a number, no person ' +
      '(holder, referent of the place, admin)',
  })
  @ApiOkResponse({ type: ProjectMissingPartnersDto })
  @ApiErrors({ 403: 'not the holder, a referent covering the project’s place, nor an admin', 404: 'unknown project' })
  @ReadSide()
  async missingPartners(@Param('id', uuid) projectId: string, @CurrentPrincipal() principal?: Principal) {
    await this.access.projectPartners(principal, projectId);
    return this.queries.projectMissingPartners(projectId);
  }

  @Post()
  @HttpCode(201)
  @SignedIn()
  @ApiOperation({ summary: 'Propose a project (holderId: one of your own member accounts)' })
  @ApiCreatedResponse({ type: ProjectDto, description: 'the new project, with how its place was read' })
  @ApiErrors({
    403: '`holderId` is not one of the session’s member accounts',
    422: 'a rule of the project (title 3–120, 1–10 themes, 1–10 needs…), a place that cannot be found, or an unknown or erased holder',
  })
  async propose(@Body() dto: ProposeProjectDto, @Idempotency() idem: IdempotencyContext, @CurrentPrincipal() principal?: Principal) {
    this.access.proposeAs(principal, dto.holderId);
    const projectId = idem.id('project') ?? randomUUID();
    const { value: location, notes } = this.places.resolveLocation(dto.location, 'location');
    const { holderId, needs, remoteFriendly, ...rest } = dto;
    const details: ProjectDetails = { ...rest, location, remoteFriendly: remoteFriendly ?? false };
    return this.execute(
      { type: 'ProposeProject', data: { projectId, holderId, needs, ...details }, metadata: { now: this.clock() } },
      idem,
      notes,
    );
  }

  @Patch(':id')
  @SignedIn()
  @ApiOperation({ summary: 'Revise a project (any subset of its fields, needs included) (holder, admin)' })
  @ApiOkResponse({ type: ProjectDto })
  @ApiErrors({
    400: 'no field to change',
    403: 'neither the holder nor an admin',
    404: 'unknown project',
    409: 'the project is closed, or was changed concurrently (retry)',
    422: 'a rule of the project, or a place that cannot be found',
  })
  async revise(
    @Param('id', uuid) projectId: string,
    @Body() dto: ReviseProjectDto,
    @Idempotency() idem: IdempotencyContext,
    @CurrentPrincipal() principal?: Principal,
  ) {
    if (Object.values(dto).every((v) => v === undefined)) {
      throw new BadRequestException({ message: ['body: au moins un champ à modifier / at least one field to change'] });
    }
    await this.access.projectHolder(principal, projectId);
    const { needs, location: locationInput, ...rest } = dto;
    const resolved = locationInput ? this.places.resolveLocation(locationInput, 'location') : undefined;
    const changes: Partial<ProjectDetails> = Object.fromEntries(
      Object.entries({ ...rest, location: resolved?.value }).filter(([, v]) => v !== undefined),
    );
    return this.execute(
      { type: 'ReviseProject', data: { projectId, changes, needs }, metadata: { now: this.clock() } },
      idem,
      resolved?.notes,
    );
  }

  @Post(':id/pause')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Pause a project (no recommendations while paused) (holder, admin)' })
  @ApiOkResponse({ type: ProjectDto })
  @ApiErrors({
    403: 'neither the holder nor an admin',
    404: 'unknown project',
    409: 'already paused, closed, or changed concurrently',
    422: 'the reason is too long',
  })
  async pause(
    @Param('id', uuid) projectId: string,
    @Body() dto: PauseProjectDto,
    @Idempotency() idem: IdempotencyContext,
    @CurrentPrincipal() principal?: Principal,
  ) {
    await this.access.projectHolder(principal, projectId);
    return this.execute({ type: 'PauseProject', data: { projectId, reason: dto.reason }, metadata: { now: this.clock() } }, idem);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Resume a paused project (holder, admin)' })
  @ApiOkResponse({ type: ProjectDto })
  @ApiErrors({ 403: 'neither the holder nor an admin', 404: 'unknown project', 409: 'not paused, or changed concurrently' })
  async resume(@Param('id', uuid) projectId: string, @Idempotency() idem: IdempotencyContext, @CurrentPrincipal() principal?: Principal) {
    await this.access.projectHolder(principal, projectId);
    return this.execute({ type: 'ResumeProject', data: { projectId }, metadata: { now: this.clock() } }, idem);
  }

  @Post(':id/close')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Close a project for good (holder, admin)' })
  @ApiOkResponse({ type: ProjectDto })
  @ApiErrors({
    403: 'neither the holder nor an admin',
    404: 'unknown project',
    409: 'already closed, or changed concurrently',
    422: 'the note is too long',
  })
  async close(
    @Param('id', uuid) projectId: string,
    @Body() dto: CloseProjectDto,
    @Idempotency() idem: IdempotencyContext,
    @CurrentPrincipal() principal?: Principal,
  ) {
    await this.access.projectHolder(principal, projectId);
    return this.execute(
      { type: 'CloseProject', data: { projectId, reason: dto.reason, note: dto.note }, metadata: { now: this.clock() } },
      idem,
    );
  }

  private async execute(command: ProjectCommand, idem: IdempotencyContext, notes: readonly ResolutionNote[] = []) {
    const { newState } = await this.commands.execute(new ExecuteProjectCommand(command, { eventId: idem.eventIds(command.type) }));
    return { ...projectView(newState, command.data.projectId), notes };
  }
}
