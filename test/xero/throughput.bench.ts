/**
 * Throughput of the XPM client-list reader on a ~50 MB, 15,000-client detailed list (QUALITY.md).
 * Not a vitest file (vitest picks up *.test.ts only). Run: npx tsx test/xero/throughput.bench.ts [rounds]
 *
 * Measurements in the same process, so their ratios are meaningful on a noisy machine:
 *  - the floor: the Response body streamed in 64 KiB byte chunks and decoded to text, no parsing;
 *  - XmlStream alone with a handler that collects nothing (the tokenizer and its guards);
 *  - the client reader fed 64 KiB string chunks;
 *  - readClientList over the same Response body as the floor (UTF-8 decoding included);
 *  - the same two reads with the body arriving at the browser's measured fetch rate (issue 10), the
 *    question that matters for a sync that parses while it downloads: does parsing keep pace, or
 *    does it make the download-to-parsed time longer than the download?
 * Each row prints wall time and this process's CPU time (process.cpuUsage, user + system), since the
 * machine is shared: wall time includes waiting for a core, CPU time does not. Ratios are of typical
 * (median) figures to the floor of the same kind (in-memory rows to the in-memory floor, paced rows
 * to the paced floor).
 */
import { createClientListReader } from '../../src/xero/client-list-reader';
import { XmlStream } from '../../src/xero/xml-stream';
import { readClientList } from '../../src/xero/xpm-read';
import { bigClientList, chunks } from './support/big-client-list';

const CLIENTS = 15_000;
const CHUNK = 64 * 1024;
const ROUNDS = Number(process.argv[2] ?? 3);
/** Chromium's fetch of the 15,000-client list through the proxy, profiled in issue 10: 48.8 MB in 0.64–0.85 s; this is the fast end. */
const FETCH_BYTES_PER_SECOND = 48.8e6 / 0.64;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A Response whose body streams `bytes` in 64 KiB chunks, at most `bytesPerSecond` when given. */
function bodyOf(bytes: Uint8Array, bytesPerSecond = Number.POSITIVE_INFINITY): Response {
  let offset = 0;
  let start = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      if (start === 0) start = performance.now();
      const due = start + ((offset + CHUNK) / bytesPerSecond) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      controller.enqueue(bytes.subarray(offset, offset + CHUNK));
      offset += CHUNK;
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/xml; charset=utf-8' } });
}

/** The floor: what reading the body costs with no parsing at all. Returns the characters decoded. */
async function bodyAlone(bytes: Uint8Array, bytesPerSecond?: number): Promise<number> {
  const reader = bodyOf(bytes, bytesPerSecond).body?.getReader();
  if (reader === undefined) throw new Error('no body');
  const decoder = new TextDecoder('utf-8');
  let chars = 0;
  for (;;) {
    const step = await reader.read();
    if (step.done) break;
    chars += decoder.decode(step.value, { stream: true }).length;
  }
  return chars + decoder.decode().length;
}

function streamAlone(pieces: readonly string[]): number {
  let elements = 0;
  const stream = new XmlStream({
    open: () => {
      elements++;
      return false;
    },
    close: () => undefined,
  });
  for (const piece of pieces) stream.write(piece);
  stream.end();
  return elements;
}

function readerFromStrings(pieces: readonly string[]): number {
  const reader = createClientListReader(() => undefined);
  for (const piece of pieces) reader.write(piece);
  return reader.end().count;
}

async function readerFromResponse(bytes: Uint8Array, bytesPerSecond?: number): Promise<number> {
  const summary = await readClientList(bodyOf(bytes, bytesPerSecond), () => undefined);
  return summary.count;
}

interface Sample {
  readonly wall: number;
  readonly cpu: number;
}

async function measure<T>(fn: () => T | Promise<T>): Promise<[T, Sample]> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return [result, { wall, cpu: (used.user + used.system) / 1e6 }];
}

const xml = bigClientList(CLIENTS);
const bytes = new TextEncoder().encode(xml);
const pieces = chunks(xml, CHUNK);
const mb = bytes.byteLength / 1e6;
console.log(`document: ${mb.toFixed(1)} MB, ${CLIENTS} clients, ${pieces.length} chunks of 64 KiB, ${ROUNDS} rounds`);

const rows: Array<{ what: string; floor: number; samples: Sample[] }> = [
  { what: 'body read + decode, no parsing', floor: 0, samples: [] },
  { what: 'XmlStream alone (strings)', floor: 0, samples: [] },
  { what: 'client reader (strings)', floor: 0, samples: [] },
  { what: 'readClientList (Response bytes)', floor: 0, samples: [] },
  { what: `paced body, no parsing (${(FETCH_BYTES_PER_SECOND / 1e6).toFixed(0)} MB/s)`, floor: 4, samples: [] },
  { what: 'readClientList (paced body)', floor: 4, samples: [] },
];
for (let round = 0; round < ROUNDS; round++) {
  const [chars, a] = await measure(() => bodyAlone(bytes));
  const [, b] = await measure(() => streamAlone(pieces));
  const [n1, c] = await measure(() => readerFromStrings(pieces));
  const [n2, d] = await measure(() => readerFromResponse(bytes));
  const [pacedChars, e] = await measure(() => bodyAlone(bytes, FETCH_BYTES_PER_SECOND));
  const [n3, f] = await measure(() => readerFromResponse(bytes, FETCH_BYTES_PER_SECOND));
  if (chars !== xml.length || pacedChars !== xml.length)
    throw new Error(`decoded ${chars} characters, expected ${xml.length}`);
  if (n1 !== CLIENTS || n2 !== CLIENTS || n3 !== CLIENTS)
    throw new Error(`expected ${CLIENTS} clients, read ${n1}, ${n2}, ${n3}`);
  for (const [i, sample] of [a, b, c, d, e, f].entries()) rows[i]?.samples.push(sample);
}

const best = (xs: readonly number[]): number => Math.min(...xs);
const median = (xs: readonly number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? best(xs);
for (const { what, floor, samples } of rows) {
  const floorSamples = rows[floor]?.samples ?? samples;
  const floorWall = median(floorSamples.map((s) => s.wall));
  const floorCpu = median(floorSamples.map((s) => s.cpu));
  const walls = samples.map((s) => s.wall);
  const cpus = samples.map((s) => s.cpu);
  console.log(
    `${what.padEnd(36)} wall best ${best(walls).toFixed(3)} s (${(mb / best(walls)).toFixed(0)} MB/s) typical ${median(walls).toFixed(3)} s` +
      ` ×${(median(walls) / floorWall).toFixed(2)} floor | cpu best ${best(cpus).toFixed(3)} s typical ${median(cpus).toFixed(3)} s` +
      ` ×${(median(cpus) / floorCpu).toFixed(2)} floor | wall runs ${walls.map((s) => s.toFixed(2)).join(' / ')}`,
  );
}
