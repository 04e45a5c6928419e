import { eventStoreContract } from '../event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

// EventStoreDB runs only in the docker-compose stack: without EVENTSTORE_URL this suite is
// reported as skipped (never as passed).
const url = process.env.EVENTSTORE_URL;

(url ? describe : describe.skip)('EventStoreDbEventStore', () => {
  eventStoreContract('EventStoreDB', async () => {
    const store = new EventStoreDbEventStore(url!);
    return { store, cleanup: () => store.close() };
  });
});
