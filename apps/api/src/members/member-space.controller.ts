import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AccessPolicy } from '../auth/access-policy';
import { CurrentPrincipal, type Principal, SignedIn } from '../auth/principal';
import { ApiErrors } from '../http/openapi';
import { UuidParam as uuid } from '../http/uuid-param';
import { ReadSide } from '../queries/read-side';
import { MemberExportDto, MemberProfileDto, MemberProjectsDto } from './member-space.dto';
import { MemberSpace } from './member-space';

const OWN_ONLY = { 403: 'not this member’s session (admins included: contact details are for their owner only)' } as const;

/**
 * "My space" reads: the member's own profile with their contact details, their data
 * export, the projects they hold. The member only, admins included: the issue keeps
 * decrypted names and addresses for the person themself (an admin erases or reads
 * recommendations, never contact details through the api).
 *
 * Paths are under the member's id, like `/v1/members/:id/recommendations`, rather than
 * `/v1/me/…`: one address may own several member accounts, so "me" would not say which.
 */
@ApiTags('members')
@Controller('v1/members')
export class MemberSpaceController {
  constructor(
    private readonly space: MemberSpace,
    private readonly access: AccessPolicy,
  ) {}

  @Get(':id')
  @SignedIn()
  @ApiOperation({ summary: 'The member’s own full profile, with their name and email address (the member only)' })
  @ApiOkResponse({ type: MemberProfileDto })
  @ApiErrors({ ...OWN_ONLY, 404: 'unknown or erased member' })
  profile(
    @Param('id', uuid) memberId: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    this.access.ownMember(principal, memberId);
    res.setHeader('Cache-Control', 'private, no-store');
    return this.space.profile(memberId);
  }

  @Get(':id/projects')
  @SignedIn()
  @ApiOperation({ summary: 'The projects the member holds, every status, newest first (the member only)' })
  @ApiOkResponse({ type: MemberProjectsDto })
  @ApiErrors(OWN_ONLY)
  @ReadSide()
  projects(@Param('id', uuid) memberId: string, @CurrentPrincipal() principal?: Principal) {
    this.access.ownMember(principal, memberId);
    return this.space.projects(memberId);
  }

  @Get(':id/export')
  @SignedIn()
  @ApiOperation({
    summary: 'Download my data: everything Trame holds about the member, decrypted, as a JSON file (the member only)',
    description:
      'GDPR access and portability: the profile with contact details, the member’s events, their projects with their history, ' +
      'their introductions (the other party by first name only) and their current recommendations. ' +
      'Answered as an attachment (`Content-Disposition`).',
  })
  @ApiProduces('application/json')
  @ApiOkResponse({ type: MemberExportDto, description: 'a JSON file (attachment)' })
  @ApiErrors({ ...OWN_ONLY, 404: 'unknown or erased member' })
  @ReadSide()
  async export(
    @Param('id', uuid) memberId: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    this.access.ownMember(principal, memberId);
    const data = await this.space.export(memberId);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Disposition', `attachment; filename="trame-mes-donnees-${data.exportedAt.slice(0, 10)}.json"`);
    return data;
  }
}
