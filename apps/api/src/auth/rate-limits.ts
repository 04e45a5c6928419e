import { applyDecorators, type ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerOptions } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { emailLookupHash, LinkSigner, MailModule } from '@trame/mail';
import { REDIS } from '@trame/messaging';
import type { RequestWithPrincipal } from './principal';
import { RedisThrottlerStorage } from './redis-throttler-storage';

/** The named limits; a route opts into some of them (nothing is limited by default). */
export type RateLimitName = 'sign-in-ip' | 'sign-in-address' | 'introduction-request';

export const RATE_LIMITS_METADATA = 'trame:rate-limits';

export const TOO_MANY_REQUESTS = 'trop de requêtes, réessayez plus tard / too many requests, please retry later';

const limitsOf = (context: ExecutionContext): readonly RateLimitName[] =>
  (Reflect.getMetadata(RATE_LIMITS_METADATA, context.getHandler()) as RateLimitName[] | undefined) ?? [];

const RateLimited = (...names: RateLimitName[]) => applyDecorators(SetMetadata(RATE_LIMITS_METADATA, names), UseGuards(ThrottlerGuard));

/** `POST /v1/auth/link`: per client IP, and per requested address (by its lookup hash, never the address). */
export const SignInLinkLimit = () => RateLimited('sign-in-ip', 'sign-in-address');

/**
 * `POST /v1/members`: per requested address, since a registration with a known address
 * sends it a sign-in link (no per-IP limit: a tiers-lieu registers many people from one).
 */
export const RegistrationLimit = () => RateLimited('sign-in-address');

/** `POST /v1/introductions`: per signed-in person (session subject). Goes after the access declaration. */
export const IntroductionRequestLimit = () => RateLimited('introduction-request');

/**
 * @nestjs/throttler with its counters in Redis (shared by every api instance). Each named
 * limit applies only to the routes that opt in with the decorators above; the guard runs
 * after the session guard, so the session subject is known.
 */
export const RateLimitModule = ThrottlerModule.forRootAsync({
  imports: [MailModule],
  inject: [TRAME_CONFIG, REDIS, LinkSigner],
  useFactory: (config: TrameConfig, redis: Redis, signer: LinkSigner) => {
    const only = (name: RateLimitName) => (context: ExecutionContext) => !limitsOf(context).includes(name);
    const throttler = (
      name: RateLimitName,
      limit: number,
      windowSeconds: number,
      getTracker: ThrottlerOptions['getTracker'],
    ): ThrottlerOptions => ({
      name,
      limit,
      ttl: windowSeconds * 1000,
      skipIf: only(name),
      getTracker,
    });
    return {
      storage: new RedisThrottlerStorage(redis, config.QUEUE_PREFIX),
      errorMessage: TOO_MANY_REQUESTS,
      throttlers: [
        throttler('sign-in-ip', config.SIGN_IN_RATE_LIMIT_PER_IP, config.SIGN_IN_RATE_WINDOW_SECONDS, (req) => String(req.ip ?? 'unknown')),
        throttler('sign-in-address', config.SIGN_IN_RATE_LIMIT_PER_ADDRESS, config.SIGN_IN_RATE_WINDOW_SECONDS, (req) => {
          const email = (req.body as { email?: unknown } | undefined)?.email;
          // No address (a 400 follows): counted per IP, not in one bucket shared by everyone.
          return typeof email === 'string' ? emailLookupHash(signer, email) : `no-address:${String(req.ip ?? 'unknown')}`;
        }),
        throttler('introduction-request', config.INTRODUCTION_RATE_LIMIT, config.INTRODUCTION_RATE_WINDOW_SECONDS, (req) => {
          const principal = (req as RequestWithPrincipal).principal;
          return principal ? `subject:${principal.subject}` : `ip:${String(req.ip ?? 'unknown')}`;
        }),
      ],
    };
  },
});
