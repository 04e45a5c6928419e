import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.string().url().optional())
  .optional();

/**
 * Every setting comes from the environment (12-factor). Unset production URLs select the
 * embedded adapters: SQLite for events, in-memory read models, `.eml` files for email.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  /** Base of the links in emails and pages; unset: `http://localhost:<PORT>` (see loadConfig). */
  PUBLIC_URL: optionalUrl,
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  EVENTSTORE_URL: optionalUrl,
  MONGO_URL: optionalUrl,
  MONGO_DB: z.string().default('trame'),
  SMTP_URL: optionalUrl,
  SMTP_FROM: z.string().default('Trame <no-reply@trame.local>'),
  /** Signs links in emails (unsubscribe); unset: a random one kept in `DATA_DIR/link.secret`. */
  LINK_SECRET: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.string().min(32).optional())
    .optional(),
  /** Lifetime of a session token (JWT) obtained from a sign-in link. */
  SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(8 * 3600),
  /**
   * Lifetime of a session the web app holds in its cookie ("stay signed in on this phone"):
   * the web app renews it as it is used, so it ends after this long without a visit.
   */
  WEB_SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(30 * 24 * 3600),
  /** Lifetime of an emailed sign-in link (single use). */
  SIGN_IN_LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(15 * 60),
  /**
   * Sign-in link requests allowed per client IP, and per address, in each window (shared by
   * every api instance). Per IP is high: a tiers-lieu's workshop signs many people in from one.
   */
  SIGN_IN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(60),
  SIGN_IN_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(5),
  /** Sign-in codes typed (`POST /v1/auth/code`) per client IP, and per address, in the same window. */
  SIGN_IN_CODE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(200),
  SIGN_IN_CODE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(10),
  SIGN_IN_RATE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(15 * 60),
  /**
   * Double opt-in: how long a new member has to confirm their address (7 days). Past it an
   * unconfirmed account is erased (the address may be someone else's). The confirmation
   * link and code live as long: someone reading their mail days later can still confirm.
   */
  MEMBER_CONFIRMATION_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(7 * 24 * 3600),
  /** Introduction requests allowed per signed-in person in each window. */
  INTRODUCTION_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  INTRODUCTION_RATE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 3600),
  ADMIN_EMAILS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Prefix for BullMQ queues, so several deployments (or test runs) can share one Redis. */
  QUEUE_PREFIX: z.string().default('trame'),
  /** A member appears in at most this many projects' partner lists at a time. */
  EXPOSURE_CAP: z.coerce.number().int().min(1).max(100).default(5),
  /**
   * A remote-friendly project is offered, beyond every territory of its candidates, to its
   * best REMOTE_REACH of them nationwide (members placed by a territory are matched as usual).
   */
  REMOTE_REACH: z.coerce.number().int().min(0).max(10_000).default(100),
  /**
   * A need stating weekly hours fits a member offering at least this share of them (a
   * partial fit below the hours, scored and said); below it the member is left out.
   */
  MATCH_MIN_HOURS_SHARE: z.coerce.number().min(0).max(1).default(0.5),
  /** Events per matcher catch-up batch (one bulk write per collection and one checkpoint each). */
  MATCHER_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(1000),
  /**
   * Whether the matcher decides notifications (default on). Off for read-model-only runs,
   * e.g. replaying a synthetic log in tests and benchmarks.
   */
  MATCHER_NOTIFICATIONS: z
    .enum(['true', 'false', '1', '0', 'on', 'off'])
    .default('true')
    .transform((v) => v === 'true' || v === '1' || v === 'on'),
  /** How long an Idempotency-Key is remembered. */
  IDEMPOTENCY_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(24 * 3600),

  // ── Introductions (issue 5) ────────────────────────────────────────────────────────
  /*
   * Delays of the introduction workflow (the decider's defaults: 72 h, 7 days, 14 days,
   * 30 days), shortened in tests. The api builds its decider with them and the matcher
   * schedules its reminder, escalation and expiry jobs with the same values.
   */
  INTRODUCTION_REMIND_REFERENT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(72 * 3_600_000),
  INTRODUCTION_ESCALATE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(7 * 24 * 3_600_000),
  INTRODUCTION_REMIND_PARTY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(14 * 24 * 3_600_000),
  INTRODUCTION_EXPIRE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(30 * 24 * 3_600_000),

  // ── Notifier and admin (issue 4) ────────────────────────────────────────────────────
  /** HTTP port of the notifier run alone (`/metrics`, `/health`); 0 picks a free port. */
  NOTIFIER_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Emails a notifier process sends in parallel. */
  NOTIFIER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  /** Attempts per email (first one included) before it lands in the failed set. */
  NOTIFIER_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  /** First retry delay; doubles at each attempt, with jitter (10 attempts at 2 s ride out 8–17 min of outage). */
  NOTIFIER_BACKOFF_MS: z.coerce.number().int().min(10).default(2000),
  /** At most this many emails per recipient domain per window (the rest wait for the next window). */
  NOTIFIER_DOMAIN_RATE_LIMIT: z.coerce.number().int().min(1).default(120),
  NOTIFIER_DOMAIN_RATE_WINDOW_MS: z.coerce.number().int().min(100).default(60_000),
  /** Digest ticks (cron, in DIGEST_TZ): daily at 8:00, weekly on Monday at 8:00. */
  DIGEST_DAILY_CRON: z.string().default('0 8 * * *'),
  DIGEST_WEEKLY_CRON: z.string().default('0 8 * * 1'),
  DIGEST_TZ: z.string().default('Europe/Paris'),
  /**
   * A holder on `instant` gets one email per project listing the new partners of this window,
   * sent when it closes (the first partner waits too); 0: one email per partner at once.
   */
  HOLDER_BATCH_WINDOW_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  /** Bearer token of the admin endpoints until sign-in exists; unset: they answer 403. */
  ADMIN_API_TOKEN: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.string().min(16, 'at least 16 characters').optional())
    .optional(),
  /** Mounts the bull-board dashboard at /admin/queues (behind the admin guard). */
  ADMIN_DASHBOARD: z
    .enum(['true', 'false', ''])
    .default('false')
    .transform((v) => v === 'true'),
});

export type TrameConfig = Omit<z.infer<typeof configSchema>, 'PUBLIC_URL'> & { PUBLIC_URL: string; dataDir: string };

export class ConfigValidationError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): TrameConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigValidationError(`Invalid configuration:\n${details}`);
  }
  const dataDir = isAbsolute(parsed.data.DATA_DIR) ? parsed.data.DATA_DIR : resolve(process.cwd(), parsed.data.DATA_DIR);
  // A second instance on another port must not send links to the first one.
  const PUBLIC_URL = parsed.data.PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}`;
  return { ...parsed.data, PUBLIC_URL, dataDir };
}

/** Nest DI token for the validated configuration. */
export const TRAME_CONFIG = Symbol('TRAME_CONFIG');
