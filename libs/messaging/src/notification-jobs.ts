/**
 * Typed payloads of the notification queues. Payloads never carry an email address or a
 * full name: the notifier reads the recipient's sealed contact from their event stream at
 * send time, so an erased member (key deleted) can no longer be mailed and Redis never
 * holds personal data.
 */

export type Bilingual = Readonly<{ fr: string; en: string }>;
export type DigestFrequency = 'daily' | 'weekly';

/** One recommendation as shown in an email (pseudonymous: first names only). */
export type MatchItem = Readonly<{
  projectId: string;
  projectTitle: string;
  memberId: string;
  /** First name of the member (shown to the holder). */
  memberFirstName: string;
  role: string;
  score: number;
  distanceKm: number | null;
  /** "3 compétences sur 4 : … · 12 km · 6 h/semaine" and its English twin. */
  reasons: Bilingual;
}>;

/** Which side of a match an email is for. */
export type MatchAudience = 'member' | 'holder';

export type MatchEmailJob = Readonly<{
  kind: 'match';
  /** Deterministic id of the fact, also the BullMQ job id (see `matchFactId`). */
  factId: string;
  audience: MatchAudience;
  /** Member id of the recipient (the holder is a member too). */
  recipientId: string;
  match: MatchItem;
  decidedAt: string;
}>;

export type DigestEmailJob = Readonly<{
  kind: 'digest';
  factId: string;
  recipientId: string;
  frequency: DigestFrequency;
  /** Everything new since the previous digest, best first. */
  items: readonly (MatchItem & { audience: MatchAudience; factId: string })[];
  periodEnd: string;
}>;

/**
 * The new partners of one project, for its holder on `instant`, gathered over a window
 * (`HOLDER_BATCH_WINDOW_SECONDS`) and sent as one email when it closes. Until then the
 * partners wait in Redis (`NotificationRecords.addToPartnerBatch`); the job is delayed by
 * the window and its id is the batch fact id, so every partner of the window joins it.
 */
export type PartnersEmailJob = Readonly<{
  kind: 'partners';
  /** `partnersFactId(projectId, holderId, windowStart)`, also the BullMQ job id. */
  factId: string;
  /** The holder. */
  recipientId: string;
  projectId: string;
  windowStart: string;
  /**
   * The partners this email lists: empty while the window is open, filled from the batch
   * just before the first send and kept, so a retried send lists the same partners.
   */
  items: readonly DigestItem[];
}>;

export type EmailJob = MatchEmailJob | DigestEmailJob | PartnersEmailJob;

/** A pending item waiting for a member's next digest. */
export type DigestItem = Readonly<MatchItem & { audience: MatchAudience; factId: string; decidedAt: string }>;

export type DigestTickJob = Readonly<{
  frequency: DigestFrequency;
  /**
   * End of the period the tick closes (ISO). Scheduled ticks leave it out: their scheduled
   * time is used, so a retried tick derives the same digest fact ids.
   */
  periodEnd?: string;
}>;

/**
 * Fact ids: one per (recipient side, project, member). BullMQ ids may not contain ':'
 * with a custom id on some versions, so '.' separates the parts.
 */
export const matchFactId = (audience: MatchAudience, projectId: string, memberId: string): string =>
  `match.${audience}.${projectId}.${memberId}`;

export const digestFactId = (recipientId: string, frequency: DigestFrequency, periodEnd: string): string =>
  `digest.${frequency}.${recipientId}.${periodEnd.replace(/[^0-9]/g, '')}`;

/** One batch of new partners per project, holder and window start (ISO). */
export const partnersFactId = (projectId: string, holderId: string, windowStart: string): string =>
  `partners.${projectId}.${holderId}.${windowStart.replace(/[^0-9]/g, '')}`;

/** A partner batch's job: id, payload (no partners yet) and delay until its window closes. */
export const partnersEmailJob = (
  holderId: string,
  projectId: string,
  windowStart: string,
  windowSeconds: number,
  now: Date,
): { job: PartnersEmailJob; delayMs: number } => ({
  job: {
    kind: 'partners',
    factId: partnersFactId(projectId, holderId, windowStart),
    recipientId: holderId,
    projectId,
    windowStart,
    items: [],
  },
  delayMs: Math.max(0, Date.parse(windowStart) + windowSeconds * 1000 - now.getTime()),
});
