/**
 * Request-body rules (PX-5): token and revocation forms are small and read whole (with a byte cap and
 * a time limit) so the upstream gets a known length; every other route takes no body at all.
 */
import type { ProxyErrorCode } from './errors';

export type BodyRead =
  | { readonly ok: true; readonly bytes: Uint8Array<ArrayBuffer> }
  | { readonly ok: false; readonly code: ProxyErrorCode };

const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded\s*(?:;.*)?$/i;

/** True when the declared Content-Type is a URL-encoded form (parameters such as charset allowed). */
export function isFormContentType(value: string | null): boolean {
  return value !== null && FORM_CONTENT_TYPE.test(value.trim());
}

/** The declared Content-Length, null when absent, NaN when malformed. */
function declaredLength(request: Request): number | null {
  const value = request.headers.get('content-length');
  if (value === null) return null;
  return /^\s*\d{1,15}\s*$/.test(value) ? Number(value) : Number.NaN;
}

/** True when the request says it carries a body (a length above zero, or any Transfer-Encoding). */
export function declaresBody(request: Request): boolean {
  const length = declaredLength(request);
  return request.headers.has('transfer-encoding') || (length !== null && length !== 0);
}

/**
 * Reads at most `maxBytes` within `timeoutMs`. A declared length over the cap is refused before
 * reading; an actual body over the cap is refused as soon as it passes it.
 */
export async function readCappedBody(request: Request, maxBytes: number, timeoutMs: number): Promise<BodyRead> {
  const length = declaredLength(request);
  if (length !== null && (Number.isNaN(length) || length > maxBytes))
    return { ok: false, code: 'PROXY_BODY_TOO_LARGE' };
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    for (;;) {
      const result = await Promise.race([reader.read(), timedOut]);
      if (result === 'timeout') return fail(reader, 'PROXY_REQUEST_TIMEOUT');
      if (result.done) break;
      total += result.value.byteLength;
      if (total > maxBytes) return fail(reader, 'PROXY_BODY_TOO_LARGE');
      chunks.push(result.value);
    }
  } catch {
    return fail(reader, 'PROXY_CLIENT_ABORTED');
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

function fail(reader: ReadableStreamDefaultReader<Uint8Array>, code: ProxyErrorCode): BodyRead {
  reader.cancel().catch(() => undefined);
  return { ok: false, code };
}
