import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TrameConfig } from '@trame/config';
import type { Locale } from '@trame/domain';
import type { LinkSigner, OutgoingEmail, RenderedEmail } from '@trame/mail';
import type { EmailDelivery } from './email-delivery';

/** What the jobs of emails holding a single-use link and a 6-digit code (sign-in, confirmation) carry. */
export type LinkAndCodeJob = Readonly<{ kind: string; factId: string; requestId: string; requestedAt: string; expiresAt: string }>;

/** A flow's own pieces (libs/mail): the link's token and URL, the code, the rendering and the outgoing email. */
export type LinkAndCodeFlow = Readonly<{
  /** The flow's name in Redis keys (`<QUEUE_PREFIX>:<name>:sent:<factId>`). */
  name: string;
  token: (signer: LinkSigner, requestId: string) => string;
  url: (publicUrl: string, token: string) => string;
  code: (signer: LinkSigner, requestId: string) => string;
  render: (input: Readonly<{ locale: Locale; firstName: string; url: string; code: string; ttlSeconds: number }>) => Promise<RenderedEmail>;
  build: (input: Readonly<{ requestId: string; from: string; to: string; publicUrl: string; content: RenderedEmail }>) => OutgoingEmail;
}>;

export type LinkAndCodeDeps = Readonly<{
  config: Pick<TrameConfig, 'QUEUE_PREFIX' | 'PUBLIC_URL' | 'SMTP_FROM'>;
  redis: Redis;
  signer: LinkSigner;
  delivery: EmailDelivery;
}>;

const sentKeyOf = (deps: LinkAndCodeDeps, flow: LinkAndCodeFlow, data: LinkAndCodeJob) =>
  `${deps.config.QUEUE_PREFIX}:${flow.name}:sent:${data.factId}`;

/** Why a job sends nothing before its recipient is even looked up: its link has expired, or the relay already took it. */
export async function linkAndCodeEmailDone(
  deps: LinkAndCodeDeps,
  flow: LinkAndCodeFlow,
  data: LinkAndCodeJob,
): Promise<Readonly<{ status: 'skipped'; reason: 'expired' }> | Readonly<{ status: 'already-done' }> | null> {
  if (!(Date.parse(data.expiresAt) > Date.now())) return { status: 'skipped', reason: 'expired' };
  if (await deps.redis.exists(sentKeyOf(deps, flow, data))) return { status: 'already-done' };
  return null;
}

/**
 * Sends a job's email to `contact` in the transactional lane: the token and the code are
 * derived again from the job's request id, the validity is the request's, and the email is
 * recorded as sent for as long as the link lives (past that, a retry is skipped as expired).
 */
export async function sendLinkAndCodeEmail(
  deps: LinkAndCodeDeps,
  flow: LinkAndCodeFlow,
  job: Job<LinkAndCodeJob>,
  token: string | undefined,
  contact: Readonly<{ email: string; firstName: string; locale: Locale }>,
): Promise<Readonly<{ status: 'sent'; messageId: string }>> {
  const data = job.data;
  const expiresAt = Date.parse(data.expiresAt);
  const sentKey = sentKeyOf(deps, flow, data);
  const { config, signer } = deps;
  const email = await deps.delivery.deliver(job, token, {
    address: contact.email,
    kind: data.kind,
    lane: 'transactional',
    compose: async () => {
      const content = await flow.render({
        locale: contact.locale,
        firstName: contact.firstName,
        url: flow.url(config.PUBLIC_URL, flow.token(signer, data.requestId)),
        code: flow.code(signer, data.requestId),
        ttlSeconds: Math.round((expiresAt - Date.parse(data.requestedAt)) / 1000),
      });
      return flow.build({ requestId: data.requestId, from: config.SMTP_FROM, to: contact.email, publicUrl: config.PUBLIC_URL, content });
    },
    record: (sent) => deps.redis.set(sentKey, sent.messageId, 'PX', Math.max(1, expiresAt - Date.now())),
  });
  return { status: 'sent', messageId: email.messageId };
}
