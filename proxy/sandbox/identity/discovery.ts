/** OpenID discovery, the JWKS and userinfo, at Xero's paths (xpm-api.md §6.1) on the sandbox's origin. */
import { randomUUID } from 'node:crypto';
import type { Exchange, SandboxContext } from '../context';
import { jsonResponse } from '../http';
import { authenticateBearer } from './connections';
import { jwks } from './jwt';
import { SCOPE_DESCRIPTIONS } from './scopes';

export const JWKS_PATH = '/.well-known/openid-configuration/jwks';

export function handleDiscovery(exchange: Exchange): Response {
  const issuer = exchange.origin;
  return jsonResponse(200, {
    issuer,
    authorization_endpoint: `${issuer}/identity/connect/authorize`,
    token_endpoint: `${issuer}/connect/token`,
    userinfo_endpoint: `${issuer}/connect/userinfo`,
    revocation_endpoint: `${issuer}/connect/revocation`,
    jwks_uri: `${issuer}${JWKS_PATH}`,
    scopes_supported: [...SCOPE_DESCRIPTIONS.keys()],
    claims_supported: [
      'sub',
      'email',
      'name',
      'given_name',
      'family_name',
      'preferred_username',
      'xero_userid',
      'auth_time',
      'nonce',
    ],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
  });
}

export function handleJwks(): Response {
  return jsonResponse(200, jwks());
}

export function handleUserinfo(exchange: Exchange, ctx: SandboxContext): Response {
  const grant = authenticateBearer(exchange.request, ctx, randomUUID());
  if (grant instanceof Response) return grant;
  const { user } = grant;
  return jsonResponse(200, {
    sub: user.sub,
    xero_userid: user.sub,
    email: user.email,
    preferred_username: user.email,
    name: user.name,
    given_name: user.givenName,
    family_name: user.familyName,
  });
}
