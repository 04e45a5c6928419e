import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsDefined, IsEmail, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { SIGN_IN_TOKEN_PATTERN } from '@trame/mail';
import { NotIdempotent } from '../http/idempotency';
import { Public } from './principal';
import { SignInLinkLimit } from './rate-limits';
import { SessionTokens } from './session-tokens';
import { oneLine } from '../shared/html-page';
import { linkSent, SIGN_IN_MESSAGES, signInPage } from './sign-in-page';
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
  @ApiProperty({ description: 'the `token` of the emailed link' })
  @IsDefined()
  @IsString()
  @MaxLength(200)
  token: string;
}

/**
 * Passwordless sign-in: an emailed single-use link, exchanged for a session token (JWT).
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
    private readonly tokens: SessionTokens,
  ) {}

  @Post('link')
  @HttpCode(202)
  @SignInLinkLimit()
  @ApiOperation({ summary: 'Email a single-use sign-in link (202 whatever the address)' })
  link(@Body() dto: SignInLinkDto) {
    this.signIn.request(dto.email);
    return { message: oneLine(linkSent(this.config.SIGN_IN_LINK_TTL_SECONDS)) };
  }

  @Get('sign-in')
  @ApiOperation({ summary: 'Page the emailed link opens: a button that exchanges the token (GET changes nothing)' })
  page(@Query('token') token: unknown, @Res({ passthrough: true }) res: Response): string {
    pageHeaders(res);
    res.type('html');
    if (typeof token !== 'string' || !SIGN_IN_TOKEN_PATTERN.test(token)) {
      res.status(400);
      return signInPage(SIGN_IN_MESSAGES.invalid);
    }
    return signInPage(SIGN_IN_MESSAGES.confirm, { token });
  }

  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a sign-in token (once) for a session token: {accessToken}' })
  async token(@Body() dto: SignInTokenDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    // The page's form wants a page back; API clients get JSON.
    const html = req.accepts(['json', 'html']) === 'html';
    const principal = await this.signIn.exchange(dto.token);
    if (!principal) {
      if (!html) throw new UnauthorizedException({ message: [oneLine(SIGN_IN_MESSAGES.invalid)] });
      pageHeaders(res);
      res.status(401).type('html');
      return signInPage(SIGN_IN_MESSAGES.invalid);
    }
    const accessToken = this.tokens.issue(principal);
    if (html) {
      pageHeaders(res);
      res.type('html');
      return signInPage(SIGN_IN_MESSAGES.signedIn, { accessToken });
    }
    res.setHeader('Cache-Control', 'no-store');
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.SESSION_TTL_SECONDS,
      memberIds: principal.memberIds,
      referentIds: principal.referentIds,
      admin: principal.admin,
    };
  }
}

/** Tokens travel in these pages: keep them out of caches, referrers and search engines. */
function pageHeaders(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
}
