/**
 * The engine's throughput in Node on a generated 15,000-client detailed list (the M1 figure):
 *   npx tsx test/bench/engine-throughput.ts [--clients 15000] [--rounds 3]
 * Reads the sandbox's XPM response once, then per round times (a) the reader alone and (b) the whole
 * engine — read, validate, reconcile and commit in batches into the in-memory store — as the worker
 * runs it, and prints clients/s and MB/s for both. A benchmark, not a test: compare rows of one run.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { startSandbox, signIn } from '../../proxy/sandbox';
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
  options: { clients: { type: 'string', default: '15000' }, rounds: { type: 'string', default: '3' } },
});
const clients = Number(values.clients);
const rounds = Number(values.rounds);

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
const megabytes = Buffer.byteLength(xml) / 1e6;

function chunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK_CHARS) out.push(text.slice(i, i + CHUNK_CHARS));
  return out;
}

async function readerOnly(): Promise<number> {
  let n = 0;
  const reader = createClientListReader(() => n++);
  for (const chunk of chunks(xml)) reader.write(chunk);
  reader.end();
  return n;
}

async function wholeEngine(): Promise<number> {
  const store = new MemoryStore();
  let ids = 0;
  const s = new SyncSession(
    { store, clock: { now: () => 0, sleep: async () => undefined }, newId: () => `c${++ids}` },
    { runId: rid('bench'), fullPass: true, options: DEFAULT_SYNC_OPTIONS, startedAt: 0 },
  );
  const run = () => newRunRecord({ id: rid('bench'), kind: 'full', trigger: 'manual', now: 0 });
  await s.applyStaff(parseStaffListXml(staffXml), run);
  let batch: XpmClient[] = [];
  const reader = createClientListReader((c) => batch.push(c));
  for (const chunk of chunks(xml)) {
    reader.write(chunk);
    if (batch.length >= CLIENT_BATCH_SIZE) {
      const full = batch;
      batch = [];
      await s.applyClients(full, run);
    }
  }
  reader.end();
  await s.applyClients(batch, run);
  await s.finish({ state: (x) => x, run: (counts) => ({ ...run(), counts }) });
  return s.clientsProcessed;
}

console.log(`detailed client list: ${clients} clients, ${megabytes.toFixed(1)} MB (sandbox seed 1)`);
console.log('round | reader alone            | whole engine (read+validate+reconcile+store)');
for (let round = 1; round <= rounds; round++) {
  let t = performance.now();
  const n1 = await readerOnly();
  const readerS = (performance.now() - t) / 1000;
  t = performance.now();
  const n2 = await wholeEngine();
  const engineS = (performance.now() - t) / 1000;
  console.log(
    `${round}     | ${readerS.toFixed(2)} s, ${Math.round(n1 / readerS)} clients/s, ${(megabytes / readerS).toFixed(0)} MB/s | ` +
      `${engineS.toFixed(2)} s, ${Math.round(n2 / engineS)} clients/s, ${(megabytes / engineS).toFixed(1)} MB/s (×${(engineS / readerS).toFixed(1)} the reader)`,
  );
}
