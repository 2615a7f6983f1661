/**
 * Reads the small JSON bodies of Xero's identity and gateway responses (connections, problem
 * details, OAuth errors) with a size cap, so an unexpected huge body cannot exhaust memory.
 */

/** A practice has a handful of connections; 1 MiB holds thousands and is still cheap to parse. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** The body as text, or null if it is missing, unreadable or longer than `maxBytes`. */
export async function readBoundedText(response: Response, maxBytes = MAX_JSON_BODY_BYTES): Promise<string | null> {
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  let text = '';
  try {
    for (;;) {
      const step = await reader.read();
      if (step.done) return text + decoder.decode();
      bytes += step.value.byteLength;
      if (bytes > maxBytes) {
        reader.cancel().catch(() => undefined);
        return null;
      }
      text += decoder.decode(step.value, { stream: true });
    }
  } catch {
    return null;
  } finally {
    reader.releaseLock();
  }
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A plain (non-array) JSON object, or null. */
export function asObject(value: unknown): Readonly<Record<string, unknown>> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Own property `key` of `object`, never one inherited from Object.prototype. */
export function own(object: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}
