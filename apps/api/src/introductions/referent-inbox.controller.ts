import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ForbiddenError, NotFoundError } from '@trame/domain';
import { AdminOnly, CurrentPrincipal, type Principal, SignedIn } from '../auth/principal';
import { ApiErrors } from '../http/openapi';
import { UuidParam as uuid } from '../http/uuid-param';
import { ReadSide } from '../queries/read-side';
import { InboxDto } from '../shared/views.dto';
import { IntroductionQueries } from './introduction-queries';

/** A referent's inbox: the introductions waiting for their decision. */
@ApiTags('referents')
@Controller('v1/referents')
export class ReferentInboxController {
  constructor(private readonly queries: IntroductionQueries) {}

  // Declared before ':id/inbox', which would take `admin` for an id.
  @Get('admin/inbox')
  @AdminOnly()
  @ApiOperation({ summary: 'Introductions awaiting the admins (no referent covers their place, or escalated to them), oldest first' })
  @ApiOkResponse({ type: InboxDto, description: '`referentId` is `admin`' })
  @ApiErrors({ 403: 'not an admin' })
  @ReadSide()
  adminInbox() {
    return this.queries.inbox('admin');
  }

  @Get(':id/inbox')
  @SignedIn()
  @ApiOperation({ summary: 'Introductions awaiting this referent, oldest first (that referent or an admin)' })
  @ApiOkResponse({ type: InboxDto })
  @ApiErrors({ 403: 'neither this referent’s session nor an admin’s', 404: 'unknown referent' })
  @ReadSide()
  async inbox(@Param('id', uuid) referentId: string, @CurrentPrincipal() principal: Principal) {
    if (!principal.admin && !principal.referentIds.includes(referentId)) {
      throw new ForbiddenError('réservé à ce référent et aux admins / only for this referent and admins');
    }
    if (!(await this.queries.referentExists(referentId))) throw new NotFoundError('referent', referentId);
    return this.queries.inbox(referentId);
  }
}
