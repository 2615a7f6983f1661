/**
 * The heap a Resync All keeps for its own bookkeeping (what it read, saw and counted: the duplicate
 * check, the R6 sweep's record of the listing, the run's counts), per client of the practice:
 *   node --expose-gc --import tsx test/bench/run-state-memory.ts [--clients 15000] [--passes 2]
 * Syncs the sandbox's seeded practice into the in-memory store once, then runs `--passes` complete
 * listings on it and prints, for each, the live heap (after a full GC) just before its finishing
 * transaction minus the live heap before its first batch. A measurement, not a test.
 */
import { parseArgs } from 'node:util';
import { signIn, startSandbox } from '../../proxy/sandbox';
import { createClientListReader } from '../../src/xero/client-list-reader';
import { parseStaffListXml } from '../../src/xero/xpm-read';
import type { XpmClient } from '../../src/xero/types';
import { MemoryStore } from '../../src/sync/memory-store';
import { SyncSession } from '../../src/sync/session/session';
import { newRunRecord } from '../../src/sync/run/run-record';
import { CLIENT_BATCH_SIZE } from '../../src/sync/run/run-sync';
import { DEFAULT_SYNC_OPTIONS } from '../../src/domain/settings';
import { rid } from '../support/ids';

const CHUNK_CHARS = 64 * 1024; // what a browser stream typically delivers per read

const { values } = parseArgs({
  options: { clients: { type: 'string', default: '15000' }, passes: { type: 'string', default: '2' } },
});
const clients = Number(values.clients);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const liveHeap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const running = await startSandbox({ port: 0, clients, seed: 1 });
const session = await signIn(running.url);
const tenant = Object.values(session.tenantIds)[0] ?? '';
const get = async (path: string) =>
  (
    await fetch(`${running.url}/practicemanager/3.1/${path}`, {
      headers: { authorization: `Bearer ${session.accessToken}`, 'xero-tenant-id': tenant },
    })
  ).text();
const xml = await get('client.api/list?detailed=true');
const staffXml = await get('staff.api/list');
await running.close();

const store = new MemoryStore();

/** One complete listing into `store`; returns the run's own live heap just before it finishes. */
async function listing(id: string): Promise<number> {
  const s = new SyncSession(
    { store, clock: { now: () => 0, sleep: async () => undefined }, newId: () => crypto.randomUUID() },
    { runId: rid(id), fullPass: true, options: DEFAULT_SYNC_OPTIONS, startedAt: 0 },
  );
  const run = () => newRunRecord({ id: rid(id), kind: 'full', trigger: 'manual', now: 0 });
  await s.applyStaff(parseStaffListXml(staffXml), run);
  const before = liveHeap();
  let batch: XpmClient[] = [];
  const reader = createClientListReader((client) => batch.push(client));
  for (let i = 0; i < xml.length; i += CHUNK_CHARS) {
    reader.write(xml.slice(i, i + CHUNK_CHARS));
    if (batch.length >= CLIENT_BATCH_SIZE) {
      const full = batch;
      batch = [];
      await s.applyClients(full, run);
    }
  }
  reader.end();
  await s.applyClients(batch, run);
  batch = [];
  const kept = liveHeap() - before;
  await s.finish({ state: (state) => state, run: (counts) => ({ ...run(), counts }) });
  return kept;
}

await listing('first-sync');
console.log(`practice: ${clients} clients (sandbox seed 1), ${(xml.length / 1e6).toFixed(1)} M characters`);
for (let pass = 1; pass <= Number(values.passes); pass++) {
  const kept = await listing(`resync-all-${pass}`);
  console.log(
    `Resync All ${pass}: ${(kept / 1e6).toFixed(1)} MB kept by the run, ${Math.round(kept / clients)} bytes per client`,
  );
}
