import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsDefined, IsEmail, IsString, MaxLength, ValidateBy } from 'class-validator';
import type { Request, Response } from 'express';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { SIGN_IN_CODE_PATTERN } from '@trame/mail';
import { NotIdempotent } from '../http/idempotency';
import { ApiErrors, ApiHtmlResponse, ApiJsonOrHtmlResponse } from '../http/openapi';
import { LinkSentDto, SessionDto } from '../shared/views.dto';
import { CurrentPrincipal, type Principal, Public, SignedIn, SignedLink, type SignedLinkSpec } from './principal';
import { SignInCodeLimit, SignInLinkLimit } from './rate-limits';
import { SessionRevocations } from './session-revocations';
import { SessionIssuer } from './session-issuer';
import { oneLine } from '../shared/html-page';
import { answerSingleUseLink, showSingleUseLinkPage } from '../shared/single-use-link-page';
import { AccountDirectory, hasAnyAccount } from './account-directory';
import { CODE_INVALID, linkSent, SIGN_IN_MESSAGES, SIGN_IN_PAGE } from './sign-in-page';
import { SignInService } from './sign-in.service';

export class SignInLinkDto {
  @ApiProperty({ example: 'camille@example.org' })
  @IsDefined()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email: string;
}

export class SignInTokenDto {
  @ApiProperty({ description: 'the `token` of the emailed link', example: 'q3V9l0m2ZrX8c4JdT1yF6bN5hK7sW0aE2gP9uR4iQxM' })
  @IsDefined()
  @IsString()
  @MaxLength(200)
  token: string;
}

export class SignInCodeDto {
  @ApiProperty({ example: 'camille@example.org', description: 'the address the code was sent to' })
  @IsDefined()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email: string;

  @ApiProperty({ example: '042917', maxLength: 12, description: 'the 6-digit code of the sign-in email (spaces are ignored)' })
  @IsDefined()
  @IsString()
  @ValidateBy({
    name: 'signInCode',
    validator: {
      // As printed in the email ("042 917") or typed without the space.
      validate: (value: unknown) => typeof value === 'string' && value.length <= 12 && SIGN_IN_CODE_PATTERN.test(value.replace(/ /g, '')),
      defaultMessage: () => 'doit être un code de 6 chiffres / must be a 6-digit code',
    },
  })
  code: string;
}

/** A session's subject when it is an address: its blind index (hex HMAC-SHA256, libs/mail email-lookup). */
const ADDRESS_SUBJECT = /^[0-9a-f]{64}$/;

/** The sign-in email's single-use link; its token goes on to `POST /v1/auth/token`. */
const SIGN_IN_LINK = (where: 'query' | 'body'): SignedLinkSpec => ({ link: 'the sign-in email', in: where, params: ['token'] });

/**
 * Passwordless sign-in: an emailed single-use link or its 6-digit code, exchanged for a
 * session token (JWT); sign-out revokes that token on the server.
 * Responses never say whether an address has an account, and never contain one. Sign-in
 * requests are not idempotent-cached: a replayed answer could hand a session token out.
 */
@ApiTags('auth')
@Public()
@NotIdempotent()
@Controller('v1/auth')
export class AuthController {
  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    private readonly signIn: SignInService,
    private readonly sessions: SessionIssuer,
    private readonly revocations: SessionRevocations,
    private readonly directory: AccountDirectory,
  ) {}

  @Post('link')
  @HttpCode(202)
  @SignInLinkLimit()
  @ApiOperation({ summary: 'Email a single-use sign-in link (202 whatever the address)' })
  @ApiAcceptedResponse({ type: LinkSentDto, description: 'the same answer whether the address has an account or not' })
  link(@Body() dto: SignInLinkDto) {
    this.signIn.request(dto.email);
    return { message: oneLine(linkSent(this.config.SIGN_IN_LINK_TTL_SECONDS)) };
  }

  @Get('sign-in')
  @SignedLink(SIGN_IN_LINK('query'))
  @ApiQuery({ name: 'token', type: String, required: true, description: 'the token of the sign-in link' })
  @ApiOperation({ summary: 'Page the emailed link opens: a button that exchanges the token (GET changes nothing)' })
  @ApiHtmlResponse(200, 'a page with the button that signs in')
  @ApiHtmlResponse(400, 'the token is missing or malformed')
  page(@Query('token') token: unknown, @Res({ passthrough: true }) res: Response): string {
    return showSingleUseLinkPage(SIGN_IN_PAGE, token, res);
  }

  @Post('token')
  @HttpCode(200)
  @SignedLink(SIGN_IN_LINK('body'))
  @ApiOperation({ summary: 'Exchange a sign-in token (once) for a session token: {accessToken}' })
  @ApiJsonOrHtmlResponse(200, SessionDto, 'the session (a page holding it for the sign-in page’s form)')
  @ApiErrors({ 401: 'the token is unknown, expired or already used', 503: 'Redis is away: retry after `Retry-After`' }, { html: true })
  async token(@Body() dto: SignInTokenDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    // The page's form wants a page back; API clients get JSON.
    return answerSingleUseLink(SIGN_IN_PAGE, req, res, {
      principal: await this.signIn.exchange(dto.token, res),
      refusal: SIGN_IN_MESSAGES.invalid,
      done: SIGN_IN_MESSAGES.signedIn,
      accessToken: (principal) => this.sessions.token(principal, req),
      session: (principal) => this.sessions.answer(principal, req, res),
    });
  }

  @Post('code')
  @HttpCode(200)
  @SignInCodeLimit()
  @ApiOperation({
    summary:
      'Exchange the 6-digit code of a sign-in email (once, within the link’s lifetime) for a session token, as `POST /v1/auth/token`',
    description:
      'Using the code or the link consumes both. Five wrong codes for an address end its pending codes (its links still work). ' +
      'Limited per client IP and per address.',
  })
  @ApiOkResponse({ type: SessionDto, description: 'the session' })
  @ApiErrors({
    401: 'the code is wrong, expired or already used, or the address has no pending sign-in (one answer for all)',
    503: 'Redis is away: retry after `Retry-After`',
  })
  async code(@Body() dto: SignInCodeDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionDto> {
    const principal = await this.signIn.exchangeCode(dto.email, dto.code, res);
    if (!principal) throw new UnauthorizedException({ message: [oneLine(CODE_INVALID)] });
    return this.sessions.answer(principal, req, res);
  }

  @Post('refresh')
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Renew this session: a new token for the same session, with what the address owns today',
    description:
      'The web app renews its cookie’s session as it is used ("stay signed in on this phone"). The session keeps its id, so ' +
      'signing out ends every renewal of it. A session the guard refuses (signed out, its member erased), or whose address owns ' +
      'nothing any more (email changed, admin right withdrawn), is a 401 and ends.',
  })
  @ApiOkResponse({ type: SessionDto, description: 'the renewed session' })
  @ApiErrors({ 401: 'the address owns nothing any more (the session is ended)', 503: 'Redis is away: retry after `Retry-After`' })
  async refresh(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    // What the address owns today (a profile created since, a referent appointed). An address
    // that owns nothing any more (its email changed, its admin right withdrawn) ends here: the
    // session is revoked, not renewed with rights it lost. Only a session whose subject is no
    // address at all (a tool's, minted with LINK_SECRET) keeps its claims.
    const accounts = await this.directory.accountsOf(principal.subject);
    if (!hasAnyAccount(accounts) && ADDRESS_SUBJECT.test(principal.subject)) {
      await this.revocations.revoke(principal, res);
      throw new UnauthorizedException({ message: ['session terminée / session ended'] });
    }
    const renewed = hasAnyAccount(accounts)
      ? { ...principal, memberIds: accounts.memberIds, referentIds: accounts.referentIds, admin: accounts.admin }
      : principal;
    return this.sessions.answer(renewed, req, res, principal.sessionId);
  }

  @Post('sign-out')
  @SignedIn()
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session on the server: its token is refused from now on (other sessions go on)' })
  @ApiNoContentResponse({ description: 'signed out' })
  @ApiErrors({ 503: 'Redis is away: retry after `Retry-After`' })
  async signOut(@CurrentPrincipal() principal: Principal | undefined, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.revocations.revoke(principal, res);
  }
}
