import { applyDecorators, type ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerOptions } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { emailLookupHash, LinkSigner, MailModule } from '@trame/mail';
import { REDIS } from '@trame/messaging';
import { clientIpOf, webClientKey } from './client-ip';
import type { RequestWithPrincipal } from './principal';
import { RedisThrottlerStorage } from './redis-throttler-storage';

/** The named limits; a route opts into some of them (nothing is limited by default). */
export type RateLimitName = 'sign-in-ip' | 'sign-in-address' | 'sign-in-code-ip' | 'sign-in-code-address' | 'introduction-request';

export const RATE_LIMITS_METADATA = 'trame:rate-limits';

export const TOO_MANY_REQUESTS = 'trop de requêtes, réessayez plus tard / too many requests, please retry later';

/** What the trackers read of a request. */
type TrackedRequest = { ip?: string; body?: unknown; headers?: Record<string, string | string[] | undefined> };

const limitsOf = (context: ExecutionContext): readonly RateLimitName[] =>
  (Reflect.getMetadata(RATE_LIMITS_METADATA, context.getHandler()) as RateLimitName[] | undefined) ?? [];

const RateLimited = (...names: RateLimitName[]) => applyDecorators(SetMetadata(RATE_LIMITS_METADATA, names), UseGuards(ThrottlerGuard));

/** `POST /v1/auth/link`: per client IP, and per requested address (by its lookup hash, never the address). */
export const SignInLinkLimit = () => RateLimited('sign-in-ip', 'sign-in-address');

/**
 * `POST /v1/auth/code`: per client IP (high: a workshop types many codes from one connection)
 * and per address (low: with the 5 wrong codes a request tolerates, it bounds guessing).
 */
export const SignInCodeLimit = () => RateLimited('sign-in-code-ip', 'sign-in-code-address');

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
    // Behind the web server, the person's IP it forwards with its key (see client-ip.ts).
    const webKey = Buffer.from(webClientKey(signer), 'utf8');
    const byIp = (req: TrackedRequest) => clientIpOf(req, webKey);
    const byAddress = (req: TrackedRequest) => {
      const email = (req.body as { email?: unknown } | undefined)?.email;
      // No address (a 400 follows): counted per IP, not in one bucket shared by everyone.
      return typeof email === 'string' ? emailLookupHash(signer, email) : `no-address:${byIp(req)}`;
    };
    const window = config.SIGN_IN_RATE_WINDOW_SECONDS;
    return {
      storage: new RedisThrottlerStorage(redis, config.QUEUE_PREFIX),
      errorMessage: TOO_MANY_REQUESTS,
      throttlers: [
        throttler('sign-in-ip', config.SIGN_IN_RATE_LIMIT_PER_IP, window, byIp),
        throttler('sign-in-address', config.SIGN_IN_RATE_LIMIT_PER_ADDRESS, window, byAddress),
        throttler('sign-in-code-ip', config.SIGN_IN_CODE_LIMIT_PER_IP, window, byIp),
        throttler('sign-in-code-address', config.SIGN_IN_CODE_LIMIT_PER_ADDRESS, window, byAddress),
        throttler('introduction-request', config.INTRODUCTION_RATE_LIMIT, config.INTRODUCTION_RATE_WINDOW_SECONDS, (req) => {
          const principal = (req as RequestWithPrincipal).principal;
          return principal ? `subject:${principal.subject}` : `ip:${String(req.ip ?? 'unknown')}`;
        }),
      ],
    };
  },
});
