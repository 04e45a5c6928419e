/**
 * Every Redis key of the notification records, in one place, under the deployment's
 * QUEUE_PREFIX. BullMQ keeps its own keys under `<prefix>:<queue>:…`; these live under
 * `<prefix>:notify:…`, which no queue name uses.
 */
export const notificationKeys = (prefix: string) => {
  const base = `${prefix}:notify`;
  return {
    /** Hash factId → `{messageId, at, via?}`: facts already mailed. No TTL, ever. */
    sent: `${base}:sent`,
    /** Hash factId → `{reason, at}`: facts completed without an email (erased, `never`…). */
    skipped: `${base}:skipped`,
    /** Set of member ids that have items waiting for a digest. */
    digestMembers: `${base}:digest:members`,
    /** Hash itemFactId → DigestItem, per member. */
    digestItems: (memberId: string) => `${base}:digest:items:${memberId}`,
    /** Counter of emails sent to a recipient domain in one rate window. */
    domainRate: (domain: string, window: number) => `${base}:rate:${domain}:${window}`,
  } as const;
};

export type NotificationKeys = ReturnType<typeof notificationKeys>;
