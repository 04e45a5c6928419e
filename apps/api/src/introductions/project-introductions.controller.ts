import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AccessPolicy } from '../auth/access-policy';
import { CurrentPrincipal, type Principal, SignedIn } from '../auth/principal';
import { ApiErrors } from '../http/openapi';
import { UuidParam as uuid } from '../http/uuid-param';
import { ReadSide } from '../queries/read-side';
import { IntroductionDto } from '../shared/views.dto';
import { IntroductionQueries } from './introduction-queries';

export class ProjectIntroductionsDto {
  @ApiProperty({ format: 'uuid' })
  projectId: string;

  @ApiProperty({ type: [IntroductionDto], description: 'newest first; first names, statuses and times only, never a message' })
  items: IntroductionDto[];
}

/**
 * A project's introductions, for its holder's page: the same people who see its partners
 * (the holder, a referent covering its place, an admin), since the list names them.
 */
@ApiTags('projects')
@Controller('v1/projects')
export class ProjectIntroductionsController {
  constructor(
    private readonly queries: IntroductionQueries,
    private readonly access: AccessPolicy,
  ) {}

  @Get(':id/introductions')
  @SignedIn()
  @ApiOperation({ summary: 'The introductions of a project, newest first, with status and history (holder, referent of the place, admin)' })
  @ApiOkResponse({ type: ProjectIntroductionsDto })
  @ApiErrors({ 403: 'not the holder, a referent covering the project’s place, nor an admin', 404: 'unknown project' })
  @ReadSide()
  async list(@Param('id', uuid) projectId: string, @CurrentPrincipal() principal?: Principal) {
    await this.access.projectPartners(principal, projectId);
    return this.queries.forProject(projectId);
  }
}
