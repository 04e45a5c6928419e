import type { DigestEmailJob, EmailJob, PartnersEmailJob } from '@trame/messaging';

/** What becomes of a pending email job once some members are erased. */
export type EmailJobPurge = { action: 'keep' } | { action: 'remove' } | { action: 'update'; data: DigestEmailJob | PartnersEmailJob };

/**
 * Pure: a job goes if it is for an erased member or about one (a match naming them); a
 * digest for someone else loses the items about erased members, and goes if none is left.
 * A partner batch loses them too but stays, even with none left: its window is still open
 * (the batch's other partners, in Redis, are purged apart) and the job closes it.
 */
export function purgeEmailJob(job: EmailJob, erased: ReadonlySet<string>): EmailJobPurge {
  if (erased.has(job.recipientId)) return { action: 'remove' };
  if (job.kind === 'match') return erased.has(job.match.memberId) ? { action: 'remove' } : { action: 'keep' };
  if (job.kind === 'partners') {
    const partners = job.items.filter((item) => !erased.has(item.memberId));
    return partners.length === job.items.length ? { action: 'keep' } : { action: 'update', data: { ...job, items: partners } };
  }
  const items = job.items.filter((item) => !erased.has(item.memberId));
  if (items.length === job.items.length) return { action: 'keep' };
  if (items.length === 0) return { action: 'remove' };
  return { action: 'update', data: { ...job, items } };
}

/**
 * The member a match fact names (`matchFactId`: `match.<audience>.<projectId>.<memberId>`,
 * uuids carry no '.'), or null for any other fact. Lets digest items be selected from their
 * field names alone, without reading them.
 */
export function memberOfMatchFact(factId: string): string | null {
  const parts = factId.split('.');
  return parts.length === 4 && parts[0] === 'match' ? parts[3] : null;
}
