/**
 * Drives the sandbox's fetch handler with Request objects (no sockets): the sign-in flow as a
 * browser would post it, token calls, XPM calls, controls, and XML parsing for assertions.
 */
import { createHash, randomBytes } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import type { ClientView, Sandbox, SandboxOptions } from '../../proxy/sandbox';
import { createSandbox, MAIN_PRACTICE_NAME, SMALL_PRACTICE_NAME, ACCOUNTING_ORG_NAME } from '../../proxy/sandbox';

export const ORIGIN = 'http://sandbox.test';
export const CLIENT_ID = 'xpm-contact-sync-sandbox';
export const REDIRECT_URI = 'http://localhost:5173/callback';
export const APP_SCOPES = 'openid profile email offline_access practicemanager.client.read practicemanager.staff.read';
/** A fixed start time on a whole second (2026-03-02T01:02:03Z): tests move time only through the clock control. */
export const T0 = Date.UTC(2026, 2, 2, 1, 2, 3);
export const XPM = '/practicemanager/3.1';
export const XPM_30 = '/practicemanager/3.0';

export { MAIN_PRACTICE_NAME, SMALL_PRACTICE_NAME, ACCOUNTING_ORG_NAME };

/** A small practice with a frozen clock and the test controls on; options override. */
export function makeSandbox(options: SandboxOptions = {}): Sandbox {
  return createSandbox({ clients: 150, testControls: true, now: () => T0, ...options });
}

export function call(sandbox: Sandbox, path: string, init: RequestInit = {}): Promise<Response> {
  return sandbox.handler(new Request(`${ORIGIN}${path}`, init));
}

export function form(fields: Record<string, string | readonly string[]>): RequestInit {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const value of typeof v === 'string' ? [v] : v) body.append(k, value);
  }
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() };
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizePath(params: Record<string, string>): string {
  return `/identity/connect/authorize?${new URLSearchParams(params).toString()}`;
}

export function hiddenFlow(html: string): string {
  const match = /name="flow" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no flow field on the page');
  return match[1];
}

/** The checkbox value (tenant id) whose label is exactly `name`. */
export function tenantCheckbox(html: string, name: string): string {
  const re = /<input type="checkbox" id="([^"]+)" name="tenant" value="([^"]+)"><label for="([^"]+)">([^<]*)<\/label>/g;
  for (const m of html.matchAll(re)) if (m[4] === name && m[1] === m[3] && m[2]) return m[2];
  throw new Error(`no checkbox labelled ${name}`);
}

export interface Consented {
  readonly code: string;
  readonly state: string | null;
  readonly location: URL;
  readonly verifier: string;
  readonly challenge: string;
}

/** Sign-in page → Log in → tick organisations → Allow access; returns the callback. */
export async function consent(
  sandbox: Sandbox,
  options: { tenants?: readonly string[]; scope?: string; redirectUri?: string; email?: string; nonce?: string } = {},
): Promise<Consented> {
  const { verifier, challenge } = pkce();
  const redirectUri = options.redirectUri ?? REDIRECT_URI;
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: redirectUri,
    scope: options.scope ?? APP_SCOPES,
    state: 'state-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  };
  if (options.nonce) params.nonce = options.nonce;
  const signIn = await call(sandbox, authorizePath(params));
  expect(signIn.status).toBe(200);
  const login = await call(
    sandbox,
    '/identity/connect/authorize/login',
    form({ flow: hiddenFlow(await signIn.text()), email: options.email ?? 'jo.bloggs@example.com', password: 'pw' }),
  );
  const consentHtml = await login.text();
  const tenants = (options.tenants ?? [MAIN_PRACTICE_NAME]).map((n) => tenantCheckbox(consentHtml, n));
  const allowed = await call(
    sandbox,
    '/identity/connect/authorize/consent',
    form({ flow: hiddenFlow(consentHtml), tenant: tenants, action: 'allow' }),
  );
  expect(allowed.status).toBe(303);
  const location = new URL(allowed.headers.get('location') ?? '');
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location.toString()}`);
  return { code, state: location.searchParams.get('state'), location, verifier, challenge };
}

export interface TokenJson {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly id_token: string;
  readonly expires_in: number;
  readonly token_type: string;
  readonly scope: string;
}

export async function exchange(
  sandbox: Sandbox,
  consented: Consented,
  overrides: Record<string, string> = {},
): Promise<Response> {
  return call(
    sandbox,
    '/connect/token',
    form({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code: consented.code,
      redirect_uri: REDIRECT_URI,
      code_verifier: consented.verifier,
      ...overrides,
    }),
  );
}

export async function refresh(sandbox: Sandbox, refreshToken: string): Promise<Response> {
  return call(
    sandbox,
    '/connect/token',
    form({ grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: refreshToken }),
  );
}

/** A connected app: tokens plus the main practice's tenant id. */
export async function connect(
  sandbox: Sandbox,
  options: Parameters<typeof consent>[1] = {},
): Promise<{ tokens: TokenJson; tenantId: string }> {
  const response = await exchange(sandbox, await consent(sandbox, options));
  expect(response.status).toBe(200);
  const tokens = (await response.json()) as TokenJson;
  return { tokens, tenantId: sandbox.state.mainPractice.store.tenantId };
}

export function xpmGet(
  sandbox: Sandbox,
  path: string,
  accessToken: string,
  tenantId: string,
  headers: Record<string, string> = {},
  base: string = XPM,
): Promise<Response> {
  return call(sandbox, `${base}/${path}`, {
    headers: { authorization: `Bearer ${accessToken}`, 'xero-tenant-id': tenantId, ...headers },
  });
}

const parser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: false,
  isArray: (name) => ['Client', 'Contact', 'Staff', 'Group', 'Note', 'Relationship'].includes(name),
});

/** Parses an XPM body after checking it is well-formed. */
export function parseXml(xml: string): Record<string, unknown> {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as Record<string, unknown>;
}

/** Narrowing helpers for parsed XML (fast-xml-parser returns untyped trees). */
export function obj(value: unknown): Record<string, unknown> {
  expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
  return value as Record<string, unknown>;
}

/** A collection element: `<Contacts />` parses as '' and is treated as empty. */
export function coll(value: unknown): Record<string, unknown> {
  return value === undefined || value === '' ? {} : obj(value);
}

export function arr(value: unknown): unknown[] {
  if (value === undefined || value === '') return [];
  expect(Array.isArray(value)).toBe(true);
  return value as unknown[];
}

/** The direct children element names of an element in document order, from the raw XML of one element. */
export function childNames(elementXml: string): string[] {
  const names: string[] = [];
  let depth = 0;
  for (const m of elementXml.matchAll(/<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, selfClose] = m;
    if (!name) continue;
    if (close) {
      depth -= 1;
      continue;
    }
    if (depth === 1) names.push(name);
    if (!selfClose) depth += 1;
  }
  return names;
}

export async function controlJson<T>(
  sandbox: Sandbox,
  path: string,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
): Promise<T> {
  const response = await call(
    sandbox,
    path,
    body === undefined
      ? { method }
      : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}

/** Reads and discards a body (so the call stops counting as in flight). */
export async function drain(response: Response): Promise<void> {
  await response.arrayBuffer();
}

/** What a client's children should be, written from the data independently of the serializer. */
export function expectedChildren(
  c: ClientView,
  detail: 'base' | 'list' | 'detailed',
  shape: '3.0' | '3.1' = '3.1',
): string[] {
  // 3.0: the integer ID first and the UUID last (xpm-api.md §2.5); 3.1: the UUID first.
  const names = [shape === '3.0' ? 'ID' : 'UUID', 'Name', 'Title', 'Gender', 'FirstName', 'LastName', 'OtherName'];
  if (c.email !== '') names.push('Email');
  names.push(
    'DateOfBirth',
    'Address',
    'City',
    'Region',
    'PostCode',
    'Country',
    'PostalAddress',
    'PostalCity',
    'PostalRegion',
    'PostalPostCode',
    'PostalCountry',
  );
  names.push(
    'Phone',
    'Fax',
    'Website',
    'ReferralSource',
    'ExportCode',
    'ClientCode',
    'IsProspect',
    'IsArchived',
    'IsDeleted',
  );
  if (c.accountManager) names.push('AccountManager');
  if (c.jobManager) names.push('JobManager');
  if (c.billingType) names.push('Type');
  if (c.billingClient) names.push('BillingClient');
  if (c.tax) {
    names.push('TaxNumber', 'CompanyNumber', 'BusinessNumber');
    if (c.tax.branchNumber !== '') names.push('BranchNumber');
    if (detail === 'detailed') {
      names.push(
        'BusinessStructure',
        'BalanceMonth',
        'GSTRegistered',
        'PrepareGST',
        'GSTPeriod',
        'GSTBasis',
        'ProvisionalTaxBasis',
        'ProvisionalTaxRatio',
      );
      if (c.tax.jurisdiction === 'AU') names.push('PrepareActivityStatement', 'PrepareTaxReturn', 'ActiveAtoClient');
      if (c.tax.jurisdiction === 'NZ') names.push('SignedTaxAuthority', 'TaxAgent', 'AgencyStatus', 'ReturnType');
    }
  }
  if (detail !== 'base') names.push('Contacts');
  if (detail === 'detailed') names.push('Notes', 'Groups', 'Relationships');
  if (shape === '3.0') names.push('UUID');
  return names;
}

/** The raw `<Client>…</Client>` elements of a body, in order. */
export function clientElements(xml: string): string[] {
  return [...xml.matchAll(/<Client>.*?<\/Client>/gs)].map((m) => m[0]);
}
