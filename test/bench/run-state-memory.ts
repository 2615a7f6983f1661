/**
 * The heap a Resync All keeps for its own bookkeeping (what it read, saw and counted: the duplicate
 * check, the R6 sweep's record of the listing, the run's counts), per client of the practice:
 *   node --expose-gc --import tsx test/bench/run-state-memory.ts [--clients 15000] [--passes 2]
 * Syncs the sandbox's seeded practice into the in-memory store once, then runs `--passes` complete
 * listings on it and prints, for each, the live heap (after a full GC) just before its finishing
 * transaction minus the live heap before its first batch. An upper bound: it includes the run's log,
 * which the in-memory store keeps in the heap and the browser in IndexedDB. A measurement, not a test.
 */
import { parseArgs } from 'node:util';
import { MemoryStore } from '../../src/sync/memory-store';
import { applyListing, liveHeap, practiceLists } from './engine-practice';

const { values } = parseArgs({
  options: { clients: { type: 'string', default: '15000' }, passes: { type: 'string', default: '2' } },
});
const clients = Number(values.clients);
const lists = await practiceLists(clients);
const store = new MemoryStore();
const deps = { store, clock: { now: () => 0, sleep: async () => undefined }, newId: () => crypto.randomUUID() };

await applyListing(deps, lists, 'first-sync');
console.log(`practice: ${clients} clients (sandbox seed 1), ${(lists.xml.length / 1e6).toFixed(1)} M characters`);
for (let pass = 1; pass <= Number(values.passes); pass++) {
  let before = 0;
  let kept = 0;
  await applyListing(deps, lists, `resync-all-${pass}`, {
    beforeClients: () => {
      before = liveHeap();
    },
    beforeFinish: () => {
      kept = liveHeap() - before;
    },
  });
  console.log(
    `Resync All ${pass}: ${(kept / 1e6).toFixed(1)} MB kept by the run, ${Math.round(kept / clients)} bytes per client`,
  );
}
