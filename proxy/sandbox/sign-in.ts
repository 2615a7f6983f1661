/**
 * Signs in to a running sandbox over HTTP the way a browser and the app would (sign-in page, consent,
 * code exchange with PKCE), for benchmarks and test set-up that need tokens without driving a browser.
 * It reads the same labelled pages a person sees, so it also checks they still work.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_CLIENT_ID } from './sandbox';
import { MAIN_PRACTICE_NAME } from './data/tenants';

export interface SignInOptions {
  readonly email?: string;
  /** Organisation names to tick on the consent page (default: the main practice). */
  readonly organisations?: readonly string[];
  readonly scope?: string;
  readonly clientId?: string;
  /** Any loopback URL is accepted; nothing is served there. */
  readonly redirectUri?: string;
}

export interface SignedIn {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  readonly idToken: string | null;
  readonly expiresIn: number;
  readonly scope: string;
  /** Tenant id per ticked organisation name. */
  readonly tenantIds: Readonly<Record<string, string>>;
}

/** The scopes the app asks for (PRODUCT.md C1). */
export const APP_SCOPE = 'openid profile email offline_access practicemanager.client.read practicemanager.staff.read';

function field(html: string, pattern: RegExp, what: string): string {
  const value = pattern.exec(html)?.[1];
  if (value === undefined) throw new Error(`sign-in: ${what} not found on the page`);
  return value;
}

function post(url: string, fields: URLSearchParams): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
}

export async function signIn(baseUrl: string, options: SignInOptions = {}): Promise<SignedIn> {
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1:9/callback';
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: options.scope ?? APP_SCOPE,
    state: randomBytes(8).toString('hex'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const signInPage = await (await fetch(`${baseUrl}/identity/connect/authorize?${query.toString()}`)).text();
  const flow = field(signInPage, /name="flow" value="([^"]+)"/, 'the sign-in form');
  const consentPage = await (
    await post(
      `${baseUrl}/identity/connect/authorize/login`,
      new URLSearchParams({ flow, email: options.email ?? 'sandbox.user@example.com', password: 'sandbox' }),
    )
  ).text();
  const consent = new URLSearchParams({
    flow: field(consentPage, /name="flow" value="([^"]+)"/, 'the consent form'),
    action: 'allow',
  });
  const tenantIds: Record<string, string> = {};
  for (const name of options.organisations ?? [MAIN_PRACTICE_NAME]) {
    const checkboxes = [...consentPage.matchAll(/name="tenant" value="([^"]+)"><label for="[^"]+">([^<]*)<\/label>/g)];
    const id = checkboxes.find((m) => m[2] === name)?.[1];
    if (!id) throw new Error(`sign-in: no organisation called ${name}`);
    tenantIds[name] = id;
    consent.append('tenant', id);
  }
  const allowed = await post(`${baseUrl}/identity/connect/authorize/consent`, consent);
  const code = new URL(allowed.headers.get('location') ?? 'http://invalid/').searchParams.get('code');
  if (!code) throw new Error(`sign-in: consent did not return a code (HTTP ${allowed.status})`);
  const token = await post(
    `${baseUrl}/connect/token`,
    new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  );
  if (!token.ok) throw new Error(`sign-in: token exchange failed with HTTP ${token.status}`);
  const json = (await token.json()) as {
    access_token: string;
    refresh_token?: string;
    id_token?: string;
    expires_in: number;
    scope: string;
  };
  return {
    accessToken: json.access_token,
    refreshToken: json.refresh_token ?? null,
    idToken: json.id_token ?? null,
    expiresIn: json.expires_in,
    scope: json.scope,
    tenantIds,
  };
}
