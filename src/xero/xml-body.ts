/**
 * Streams an XPM response body into a reader while it downloads: counts bytes, enforces the size
 * limit, decodes it incrementally in the encoding it declares (UTF-8 for XPM) and reports progress
 * (QUALITY.md: parse while downloading).
 */
import { DEFAULT_MAX_RESPONSE_BYTES } from '../domain/config';
import { AppError } from '../domain/errors';
import { clip } from './xml-stream';
import { charsetOf, XmlBodyDecoder } from './xml-encoding';

/**
 * The reader's default size guard: the app's configured default (domain/config.ts, 512 MiB, about 3×
 * the 165 MB list of a 50,000-client practice). A guard against endless bodies, not a practice limit
 * (QUALITY.md reliability 6); callers pass config.json's maxResponseBytes, tests a small cap.
 */
export const MAX_XPM_RESPONSE_BYTES = DEFAULT_MAX_RESPONSE_BYTES;

/** XPM answers `text/xml; charset=utf-8` (xpm-api.md §1.3); `application/xml` is the other registered XML type. */
const XML_MEDIA_TYPES: ReadonlySet<string> = new Set(['text/xml', 'application/xml']);

/** Where decoded text goes: a record reader. */
export interface TextSink {
  write(chunk: string): void;
}

export interface BodyOptions {
  /** Aborting stops the download; the promise rejects with `signal.reason`, as fetch itself does. */
  readonly signal?: AbortSignal;
  /** Called after each received piece with the body bytes received so far. */
  readonly onBytes?: (bytes: number) => void;
  /**
   * Awaited after each received piece has been parsed and its records handed out. Returning a
   * promise pauses the download until it settles: backpressure for a caller that writes records in
   * batches (e.g. to IndexedDB) while the body is still arriving.
   */
  readonly afterChunk?: () => Promise<void> | void;
  /** Defaults to MAX_XPM_RESPONSE_BYTES; lower only in tests. */
  readonly maxBytes?: number;
}

const MIB = 1024 * 1024;

/**
 * The limit as written in the message: whole MiB as such (the default, 512 MiB); any other size
 * (a configured cap such as 1.5 MiB, or a test's few hundred bytes) also with its exact byte count,
 * so the message never names a smaller limit than the one applied.
 */
export function describeLimit(maxBytes: number): string {
  const mib = maxBytes / MIB;
  if (Number.isInteger(mib)) return `${mib} MiB`;
  const bytes = `${maxBytes.toLocaleString('en')} bytes`;
  return mib >= 0.1 ? `${mib.toFixed(1)} MiB (${bytes})` : bytes;
}

/** `streamed`: the size showed only while reading, so what came before the limit was read (and may be saved). */
function tooLarge(maxBytes: number, streamed = false): AppError {
  const size = describeLimit(maxBytes);
  return new AppError(
    'xml/too-large',
    streamed
      ? `The XPM response is larger than ${size}; reading stopped at that size.`
      : `The XPM response is larger than ${size} and was not read.`,
  );
}

/** Throws unless the response is a 2xx XML response no larger than the limit by its Content-Length. */
export function assertXmlResponse(response: Response, maxBytes = MAX_XPM_RESPONSE_BYTES): void {
  if (!response.ok) {
    throw new AppError('xpm/http-error', `XPM answered HTTP ${response.status}.`, { status: response.status });
  }
  const contentType = response.headers.get('content-type') ?? '';
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (!XML_MEDIA_TYPES.has(mediaType)) {
    throw new AppError(
      'xpm/unexpected-content',
      `XPM answered with ${mediaType === '' ? 'no content type' : `"${clip(mediaType, 60)}"`} instead of XML; a gateway error page is never read as data.`,
      { status: response.status },
    );
  }
  const length = response.headers.get('content-length');
  if (length !== null && /^\s*\d+\s*$/.test(length) && Number(length) > maxBytes) throw tooLarge(maxBytes);
}

/**
 * Pipes `response.body` through a streaming decoder for the encoding the body declares (see
 * xml-encoding.ts; invalid bytes become U+FFFD, an encoding that cannot be decoded is refused) into
 * `sink`, stopping at the byte limit, on abort, or when the sink throws. Resolves with the byte
 * count; the caller ends the sink. A dropped connection becomes 'network/failed'.
 */
export async function pipeXmlBody(response: Response, sink: TextSink, options: BodyOptions = {}): Promise<number> {
  const { signal, onBytes, afterChunk } = options;
  const maxBytes = options.maxBytes ?? MAX_XPM_RESPONSE_BYTES;
  const body = response.body;
  const cancel = (reason: unknown): void => {
    body?.cancel(reason).catch(() => undefined);
  };
  try {
    signal?.throwIfAborted();
    assertXmlResponse(response, maxBytes);
  } catch (error) {
    cancel(error);
    throw error;
  }
  if (body === null) return 0;

  const reader = body.getReader();
  const decoder = new XmlBodyDecoder(charsetOf(response.headers.get('content-type')));
  const onAbort = (): void => {
    reader.cancel(signal?.reason).catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let bytes = 0;
  try {
    for (;;) {
      const step = await reader.read().catch((error: unknown) => {
        signal?.throwIfAborted();
        throw new AppError(
          'network/failed',
          'The connection dropped while the XPM response was downloading.',
          {},
          { cause: error },
        );
      });
      signal?.throwIfAborted();
      if (step.done) break;
      bytes += step.value.byteLength;
      if (bytes > maxBytes) throw tooLarge(maxBytes, true);
      onBytes?.(bytes);
      const text = decoder.write(step.value);
      if (text.length > 0) sink.write(text);
      if (afterChunk !== undefined) {
        await afterChunk();
        signal?.throwIfAborted();
      }
    }
    const rest = decoder.end();
    if (rest.length > 0) sink.write(rest);
    return bytes;
  } catch (error) {
    reader.cancel(error).catch(() => undefined);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
}
