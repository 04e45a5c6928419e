import type { ExpectedRevision, NewEvent } from './event-store.port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks shared by every adapter, so the embedded store rejects what EventStoreDB would
 * (it only takes UUID event ids) and a bug shows up in tests, not in production.
 */
export function assertValidBatch(streamId: string, events: readonly NewEvent[]): void {
  if (!streamId) throw new TypeError('streamId must not be empty');
  if (events.length === 0) throw new TypeError(`stream ${streamId}: nothing to append`);
  const seen = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.eventId)) throw new TypeError(`stream ${streamId}: event id ${event.eventId} is not a UUID`);
    const id = event.eventId.toLowerCase();
    if (seen.has(id)) throw new TypeError(`stream ${streamId}: event id ${event.eventId} appears twice in the batch`);
    seen.add(id);
    if (!event.type) throw new TypeError(`stream ${streamId}: event ${event.eventId} has no type`);
  }
}

/**
 * `no_stream`, `any` or a non-negative safe integer: SQLite would compare anything else
 * (and never match), EventStoreDB's BigInt() would throw a RangeError or truncate, and a
 * negative number means one of EventStoreDB's own constants (-1 is "no stream").
 */
export function assertValidExpectedRevision(streamId: string, expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'no_stream' || expected === 'any') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw new TypeError(
    `stream ${streamId}: expectedRevision must be 'no_stream', 'any' or a non-negative safe integer, got ${describe(expected)}`,
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  return String(value);
}
