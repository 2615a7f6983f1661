/**
 * Memory of the whole engine on a hostile body of empty clients against a normal practice list:
 *   node --expose-gc --import tsx test/bench/empty-clients-memory.ts [--empty 1000000] [--clients 15000]
 * Runs runSync (the worker's engine: streaming reader, validation, batches committed into the
 * in-memory store) twice, each on a fresh store, with the client list streamed in 64 KB chunks:
 * (a) `--empty` clients written `<Client></Client>` (no id, no name: several findings each), and
 * (b) the sandbox's seeded `--clients` practice (detailed list, ~50 MB at 15,000). Prints, above the
 * starting heap: the peak JS heap sampled at every chunk (garbage included: what the process needed),
 * with --live the peak after a full GC at every chunk (what the run kept alive), and the heap the
 * in-memory store holds after the run (in the browser that data is in IndexedDB, not the heap).
 * A measurement, not a test (figures vary with the machine's load; compare the rows of one run).
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { startSandbox, signIn } from '../../proxy/sandbox';
import { runSync } from '../../src/sync/run/run-sync';
import { MemoryStore } from '../../src/sync/memory-store';
import { DEFAULT_SYNC_OPTIONS } from '../../src/domain/settings';
import { FakeTokens, ScriptedUpstream, SERVER_DATE } from '../sync/upstream-script';
import { rid, tid } from '../support/ids';

const CHUNK_BYTES = 64 * 1024; // what a browser stream typically delivers per read

const { values } = parseArgs({
  options: {
    empty: { type: 'string', default: '1000000' },
    clients: { type: 'string', default: '15000' },
    live: { type: 'boolean', default: false },
    /** With --live: a full GC at every Nth chunk only (a GC per chunk of a 50 MB list takes minutes here). */
    'live-every': { type: 'string', default: '1' },
    /** Only one of the two runs: 'empty' or 'practice' (default both). */
    only: { type: 'string' },
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) process.stderr.write('note: run with node --expose-gc for a settled baseline\n');

/** A body streamed in CHUNK_BYTES pieces from `pieces`, sampling the heap at every chunk. */
function streamed(pieces: () => Generator<Uint8Array>, sample: () => void): Response {
  const source = pieces();
  return new Response(
    new ReadableStream<Uint8Array>({
      pull(controller) {
        sample();
        const next = source.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
    }),
    { headers: { 'content-type': 'text/xml', date: SERVER_DATE } },
  );
}

function* emptyClients(n: number): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode('<Response api-method="List"><Status>OK</Status><Clients>');
  const client = encoder.encode('<Client></Client>');
  const perChunk = Math.floor(CHUNK_BYTES / client.length);
  for (let sent = 0; sent < n; sent += perChunk) {
    const count = Math.min(perChunk, n - sent);
    const chunk = new Uint8Array(count * client.length);
    for (let i = 0; i < count; i++) chunk.set(client, i * client.length);
    yield chunk;
  }
  yield encoder.encode('</Clients></Response>');
}

function* bytesOf(body: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < body.length; i += CHUNK_BYTES) yield body.subarray(i, i + CHUNK_BYTES);
}

async function measure(label: string, bodyBytes: number, staffXml: string, pieces: () => Generator<Uint8Array>) {
  const store = new MemoryStore();
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let chunks = 0;
  const every = Math.max(1, Number(values['live-every']));
  const sample = () => {
    if (values.live) {
      // Live heap: measured right after a full GC only.
      if (chunks++ % every !== 0) return;
      gc?.();
    }
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const upstream = new ScriptedUpstream()
    .on('staff.api/list', () => new Response(staffXml, { headers: { 'content-type': 'text/xml', date: SERVER_DATE } }))
    .on('client.api/list', () => streamed(pieces, sample));
  let ids = 0;
  const started = performance.now();
  const run = await runSync(
    {
      http: upstream,
      tokens: new FakeTokens(),
      clock: { now: () => Date.now(), sleep: async () => undefined },
      random: () => 0.5,
      store,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      newId: () => `id-${++ids}`,
    },
    {
      runId: rid(label),
      kind: 'full',
      trigger: 'manual',
      xpmBaseUrl: 'http://proxy.test/xpm/3.1/',
      tenantId: tid('11111111-2222-4333-8444-555555555555'),
      options: DEFAULT_SYNC_OPTIONS,
      signal: new AbortController().signal,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  gc?.();
  const kept = process.memoryUsage().heapUsed - base;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  console.log(
    `${label.padEnd(28)} | body ${mb(bodyBytes).padStart(6)} MB | ${run.status} in ${seconds.toFixed(1)} s | ` +
      `peak ${values.live ? 'live ' : ''}heap +${mb(peak - base)} MB | store after +${mb(kept)} MB | clients ${run.clientsProcessed} | log ${store.log.length} listed, ` +
      `${run.findingsNotLogged ?? 0} counted only | fix-list ${store.fixList().length} | contacts ${store.contacts.size}`,
  );
}

const empty = Number(values.empty);
const clients = Number(values.clients);
const running = await startSandbox({ port: 0, clients, seed: 1 });
const session = await signIn(running.url);
const tenant = Object.values(session.tenantIds)[0] ?? '';
const get = async (path: string) =>
  new Uint8Array(
    await (
      await fetch(`${running.url}/practicemanager/3.1/${path}`, {
        headers: { authorization: `Bearer ${session.accessToken}`, 'xero-tenant-id': tenant },
      })
    ).arrayBuffer(),
  );
const practice = await get('client.api/list?detailed=true');
const staffXml = new TextDecoder().decode(await get('staff.api/list'));
await running.close();

console.log('run                          | body          | outcome           | peak JS heap above start');
if (values.only !== 'practice')
  await measure(`${empty.toLocaleString('en')} empty clients`, empty * 17 + 78, staffXml, () => emptyClients(empty));
if (values.only !== 'empty')
  await measure(`${clients.toLocaleString('en')}-client practice`, practice.length, staffXml, () => bytesOf(practice));
