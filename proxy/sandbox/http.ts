/**
 * Small helpers for building the sandbox's responses and reading its requests. No response the
 * sandbox sends carries a CORS header: Xero sends none, and the app must go through its proxy.
 */
import { STATUS_CODES } from 'node:http';

/** OAuth responses must not be cached (RFC 6749 §5.1). */
export const NO_STORE_HEADERS: Readonly<Record<string, string>> = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** Form bodies (sign-in, token, revocation) are a few hundred bytes; anything far larger is refused. */
export const MAX_FORM_BYTES = 64 * 1024;

/** Control bodies carry at most a batch of mutations or faults. */
export const MAX_JSON_BYTES = 1024 * 1024;

export function statusText(status: number): string {
  return STATUS_CODES[status] ?? '';
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    statusText: statusText(status),
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** Sandbox pages: no scripts, no framing, inline styles only. */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  ...NO_STORE_HEADERS,
};

export function htmlResponse(status: number, html: string): Response {
  return new Response(html, { status, statusText: statusText(status), headers: PAGE_HEADERS });
}

export function textResponse(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    statusText: statusText(status),
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  });
}

/** 303 after a form post, so the browser follows with GET. */
export function redirectResponse(location: string): Response {
  return new Response(null, { status: 303, statusText: statusText(303), headers: { location, ...NO_STORE_HEADERS } });
}

/** Query parameters by lower-cased name (XPM's names are case-insensitive, like ASP.NET's); first value wins. */
export function queryParams(url: URL): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    const key = name.toLowerCase();
    if (!params.has(key)) params.set(key, value);
  }
  return params;
}

/** Reads a body as text, or null when it is larger than `maxBytes`. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string | null> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** A urlencoded form body, or null when it is too large or not a form. */
export async function readForm(request: Request): Promise<URLSearchParams | null> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return null;
  const text = await readBodyText(request, MAX_FORM_BYTES);
  return text === null ? null : new URLSearchParams(text);
}

/** HTML-escapes text for the sandbox pages. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
