/**
 * `GET /connections` and `DELETE /connections/{id}` (xpm-api.md §6.4): the organisations the
 * grant's consent connected. Connections belong to the grant in the sandbox (one consent, one set).
 */
import { randomUUID } from 'node:crypto';
import { formatConnectionDate } from '../clock';
import type { Exchange, SandboxContext } from '../context';
import { jsonResponse } from '../http';
import type { Grant } from './grants';
import { AUTHENTICATION_UNSUCCESSFUL, bearerToken, problemResponse, tokenExpired } from '../xpm/problems';

/** The grant behind the request's bearer token, or the 401 problem to send. */
export function authenticateBearer(request: Request, ctx: SandboxContext, correlationId: string): Grant | Response {
  const token = bearerToken(request);
  const auth = token === null ? null : ctx.grants.authenticate(token);
  if (auth?.ok) return auth.grant;
  const problem =
    auth && !auth.ok && auth.reason === 'expired' ? tokenExpired(auth.expiredAt) : AUTHENTICATION_UNSUCCESSFUL;
  return problemResponse(problem, correlationId);
}

export function handleConnections(exchange: Exchange, ctx: SandboxContext): Response {
  const correlationId = randomUUID();
  const { request } = exchange;
  if (request.method !== 'GET') return jsonResponse(405, { error: 'method not allowed' }, { allow: 'GET' });
  const grant = authenticateBearer(request, ctx, correlationId);
  if (grant instanceof Response) return grant;
  const authEventId = exchange.url.searchParams.get('authEventId');
  const list = grant.connections
    .filter((c) => authEventId === null || c.authEventId === authEventId)
    .map((c) => ({
      id: c.id,
      authEventId: c.authEventId,
      tenantId: c.tenantId,
      tenantType: c.tenantType,
      tenantName: c.tenantName,
      createdDateUtc: formatConnectionDate(c.createdAt),
      updatedDateUtc: formatConnectionDate(c.updatedAt),
    }));
  return jsonResponse(200, list, { 'xero-correlation-id': correlationId });
}

export function handleConnectionDelete(exchange: Exchange, ctx: SandboxContext, connectionId: string): Response {
  const correlationId = randomUUID();
  const { request } = exchange;
  if (request.method !== 'DELETE') return jsonResponse(405, { error: 'method not allowed' }, { allow: 'DELETE' });
  const grant = authenticateBearer(request, ctx, correlationId);
  if (grant instanceof Response) return grant;
  if (!ctx.grants.removeConnection(grant, connectionId)) {
    return problemResponse({ status: 404, title: 'Not Found', detail: 'Connection not found' }, correlationId);
  }
  return new Response(null, { status: 204, headers: { 'xero-correlation-id': correlationId } });
}
