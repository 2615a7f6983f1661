import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { MutationResult, PracticeView, RequestReport } from '../../proxy/sandbox';
import {
  CLIENT_ID,
  SMALL_PRACTICE_NAME,
  call,
  connect,
  consent,
  controlJson,
  drain,
  exchange,
  form,
  makeSandbox,
  refresh,
  xpmGet,
} from './helpers';
import type { TokenJson } from './helpers';

async function mutate(sandbox: ReturnType<typeof makeSandbox>, body: unknown): Promise<MutationResult[]> {
  return (await controlJson<{ results: MutationResult[] }>(sandbox, '/__sandbox/mutate', body)).results;
}

async function fault(sandbox: ReturnType<typeof makeSandbox>, body: unknown): Promise<void> {
  await controlJson(sandbox, '/__sandbox/faults', body);
}

async function data(sandbox: ReturnType<typeof makeSandbox>, tenant?: string): Promise<PracticeView> {
  return controlJson<PracticeView>(sandbox, `/__sandbox/data${tenant ? `?tenant=${encodeURIComponent(tenant)}` : ''}`);
}

async function setup() {
  const sandbox = makeSandbox();
  const { tokens, tenantId } = await connect(sandbox);
  const get = (path: string): Promise<Response> => xpmGet(sandbox, path, tokens.access_token, tenantId);
  return { sandbox, tokens, tenantId, get };
}

describe('test controls are off without the flag', () => {
  it('answers 404 on every control path', async () => {
    const sandbox = makeSandbox({ testControls: false });
    for (const [path, method] of [
      ['/__sandbox', 'GET'],
      ['/__sandbox/data', 'GET'],
      ['/__sandbox/mutate', 'POST'],
      ['/__sandbox/faults', 'POST'],
      ['/__sandbox/requests', 'GET'],
      ['/__sandbox/reset', 'POST'],
      ['/__sandbox/clock', 'POST'],
    ] as const) {
      const response = await call(sandbox, path, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('clients');
    }
  });
});

describe('data', () => {
  it('shows each practice by tenant id or name; an unknown one is 400', async () => {
    const sandbox = makeSandbox();
    const main = await data(sandbox);
    expect(main.clients).toHaveLength(150);
    const small = await data(sandbox, SMALL_PRACTICE_NAME);
    expect(small.clients).toHaveLength(25);
    expect((await data(sandbox, small.tenantId)).tenantName).toBe(SMALL_PRACTICE_NAME);
    expect((await call(sandbox, '/__sandbox/data?tenant=nope')).status).toBe(400);
  });
});

describe('mutations', () => {
  it('adds, edits, archives and deletes clients, and the API shows it', async () => {
    const { sandbox, get } = await setup();
    const before = await data(sandbox);
    const partner = before.staff[0];
    const [added] = await mutate(sandbox, {
      op: 'addClient',
      uuid: '11111111-2222-4333-8444-555555555555',
      client: {
        name: 'Fresh Start Pty Ltd',
        email: 'hello@fresh.example',
        clientCode: 'FRESH01',
        businessStructure: 'Company',
        accountManager: partner?.uuid,
        groups: ['New Group'],
      },
      contacts: [
        {
          contact: { name: 'Nina New', email: 'nina@fresh.example', mobile: '0412 345 678' },
          isPrimary: true,
          position: 'Director',
        },
      ],
    });
    expect(added?.client).toMatchObject({
      uuid: '11111111-2222-4333-8444-555555555555',
      name: 'Fresh Start Pty Ltd',
      businessStructure: 'Company',
      groups: [{ name: 'New Group' }],
    });
    expect(added?.client?.contacts).toMatchObject([{ name: 'Nina New', isPrimary: true, position: 'Director' }]);
    const got = await (await get('client.api/get/11111111-2222-4333-8444-555555555555')).text();
    expect(got).toContain('<Name>Fresh Start Pty Ltd</Name>');
    expect(got).toContain('<Name>Nina New</Name>');
    expect(got).toContain('<Group><UUID>');
    const target = before.clients.find((c) => !c.isDeleted && !c.isArchived);
    const [edited] = await mutate(sandbox, {
      op: 'editClient',
      uuid: target?.uuid,
      fields: { name: 'Renamed & Co', accountManager: null, businessStructure: null, isProspect: true },
    });
    expect(edited?.client).toMatchObject({ name: 'Renamed & Co', accountManager: null, tax: null, isProspect: true });
    const xml = await (await get(`client.api/get/${target?.uuid ?? ''}`)).text();
    expect(xml).toContain('<Name>Renamed &amp; Co</Name>');
    expect(xml).not.toContain('<AccountManager>');
    expect(xml).not.toContain('<BusinessStructure>');
    await mutate(sandbox, {
      ops: [
        { op: 'archiveClient', uuid: target?.uuid },
        { op: 'deleteClient', uuid: '11111111-2222-4333-8444-555555555555' },
      ],
    });
    const list = await (await get('client.api/list')).text();
    expect(list).toContain('<IsArchived>Yes</IsArchived>');
    const paged = await (await get('client.api/paged-list?pageSize=500')).text();
    expect(paged).not.toContain(target?.uuid ?? 'x');
    expect(paged).not.toContain('11111111-2222-4333-8444-555555555555');
  });

  it('purge and merge make clients vanish; merge moves contacts to the target', async () => {
    const { sandbox, get } = await setup();
    const before = await data(sandbox);
    const withContacts = before.clients.filter((c) => c.contacts.length > 0 && !c.isDeleted);
    const [source, target, purged] = withContacts;
    const results = await mutate(sandbox, {
      ops: [
        { op: 'mergeClients', source: source?.uuid, target: target?.uuid },
        { op: 'purgeClient', uuid: purged?.uuid },
      ],
    });
    expect(results[0]?.changed.removedClients).toEqual([source?.uuid]);
    expect(results[1]?.changed.removedClients).toEqual([purged?.uuid]);
    const merged = results[0]?.client;
    for (const k of source?.contacts ?? []) expect(merged?.contacts.map((c) => c.uuid)).toContain(k.uuid);
    const list = await (await get('client.api/list')).text();
    expect(list).not.toContain(`<UUID>${source?.uuid ?? 'x'}</UUID><Name>`);
    expect(list).not.toContain(`<UUID>${purged?.uuid ?? 'x'}</UUID><Name>`);
    expect(await (await get(`client.api/get/${purged?.uuid ?? ''}`)).text()).toContain('<Status>ERROR</Status>');
    expect((await data(sandbox)).clients).toHaveLength(before.clients.length - 2);
  });

  it('adds, edits, deletes and re-links contacts, bumping every linked client', async () => {
    const { sandbox } = await setup();
    const before = await data(sandbox);
    const [a, b] = before.clients.filter((c) => !c.isDeleted);
    sandbox.controls.advanceClock(60_000);
    const now = new Date(sandbox.controls.now()).toISOString();
    const [added] = await mutate(sandbox, {
      op: 'addContact',
      client: a?.uuid,
      contact: { name: 'Pat Added', email: 'pat@x.example' },
      isPrimary: true,
    });
    const contactId = added?.contact?.uuid ?? '';
    const [linked] = await mutate(sandbox, {
      op: 'linkContact',
      contact: contactId,
      client: b?.uuid,
      position: 'Trustee',
    });
    expect(linked?.client?.contacts.at(-1)).toMatchObject({ uuid: contactId, position: 'Trustee', isPrimary: false });
    const [edited] = await mutate(sandbox, {
      op: 'editContact',
      uuid: contactId,
      fields: { mobile: '0499 999 999 (Pat)' },
    });
    expect(new Set(edited?.changed.clients)).toEqual(new Set([a?.uuid, b?.uuid]));
    const [deleted] = await mutate(sandbox, { op: 'deleteContact', uuid: contactId });
    expect(deleted?.contact?.isDeleted).toBe(true);
    const after = await data(sandbox);
    for (const id of [a?.uuid, b?.uuid]) expect(after.clients.find((c) => c.uuid === id)?.modifiedAt).toBe(now);
    const aAfter = after.clients.find((c) => c.uuid === a?.uuid);
    expect(aAfter?.contacts.filter((c) => c.isPrimary).map((c) => c.uuid)).toEqual([contactId]);
    const [unlinked] = await mutate(sandbox, { op: 'unlinkContact', contact: contactId, client: b?.uuid });
    expect(unlinked?.client?.contacts.map((c) => c.uuid)).not.toContain(contactId);
  });

  it('adds and renames staff; a rename shows in client references without bumping them', async () => {
    const { sandbox, get } = await setup();
    const before = await data(sandbox);
    const [added] = await mutate(sandbox, {
      op: 'addStaff',
      staff: { name: 'Nora New', email: 'nora@harbourside.example' },
    });
    expect(await (await get('staff.api/list')).text()).toContain(
      '<Name>Nora New</Name><Email>nora@harbourside.example</Email>',
    );
    const partnered = before.clients.find(
      (c) => c.accountManager !== null && before.staff.some((s) => s.uuid === c.accountManager?.uuid),
    );
    const [renamed] = await mutate(sandbox, {
      op: 'editStaff',
      uuid: partnered?.accountManager?.uuid,
      fields: { name: 'Renamed Partner' },
    });
    expect(renamed?.changed.clients).toContain(partnered?.uuid);
    const after = (await data(sandbox)).clients.find((c) => c.uuid === partnered?.uuid);
    expect(after?.accountManager?.name).toBe('Renamed Partner');
    expect(after?.modifiedAt).toBe(partnered?.modifiedAt);
    expect(await (await get(`client.api/get/${partnered?.uuid ?? ''}`)).text()).toContain(
      '<Name>Renamed Partner</Name></AccountManager>',
    );
    expect(added?.staff?.uuid).toEqual(expect.any(String));
  });

  it('touchClients bumps modification times only', async () => {
    const { sandbox } = await setup();
    sandbox.controls.advanceClock(1000);
    const [touched] = await mutate(sandbox, { op: 'touchClients', count: 7 });
    expect(touched?.changed.clients).toHaveLength(7);
  });

  it('refuses unknown ops, fields and records with 400 and a message', async () => {
    const sandbox = makeSandbox();
    for (const body of [
      { op: 'explode' },
      { op: 'editClient', uuid: 'nope', fields: { name: 'x' } },
      { op: 'editClient', uuid: sandbox.state.mainPractice.store.listClients()[0]?.uuid, fields: { nmae: 'typo' } },
      { op: 'addClient', client: { isArchived: 'yes' } },
      { op: 'mergeClients', source: 'a', target: 'a' },
      { op: 'touchClients' },
    ]) {
      const response = await call(sandbox, '/__sandbox/mutate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toEqual(expect.any(String));
    }
    expect((await call(sandbox, '/__sandbox/mutate', { method: 'POST', body: '{not json' })).status).toBe(400);
  });
});

describe('faults', () => {
  it('latency delays the headers', async () => {
    const { sandbox, get } = await setup();
    await fault(sandbox, { kind: 'latency', ms: 150 });
    const started = performance.now();
    const response = await get('staff.api/list');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(200);
  });

  it('a bandwidth cap slows the body', async () => {
    const { sandbox, get } = await setup();
    await fault(sandbox, { kind: 'bandwidth', bytesPerSecond: 1_000_000, endpoint: 'client.api/list' });
    const started = performance.now();
    const body = await (await get('client.api/list?detailed=true')).arrayBuffer();
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeGreaterThanOrEqual((body.byteLength / 1_000_000) * 0.8);
  });

  it('a 429 storm hits the next N calls with the given Retry-After, then calls succeed', async () => {
    const { sandbox, get } = await setup();
    await fault(sandbox, { kind: 'rate-limit', problem: 'minute', retryAfter: 30, times: 2 });
    await fault(sandbox, { kind: 'rate-limit', problem: 'day' });
    for (let i = 0; i < 2; i++) {
      const limited = await get('client.api/list');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('30');
      expect(limited.headers.get('x-rate-limit-problem')).toBe('minute');
    }
    const day = await get('staff.api/list');
    expect(day.headers.get('x-rate-limit-problem')).toBe('day');
    expect(day.headers.get('retry-after')).toBe(String(22 * 3600 + 57 * 60 + 57));
    expect(day.headers.get('x-daylimit-remaining')).toBe('0');
    expect((await get('staff.api/list')).status).toBe(200);
  });

  it('5xx faults, consumed in order, targeted at one endpoint', async () => {
    const { sandbox, get } = await setup();
    await fault(sandbox, {
      faults: [
        { kind: 'status', status: 503, endpoint: 'client.api/list' },
        { kind: 'html-error', endpoint: 'client.api/list' },
      ],
    });
    expect((await get('staff.api/list')).status).toBe(200);
    const unavailable = await get('client.api/list');
    expect(unavailable.status).toBe(503);
    expect(((await unavailable.json()) as Record<string, unknown>).Detail).toBe('ServiceNotAvailable');
    const gateway = await get('client.api/list');
    expect(gateway.status).toBe(502);
    expect(gateway.headers.get('content-type')).toBe('text/html');
    expect(await gateway.text()).toContain('<h1>502 Bad Gateway</h1>');
    expect((await get('client.api/list')).status).toBe(200);
    const { faults } = await controlJson<{ faults: unknown[] }>(sandbox, '/__sandbox/faults');
    expect(faults).toEqual([]);
  });

  it('truncates bodies cleanly or by dropping the connection', async () => {
    const { sandbox, get } = await setup();
    await fault(sandbox, { kind: 'truncate', afterBytes: 1000, mode: 'end' });
    const short = await (await get('client.api/list?detailed=true')).text();
    expect(Buffer.byteLength(short)).toBe(1000);
    expect(XMLValidator.validate(short)).not.toBe(true);
    await fault(sandbox, { kind: 'truncate', afterBytes: 70_000 });
    const dropped = await get('client.api/list?detailed=true');
    expect(dropped.status).toBe(200);
    await expect(dropped.arrayBuffer()).rejects.toThrow(/dropped/);
    // The dropped call no longer counts as in flight.
    const again = await Promise.all(Array.from({ length: 5 }, () => get('staff.api/list')));
    expect(again.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('serves malformed XML, DOCTYPEs, prototype tag names, a BOM and Status ERROR on request', async () => {
    const { sandbox, get } = await setup();
    const normal = await (await get('staff.api/list')).text();
    for (const variant of ['mismatched', 'unclosed', 'stray-close']) {
      await fault(sandbox, { kind: 'malformed-xml', variant });
      const body = await (await get('client.api/list')).text();
      expect(XMLValidator.validate(body)).not.toBe(true);
    }
    await fault(sandbox, { kind: 'doctype' });
    const laughs = await (await get('client.api/list')).text();
    expect(laughs).toContain('<!DOCTYPE Response [');
    expect(laughs).toContain('<!ENTITY lol9 "&lol8;&lol8;');
    await fault(sandbox, { kind: 'doctype', variant: 'external-entity' });
    expect(await (await get('client.api/list')).text()).toContain('SYSTEM "file:///etc/passwd"');
    await fault(sandbox, { kind: 'proto-tags' });
    const proto = await (await get('client.api/list')).text();
    expect(proto).toContain('<__proto__><polluted>yes</polluted></__proto__>');
    expect(XMLValidator.validate(proto)).toBe(true);
    await fault(sandbox, { kind: 'bom-declaration', endpoint: 'staff.api/list' });
    const bytes = new Uint8Array(await (await get('staff.api/list')).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // Response.text() would strip the BOM
    const bom = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(bom.slice(1).startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(bom.endsWith(normal.slice(normal.indexOf('<StaffList>')))).toBe(true);
    await fault(sandbox, { kind: 'status-error', description: 'Something broke' });
    const envelope = await get('client.api/get/whatever');
    expect(envelope.status).toBe(200);
    expect(await envelope.text()).toBe(
      '<Response api-method="Get"><Status>ERROR</Status><ErrorDescription>Something broke</ErrorDescription></Response>',
    );
  });

  it('an oversize body is well-formed XML of at least the requested size (64 MiB by default)', async () => {
    const { sandbox, get } = await setup();
    await fault(sandbox, { kind: 'oversize' });
    const reader = (await get('client.api/list?detailed=true')).body?.getReader();
    let bytes = 0;
    let first = '';
    let last = new Uint8Array();
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      if (first === '') first = new TextDecoder().decode(next.value.subarray(0, 60));
      bytes += next.value.byteLength;
      last = next.value;
    }
    expect(bytes).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    expect(first.startsWith('<Response api-method="List"><Status>OK</Status><Clients>')).toBe(true);
    expect(new TextDecoder().decode(last).endsWith('</Clients></Response>')).toBe(true);
  });

  it('identity faults: a 503 from the token endpoint, latency on connections', async () => {
    const { sandbox, tokens } = await setup();
    await fault(sandbox, { kind: 'status', status: 503, endpoint: 'token' });
    expect((await refresh(sandbox, tokens.refresh_token)).status).toBe(503);
    expect((await refresh(sandbox, tokens.refresh_token)).status).toBe(200);
    await fault(sandbox, { kind: 'latency', ms: 100, endpoint: 'connections' });
    const started = performance.now();
    await call(sandbox, '/connections', { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('invalid-grant on the next refresh, revoke-grant and expire-tokens', async () => {
    const { sandbox, tokens, get } = await setup();
    await fault(sandbox, { kind: 'expire-tokens' });
    const expired = await get('staff.api/list');
    expect(((await expired.json()) as Record<string, string>).Detail).toMatch(
      /^TokenExpired: token expired at 03\/02\/2026 01:02:03$/,
    );
    const fresh = (await (await refresh(sandbox, tokens.refresh_token)).json()) as TokenJson;
    expect(
      (await xpmGet(sandbox, 'staff.api/list', fresh.access_token, sandbox.state.mainPractice.store.tenantId)).status,
    ).toBe(200);
    await fault(sandbox, { kind: 'invalid-grant' });
    expect(await (await refresh(sandbox, fresh.refresh_token)).json()).toEqual({ error: 'invalid_grant' });
    expect(
      (await xpmGet(sandbox, 'staff.api/list', fresh.access_token, sandbox.state.mainPractice.store.tenantId)).status,
    ).toBe(401);

    const other = await connect(sandbox);
    const { grants } = await controlJson<{ grants: { id: string; revoked: boolean }[] }>(sandbox, '/__sandbox/grants');
    const active = grants.find((g) => !g.revoked);
    await fault(sandbox, { kind: 'revoke-grant', grantId: active?.id });
    expect((await xpmGet(sandbox, 'staff.api/list', other.tokens.access_token, other.tenantId)).status).toBe(401);
  });

  it('refuses faults that do not fit', async () => {
    const sandbox = makeSandbox();
    for (const body of [
      { kind: 'explode' },
      { kind: 'malformed-xml', endpoint: 'token' },
      { kind: 'latency', ms: -1 },
      { kind: 'status', status: 200 },
      { kind: 'latency', endpoint: 'nowhere' },
      { kind: 'invalid-grant', endpoint: 'xpm' },
    ]) {
      const response = await call(sandbox, '/__sandbox/faults', { method: 'POST', body: JSON.stringify(body) });
      expect(response.status).toBe(400);
    }
  });
});

describe('requests, clock and reset', () => {
  it('counts requests per endpoint and logs them without tokens, codes or query strings', async () => {
    const sandbox = makeSandbox();
    const consented = await consent(sandbox);
    const tokens = (await (await exchange(sandbox, consented)).json()) as TokenJson;
    const tenantId = sandbox.state.mainPractice.store.tenantId;
    await refresh(sandbox, tokens.refresh_token);
    await call(sandbox, '/connections', { headers: { authorization: `Bearer ${tokens.access_token}` } });
    await drain(
      await xpmGet(
        sandbox,
        'client.api/list?detailed=true&modifiedsince=2026-01-01T00:00:00',
        tokens.access_token,
        tenantId,
      ),
    );
    await drain(await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId));
    await call(sandbox, '/connect/revocation', form({ token: tokens.refresh_token, client_id: CLIENT_ID }));
    const report = await controlJson<RequestReport>(sandbox, '/__sandbox/requests');
    expect(report.counts).toEqual({
      authorize: 1,
      'authorize:consent': 1,
      'authorize:login': 1,
      'client.api/list': 1,
      'connections:list': 1,
      revocation: 1,
      'staff.api/list': 1,
      'token:authorization_code': 1,
      'token:refresh_token': 1,
    });
    expect(report.totals).toEqual({ xpm: 2, identity: 7, all: 9 });
    expect(report.recent.map((r) => r.path)).toContain('/practicemanager/3.1/client.api/list');
    const text = JSON.stringify(report);
    for (const secret of [
      tokens.access_token,
      tokens.refresh_token,
      tokens.id_token,
      consented.code,
      consented.verifier,
      consented.challenge,
      'modifiedsince',
      'code=',
    ]) {
      expect(text).not.toContain(secret);
    }
    await controlJson(sandbox, '/__sandbox/requests', undefined, 'DELETE');
    expect((await controlJson<RequestReport>(sandbox, '/__sandbox/requests')).totals.all).toBe(0);
  });

  it('the clock control moves every timestamp together', async () => {
    const sandbox = makeSandbox();
    const moved = await controlJson<{ now: string }>(sandbox, '/__sandbox/clock', { advanceMs: 86_400_000 });
    expect(moved.now).toBe('2026-03-03T01:02:03.000Z');
    expect((await call(sandbox, '/')).headers.get('date')).toBe('Tue, 03 Mar 2026 01:02:03 GMT');
    expect(
      (await call(sandbox, '/__sandbox/clock', { method: 'POST', body: JSON.stringify({ advanceMs: -5 }) })).status,
    ).toBe(400);
  });

  it('reset restores the seeded data and clears faults, counters, grants and the clock', async () => {
    const { sandbox, tokens, get } = await setup();
    const seeded = await data(sandbox);
    const first = seeded.clients[0];
    await mutate(sandbox, {
      ops: [{ op: 'editClient', uuid: first?.uuid, fields: { name: 'Changed' } }, { op: 'addClient' }],
    });
    await fault(sandbox, { kind: 'status', status: 500, times: 5 });
    sandbox.controls.advanceClock(5000);
    await controlJson(sandbox, '/__sandbox/reset', {});
    expect(await data(sandbox)).toEqual(seeded);
    expect((await controlJson<{ faults: unknown[] }>(sandbox, '/__sandbox/faults')).faults).toEqual([]);
    expect((await controlJson<RequestReport>(sandbox, '/__sandbox/requests')).totals.all).toBe(0);
    expect((await get('staff.api/list')).status).toBe(401);
    expect((await refresh(sandbox, tokens.refresh_token)).status).toBe(400);
    expect(sandbox.controls.now()).toBe(Date.parse('2026-03-02T01:02:03Z'));
  });
});
