import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { LinkSigner } from '@trame/mail';
import type { SessionDto } from '../shared/views.dto';
import { isFromWebServer, webClientKey } from './client-ip';
import type { Principal } from './principal';
import { SessionTokens } from './session-tokens';

/**
 * The session answer of every exchange (sign-in link or code, confirmation, renewal). A
 * session asked for by the web server (it proves it with its key) lives as long as a web
 * session (`WEB_SESSION_TTL_SECONDS`, renewed on use); any other one `SESSION_TTL_SECONDS`.
 */
@Injectable()
export class SessionIssuer {
  private readonly webKey: Buffer;

  constructor(
    private readonly tokens: SessionTokens,
    signer: LinkSigner,
    @Inject(TRAME_CONFIG) private readonly config: Pick<TrameConfig, 'SESSION_TTL_SECONDS' | 'WEB_SESSION_TTL_SECONDS'>,
  ) {
    this.webKey = Buffer.from(webClientKey(signer), 'utf8');
  }

  ttlFor(req: Request): number {
    return isFromWebServer(req, this.webKey) ? this.config.WEB_SESSION_TTL_SECONDS : this.config.SESSION_TTL_SECONDS;
  }

  /** A token for `principal`; `sessionId` keeps a renewed session's id, so one sign-out ends every renewal of it. */
  token(principal: Principal, req: Request, sessionId?: string): string {
    return this.tokens.issue(principal, { ttlSeconds: this.ttlFor(req), sessionId });
  }

  answer(principal: Principal, req: Request, res: Response, sessionId?: string): SessionDto {
    res.setHeader('Cache-Control', 'no-store');
    return {
      accessToken: this.token(principal, req, sessionId),
      tokenType: 'Bearer',
      expiresIn: this.ttlFor(req),
      memberIds: [...principal.memberIds],
      referentIds: [...principal.referentIds],
      admin: principal.admin,
    };
  }
}
