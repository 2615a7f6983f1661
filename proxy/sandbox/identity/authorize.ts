/**
 * `/identity/connect/authorize`: the sign-in page, then consent with the organisation picker, then
 * the redirect back with a code (xpm-api.md §6.2). Each page's form carries a single-use flow handle,
 * so a replayed or forged post finds nothing (CSRF-safe without cookies).
 *
 * Errors before the client and redirect URI are known to be good are shown as a page; later errors
 * go back to the app as `?error=…&state=…`, as RFC 6749 §4.1.2.1 requires.
 */
import { randomBytes } from 'node:crypto';
import type { Exchange, SandboxContext } from '../context';
import { htmlResponse, readForm, redirectResponse } from '../http';
import type { AuthorizeRequest } from './grants';
import { userFor } from './grants';
import { consentPage, errorPage, loginPage } from './pages';
import { isAllowedRedirectUri } from './redirect-uri';
import { SCOPE_DESCRIPTIONS, describeScopes, parseScope } from './scopes';

/** A PKCE S256 challenge: base64url of a SHA-256 digest, 43 characters (RFC 7636 §4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

function redirectWithParams(redirectUri: string, params: Record<string, string | null>): Response {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value);
  return redirectResponse(url.toString());
}

function oauthError(
  request: { redirectUri: string; state: string | null },
  error: string,
  description: string,
): Response {
  return redirectWithParams(request.redirectUri, { error, error_description: description, state: request.state });
}

/** GET /identity/connect/authorize: validates the request and shows the sign-in page. */
export function handleAuthorize(exchange: Exchange, ctx: SandboxContext): Response {
  const q = exchange.url.searchParams;
  const clientId = q.get('client_id') ?? '';
  if (clientId !== ctx.settings.clientId) {
    return htmlResponse(
      400,
      errorPage(
        'Unknown app',
        `The app asking to connect (client_id "${clientId}") is not registered with this sandbox.`,
      ),
    );
  }
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!isAllowedRedirectUri(redirectUri, ctx.settings.redirectUris)) {
    return htmlResponse(
      400,
      errorPage(
        'Invalid redirect URI',
        'The app sent a redirect address this sandbox does not accept, so sign-in cannot continue.',
      ),
    );
  }
  const state = q.get('state');
  const back = { redirectUri, state };
  if (q.get('response_type') !== 'code')
    return oauthError(back, 'unsupported_response_type', 'Only response_type=code is supported.');
  const codeChallenge = q.get('code_challenge') ?? '';
  if (q.get('code_challenge_method') !== 'S256' || !S256_CHALLENGE.test(codeChallenge)) {
    return oauthError(back, 'invalid_request', 'PKCE is required: code_challenge with code_challenge_method=S256.');
  }
  const scopes = parseScope(q.get('scope') ?? '');
  if (scopes.length === 0) return oauthError(back, 'invalid_scope', 'No scope was requested.');
  const unknown = scopes.filter((s) => !SCOPE_DESCRIPTIONS.has(s));
  if (unknown.length > 0) return oauthError(back, 'invalid_scope', `Unknown scope: ${unknown.join(' ')}`);
  const request: AuthorizeRequest = { clientId, redirectUri, scopes, state, codeChallenge, nonce: q.get('nonce') };
  return htmlResponse(200, loginPage(ctx.grants.startFlow(request), '', null));
}

const flowExpired = (): Response =>
  htmlResponse(400, errorPage('This sign-in has expired', 'The sign-in page was already used or is too old.'));

/** POST /identity/connect/authorize/login: any non-blank email and password sign in. */
export async function handleLogin(exchange: Exchange, ctx: SandboxContext): Promise<Response> {
  const form = await readForm(exchange.request);
  const flow = form ? ctx.grants.takeFlow(form.get('flow') ?? '') : undefined;
  if (!form || !flow) return flowExpired();
  const email = (form.get('email') ?? '').trim();
  const password = form.get('password') ?? '';
  if (email === '' || password === '') {
    const message = email === '' ? 'Enter your email address.' : 'Enter your password.';
    return htmlResponse(200, loginPage(ctx.grants.startFlow(flow.request), email, message));
  }
  const user = userFor(email);
  return htmlResponse(
    200,
    consentPage(consentDetails(ctx, ctx.grants.startFlow(flow.request, user), flow.request, user.email, null)),
  );
}

function consentDetails(
  ctx: SandboxContext,
  flow: string,
  request: AuthorizeRequest,
  email: string,
  error: string | null,
) {
  return {
    flow,
    appName: ctx.settings.appName,
    email,
    scopeLines: describeScopes(request.scopes),
    organisations: ctx.organisations,
    error,
  };
}

/** POST /identity/connect/authorize/consent: Allow → code; Cancel → access_denied. */
export async function handleConsent(exchange: Exchange, ctx: SandboxContext): Promise<Response> {
  const form = await readForm(exchange.request);
  const flow = form ? ctx.grants.takeFlow(form.get('flow') ?? '') : undefined;
  if (!form || !flow?.user) return flowExpired();
  const { request, user } = flow;
  if (form.get('action') !== 'allow') return oauthError(request, 'access_denied', 'The user cancelled.');
  const chosen = new Set(form.getAll('tenant'));
  const organisations = ctx.organisations.filter((o) => chosen.has(o.tenantId));
  if (organisations.length === 0) {
    return htmlResponse(
      200,
      consentPage(
        consentDetails(
          ctx,
          ctx.grants.startFlow(request, user),
          request,
          user.email,
          'Choose at least one organisation to connect.',
        ),
      ),
    );
  }
  const code = ctx.grants.issueCode(request, user, organisations);
  return redirectWithParams(request.redirectUri, {
    code,
    state: request.state,
    scope: request.scopes.join(' '),
    session_state: `${randomBytes(24).toString('base64url')}.${randomBytes(8).toString('hex')}`,
  });
}
