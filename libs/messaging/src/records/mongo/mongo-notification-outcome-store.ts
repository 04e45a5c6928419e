import { type AnyBulkWriteOperation, type Collection, MongoBulkWriteError, MongoClient } from 'mongodb';
import type { NotificationOutcome, NotificationOutcomeStore, OutcomeEntry } from '../notification-outcome-store.port';

type OutcomeDocument = { _id: string; status: 'sent' | 'skipped'; messageId?: string; via?: string; reason?: string; at: string };

/**
 * Like the personal-data keys: a record acknowledged before the journal is flushed could be
 * lost in a crash, and the email it stands for sent again.
 */
export const OUTCOME_WRITE_CONCERN = { w: 'majority', journal: true } as const;

const READ_BATCH = 1000;
/** Small unordered bulk writes (FerretDB holds resources per document until the command ends). */
const WRITE_BATCH = 100;

/** Production outcome store: one MongoDB collection in a database of the notifier's own. */
export class MongoNotificationOutcomeStore implements NotificationOutcomeStore {
  private readonly outcomes: Collection<OutcomeDocument>;

  constructor(
    private readonly client: MongoClient,
    dbName: string,
    private readonly ownsClient = false,
  ) {
    this.outcomes = client.db(dbName).collection<OutcomeDocument>('notification_outcomes', { writeConcern: OUTCOME_WRITE_CONCERN });
  }

  static async connect(url: string, dbName: string): Promise<MongoNotificationOutcomeStore> {
    const client = await new MongoClient(url).connect();
    return new MongoNotificationOutcomeStore(client, dbName, true);
  }

  async outcomesOf(factIds: readonly string[]): Promise<Map<string, NotificationOutcome>> {
    const out = new Map<string, NotificationOutcome>();
    for (let i = 0; i < factIds.length; i += READ_BATCH) {
      const docs = await this.outcomes.find({ _id: { $in: factIds.slice(i, i + READ_BATCH) } }).toArray();
      for (const doc of docs) out.set(doc._id, outcomeOf(doc));
    }
    return out;
  }

  async record(entries: readonly OutcomeEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += WRITE_BATCH) await this.recordBatch(entries.slice(i, i + WRITE_BATCH));
  }

  /**
   * Facts already sent are left out before writing: FerretDB stops an unordered bulk write
   * at its first error, so a duplicate must not be what keeps the first record. A writer
   * racing us to the same fact still makes one upsert fail: read again and retry.
   */
  private async recordBatch(batch: readonly OutcomeEntry[], attempt = 1): Promise<void> {
    const sentIds = new Set(
      (await this.outcomes.find({ _id: { $in: batch.map((e) => e.factId) }, status: 'sent' }, { projection: { _id: 1 } }).toArray()).map(
        (d) => d._id,
      ),
    );
    const operations = batch
      .filter(({ factId }) => !sentIds.has(factId))
      .map(({ factId, outcome }): AnyBulkWriteOperation<OutcomeDocument> => {
        if (outcome.status === 'skipped') {
          // Never replaces anything: inserted only if the fact has no record yet.
          return {
            updateOne: {
              filter: { _id: factId },
              update: { $setOnInsert: { status: 'skipped', reason: outcome.reason, at: outcome.at } },
              upsert: true,
            },
          };
        }
        // Replaces a skipped record, or inserts.
        const sent: Omit<OutcomeDocument, '_id'> = { status: 'sent', messageId: outcome.messageId, at: outcome.at };
        if (outcome.via) sent.via = outcome.via;
        return {
          updateOne: { filter: { _id: factId, status: { $ne: 'sent' } }, update: { $set: sent, $unset: { reason: '' } }, upsert: true },
        };
      });
    if (operations.length === 0) return;
    try {
      await this.outcomes.bulkWrite(operations, { ordered: false });
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError) || attempt >= 5) throw error;
      const raw: unknown = error.writeErrors;
      const errors = (Array.isArray(raw) ? raw : [raw]) as { code?: unknown }[];
      if (!errors.every((e) => e.code === 11000)) throw error;
      await this.recordBatch(batch, attempt + 1);
    }
  }

  async ping(): Promise<void> {
    await this.client.db('admin').command({ ping: 1 });
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }
}

function outcomeOf(doc: OutcomeDocument): NotificationOutcome {
  if (doc.status === 'sent') return { status: 'sent', messageId: doc.messageId ?? '', at: doc.at, ...(doc.via ? { via: doc.via } : {}) };
  return { status: 'skipped', reason: doc.reason ?? '', at: doc.at };
}
