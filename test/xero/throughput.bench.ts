/**
 * Throughput of the XPM client-list reader on a ~50 MB, 15,000-client detailed list (QUALITY.md).
 * Not a vitest file (vitest picks up *.test.ts only). Run: npx tsx test/xero/throughput.bench.ts [rounds]
 *
 * Four measurements in the same process, so their ratios are meaningful on a noisy machine:
 *  - the floor: the Response body streamed in 64 KiB byte chunks and decoded to text, no parsing;
 *  - XmlStream alone with a handler that collects nothing (the tokenizer and its guards);
 *  - the client reader fed 64 KiB string chunks;
 *  - readClientList over the same Response body as the floor (UTF-8 decoding included).
 * Each row prints wall time and this process's CPU time (process.cpuUsage, user + system), since the
 * machine is shared: wall time includes waiting for a core, CPU time does not.
 */
import { createClientListReader } from '../../src/xero/client-list-reader';
import { XmlStream } from '../../src/xero/xml-stream';
import { readClientList } from '../../src/xero/xpm-read';
import { bigClientList, chunks } from './support/big-client-list';

const CLIENTS = 15_000;
const CHUNK = 64 * 1024;
const ROUNDS = Number(process.argv[2] ?? 3);

function bodyOf(bytes: Uint8Array): Response {
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(offset, offset + CHUNK));
      offset += CHUNK;
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/xml; charset=utf-8' } });
}

/** The floor: what reading the body costs with no parsing at all. Returns the characters decoded. */
async function bodyAlone(bytes: Uint8Array): Promise<number> {
  const reader = bodyOf(bytes).body?.getReader();
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

async function readerFromResponse(bytes: Uint8Array): Promise<number> {
  const summary = await readClientList(bodyOf(bytes), () => undefined);
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

const rows: Array<{ what: string; samples: Sample[] }> = [
  { what: 'body read + decode, no parsing', samples: [] },
  { what: 'XmlStream alone (strings)', samples: [] },
  { what: 'client reader (strings)', samples: [] },
  { what: 'readClientList (Response bytes)', samples: [] },
];
for (let round = 0; round < ROUNDS; round++) {
  const [chars, a] = await measure(() => bodyAlone(bytes));
  const [, b] = await measure(() => streamAlone(pieces));
  const [n1, c] = await measure(() => readerFromStrings(pieces));
  const [n2, d] = await measure(() => readerFromResponse(bytes));
  if (chars !== xml.length) throw new Error(`decoded ${chars} characters, expected ${xml.length}`);
  if (n1 !== CLIENTS || n2 !== CLIENTS) throw new Error(`expected ${CLIENTS} clients, read ${n1} and ${n2}`);
  for (const [i, sample] of [a, b, c, d].entries()) rows[i]?.samples.push(sample);
}

const best = (xs: readonly number[]): number => Math.min(...xs);
const median = (xs: readonly number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? best(xs);
const floor = rows[0]?.samples ?? [];
const floorWall = median(floor.map((s) => s.wall));
const floorCpu = median(floor.map((s) => s.cpu));
for (const { what, samples } of rows) {
  const walls = samples.map((s) => s.wall);
  const cpus = samples.map((s) => s.cpu);
  console.log(
    `${what.padEnd(32)} wall best ${best(walls).toFixed(3)} s (${(mb / best(walls)).toFixed(0)} MB/s) typical ${median(walls).toFixed(3)} s` +
      ` ×${(median(walls) / floorWall).toFixed(2)} floor | cpu best ${best(cpus).toFixed(3)} s typical ${median(cpus).toFixed(3)} s` +
      ` ×${(median(cpus) / floorCpu).toFixed(2)} floor | wall runs ${walls.map((s) => s.toFixed(2)).join(' / ')}`,
  );
}
