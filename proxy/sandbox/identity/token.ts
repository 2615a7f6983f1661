/**
 * `/connect/token`: the authorization-code exchange with PKCE S256 and the refresh grant with
 * rotation (xpm-api.md §6.3). A public client sends its client_id in the body; Basic auth is also
 * read for confidential-style callers. Errors are RFC 6749 §5.2 JSON, never cached.
 */
import { createHash } from 'node:crypto';
import type { Exchange, SandboxContext } from '../context';
import { NO_STORE_HEADERS, jsonResponse, readForm } from '../http';
import type { TokenSet } from './grants';

/** RFC 7636 §4.1: 43–128 characters from the unreserved set. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

function oauthError(status: 400 | 401 | 405, error: string): Response {
  return jsonResponse(status, { error }, NO_STORE_HEADERS);
}

function tokenResponse(tokens: TokenSet): Response {
  return jsonResponse(
    200,
    {
      ...(tokens.idToken !== null ? { id_token: tokens.idToken } : {}),
      access_token: tokens.accessToken,
      expires_in: tokens.expiresIn,
      token_type: 'Bearer',
      ...(tokens.refreshToken !== null ? { refresh_token: tokens.refreshToken } : {}),
      scope: tokens.scope,
    },
    NO_STORE_HEADERS,
  );
}

/** The client id from the body, or from `Authorization: Basic` (the secret is not checked: a sandbox has none). */
export function clientIdOf(request: Request, form: URLSearchParams): string {
  const fromBody = form.get('client_id');
  if (fromBody !== null) return fromBody;
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
  if (!basic?.[1]) return '';
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  return decodeURIComponent(decoded.split(':')[0] ?? '');
}

export async function handleToken(exchange: Exchange, ctx: SandboxContext): Promise<Response> {
  if (exchange.request.method !== 'POST') return oauthError(405, 'invalid_request');
  const form = await readForm(exchange.request);
  if (!form) return oauthError(400, 'invalid_request');
  const grantType = form.get('grant_type') ?? '';
  exchange.endpoint =
    grantType === 'authorization_code' || grantType === 'refresh_token' ? `token:${grantType}` : 'token:other';
  if (clientIdOf(exchange.request, form) !== ctx.settings.clientId) return oauthError(400, 'invalid_client');
  if (grantType === 'authorization_code') return exchangeCode(form, exchange, ctx);
  if (grantType === 'refresh_token') return refresh(form, exchange, ctx);
  return oauthError(400, grantType === '' ? 'invalid_request' : 'unsupported_grant_type');
}

function exchangeCode(form: URLSearchParams, exchange: Exchange, ctx: SandboxContext): Response {
  const code = form.get('code');
  const redirectUri = form.get('redirect_uri');
  if (!code || redirectUri === null) return oauthError(400, 'invalid_request');
  const redemption = ctx.grants.redeemCode(code);
  if (!redemption.ok) return oauthError(400, 'invalid_grant');
  const { request } = redemption.code;
  const verifier = form.get('code_verifier') ?? '';
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  if (
    request.clientId !== ctx.settings.clientId ||
    request.redirectUri !== redirectUri ||
    !CODE_VERIFIER.test(verifier) ||
    challenge !== request.codeChallenge
  ) {
    return oauthError(400, 'invalid_grant');
  }
  return tokenResponse(ctx.grants.grantFromCode(code, redemption, exchange.origin).tokens);
}

function refresh(form: URLSearchParams, exchange: Exchange, ctx: SandboxContext): Response {
  const token = form.get('refresh_token');
  if (!token) return oauthError(400, 'invalid_request');
  if (ctx.faults.takeRefreshFailure()) {
    // The fault models a grant that died upstream (revoked elsewhere, expired): it stays dead.
    const grant = ctx.grants.grantOfRefreshToken(token);
    if (grant) ctx.grants.revoke(grant.id);
    return oauthError(400, 'invalid_grant');
  }
  const outcome = ctx.grants.refresh(token, ctx.settings.clientId, exchange.origin);
  return outcome.ok ? tokenResponse(outcome.tokens) : oauthError(400, 'invalid_grant');
}
