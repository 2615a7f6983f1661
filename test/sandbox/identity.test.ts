import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNTING_ORG_NAME,
  APP_SCOPES,
  CLIENT_ID,
  MAIN_PRACTICE_NAME,
  ORIGIN,
  REDIRECT_URI,
  SMALL_PRACTICE_NAME,
  T0,
  authorizePath,
  call,
  connect,
  consent,
  controlJson,
  exchange,
  form,
  hiddenFlow,
  makeSandbox,
  pkce,
  refresh,
  tenantCheckbox,
  xpmGet,
} from './helpers';
import type { TokenJson } from './helpers';
import type { GrantSummary } from '../../proxy/sandbox';

const MINUTE = 60_000;

function validParams(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: APP_SCOPES,
    state: 'xyz',
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
}

function decodeJwt(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
} {
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) throw new Error('not a JWT');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>,
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, 'base64url'),
  };
}

describe('discovery', () => {
  it('publishes the sandbox origin as issuer with Xero-shaped endpoints and a JWKS', async () => {
    const sandbox = makeSandbox();
    const config = (await (await call(sandbox, '/.well-known/openid-configuration')).json()) as Record<string, unknown>;
    expect(config.issuer).toBe(ORIGIN);
    expect(config.authorization_endpoint).toBe(`${ORIGIN}/identity/connect/authorize`);
    expect(config.token_endpoint).toBe(`${ORIGIN}/connect/token`);
    expect(config.revocation_endpoint).toBe(`${ORIGIN}/connect/revocation`);
    expect(config.code_challenge_methods_supported).toEqual(['S256']);
    const jwks = (await (await call(sandbox, '/.well-known/openid-configuration/jwks')).json()) as {
      keys: Record<string, string>[];
    };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
  });
});

describe('authorize request validation', () => {
  it('shows an error page (never a redirect) for an unknown client id or a bad redirect URI', async () => {
    const sandbox = makeSandbox();
    for (const params of [
      validParams({ client_id: 'someone-else' }),
      validParams({ redirect_uri: 'https://evil.example/callback' }),
      validParams({ redirect_uri: 'myapp://callback' }),
      validParams({ redirect_uri: 'http://localhost:5173/callback#frag' }),
    ]) {
      const response = await call(sandbox, authorizePath(params));
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('accepts loopback redirect URIs on any port and configured exact ones', async () => {
    const sandbox = makeSandbox({ redirectUris: ['https://app.example.com/callback'] });
    for (const uri of [
      'http://127.0.0.1:4173/cb',
      'http://[::1]:9/x',
      'https://localhost/cb',
      'https://app.example.com/callback',
    ]) {
      expect((await call(sandbox, authorizePath(validParams({ redirect_uri: uri })))).status).toBe(200);
    }
    expect(
      (await call(sandbox, authorizePath(validParams({ redirect_uri: 'https://app.example.com/other' })))).status,
    ).toBe(400);
  });

  it('redirects protocol errors back to the app with the state', async () => {
    const sandbox = makeSandbox();
    const cases: [Record<string, string>, string][] = [
      [validParams({ response_type: 'token' }), 'unsupported_response_type'],
      [validParams({ code_challenge_method: 'plain' }), 'invalid_request'],
      [validParams({ code_challenge: 'short' }), 'invalid_request'],
      [validParams({ scope: 'openid practicemanager.everything' }), 'invalid_scope'],
      [validParams({ scope: '' }), 'invalid_scope'],
    ];
    for (const [params, error] of cases) {
      const response = await call(sandbox, authorizePath(params));
      expect(response.status).toBe(303);
      const location = new URL(response.headers.get('location') ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('state')).toBe('xyz');
      expect(location.searchParams.get('code')).toBeNull();
    }
  });
});

describe('sign-in and consent pages', () => {
  it('has the labelled Email and Password fields and a Log in button, with no script', async () => {
    const sandbox = makeSandbox();
    const html = await (await call(sandbox, authorizePath(validParams()))).text();
    expect(html).toContain('<label for="email">Email</label>');
    expect(html).toMatch(/<input type="text" id="email" name="email"/);
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toMatch(/<input type="password" id="password" name="password"/);
    expect(html).toContain('<button type="submit">Log in</button>');
    expect(html).toContain('Sandbox');
    expect(html).not.toMatch(/<script/i);
  });

  it('shows an inline error for a blank email or password, and each page handle works once', async () => {
    const sandbox = makeSandbox();
    const flow = hiddenFlow(await (await call(sandbox, authorizePath(validParams()))).text());
    const blank = await call(sandbox, '/identity/connect/authorize/login', form({ flow, email: '', password: 'x' }));
    const blankHtml = await blank.text();
    expect(blank.status).toBe(200);
    expect(blankHtml).toMatch(/role="alert">Enter your email address/);
    const noPassword = await call(
      sandbox,
      '/identity/connect/authorize/login',
      form({ flow: hiddenFlow(blankHtml), email: 'a@b.co', password: '' }),
    );
    expect(await noPassword.text()).toMatch(/role="alert">Enter your password/);
    // The first handle was used by the blank attempt: replaying it fails.
    const replay = await call(
      sandbox,
      '/identity/connect/authorize/login',
      form({ flow, email: 'a@b.co', password: 'x' }),
    );
    expect(replay.status).toBe(400);
    const forged = await call(
      sandbox,
      '/identity/connect/authorize/consent',
      form({ flow: 'forged', tenant: 'x', action: 'allow' }),
    );
    expect(forged.status).toBe(400);
  });

  it('lists scopes in plain words and the three organisations as checkboxes labelled by name', async () => {
    const sandbox = makeSandbox();
    const flow = hiddenFlow(await (await call(sandbox, authorizePath(validParams()))).text());
    const html = await (
      await call(sandbox, '/identity/connect/authorize/login', form({ flow, email: 'jo@example.com', password: 'x' }))
    ).text();
    expect(html).toContain('XPM Contact Sync wants to access your Xero data');
    expect(html).toContain('View your Practice Manager clients, contacts and client groups');
    expect(html).toContain('View your Practice Manager staff');
    expect(html).toContain('Keep access while you are not using the app');
    const ids = [MAIN_PRACTICE_NAME, SMALL_PRACTICE_NAME, ACCOUNTING_ORG_NAME].map((n) => tenantCheckbox(html, n));
    expect(new Set(ids).size).toBe(3);
    expect(html).toContain('<button type="submit" name="action" value="allow">Allow access</button>');
    expect(html).toMatch(/<button type="submit" name="action" value="cancel"[^>]*>Cancel<\/button>/);
    expect(html).not.toMatch(/checked/);
  });

  it('Cancel returns access_denied with the state; Allow with nothing ticked asks again', async () => {
    const sandbox = makeSandbox();
    const flow = hiddenFlow(await (await call(sandbox, authorizePath(validParams()))).text());
    const consentHtml = await (
      await call(sandbox, '/identity/connect/authorize/login', form({ flow, email: 'jo@example.com', password: 'x' }))
    ).text();
    const none = await call(
      sandbox,
      '/identity/connect/authorize/consent',
      form({ flow: hiddenFlow(consentHtml), action: 'allow' }),
    );
    const noneHtml = await none.text();
    expect(noneHtml).toMatch(/role="alert">Choose at least one organisation/);
    const cancel = await call(
      sandbox,
      '/identity/connect/authorize/consent',
      form({ flow: hiddenFlow(noneHtml), action: 'cancel' }),
    );
    const location = new URL(cancel.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('xyz');
  });

  it('Allow redirects with code, state, scope and session_state', async () => {
    const sandbox = makeSandbox();
    const consented = await consent(sandbox);
    expect(consented.state).toBe('state-123');
    expect(consented.location.searchParams.get('scope')).toBe(APP_SCOPES);
    expect(consented.location.searchParams.get('session_state')).toMatch(/^\S+$/);
    expect(consented.code.length).toBeGreaterThanOrEqual(40);
  });
});

describe('token endpoint: authorization code with PKCE', () => {
  it('issues Xero-shaped tokens with no-store headers and an id_token that verifies against the JWKS', async () => {
    const sandbox = makeSandbox();
    const consented = await consent(sandbox, { nonce: 'n-1', email: 'Sam.Taylor@example.com' });
    const response = await exchange(sandbox, consented);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    const tokens = (await response.json()) as TokenJson;
    expect(Object.keys(tokens)).toEqual([
      'id_token',
      'access_token',
      'expires_in',
      'token_type',
      'refresh_token',
      'scope',
    ]);
    expect(tokens).toMatchObject({ expires_in: 1800, token_type: 'Bearer', scope: APP_SCOPES });
    expect(tokens.refresh_token).not.toBe(tokens.access_token);

    const jwks = (await (await call(sandbox, '/.well-known/openid-configuration/jwks')).json()) as {
      keys: Record<string, string>[];
    };
    const jwt = decodeJwt(tokens.id_token);
    expect(jwt.header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const jwk = jwks.keys.find((k) => k.kid === jwt.header.kid);
    expect(jwk).toBeDefined();
    const key = createPublicKey({ key: { kty: 'RSA', n: jwk?.n ?? '', e: jwk?.e ?? '' }, format: 'jwk' });
    expect(verify('sha256', Buffer.from(jwt.signingInput), key, jwt.signature)).toBe(true);
    const tampered = Buffer.from(`${jwt.signingInput}x`);
    expect(verify('sha256', tampered, key, jwt.signature)).toBe(false);
    expect(jwt.payload).toMatchObject({
      iss: ORIGIN,
      aud: CLIENT_ID,
      email: 'Sam.Taylor@example.com',
      name: 'Sam Taylor',
      nonce: 'n-1',
      iat: Math.floor(T0 / 1000),
      auth_time: Math.floor(T0 / 1000),
      exp: Math.floor(T0 / 1000) + 300,
    });
    expect(jwt.payload.sub).toMatch(/^[0-9a-f-]{36}$/);
    // The access token is a signed JWT too, unique per issue.
    expect(decodeJwt(tokens.access_token).payload).toMatchObject({
      iss: ORIGIN,
      client_id: CLIENT_ID,
      exp: Math.floor(T0 / 1000) + 1800,
    });
  });

  it('rejects a wrong code_verifier, and the code is then spent', async () => {
    const sandbox = makeSandbox();
    const consented = await consent(sandbox);
    const wrong = await exchange(sandbox, consented, { code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: 'invalid_grant' });
    expect(wrong.headers.get('cache-control')).toBe('no-store');
    expect((await exchange(sandbox, consented)).status).toBe(400);
  });

  it('rejects a missing verifier, a redirect_uri mismatch, an unknown client and an unknown grant type', async () => {
    const sandbox = makeSandbox();
    expect(await (await exchange(sandbox, await consent(sandbox), { code_verifier: '' })).json()).toEqual({
      error: 'invalid_grant',
    });
    expect(
      await (await exchange(sandbox, await consent(sandbox), { redirect_uri: 'http://localhost:5173/other' })).json(),
    ).toEqual({ error: 'invalid_grant' });
    const badClient = await exchange(sandbox, await consent(sandbox), { client_id: 'other' });
    expect(badClient.status).toBe(400);
    expect(await badClient.json()).toEqual({ error: 'invalid_client' });
    expect(
      await (await call(sandbox, '/connect/token', form({ grant_type: 'password', client_id: CLIENT_ID }))).json(),
    ).toEqual({ error: 'unsupported_grant_type' });
    expect(
      (
        await call(sandbox, '/connect/token', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(400);
  });

  it('codes are single-use: a reuse fails and revokes the grant issued from the code', async () => {
    const sandbox = makeSandbox();
    const consented = await consent(sandbox);
    const first = (await (await exchange(sandbox, consented)).json()) as TokenJson;
    const tenantId = sandbox.state.mainPractice.store.tenantId;
    expect((await xpmGet(sandbox, 'staff.api/list', first.access_token, tenantId)).status).toBe(200);
    const second = await exchange(sandbox, consented);
    expect(await second.json()).toEqual({ error: 'invalid_grant' });
    expect((await xpmGet(sandbox, 'staff.api/list', first.access_token, tenantId)).status).toBe(401);
    expect(await (await refresh(sandbox, first.refresh_token)).json()).toEqual({ error: 'invalid_grant' });
  });

  it('codes expire after 5 minutes', async () => {
    const sandbox = makeSandbox();
    const consented = await consent(sandbox);
    sandbox.controls.advanceClock(5 * MINUTE);
    expect(await (await exchange(sandbox, consented)).json()).toEqual({ error: 'invalid_grant' });
  });

  it('issues no refresh token without offline_access and no id_token without openid', async () => {
    const sandbox = makeSandbox();
    const response = await exchange(sandbox, await consent(sandbox, { scope: 'practicemanager.client.read' }));
    const tokens = (await response.json()) as Record<string, unknown>;
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.id_token).toBeUndefined();
    expect(tokens.access_token).toEqual(expect.any(String));
  });
});

describe('refresh rotation', () => {
  it('returns a new refresh token each time; the previous one works for 30 minutes, older ones never', async () => {
    const sandbox = makeSandbox();
    const { tokens } = await connect(sandbox);
    const r1 = tokens.refresh_token;
    const second = (await (await refresh(sandbox, r1)).json()) as TokenJson;
    const r2 = second.refresh_token;
    expect(r2).not.toBe(r1);
    expect(second.access_token).not.toBe(tokens.access_token);
    const third = (await (await refresh(sandbox, r2)).json()) as TokenJson;
    expect(third.refresh_token).not.toBe(r2);
    // r1 is now two rotations old.
    const old = await refresh(sandbox, r1);
    expect(old.status).toBe(400);
    expect(await old.json()).toEqual({ error: 'invalid_grant' });
    // r2 is the previous one: usable (a lost response), and gets a fresh pair.
    const retry = (await (await refresh(sandbox, r2)).json()) as TokenJson;
    expect(retry.refresh_token).toEqual(expect.any(String));
    expect(retry.refresh_token).not.toBe(third.refresh_token);
  });

  it('the grace for the previous token ends after 30 minutes', async () => {
    const sandbox = makeSandbox();
    const { tokens } = await connect(sandbox);
    const next = (await (await refresh(sandbox, tokens.refresh_token)).json()) as TokenJson;
    sandbox.controls.advanceClock(29 * MINUTE);
    const inGrace = await refresh(sandbox, tokens.refresh_token);
    expect(inGrace.status).toBe(200);
    const replacement = (await inGrace.json()) as TokenJson;
    // The token issued by the lost response is superseded by the retry's.
    expect((await refresh(sandbox, next.refresh_token)).status).toBe(400);
    sandbox.controls.advanceClock(MINUTE);
    expect(await (await refresh(sandbox, tokens.refresh_token)).json()).toEqual({ error: 'invalid_grant' });
    expect((await refresh(sandbox, replacement.refresh_token)).status).toBe(200);
  });

  it('an unknown token or one unused for 60 days is invalid_grant', async () => {
    const sandbox = makeSandbox();
    const { tokens } = await connect(sandbox);
    expect(await (await refresh(sandbox, 'not-a-token')).json()).toEqual({ error: 'invalid_grant' });
    sandbox.controls.advanceClock(60 * 24 * 60 * MINUTE);
    expect(await (await refresh(sandbox, tokens.refresh_token)).json()).toEqual({ error: 'invalid_grant' });
  });
});

describe('access token lifetime', () => {
  it('expires after 30 minutes with a TokenExpired problem', async () => {
    const sandbox = makeSandbox();
    const { tokens, tenantId } = await connect(sandbox);
    sandbox.controls.advanceClock(30 * MINUTE - 1000);
    expect((await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId)).status).toBe(200);
    sandbox.controls.advanceClock(1000);
    const expired = await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toBe('Bearer error=invalid_token');
    const body = (await expired.json()) as Record<string, unknown>;
    expect(body.Detail).toBe('TokenExpired: token expired at 03/02/2026 01:32:03');
    expect(body.Instance).toBe(expired.headers.get('xero-correlation-id'));
    // A refresh gives a working token again.
    const fresh = (await (await refresh(sandbox, tokens.refresh_token)).json()) as TokenJson;
    expect((await xpmGet(sandbox, 'staff.api/list', fresh.access_token, tenantId)).status).toBe(200);
  });
});

describe('revocation', () => {
  it('ends the grant: API access, connections and refresh all stop', async () => {
    const sandbox = makeSandbox();
    const { tokens, tenantId } = await connect(sandbox);
    const revoked = await call(
      sandbox,
      '/connect/revocation',
      form({ token: tokens.refresh_token, client_id: CLIENT_ID }),
    );
    expect(revoked.status).toBe(200);
    const api = await xpmGet(sandbox, 'client.api/list', tokens.access_token, tenantId);
    expect(api.status).toBe(401);
    expect(((await api.json()) as Record<string, unknown>).Detail).toBe('AuthenticationUnsuccessful');
    expect(
      (await call(sandbox, '/connections', { headers: { authorization: `Bearer ${tokens.access_token}` } })).status,
    ).toBe(401);
    expect(await (await refresh(sandbox, tokens.refresh_token)).json()).toEqual({ error: 'invalid_grant' });
    const { grants } = await controlJson<{ grants: GrantSummary[] }>(sandbox, '/__sandbox/grants');
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ revoked: true, connections: [] });
  });

  it('answers 200 for an unknown token, 400 without a token or with another client id', async () => {
    const sandbox = makeSandbox();
    expect((await call(sandbox, '/connect/revocation', form({ token: 'unknown', client_id: CLIENT_ID }))).status).toBe(
      200,
    );
    expect((await call(sandbox, '/connect/revocation', form({ client_id: CLIENT_ID }))).status).toBe(400);
    expect(await (await call(sandbox, '/connect/revocation', form({ token: 'x', client_id: 'other' }))).json()).toEqual(
      { error: 'invalid_client' },
    );
  });
});

describe('connections', () => {
  it('lists the organisations ticked at consent, in Xero’s shape', async () => {
    const sandbox = makeSandbox();
    const { tokens } = await connect(sandbox, { tenants: [MAIN_PRACTICE_NAME, ACCOUNTING_ORG_NAME] });
    const response = await call(sandbox, '/connections', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const list = (await response.json()) as Record<string, string>[];
    expect(list.map((c) => [c.tenantName, c.tenantType])).toEqual([
      [MAIN_PRACTICE_NAME, 'PRACTICEMANAGER'],
      [ACCOUNTING_ORG_NAME, 'ORGANISATION'],
    ]);
    for (const c of list) {
      expect(Object.keys(c)).toEqual([
        'id',
        'authEventId',
        'tenantId',
        'tenantType',
        'tenantName',
        'createdDateUtc',
        'updatedDateUtc',
      ]);
      expect(c.createdDateUtc).toBe('2026-03-02T01:02:03.0000000');
    }
    const filtered = await call(sandbox, `/connections?authEventId=${list[0]?.authEventId ?? ''}`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await filtered.json()).toHaveLength(2);
    const none = await call(sandbox, '/connections?authEventId=00000000-0000-0000-0000-000000000000', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await none.json()).toEqual([]);
  });

  it('DELETE removes one connection (204), then 404; the tenant is then forbidden', async () => {
    const sandbox = makeSandbox();
    const { tokens, tenantId } = await connect(sandbox, { tenants: [MAIN_PRACTICE_NAME, SMALL_PRACTICE_NAME] });
    const auth = { authorization: `Bearer ${tokens.access_token}` };
    const list = (await (await call(sandbox, '/connections', { headers: auth })).json()) as Record<string, string>[];
    const main = list.find((c) => c.tenantId === tenantId);
    const deleted = await call(sandbox, `/connections/${main?.id ?? ''}`, { method: 'DELETE', headers: auth });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect((await call(sandbox, `/connections/${main?.id ?? ''}`, { method: 'DELETE', headers: auth })).status).toBe(
      404,
    );
    const after = (await (await call(sandbox, '/connections', { headers: auth })).json()) as Record<string, string>[];
    expect(after.map((c) => c.tenantName)).toEqual([SMALL_PRACTICE_NAME]);
    expect((await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId)).status).toBe(403);
  });

  it('needs a valid bearer token', async () => {
    const sandbox = makeSandbox();
    const response = await call(sandbox, '/connections');
    expect(response.status).toBe(401);
    expect(((await response.json()) as Record<string, unknown>).Title).toBe('Unauthorized');
  });

  it('userinfo returns the signed-in user', async () => {
    const sandbox = makeSandbox();
    const { tokens } = await connect(sandbox, { email: 'jo.bloggs@example.com' });
    const info = (await (
      await call(sandbox, '/connect/userinfo', { headers: { authorization: `Bearer ${tokens.access_token}` } })
    ).json()) as Record<string, string>;
    expect(info).toMatchObject({
      email: 'jo.bloggs@example.com',
      name: 'Jo Bloggs',
      given_name: 'Jo',
      family_name: 'Bloggs',
    });
  });
});
