/**
 * The tenant rule: `xero-tenant-id` must be one GUID or absent. Anything else is refused with
 * 400 PROXY_BAD_TENANT before any upstream call, and a valid id is lower-cased before the
 * per-practice concurrency gate, the log hash and the upstream request, so changing its case (or
 * padding it past any length check) cannot buy a practice more than its five slots.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TENANT_HASH_HEX_CHARS } from '../../proxy/log';
import { readTenantId } from '../../proxy/tenant-gate';
import { CLIENT_UUID, makeProxy, readJson, TENANT_ID, waitFor, xmlOk } from './helpers';

const UPPER = TENANT_ID.toUpperCase();
/** The same GUID with its case mixed letter by letter. */
const MIXED = [...TENANT_ID].map((char, i) => (i % 2 === 0 ? char.toUpperCase() : char)).join('');

const NOT_GUIDS: readonly (readonly [string, string])[] = [
  ['a word', 'not-a-guid'],
  ['a GUID padded past 64 characters', `${TENANT_ID}${'0'.repeat(40)}`],
  ['65 hex characters', 'a'.repeat(65)],
  ['a GUID with trailing text', `${TENANT_ID}x`],
  ['a GUID in braces', `{${TENANT_ID}}`],
  ['a GUID without dashes', TENANT_ID.replaceAll('-', '')],
  ['a GUID with a non-hex digit', `g${TENANT_ID.slice(1)}`],
  ['two GUIDs (a repeated header)', `${TENANT_ID}, 98466a19-16df-4ded-b657-0a80ef9a2094`],
  ['an empty value', ''],
  ['an address', '169.254.169.254'],
  ['an integer id', '24097642'],
];

describe('readTenantId', () => {
  it('accepts a GUID in any case and returns it lower-cased; absent is allowed', () => {
    expect(readTenantId(TENANT_ID)).toEqual({ ok: true, id: TENANT_ID });
    expect(readTenantId(UPPER)).toEqual({ ok: true, id: TENANT_ID });
    expect(readTenantId(MIXED)).toEqual({ ok: true, id: TENANT_ID });
    expect(readTenantId(null)).toEqual({ ok: true, id: null });
  });

  it.each(NOT_GUIDS)('refuses %s', (_, value) => {
    expect(readTenantId(value)).toEqual({ ok: false });
  });
});

describe('PROXY_BAD_TENANT', () => {
  it.each(NOT_GUIDS)(
    '%s → 400 PROXY_BAD_TENANT, no upstream call, one log line without the value',
    async (_, value) => {
      const proxy = makeProxy();
      const response = await proxy.send('/xpm/3.1/client.api/list?detailed=true', {
        headers: { authorization: 'Bearer t', 'xero-tenant-id': value },
      });
      expect(response.status).toBe(400);
      expect(await readJson(response)).toMatchObject({ error: 'PROXY_BAD_TENANT' });
      expect(response.headers.get('access-control-allow-origin')).not.toBeNull();
      expect(proxy.calls).toHaveLength(0);
      expect(proxy.logs).toHaveLength(1);
      expect(proxy.logs[0]).toMatchObject({ route: 'xpm-client-list', status: 400, tenant: null });
      expect(proxy.logs[0]?.error).toBe('PROXY_BAD_TENANT');
    },
  );

  it('applies on every forwarded route, the token and connection routes included', async () => {
    const proxy = makeProxy();
    const form = { 'content-type': 'application/x-www-form-urlencoded', 'xero-tenant-id': 'x' };
    const answers = [
      await proxy.send('/oauth/token', { method: 'POST', headers: form, body: 'grant_type=refresh_token' }),
      await proxy.send('/connections', { headers: { 'xero-tenant-id': 'x' } }),
      await proxy.send(`/xpm/3.1/client.api/get/${CLIENT_UUID}`, { headers: { 'xero-tenant-id': 'x' } }),
      await proxy.send('/xpm/3.0/staff.api/list', { headers: { 'xero-tenant-id': 'x' } }),
    ];
    expect(answers.map((response) => response.status)).toEqual([400, 400, 400, 400]);
    expect(proxy.calls).toHaveLength(0);
  });

  it('an absent header is forwarded absent (Xero answers 403 where one is needed); /healthz ignores the header', async () => {
    const proxy = makeProxy();
    const list = await proxy.send('/xpm/3.1/staff.api/list');
    expect(list.status).toBe(200);
    expect(proxy.calls[0]?.headers).not.toHaveProperty('xero-tenant-id');
    const health = await proxy.send('/healthz', { headers: { 'xero-tenant-id': 'not-a-guid' } });
    expect(health.status).toBe(200);
  });
});

describe('one practice, whatever the case of its id', () => {
  it('forwards the lower-cased id that was checked and counted', async () => {
    const proxy = makeProxy();
    await (await proxy.send('/xpm/3.1/staff.api/list', { headers: { 'xero-tenant-id': UPPER } })).text();
    await (await proxy.send('/xpm/3.0/client.api/list', { headers: { 'xero-tenant-id': MIXED } })).text();
    expect(proxy.calls.map((call) => call.headers['xero-tenant-id'])).toEqual([TENANT_ID, TENANT_ID]);
  });

  it('logs one hash for every spelling of the id', async () => {
    const proxy = makeProxy();
    for (const id of [TENANT_ID, UPPER, MIXED]) {
      await (await proxy.send('/xpm/3.1/staff.api/list', { headers: { 'xero-tenant-id': id } })).text();
    }
    const expected = createHash('sha256').update(TENANT_ID).digest('hex').slice(0, TENANT_HASH_HEX_CHARS);
    expect(proxy.logs.map((entry) => entry.tenant)).toEqual([expected, expected, expected]);
  });

  it('changing the case does not get past the per-practice cap', async () => {
    const releases: (() => void)[] = [];
    const proxy = makeProxy({
      limits: { maxConcurrentPerTenant: 2 },
      respond: () => new Promise<Response>((resolve) => releases.push(() => resolve(xmlOk()))),
    });
    const held = [
      proxy.send('/xpm/3.1/client.api/list', { headers: { 'xero-tenant-id': TENANT_ID } }),
      proxy.send('/xpm/3.1/client.api/list', { headers: { 'xero-tenant-id': UPPER } }),
    ];
    await waitFor(() => releases.length === 2);
    for (const id of [UPPER, MIXED, TENANT_ID]) {
      const refused = await proxy.send('/xpm/3.1/staff.api/list', { headers: { 'xero-tenant-id': id } });
      expect(refused.status).toBe(429);
      expect(await readJson(refused)).toMatchObject({ error: 'PROXY_TOO_MANY_REQUESTS' });
    }
    expect(proxy.calls).toHaveLength(2);
    for (const release of releases) release();
    await Promise.all(held.map(async (pending) => (await pending).text()));
  });
});
