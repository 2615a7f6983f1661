/**
 * The engine's throughput in Node on a generated 15,000-client detailed list (the M1 figure):
 *   npx tsx test/bench/engine-throughput.ts [--clients 15000] [--rounds 3]
 * Reads the sandbox's XPM response once, then per round times (a) the reader alone and (b) the whole
 * engine — read, validate, reconcile and commit in batches into the in-memory store — as the worker
 * runs it, and prints clients/s and MB/s for both. A benchmark, not a test: compare rows of one run.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { createClientListReader } from '../../src/xero/client-list-reader';
import { MemoryStore } from '../../src/sync/memory-store';
import { applyListing, CHUNK_CHARS, practiceLists } from './engine-practice';

const { values } = parseArgs({
  options: { clients: { type: 'string', default: '15000' }, rounds: { type: 'string', default: '3' } },
});
const clients = Number(values.clients);
const rounds = Number(values.rounds);

const lists = await practiceLists(clients);
const xml = lists.xml;
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
  let ids = 0;
  return applyListing(
    { store: new MemoryStore(), clock: { now: () => 0, sleep: async () => undefined }, newId: () => `c${++ids}` },
    lists,
    'bench',
  );
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
