import { MemoryStore } from '../../src/sync/memory-store';
import { byId } from './records';
import { runSyncStoreContract } from './sync-store.contract';

runSyncStoreContract('MemoryStore', async () => {
  const store = new MemoryStore();
  return {
    store,
    async dump() {
      const { contacts, clients, staff } = store.records();
      return {
        contacts,
        clients,
        staff,
        changes: [...store.changes],
        log: [...store.log].sort((a, b) => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : a.seq - b.seq)),
        runs: [...store.runs.values()].sort(byId),
        state: store.state,
      };
    },
    async teardown() {},
  };
});
