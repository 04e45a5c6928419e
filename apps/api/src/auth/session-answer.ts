import type { Response } from 'express';
import type { SessionDto } from '../shared/views.dto';
import type { Principal } from './principal';
import type { SessionTokens } from './session-tokens';

/** The session answer of every exchange (sign-in link or code, confirmation link or code): never cached. */
export function sessionAnswer(tokens: SessionTokens, ttlSeconds: number, principal: Principal, res: Response): SessionDto {
  res.setHeader('Cache-Control', 'no-store');
  return {
    accessToken: tokens.issue(principal),
    tokenType: 'Bearer',
    expiresIn: ttlSeconds,
    memberIds: [...principal.memberIds],
    referentIds: [...principal.referentIds],
    admin: principal.admin,
  };
}
