/**
 * What became of each notification fact (a match, a digest, an introduction step): mailed,
 * or settled without an email. These records, not BullMQ's job ids, guarantee one email
 * per fact, so they live in a durable store of the notifier's own (SQLite under DATA_DIR
 * embedded, MongoDB in production), never only in Redis: Redis coming back empty must not
 * make anything look unsent. Every adapter passes `notification-outcome-store.contract.ts`.
 */
export type SentRecord = Readonly<{ messageId: string; at: string; /** digest fact that carried this item */ via?: string }>;
export type SkippedRecord = Readonly<{ reason: string; at: string }>;
export type NotificationOutcome = ({ status: 'sent' } & SentRecord) | ({ status: 'skipped' } & SkippedRecord);
export type OutcomeEntry = Readonly<{ factId: string; outcome: NotificationOutcome }>;

export interface NotificationOutcomeStore {
  /** The recorded outcome of each of `factIds` that has one (any number of ids). */
  outcomesOf(factIds: readonly string[]): Promise<Map<string, NotificationOutcome>>;
  /**
   * Records outcomes, durably once resolved. The first `sent` of a fact stays (its
   * Message-ID is the one the recipient got); `sent` replaces `skipped`; `skipped` never
   * replaces anything.
   */
  record(entries: readonly OutcomeEntry[]): Promise<void>;
  /** Readiness probe. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Nest DI token for the configured adapter. */
export const NOTIFICATION_OUTCOME_STORE = Symbol('NOTIFICATION_OUTCOME_STORE');
