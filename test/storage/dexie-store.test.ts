import 'fake-indexeddb/auto';
import { openAppDB } from '../../src/storage/open';
import { DexieSyncStore } from '../../src/storage/sync-store';
import { runSyncStoreContract } from '../contracts/sync-store.contract';
import { destroy, dumpDexie, freshDbName } from './support/dexie';

runSyncStoreContract('DexieSyncStore (fake-indexeddb)', async () => {
  const db = await openAppDB(freshDbName());
  return {
    store: new DexieSyncStore(db),
    dump: () => dumpDexie(db),
    // A second store on the same database builds its key index from the stored keys rows.
    reopen: async () => new DexieSyncStore(db),
    teardown: () => destroy(db),
  };
});
