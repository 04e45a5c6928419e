import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AccessPolicy } from '../auth/access-policy';
import { CurrentPrincipal, type Principal, SignedIn } from '../auth/principal';
import { ApiErrors } from '../http/openapi';
import { UuidParam as uuid } from '../http/uuid-param';
import { ExportedIntroductionDto } from '../members/member-space.dto';
import { MemberSpace } from '../members/member-space';
import { ReadSide } from '../queries/read-side';

export class MemberIntroductionsDto {
  @ApiProperty({ format: 'uuid' })
  memberId: string;

  @ApiProperty({ type: [ExportedIntroductionDto], description: 'on either side, oldest first: status and history of each' })
  items: ExportedIntroductionDto[];
}

/** "My introductions": what the export lists, for the member's page (the member only, admins included). */
@ApiTags('members')
@Controller('v1/members')
export class MemberIntroductionsController {
  constructor(
    private readonly space: MemberSpace,
    private readonly access: AccessPolicy,
  ) {}

  @Get(':id/introductions')
  @SignedIn()
  @ApiOperation({ summary: 'The member’s introductions, on either side, with their status and history (the member only)' })
  @ApiOkResponse({ type: MemberIntroductionsDto })
  @ApiErrors({ 403: 'not this member’s session (the requester’s own message is in it)' })
  @ReadSide()
  async introductions(
    @Param('id', uuid) memberId: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    this.access.ownMember(principal, memberId);
    res.setHeader('Cache-Control', 'private, no-store');
    return { memberId, items: await this.space.introductions(memberId) };
  }
}
