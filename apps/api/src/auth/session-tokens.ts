import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { isCanonicalBase64url, LinkSigner } from '@trame/mail';
import type { Principal } from './principal';

type SessionClaims = { sub: string; mid: string[]; rid: string[]; adm: boolean; jti?: string; exp?: number };

const ISSUER = 'trame';
const AUDIENCE = 'trame-api';

/**
 * Session tokens (HS256 JWT) signed with a key derived from the link secret, so one
 * secret (`LINK_SECRET`, else `DATA_DIR/link.secret`) configures every signature and the
 * api instances agree without more setup.
 */
@Injectable()
export class SessionTokens {
  private readonly jwt: JwtService;
  private readonly ttlSeconds: number;

  constructor(signer: LinkSigner, @Inject(TRAME_CONFIG) config: Pick<TrameConfig, 'SESSION_TTL_SECONDS'>) {
    this.jwt = new JwtService({ secret: signer.subKey('session-jwt'), signOptions: { algorithm: 'HS256' } });
    this.ttlSeconds = config.SESSION_TTL_SECONDS;
  }

  issue(principal: Principal, options: Readonly<{ ttlSeconds?: number; sessionId?: string }> = {}): string {
    const claims: SessionClaims = {
      sub: principal.subject,
      mid: [...principal.memberIds],
      rid: [...principal.referentIds],
      adm: principal.admin,
    };
    // A fresh id per session (a renewal keeps it): sign-out revokes this id, not the address's other sessions.
    const expiresIn = options.ttlSeconds ?? this.ttlSeconds;
    return this.jwt.sign(claims, { expiresIn, issuer: ISSUER, audience: AUDIENCE, jwtid: options.sessionId ?? randomUUID() });
  }

  /** The principal of a valid, unexpired token; null for anything else. */
  verify(token: string): Principal | null {
    // Only the spelling we issue: a segment in another spelling of the same bytes is refused
    // here rather than left to how the JWT library compares signatures.
    const segments = token.split('.');
    if (segments.length !== 3 || !segments.every((s) => s !== '' && isCanonicalBase64url(s))) return null;
    try {
      const claims = this.jwt.verify<SessionClaims>(token, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
      if (typeof claims.sub !== 'string' || !Array.isArray(claims.mid) || !Array.isArray(claims.rid)) return null;
      // Without an id a session could not be signed out: refused (tokens issued before sign-out existed).
      if (typeof claims.jti !== 'string' || typeof claims.exp !== 'number') return null;
      return {
        subject: claims.sub,
        memberIds: claims.mid.filter((id): id is string => typeof id === 'string'),
        referentIds: claims.rid.filter((id): id is string => typeof id === 'string'),
        admin: claims.adm === true,
        sessionId: claims.jti,
        sessionExpiresAt: claims.exp,
      };
    } catch {
      return null;
    }
  }
}

/**
 * Session tokens as the api running with this `LINK_SECRET` issues them: for tools and
 * tests that talk to an api process (the key derivation stays in this one file).
 */
export const sessionTokensFor = (linkSecret: string, ttlSeconds = 3600): SessionTokens =>
  new SessionTokens(new LinkSigner(Buffer.from(linkSecret, 'utf8'), 'http://localhost'), { SESSION_TTL_SECONDS: ttlSeconds });
