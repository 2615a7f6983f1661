/**
 * Throughput of the XPM client-list reader on a ~50 MB, 15,000-client detailed list (QUALITY.md).
 * Not a vitest file (vitest picks up *.test.ts only). Run: npx tsx test/xero/throughput.bench.ts
 *
 * Three measurements in the same process, so their ratios are meaningful on a noisy machine:
 *  - saxes alone, no handlers doing work (the floor this layer adds to);
 *  - the reader fed 64 KiB string chunks;
 *  - readClientList over a Response whose body streams 64 KiB byte chunks (UTF-8 decoding included).
 */
import { SaxesParser } from 'saxes';
import { createClientListReader } from '../../src/xero/client-list-reader';
import { readClientList } from '../../src/xero/xpm-read';
import { bigClientList, chunks } from './support/big-client-list';

const CLIENTS = 15_000;
const CHUNK = 64 * 1024;
const ROUNDS = 3;

function saxesAlone(pieces: readonly string[]): number {
  const parser = new SaxesParser({ xmlns: false });
  let elements = 0;
  parser.on('opentag', () => {
    elements++;
  });
  parser.on('text', () => undefined);
  for (const piece of pieces) parser.write(piece);
  parser.close();
  return elements;
}

function readerFromStrings(pieces: readonly string[]): number {
  let count = 0;
  const reader = createClientListReader(() => {
    count++;
  });
  for (const piece of pieces) reader.write(piece);
  return reader.end().count + 0 * count;
}

async function readerFromResponse(bytes: Uint8Array): Promise<number> {
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
  const response = new Response(body, { headers: { 'content-type': 'text/xml; charset=utf-8' } });
  const summary = await readClientList(response, () => undefined);
  return summary.count;
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, (performance.now() - start) / 1000];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, (performance.now() - start) / 1000];
}

const xml = bigClientList(CLIENTS);
const bytes = new TextEncoder().encode(xml);
const pieces = chunks(xml, CHUNK);
const mb = bytes.byteLength / 1e6;
console.log(`document: ${mb.toFixed(1)} MB, ${CLIENTS} clients, ${pieces.length} chunks of 64 KiB`);

const rows: Array<{ what: string; seconds: number[] }> = [
  { what: 'saxes alone (strings)', seconds: [] },
  { what: 'client reader (strings)', seconds: [] },
  { what: 'readClientList (Response bytes)', seconds: [] },
];
for (let round = 0; round < ROUNDS; round++) {
  const [, a] = time(() => saxesAlone(pieces));
  const [n1, b] = time(() => readerFromStrings(pieces));
  const [n2, c] = await timeAsync(() => readerFromResponse(bytes));
  if (n1 !== CLIENTS || n2 !== CLIENTS) throw new Error(`expected ${CLIENTS} clients, read ${n1} and ${n2}`);
  rows[0]?.seconds.push(a);
  rows[1]?.seconds.push(b);
  rows[2]?.seconds.push(c);
}
for (const { what, seconds } of rows) {
  const best = Math.min(...seconds);
  const typical = [...seconds].sort((x, y) => x - y)[Math.floor(seconds.length / 2)] ?? best;
  console.log(
    `${what.padEnd(34)} best ${best.toFixed(2)} s (${(mb / best).toFixed(0)} MB/s, ${Math.round(CLIENTS / best)} clients/s)` +
      `  typical ${typical.toFixed(2)} s  runs ${seconds.map((s) => s.toFixed(2)).join(' / ')}`,
  );
}
