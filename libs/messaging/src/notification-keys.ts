/**
 * Every Redis key of the notification records (what was sent or skipped is not among them:
 * that is in the durable outcome store, `records/`), in one place, under the deployment's
 * QUEUE_PREFIX. BullMQ keeps its own keys under `<prefix>:<queue>:…`; these live under
 * `<prefix>:notify:…`, which no queue name uses.
 */
export const notificationKeys = (prefix: string) => {
  const base = `${prefix}:notify`;
  return {
    /** Set of member ids that have items waiting for a digest. */
    digestMembers: `${base}:digest:members`,
    /** Hash itemFactId → DigestItem, per member. */
    digestItems: (memberId: string) => `${base}:digest:items:${memberId}`,
    /** Set of `<holderId>.<projectId>` whose new partners wait in a batch (ids are uuids: no '.'). */
    partnerBatches: `${base}:partners:batches`,
    /** Hash itemFactId → DigestItem: the partners waiting in the open batch of a holder's project. */
    partnerItems: (holderId: string, projectId: string) => `${base}:partners:items:${holderId}:${projectId}`,
    /** Start (ISO) of the open batch window of a holder's project; its job id derives from it. */
    partnerWindow: (holderId: string, projectId: string) => `${base}:partners:window:${holderId}:${projectId}`,
    /** Counter of emails sent to a recipient domain in one rate window. */
    domainRate: (domain: string, window: number) => `${base}:rate:${domain}:${window}`,
  } as const;
};

export type NotificationKeys = ReturnType<typeof notificationKeys>;
