/**
 * Request builders for the XPM v3.1 calls the sync makes (S3, S4; xpm-api.md §1.2, §2.2, §3). Pure:
 * each returns a Request for the caller's fetch (the worker routes it through the CORS proxy).
 */
import type { TenantId } from '../domain/ids';
import { AppError } from '../domain/errors';
import { requireUuid } from './ids';
import { requireBaseUrl, requireToken } from './request-inputs';

export interface XpmCall {
  /** The proxy's XPM prefix, e.g. `http://localhost:8787/xpm/3.1/` (a trailing slash is optional). */
  readonly baseUrl: string;
  readonly accessToken: string;
  /** The practice's tenantId from GET /connections. */
  readonly tenantId: TenantId;
  readonly signal?: AbortSignal;
}

/** The last instant `yyyy-MM-ddTHH:mm:ss` can express (year 9999). */
const MAX_MODIFIED_SINCE_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

/**
 * XPM's `modifiedsince` format: `yyyy-MM-ddTHH:mm:ss`, UTC, no offset, milliseconds dropped.
 * @see xpm-api.md §2.2
 */
export function formatModifiedSince(epochMs: number): string {
  if (!Number.isFinite(epochMs) || epochMs < 0 || epochMs > MAX_MODIFIED_SINCE_MS) {
    throw new AppError('input/invalid', 'The modified-since time is out of range.');
  }
  return new Date(epochMs).toISOString().slice(0, 19);
}

function xpmGet(call: XpmCall, path: string, query: Readonly<Record<string, string>>): Request {
  const url = new URL(path, `${requireBaseUrl(call.baseUrl, 'XPM base URL')}/`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const init: RequestInit = {
    method: 'GET',
    headers: {
      Authorization: `Bearer ${requireToken(call.accessToken)}`,
      'xero-tenant-id': requireUuid(call.tenantId, 'practice tenant id'),
      Accept: 'text/xml',
    },
    // A redirect is never expected from the proxy, and following one could carry the token elsewhere.
    redirect: 'error',
  };
  if (call.signal !== undefined) init.signal = call.signal;
  return new Request(url, init);
}

/**
 * `GET client.api/list?detailed=true[&modifiedsince=…]`: every client (Resync All, S4) or those
 * changed since `modifiedSince` epoch ms (Resync Now, S3).
 */
export function clientListRequest(call: XpmCall, options: { readonly modifiedSince?: number } = {}): Request {
  const query: Record<string, string> = { detailed: 'true' };
  if (options.modifiedSince !== undefined) query['modifiedsince'] = formatModifiedSince(options.modifiedSince);
  return xpmGet(call, 'client.api/list', query);
}

/** `GET staff.api/list`. */
export function staffListRequest(call: XpmCall): Request {
  return xpmGet(call, 'staff.api/list', {});
}
