import { readModelStoreContract } from '../read-model-store.contract';
import { InMemoryReadModelStore } from './in-memory-read-model-store';

readModelStoreContract('in-memory', async () => {
  const store = new InMemoryReadModelStore();
  return { store, cleanup: () => store.close() };
});
