import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsDefined, IsEmail, IsString, MaxLength, ValidateBy, ValidateIf } from 'class-validator';
import type { Request, Response } from 'express';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { SIGN_IN_CODE_PATTERN } from '@trame/mail';
import { Public, SignedLink, type SignedLinkSpec } from '../auth/principal';
import { SignInCodeLimit, SignInLinkLimit } from '../auth/rate-limits';
import { SessionIssuer } from '../auth/session-issuer';
import { NotIdempotent } from '../http/idempotency';
import { ApiErrors, ApiHtmlResponse, ApiJsonOrHtmlResponse } from '../http/openapi';
import { oneLine } from '../shared/html-page';
import { LinkSentDto, SessionDto } from '../shared/views.dto';
import { answerSingleUseLink, showSingleUseLinkPage } from '../shared/single-use-link-page';
import { CONFIRMATION_MESSAGES, CONFIRMATION_PAGE } from './confirmation-page';
import { ConfirmationService } from './confirmation.service';

/** `{ token }` from the link, or `{ email, code }` typed on a page: one of the two. */
export class ConfirmMemberDto {
  @ApiPropertyOptional({ description: 'the `token` of the emailed confirmation link (instead of `email` and `code`)' })
  @ValidateIf((o: ConfirmMemberDto) => o.token !== undefined || (o.email === undefined && o.code === undefined))
  @IsDefined()
  @IsString()
  @MaxLength(200)
  token?: string;

  @ApiPropertyOptional({ example: 'camille@example.org', description: 'with `code`: the address the confirmation was sent to' })
  @ValidateIf((o: ConfirmMemberDto) => o.token === undefined)
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
  @ValidateIf((o: ConfirmMemberDto) => o.token === undefined)
  @IsDefined()
  @IsString()
  @ValidateBy({
    name: 'confirmationCode',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && SIGN_IN_CODE_PATTERN.test(value),
      defaultMessage: () => 'doit être un code de 6 chiffres / must be a 6-digit code',
    },
  })
  code?: string;
}

export class ResendConfirmationDto {
  @ApiProperty({ example: 'camille@example.org' })
  @IsDefined()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email: string;
}

const CONFIRMATION_LINK = (where: 'query' | 'body'): SignedLinkSpec => ({
  link: 'the confirmation email (or its code, with the address)',
  in: where,
  params: where === 'query' ? ['token'] : ['token', 'email', 'code'],
});

/**
 * Double opt-in: the page the confirmation email opens, the confirmation itself (link or
 * code, which also signs the person in), and "send it again". Answers never say whether an
 * address has an account. Not idempotent-cached: a replayed answer could hand a session out.
 */
@ApiTags('members')
@Public()
@NotIdempotent()
@Controller('v1/members/confirm')
export class ConfirmationController {
  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    private readonly confirmations: ConfirmationService,
    private readonly sessions: SessionIssuer,
  ) {}

  @Get()
  @SignedLink(CONFIRMATION_LINK('query'))
  @ApiQuery({ name: 'token', type: String, required: true, description: 'the token of the confirmation link' })
  @ApiOperation({ summary: 'Page the confirmation link opens: a button that confirms the address (GET changes nothing)' })
  @ApiHtmlResponse(200, 'a page with the button that confirms and signs in')
  @ApiHtmlResponse(400, 'the token is missing or malformed')
  page(@Query('token') token: unknown, @Res({ passthrough: true }) res: Response): string {
    return showSingleUseLinkPage(CONFIRMATION_PAGE, token, res);
  }

  @Post()
  @HttpCode(200)
  @SignedLink(CONFIRMATION_LINK('body'))
  @SignInCodeLimit()
  @ApiOperation({
    summary: 'Confirm a member’s address (once) with the link’s `token` or the `email` and its 6-digit `code`, and sign in',
    description:
      'Either one consumes both. The session is the one `POST /v1/auth/token` gives. Wrong codes are counted per address ' +
      '(five end its pending codes, its links still work); limited per client IP and per address.',
  })
  @ApiJsonOrHtmlResponse(200, SessionDto, 'confirmed: the session (a page holding it for the confirmation page’s form)')
  @ApiErrors(
    {
      401: 'the token or code is unknown, wrong, expired or already used (one answer for all)',
      503: 'Redis is away: retry after `Retry-After`',
    },
    { html: true },
  )
  async confirm(@Body() dto: ConfirmMemberDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const byToken = dto.token !== undefined;
    return answerSingleUseLink(CONFIRMATION_PAGE, req, res, {
      principal: byToken
        ? await this.confirmations.confirmToken(dto.token, res)
        : await this.confirmations.confirmCode(dto.email!, dto.code, res),
      refusal: byToken ? CONFIRMATION_MESSAGES.invalid : CONFIRMATION_MESSAGES.codeInvalid,
      done: CONFIRMATION_MESSAGES.confirmed,
      accessToken: (principal) => this.sessions.token(principal, req),
      session: (principal) => this.sessions.answer(principal, req, res),
    });
  }

  @Post('resend')
  @HttpCode(202)
  @SignInLinkLimit()
  @ApiOperation({ summary: 'Send the confirmation email again (202 whatever the address; limited per client IP and per address)' })
  @ApiAcceptedResponse({ type: LinkSentDto, description: 'the same answer whether the address awaits confirmation or not' })
  resend(@Body() dto: ResendConfirmationDto): LinkSentDto {
    this.confirmations.resend(dto.email);
    return { message: oneLine(CONFIRMATION_MESSAGES.resent) };
  }
}
