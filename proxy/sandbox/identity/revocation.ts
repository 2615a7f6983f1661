/**
 * `/connect/revocation` (RFC 7009): revoking a refresh token — or an access token — ends the whole
 * grant: its tokens stop working and its connections are removed (xpm-api.md §6.5, an [I] the sandbox
 * makes concrete). An unknown token still gets 200, as RFC 7009 §2.2 asks.
 */
import type { Exchange, SandboxContext } from '../context';
import { NO_STORE_HEADERS, jsonResponse, readForm } from '../http';
import { clientIdOf } from './token';

export async function handleRevocation(exchange: Exchange, ctx: SandboxContext): Promise<Response> {
  if (exchange.request.method !== 'POST') return jsonResponse(405, { error: 'invalid_request' }, NO_STORE_HEADERS);
  const form = await readForm(exchange.request);
  const token = form?.get('token');
  if (!form || !token) return jsonResponse(400, { error: 'invalid_request' }, NO_STORE_HEADERS);
  if (clientIdOf(exchange.request, form) !== ctx.settings.clientId)
    return jsonResponse(400, { error: 'invalid_client' }, NO_STORE_HEADERS);
  const grant = ctx.grants.grantOfRefreshToken(token) ?? ctx.grants.grantOfAccessToken(token);
  if (grant && grant.clientId === ctx.settings.clientId) ctx.grants.revoke(grant.id);
  return new Response(null, { status: 200, headers: NO_STORE_HEADERS });
}
