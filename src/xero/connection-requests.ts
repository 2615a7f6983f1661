/**
 * Request builders for Xero's connections endpoint (xpm-api.md §6.4): list the tenants of this
 * grant, or delete one connection on Disconnect (C6). Only the bearer token is sent, no tenant id.
 */
import { requireUuid } from './ids';
import { requireBaseUrl, requireToken } from './request-inputs';

/** `GET {connectionsUrl}`, e.g. `http://localhost:8787/connections`. */
export function connectionsRequest(connectionsUrl: string, accessToken: string, signal?: AbortSignal): Request {
  const init: RequestInit = {
    method: 'GET',
    headers: { Authorization: `Bearer ${requireToken(accessToken)}`, Accept: 'application/json' },
    redirect: 'error',
  };
  if (signal !== undefined) init.signal = signal;
  return new Request(requireBaseUrl(connectionsUrl, 'connections URL'), init);
}

/** `DELETE {connectionsUrl}/{id}`: `id` is the connection's id (not the tenantId) and must be a UUID. */
export function deleteConnectionRequest(
  connectionsUrl: string,
  accessToken: string,
  connectionId: string,
  signal?: AbortSignal,
): Request {
  const url = `${requireBaseUrl(connectionsUrl, 'connections URL')}/${requireUuid(connectionId, 'connection id')}`;
  const init: RequestInit = {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${requireToken(accessToken)}` },
    redirect: 'error',
  };
  if (signal !== undefined) init.signal = signal;
  return new Request(url, init);
}
