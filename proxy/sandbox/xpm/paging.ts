/**
 * paged-list parameters (xpm-api.md §2.3): `pageSize` 1–500 (default 50) and an opaque `pageToken`.
 * The token carries the creation sequence number of the last client sent, so a page boundary stays
 * put when clients are added or removed between pages.
 */

/** XPM's default page size. */
export const DEFAULT_PAGE_SIZE = 50;
/** XPM's largest page. */
export const MAX_PAGE_SIZE = 500;

const TOKEN_PREFIX = 'xpm-sandbox-page:';

export function encodePageToken(lastSeq: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${lastSeq}`).toString('base64url');
}

/** The sequence number after which the page starts, or null for a token the sandbox did not make. */
export function decodePageToken(token: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(token)) return null;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const match = new RegExp(`^${TOKEN_PREFIX}(\\d{1,9})$`).exec(text);
  return match?.[1] ? Number(match[1]) : null;
}

/** `pageSize` as a number, or null when it is not an integer in 1–500. */
export function parsePageSize(value: string | undefined): number | null {
  if (value === undefined) return DEFAULT_PAGE_SIZE;
  if (!/^\d{1,4}$/.test(value)) return null;
  const size = Number(value);
  return size >= 1 && size <= MAX_PAGE_SIZE ? size : null;
}
