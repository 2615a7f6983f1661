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
        sources: [...store.sources.values()].sort((a, b) => (a.clientId < b.clientId ? -1 : 1)),
        unattributed: [...store.unattributed],
        staff,
        changes: [...store.changes],
        log: store.log,
        runs: [...store.runs.values()].sort(byId),
        state: store.state,
      };
    },
    // Nothing is kept outside the store itself: its key index, kept as transactions commit, is the only copy.
    reopen: async () => store,
    async teardown() {},
  };
});
