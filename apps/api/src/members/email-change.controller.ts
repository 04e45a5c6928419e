import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsDefined, IsEmail, IsString, MaxLength, ValidateBy, ValidateIf } from 'class-validator';
import type { Request, Response } from 'express';
import { SIGN_IN_CODE_PATTERN } from '@trame/mail';
import { AccessPolicy } from '../auth/access-policy';
import { CurrentPrincipal, type Principal, SignedIn, SignedLink } from '../auth/principal';
import { SignInCodeLimit, SignInLinkLimit } from '../auth/rate-limits';
import { SessionIssuer } from '../auth/session-issuer';
import { Idempotency, type IdempotencyContext, NotIdempotent } from '../http/idempotency';
import { ApiErrors } from '../http/openapi';
import { UuidParam as uuid } from '../http/uuid-param';
import { LinkSentDto, SessionDto } from '../shared/views.dto';
import { EMAIL_CHANGE_MESSAGES, EmailChangeService, invalidEmailChangeLink } from './email-change.service';

export class ChangeEmailDto {
  @ApiProperty({ example: 'camille.nouvelle@example.org', description: 'the new address; a link to confirm it is sent there' })
  @IsDefined()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email: string;
}

/** `{ token }` from the link, or `{ email, code }` (the new address and the email's code): one of the two. */
export class ConfirmEmailChangeDto {
  @ApiPropertyOptional({ description: 'the `token` of the emailed link (instead of `email` and `code`)' })
  @ValidateIf((o: ConfirmEmailChangeDto) => o.token !== undefined || (o.email === undefined && o.code === undefined))
  @IsDefined()
  @IsString()
  @MaxLength(200)
  token?: string;

  @ApiPropertyOptional({ example: 'camille.nouvelle@example.org', description: 'with `code`: the new address the email was sent to' })
  @ValidateIf((o: ConfirmEmailChangeDto) => o.token === undefined)
  @IsDefined()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({
    example: '042917',
    pattern: SIGN_IN_CODE_PATTERN.source,
    description: 'with `email`: the 6-digit code of the email',
  })
  @ValidateIf((o: ConfirmEmailChangeDto) => o.token === undefined)
  @IsDefined()
  @IsString()
  @ValidateBy({
    name: 'emailChangeCode',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && SIGN_IN_CODE_PATTERN.test(value),
      defaultMessage: () => 'doit être un code de 6 chiffres / must be a 6-digit code',
    },
  })
  code?: string;
}

/** "Change my email": the member asks (session), the new address confirms (link or code, no session needed). */
@ApiTags('members')
@Controller('v1/members')
export class EmailChangeController {
  constructor(
    private readonly changes: EmailChangeService,
    private readonly access: AccessPolicy,
    private readonly sessions: SessionIssuer,
  ) {}

  @Post('email/confirm')
  @HttpCode(200)
  @SignedLink({ link: 'the “change my email” email (or its code, with the new address)', in: 'body', params: ['token', 'email', 'code'] })
  @SignInCodeLimit()
  @NotIdempotent()
  @ApiOperation({
    summary: 'Confirm a new email address (once) with the link’s `token`, or the new `email` and its 6-digit `code`',
    description:
      'Either one consumes both, and signs the new address in (the session `POST /v1/auth/token` gives). From then on the ' +
      'new address signs in to the account and the old one no longer does (its sessions end at their next renewal). ' +
      'Limited per client IP and per address; five wrong codes end the address’s pending codes (its links still work).',
  })
  @ApiOkResponse({ type: SessionDto, description: 'changed: a session of the new address' })
  @ApiErrors({
    401: 'the link or code is unknown, wrong, expired or already used, or the member is erased (one answer for all)',
    409: 'a newer request replaced this one: only the latest link works',
    422: 'the new address has had an account of its own since the request',
    503: 'Redis is away: retry after `Retry-After`',
  })
  async confirm(@Body() dto: ConfirmEmailChangeDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionDto> {
    const principal =
      dto.token !== undefined ? await this.changes.confirmToken(dto.token, res) : await this.changes.confirmCode(dto.email!, dto.code, res);
    if (!principal) throw invalidEmailChangeLink();
    return this.sessions.answer(principal, req, res);
  }

  @Post(':id/email')
  @SignedIn()
  @HttpCode(202)
  @SignInLinkLimit()
  @ApiOperation({
    summary: 'Ask to change the member’s email address (the member): a link and a code to confirm it are sent to the new address',
    description:
      'Nothing changes until the new address is confirmed; a newer request replaces this one. The answer is the same whether ' +
      'the new address can be used or already has an account (then nothing is sent). Limited per client IP and per new address.',
  })
  @ApiAcceptedResponse({ type: LinkSentDto, description: 'the same answer whether the new address can be used or not' })
  @ApiErrors({
    403: 'not this member’s session',
    404: 'unknown member',
    409: 'the member is erased, or was changed concurrently (retry)',
    422: 'the new address is the member’s current one',
  })
  async request(
    @Param('id', uuid) memberId: string,
    @Body() dto: ChangeEmailDto,
    @Idempotency() idem: IdempotencyContext,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<LinkSentDto> {
    this.access.ownMember(principal, memberId);
    await this.changes.request(memberId, dto.email, idem.eventIds('email-change'));
    return { message: `${EMAIL_CHANGE_MESSAGES.sent.fr} / ${EMAIL_CHANGE_MESSAGES.sent.en}` };
  }
}
