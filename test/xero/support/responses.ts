/** In-memory Responses and fixtures for the xero/ tests: nothing here touches the network. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../../fixtures/xpm/', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${FIXTURES}${name}`));
}

export const XML_HEADERS = { 'content-type': 'text/xml; charset=utf-8' } as const;

/** A stream that hands out `pieces` one per pull, then closes. */
export function streamOf(pieces: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[i++];
      if (piece === undefined) controller.close();
      else controller.enqueue(piece);
    },
  });
}

/** A Response whose body arrives in the given byte pieces. */
export function xmlResponse(body: string | readonly Uint8Array[], init: ResponseInit = {}): Response {
  const pieces = typeof body === 'string' ? [new TextEncoder().encode(body)] : body;
  return new Response(streamOf(pieces), { status: 200, headers: XML_HEADERS, ...init });
}

/** Splits bytes into pieces of `size`. */
export function byteChunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.byteLength; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** Snapshot of Object.prototype to prove hostile input left it alone. */
export const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

export function prototypeUntouched(): boolean {
  const names = Object.getOwnPropertyNames(Object.prototype).sort();
  return (
    ({} as Record<string, unknown>)['polluted'] === undefined &&
    names.length === PROTOTYPE_NAMES.length &&
    names.every((name, i) => name === PROTOTYPE_NAMES[i])
  );
}
