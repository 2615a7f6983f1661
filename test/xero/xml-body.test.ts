/**
 * Reading XPM response bodies: content type, size limits (up front and while streaming), UTF-8
 * decoding across chunk boundaries, progress, cancellation and dropped connections.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors';
import { describeLimit, MAX_XPM_RESPONSE_BYTES, pipeXmlBody } from '../../src/xero/xml-body';
import { readClientList, readStaffList } from '../../src/xero/xpm-read';
import type { XpmClient } from '../../src/xero/types';
import { byteChunks, fixture, fixtureBytes, prototypeUntouched, xmlResponse } from './support/responses';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

afterEach(() => {
  expect(prototypeUntouched()).toBe(true);
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'no error';
}

/** Where an "endless" body really ends, so a reader without a size limit fails instead of hanging. */
const ENDLESS_BYTES = 70 * 1e6;

/** A body that serves `head`, then `filler` up to ENDLESS_BYTES, counting pulls and noticing cancellation. */
function endlessBody(
  head: Uint8Array,
  filler: Uint8Array,
): { stream: ReadableStream<Uint8Array>; pulls: () => number; cancelled: () => boolean } {
  let pulls = 0;
  let sent = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= ENDLESS_BYTES) {
        controller.close();
        return;
      }
      const piece = pulls++ === 0 ? head : filler;
      sent += piece.byteLength;
      controller.enqueue(piece);
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, pulls: () => pulls, cancelled: () => cancelled };
}

const namesOf = async (response: Response): Promise<string[]> => {
  const names: string[] = [];
  await readClientList(response, (c) => names.push(c.name));
  return names;
};

describe('content type', () => {
  it.each([
    'text/xml; charset=utf-8',
    'text/xml',
    'application/xml',
    'TEXT/XML;charset=UTF-8',
    ' application/xml ; q=1',
  ])('reads %s', async (contentType) => {
    const response = xmlResponse(fixture('client-list-single.xml'), { headers: { 'content-type': contentType } });
    expect(await namesOf(response)).toEqual(['Solo Client Ltd']);
  });

  it('never parses an HTML gateway page, even one that would parse as XML', async () => {
    const html = new Response(fixture('gateway-error.html'), { status: 200, headers: { 'content-type': 'text/html' } });
    expect(await codeOf(namesOf(html))).toBe('xpm/unexpected-content');
    const disguised = new Response(fixture('client-list-single.xml'), {
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
    expect(await codeOf(namesOf(disguised))).toBe('xpm/unexpected-content');
  });

  it.each([['application/json'], ['text/plain'], ['application/xhtml+xml'], ['']])(
    'rejects "%s"',
    async (contentType) => {
      const headers: Record<string, string> = contentType === '' ? {} : { 'content-type': contentType };
      const response = new Response(fixture('client-list-single.xml'), { headers });
      if (contentType === '') response.headers.delete('content-type');
      expect(await codeOf(namesOf(response))).toBe('xpm/unexpected-content');
    },
  );

  it('rejects a non-2xx response with its status, without reading it as data', async () => {
    const response = xmlResponse(fixture('client-list-single.xml'), { status: 500 });
    let error: unknown;
    await namesOf(response).catch((e: unknown) => {
      error = e;
    });
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('xpm/http-error');
    expect((error as AppError).detail.status).toBe(500);
  });

  it('reports HTTP 200 with Status ERROR as xpm/api-error', async () => {
    expect(await codeOf(namesOf(xmlResponse(fixture('status-error.xml'))))).toBe('xpm/api-error');
  });
});

/** A cap small enough to reach quickly, large enough for many chunks and clients before it. */
const SMALL_CAP_BYTES = 3 * 1024 * 1024;

describe('size limit', () => {
  it('defaults to the app’s guard, which admits a 50,000-client list (~165 MB) with room to spare', () => {
    expect(MAX_XPM_RESPONSE_BYTES).toBe(512 * 1024 * 1024);
    expect(MAX_XPM_RESPONSE_BYTES).toBeGreaterThan(3 * 165e6);
  });

  it('rejects a body over the cap from its Content-Length before reading any of it', async () => {
    const body = endlessBody(encode('<Response>'), encode('<a/>'));
    const response = new Response(body.stream, {
      headers: { 'content-type': 'text/xml', 'content-length': String(MAX_XPM_RESPONSE_BYTES + 1) },
    });
    let bytesSeen = 0;
    const code = await codeOf(readClientList(response, () => undefined, { onBytes: (b) => (bytesSeen = b) }));
    expect(code).toBe('xml/too-large');
    expect(bytesSeen).toBe(0);
    expect(body.cancelled()).toBe(true);
  });

  it('rejects a streamed body without Content-Length once it passes a configured cap, and stops downloading', async () => {
    const cap = SMALL_CAP_BYTES;
    const filler = encode(`<Client><UUID>${'0'.repeat(36)}</UUID><Name>${'n'.repeat(900)}</Name></Client>`.repeat(64));
    const body = endlessBody(encode('<Response api-method="List"><Status>OK</Status><Clients>'), filler);
    const response = new Response(body.stream, { headers: { 'content-type': 'text/xml; charset=utf-8' } });
    let lastBytes = 0;
    let clients = 0;
    const code = await codeOf(
      readClientList(response, () => clients++, { onBytes: (b) => (lastBytes = b), maxBytes: cap }),
    );
    expect(code).toBe('xml/too-large');
    expect(lastBytes).toBeLessThanOrEqual(cap);
    expect(lastBytes).toBeGreaterThan(cap - filler.byteLength);
    expect(body.pulls() * filler.byteLength).toBeLessThan(cap + 3 * filler.byteLength);
    expect(body.cancelled()).toBe(true);
    expect(clients).toBeGreaterThan(0);
  });

  it('accepts a body of exactly the limit (checked with a small test limit)', async () => {
    const xml = fixture('client-list-single.xml');
    const size = encode(xml).byteLength;
    const exact = xmlResponse(xml);
    await expect(readClientList(exact, () => undefined, { maxBytes: size })).resolves.toMatchObject({
      count: 1,
      bytes: size,
    });
    const over = xmlResponse(xml);
    expect(await codeOf(readClientList(over, () => undefined, { maxBytes: size - 1 }))).toBe('xml/too-large');
  });

  it('names the limit it applied, never a rounded-down one', async () => {
    const xml = fixture('client-list-single.xml');
    const size = encode(xml).byteLength;
    const error = await readClientList(xmlResponse(xml), () => undefined, { maxBytes: size - 1 }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toContain(`larger than ${(size - 1).toLocaleString('en')} bytes`);
    expect(describeLimit(512 * 1024 * 1024)).toBe('512 MiB');
    expect(describeLimit(3 * 1024 * 1024)).toBe('3 MiB');
    expect(describeLimit(1_572_864)).toBe('1.5 MiB (1,572,864 bytes)');
    expect(describeLimit(2_500_000)).toBe('2.4 MiB (2,500,000 bytes)');
  });
});

describe('decoding and progress', () => {
  it('decodes multi-byte characters split at every byte boundary', async () => {
    const name = 'Zoë Ōtautahi € 𝄞 😀 \u0301';
    const bytes = encode(
      `<Response><Status>OK</Status><Clients><Client><Name>${name}</Name></Client></Clients></Response>`,
    );
    for (const size of [1, 2, 3, 5, 7]) {
      expect(await namesOf(xmlResponse(byteChunks(bytes, size)))).toEqual([name]);
    }
  });

  it('strips a UTF-8 BOM and reads the pretty-printed fixture from bytes', async () => {
    const bytes = fixtureBytes('client-list-pretty.xml');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(await namesOf(xmlResponse(byteChunks(bytes, 64)))).toEqual(['Harbour View Trust']);
  });

  it('turns invalid UTF-8 into U+FFFD instead of failing', async () => {
    const head = encode('<Response><Status>OK</Status><Clients><Client><Name>a');
    const tail = encode('b</Name></Client></Clients></Response>');
    const response = xmlResponse([head, new Uint8Array([0xff, 0xc3]), tail]);
    expect(await namesOf(response)).toEqual(['a\uFFFD\uFFFDb']);
  });

  it('reports the growing byte count and the total', async () => {
    const bytes = fixtureBytes('client-list-detailed.xml');
    const seen: number[] = [];
    const summary = await readClientList(xmlResponse(byteChunks(bytes, 500)), () => undefined, {
      onBytes: (b) => seen.push(b),
    });
    expect(seen).toEqual(byteChunks(bytes, 500).map((_, i) => Math.min((i + 1) * 500, bytes.byteLength)));
    expect(summary).toEqual({ apiMethod: 'List', webUrl: '', count: 2, bytes: bytes.byteLength });
  });

  it('hands out clients before the body has finished downloading', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let step = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (step === 0)
          controller.enqueue(encode('<Response><Status>OK</Status><Clients><Client><Name>Early</Name></Client>'));
        else if (step === 1) {
          await gate;
          controller.enqueue(encode('</Clients></Response>'));
        } else controller.close();
        step++;
      },
    });
    const seen: XpmClient[] = [];
    const done = readClientList(new Response(stream, { headers: { 'content-type': 'text/xml' } }), (c) => {
      seen.push(c);
      release();
    });
    await expect(done).resolves.toMatchObject({ count: 1 });
    expect(seen.map((c) => c.name)).toEqual(['Early']);
  });

  it('pauses the download while afterChunk is pending (backpressure for batched writes)', async () => {
    const piece = (i: number): Uint8Array => encode(`<Client><Name>c${i}</Name></Client>`);
    const pieces = [
      encode('<Response><Status>OK</Status><Clients>'),
      piece(0),
      piece(1),
      piece(2),
      encode('</Clients></Response>'),
    ];
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          const next = pieces[pulls++];
          if (next === undefined) controller.close();
          else controller.enqueue(next);
        },
      },
      { highWaterMark: 0 },
    );
    const names: string[] = [];
    const log: string[] = [];
    let release: () => void = () => undefined;
    let paused: () => void = () => undefined;
    const pausedAfterFirstClient = new Promise<void>((resolve) => {
      paused = resolve;
    });
    const done = readClientList(
      new Response(stream, { headers: { 'content-type': 'text/xml' } }),
      (c) => names.push(c.name),
      {
        afterChunk: () => {
          log.push(`paused after ${names.length} clients, ${pulls} pulls`);
          if (names.length !== 1) return undefined;
          paused();
          return new Promise<void>((resolve) => {
            release = resolve;
          });
        },
      },
    );
    await pausedAfterFirstClient;
    // One full turn of the event loop: a reader that did not wait would have read on by now.
    await new Promise((resolve) => setImmediate(resolve));
    expect(names).toEqual(['c0']);
    expect(pulls).toBe(2);
    release();
    await expect(done).resolves.toMatchObject({ count: 3 });
    expect(log).toEqual([
      'paused after 0 clients, 1 pulls',
      'paused after 1 clients, 2 pulls',
      'paused after 2 clients, 3 pulls',
      'paused after 3 clients, 4 pulls',
      'paused after 3 clients, 5 pulls',
    ]);
  });

  it('reads an empty body as malformed', async () => {
    expect(await codeOf(namesOf(new Response(null, { headers: { 'content-type': 'text/xml' } })))).toBe(
      'xml/malformed',
    );
    expect(await codeOf(namesOf(xmlResponse('')))).toBe('xml/malformed');
  });
});

describe('cancellation and failures', () => {
  it('rejects with the abort reason when the signal is already aborted, and cancels the body', async () => {
    const body = endlessBody(encode('<Response>'), encode('<a/>'));
    const controller = new AbortController();
    controller.abort();
    const response = new Response(body.stream, { headers: { 'content-type': 'text/xml' } });
    await expect(readClientList(response, () => undefined, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(body.cancelled()).toBe(true);
  });

  it('stops a download that is waiting for data as soon as the signal aborts', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encode('<Response><Status>OK</Status><Clients>'));
      },
      pull() {
        return new Promise<void>(() => undefined);
      },
      cancel() {
        cancelled = true;
      },
    });
    const controller = new AbortController();
    const done = readClientList(new Response(stream, { headers: { 'content-type': 'text/xml' } }), () => undefined, {
      signal: controller.signal,
      onBytes: () => setTimeout(() => controller.abort(new DOMException('stop', 'AbortError')), 0),
    });
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    expect(cancelled).toBe(true);
  });

  it('turns a dropped connection into network/failed', async () => {
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(encode('<Response><Status>OK</Status><Clients>'));
        } else controller.error(new TypeError('terminated'));
      },
    });
    expect(await codeOf(namesOf(new Response(stream, { headers: { 'content-type': 'text/xml' } })))).toBe(
      'network/failed',
    );
  });

  it('cancels the download when the XML is rejected part-way', async () => {
    const body = endlessBody(encode('<Response><Status>OK</Status><Clients><Client><__proto__>'), encode('<a/>'));
    const response = new Response(body.stream, { headers: { 'content-type': 'text/xml' } });
    expect(await codeOf(namesOf(response))).toBe('xml/forbidden-name');
    expect(body.cancelled()).toBe(true);
    expect(body.pulls()).toBeLessThan(4);
  });

  it('pipes into any sink and resolves with the byte count', async () => {
    const pieces: string[] = [];
    const bytes = await pipeXmlBody(xmlResponse([encode('<a>'), encode('</a>')]), { write: (t) => pieces.push(t) });
    expect(bytes).toBe(7);
    expect(pieces.join('')).toBe('<a></a>');
  });
});

describe('readStaffList', () => {
  it('returns every staff member of the response', async () => {
    const staff = await readStaffList(xmlResponse(byteChunks(fixtureBytes('staff-list.xml'), 100)));
    expect(staff.map((s) => s.name)).toEqual(['Jo Bloggs', 'John Smith']);
  });

  it('rejects an HTML page and a Status ERROR', async () => {
    expect(
      await codeOf(readStaffList(new Response('<html></html>', { headers: { 'content-type': 'text/html' } }))),
    ).toBe('xpm/unexpected-content');
    expect(await codeOf(readStaffList(xmlResponse(fixture('status-error.xml'))))).toBe('xpm/api-error');
  });
});
