import { describe, expect, it } from 'vitest';
import type { PracticeView } from '../../proxy/sandbox';
import {
  ACCOUNTING_ORG_NAME,
  MAIN_PRACTICE_NAME,
  ORIGIN,
  SMALL_PRACTICE_NAME,
  XPM,
  arr,
  call,
  childNames,
  coll,
  connect,
  controlJson,
  clientElements,
  expectedChildren,
  makeSandbox,
  obj,
  parseXml,
  xpmGet,
} from './helpers';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const yn = (b: boolean): string => (b ? 'Yes' : 'No');

async function setup(options: Parameters<typeof makeSandbox>[0] = {}) {
  const sandbox = makeSandbox(options);
  const { tokens, tenantId } = await connect(sandbox);
  const data = await controlJson<PracticeView>(sandbox, '/__sandbox/data');
  return { sandbox, token: tokens.access_token, tenantId, data };
}

describe('XPM response headers and envelope', () => {
  it('sends XPM’s headers and a one-line body with no declaration', async () => {
    const { sandbox, token, tenantId } = await setup();
    const response = await xpmGet(sandbox, 'staff.api/list', token, tenantId);
    expect(response.status).toBe(200);
    const h = response.headers;
    expect(h.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(h.get('x-minlimit-remaining')).toBe('59');
    expect(h.get('x-daylimit-remaining')).toBe('4999');
    expect(h.get('x-appminlimit-remaining')).toBe('9999');
    expect(h.get('xero-correlation-id')).toMatch(GUID);
    expect(h.get('cache-control')).toBe('max-age=0, no-cache, no-store');
    expect(h.get('date')).toBe('Mon, 02 Mar 2026 01:02:03 GMT');
    const body = await response.text();
    expect(body.startsWith('<Response api-method="List"><Status>OK</Status><StaffList>')).toBe(true);
    expect(body).not.toContain('\n');
    expect(body).not.toContain('<?xml');
    const second = await xpmGet(sandbox, 'staff.api/list', token, tenantId);
    expect(second.headers.get('x-minlimit-remaining')).toBe('58');
    expect(second.headers.get('xero-correlation-id')).not.toBe(h.get('xero-correlation-id'));
  });

  it('accepts query parameter names in any case', async () => {
    const { sandbox, token, tenantId } = await setup();
    const lower = await (await xpmGet(sandbox, 'client.api/list?detailed=true', token, tenantId)).text();
    const mixed = await (await xpmGet(sandbox, 'client.api/list?Detailed=TRUE', token, tenantId)).text();
    expect(mixed).toBe(lower);
    expect(mixed).toContain('<Notes');
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    const { sandbox, token, tenantId } = await setup();
    expect((await xpmGet(sandbox, 'client.api/search?query=x', token, tenantId)).status).toBe(404);
    expect((await xpmGet(sandbox, 'job.api/list', token, tenantId)).status).toBe(404);
    // 3.0 and 3.1 are served (3.0: xpm-v30.test.ts); other versions are not.
    expect((await call(sandbox, '/practicemanager/3.2/client.api/list')).status).toBe(404);
    expect((await call(sandbox, '/practicemanager/2.0/client.api/list')).status).toBe(404);
    expect((await call(sandbox, '/no/such/page')).status).toBe(404);
    expect(
      (
        await call(sandbox, `${XPM}/client.api/list`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'xero-tenant-id': tenantId },
        })
      ).status,
    ).toBe(405);
  });
});

describe('401, 403 and scope errors', () => {
  const problem = (status: number, title: string, detail: string, instance: string | null) => ({
    Type: null,
    Title: title,
    Status: status,
    Detail: detail,
    Instance: instance,
    Extensions: {},
  });

  it('401 AuthenticationUnsuccessful for a missing or garbage token, before the tenant is looked at', async () => {
    const { sandbox, tenantId } = await setup();
    const attempts: Record<string, string>[] = [
      { 'xero-tenant-id': tenantId },
      { authorization: 'Bearer garbage', 'xero-tenant-id': 'not-a-tenant' },
      { authorization: 'Basic abc' },
    ];
    for (const headers of attempts) {
      const response = await call(sandbox, `${XPM}/client.api/list`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer error=invalid_token');
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('x-appminlimit-remaining')).toBe('10000');
      expect(response.headers.get('x-minlimit-remaining')).toBeNull();
      expect(await response.json()).toEqual(
        problem(401, 'Unauthorized', 'AuthenticationUnsuccessful', response.headers.get('xero-correlation-id')),
      );
    }
  });

  it('403 for a missing, unknown, unconnected or non-XPM tenant, with only the app limit header', async () => {
    const sandbox = makeSandbox();
    const { tokens } = await connect(sandbox, { tenants: [MAIN_PRACTICE_NAME, ACCOUNTING_ORG_NAME] });
    const small = sandbox.state.organisations.find((o) => o.tenantName === SMALL_PRACTICE_NAME)?.tenantId ?? '';
    const accounting = sandbox.state.organisations.find((o) => o.tenantName === ACCOUNTING_ORG_NAME)?.tenantId ?? '';
    for (const tenant of [undefined, 'garbage', '00000000-0000-4000-8000-000000000000', small, accounting]) {
      const headers: Record<string, string> = { authorization: `Bearer ${tokens.access_token}` };
      if (tenant !== undefined) headers['xero-tenant-id'] = tenant;
      const response = await call(sandbox, `${XPM}/client.api/list`, { headers });
      expect(response.status).toBe(403);
      expect(response.headers.get('x-appminlimit-remaining')).toEqual(expect.any(String));
      expect(response.headers.get('x-minlimit-remaining')).toBeNull();
      expect(response.headers.get('x-daylimit-remaining')).toBeNull();
      expect(await response.json()).toEqual(
        problem(403, 'Forbidden', 'AuthenticationUnsuccessful', response.headers.get('xero-correlation-id')),
      );
    }
  });

  it('401 AuthorizationUnsuccessful with insufficient_scope when the token lacks the endpoint’s scope', async () => {
    const sandbox = makeSandbox();
    const { tokens, tenantId } = await connect(sandbox, { scope: 'openid offline_access practicemanager.staff.read' });
    expect((await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId)).status).toBe(200);
    for (const path of ['client.api/list', 'clientgroup.api/list']) {
      const response = await xpmGet(sandbox, path, tokens.access_token, tenantId);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('insufficient_scope');
      expect(((await response.json()) as Record<string, unknown>).Detail).toBe('AuthorizationUnsuccessful');
    }
  });

  it('tenant ids are matched case-insensitively', async () => {
    const { sandbox, token, tenantId } = await setup();
    expect((await xpmGet(sandbox, 'staff.api/list', token, tenantId.toUpperCase())).status).toBe(200);
  });
});

describe('client.api/list', () => {
  it('detailed: every client (archived and deleted included) with the documented elements in order', async () => {
    const { sandbox, token, tenantId, data } = await setup();
    const xml = await (await xpmGet(sandbox, 'client.api/list?detailed=true', token, tenantId)).text();
    const elements = clientElements(xml);
    expect(elements).toHaveLength(data.clients.length);
    expect(data.clients.some((c) => c.isArchived) && data.clients.some((c) => c.isDeleted)).toBe(true);
    for (const [i, c] of data.clients.entries())
      expect(childNames(elements[i] ?? '')).toEqual(expectedChildren(c, 'detailed'));
    const parsed = obj(obj(parseXml(xml).Response).Clients);
    const clients = arr(parsed.Client).map(obj);
    data.clients.forEach((c, i) => {
      const x = clients[i] ?? {};
      expect(x.UUID).toBe(c.uuid);
      expect(x.Name).toBe(c.name);
      expect(x.Email).toBe(c.email === '' ? undefined : c.email);
      expect(x.Phone).toBe(c.phone);
      expect(x.PostalAddress).toBe(c.postalAddress);
      expect(x.PostCode).toBe(c.postCode);
      expect(x.ClientCode).toBe(c.clientCode);
      expect(x.ExportCode).toBe(c.exportCode);
      expect(x.IsArchived).toBe(yn(c.isArchived));
      expect(x.IsDeleted).toBe(yn(c.isDeleted));
      expect(x.IsProspect).toBe(yn(c.isProspect));
      expect(x.BusinessStructure).toBe(c.businessStructure ?? undefined);
      expect(x.AccountManager === undefined ? null : obj(x.AccountManager)).toEqual(
        c.accountManager ? { UUID: c.accountManager.uuid, Name: c.accountManager.name } : null,
      );
      const contacts = arr(coll(x.Contacts).Contact).map(obj);
      expect(contacts.map((k) => [k.UUID, k.Name, k.Email, k.Mobile, k.IsPrimary, k.IsDeleted, k.Position])).toEqual(
        c.contacts.map((k) => [k.uuid, k.name, k.email, k.mobile, yn(k.isPrimary), yn(k.isDeleted), k.position]),
      );
      const groups = arr(coll(x.Groups).Group).map(obj);
      expect(groups.map((g) => g.Name)).toEqual(c.groups.map((g) => g.name));
      expect(arr(coll(x.Notes).Note)).toHaveLength(c.notes.length);
    });
  });

  it('empty collections are self-closing and the blank client Email is omitted', async () => {
    const { sandbox, token, tenantId, data } = await setup();
    const xml = await (await xpmGet(sandbox, 'client.api/list?detailed=true', token, tenantId)).text();
    const bare = data.clients.findIndex((c) => c.contacts.length === 0);
    const element = clientElements(xml)[bare] ?? '';
    expect(element).toContain('<Contacts />');
    const noEmail = data.clients.findIndex((c) => c.email === '');
    expect(childNames(clientElements(xml)[noEmail] ?? '')).not.toContain('Email');
    expect(xml).toContain('<Fax></Fax>');
  });

  it('without detailed: contacts but no notes, groups or relationships, and the base tax fields only', async () => {
    const { sandbox, token, tenantId, data } = await setup();
    const xml = await (await xpmGet(sandbox, 'client.api/list', token, tenantId)).text();
    const elements = clientElements(xml);
    for (const [i, c] of data.clients.entries())
      expect(childNames(elements[i] ?? '')).toEqual(expectedChildren(c, 'list'));
    expect(xml).not.toContain('<Notes');
    expect(xml).not.toContain('<BusinessStructure>');
    expect(await (await xpmGet(sandbox, 'client.api/list?detailed=false', token, tenantId)).text()).toBe(xml);
  });

  it('a bad detailed or modifiedsince value is HTTP 200 with Status ERROR', async () => {
    const { sandbox, token, tenantId } = await setup();
    for (const query of [
      'modifiedsince=yesterday',
      'modifiedsince=2026-02-30T00:00:00',
      'modifiedsince=2026-03-01T00:00:00Z',
      'modifiedsince=2026-03-01',
      'detailed=maybe',
    ]) {
      const response = await xpmGet(sandbox, `client.api/list?${query}`, token, tenantId);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
      const body = await response.text();
      expect(body).toMatch(
        /^<Response api-method="List"><Status>ERROR<\/Status><ErrorDescription>[^<]+<\/ErrorDescription><\/Response>$/,
      );
    }
  });
});

describe('modifiedsince', () => {
  it('is UTC and inclusive; after mutations it returns exactly the changed clients', async () => {
    const { sandbox, token, tenantId, data } = await setup();
    const newest = Math.max(...data.clients.map((c) => Date.parse(c.modifiedAt)));
    const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19);
    const atNewest = await (
      await xpmGet(sandbox, `client.api/list?modifiedsince=${iso(newest)}`, token, tenantId)
    ).text();
    expect(clientElements(atNewest).length).toBe(data.clients.filter((c) => Date.parse(c.modifiedAt) >= newest).length);
    expect(clientElements(atNewest).length).toBeGreaterThanOrEqual(1);
    const after = await (
      await xpmGet(sandbox, `client.api/list?modifiedsince=${iso(newest + 1000)}`, token, tenantId)
    ).text();
    expect(after).toBe('<Response api-method="List"><Status>OK</Status><Clients /></Response>');

    sandbox.controls.advanceClock(20 * 60_000); // less than the token's 30 minutes
    const changedAt = sandbox.controls.now();
    const [a, b, c] = data.clients.filter((x) => !x.isDeleted);
    const shared = data.clients.find((x) =>
      x.contacts.some((k) => data.clients.filter((y) => y.contacts.some((z) => z.uuid === k.uuid)).length > 1),
    );
    const sharedContact = shared?.contacts.find(
      (k) => data.clients.filter((y) => y.contacts.some((z) => z.uuid === k.uuid)).length > 1,
    );
    await controlJson(sandbox, '/__sandbox/mutate', {
      ops: [
        { op: 'editClient', uuid: a?.uuid, fields: { phone: '0400 000 000' } },
        { op: 'deleteClient', uuid: b?.uuid },
        { op: 'editContact', uuid: sharedContact?.uuid, fields: { mobile: '0411 222 333' } },
      ],
    });
    const expected = new Set([
      a?.uuid,
      b?.uuid,
      ...data.clients.filter((x) => x.contacts.some((k) => k.uuid === sharedContact?.uuid)).map((x) => x.uuid),
    ]);
    expect(expected.size).toBeGreaterThanOrEqual(4);
    const since = await (
      await xpmGet(sandbox, `client.api/list?detailed=true&modifiedsince=${iso(changedAt)}`, token, tenantId)
    ).text();
    const uuids = clientElements(since).map((e) => /<UUID>([^<]+)<\/UUID>/.exec(e)?.[1]);
    expect(new Set(uuids)).toEqual(expected);
    expect(since).toContain('<IsDeleted>Yes</IsDeleted>');
    expect(since).toContain('0411 222 333');
    expect(c && uuids.includes(c.uuid)).toBe(false);
    // One second after the change: nothing.
    const later = await (
      await xpmGet(sandbox, `client.api/list?modifiedsince=${iso(changedAt + 1000)}`, token, tenantId)
    ).text();
    expect(clientElements(later)).toHaveLength(0);
  });
});

describe('client.api/paged-list', () => {
  it('pages through the active clients in the base shape, following Next until it is absent', async () => {
    const { sandbox, token, tenantId, data } = await setup();
    const active = data.clients.filter((c) => !c.isArchived && !c.isDeleted);
    let next: string | null = `${ORIGIN}${XPM}/client.api/paged-list?pageSize=40`;
    const seen: string[] = [];
    let pages = 0;
    while (next) {
      const url = new URL(next);
      const response = await xpmGet(sandbox, `${url.pathname.slice(XPM.length + 1)}${url.search}`, token, tenantId);
      expect(response.status).toBe(200);
      const xml = await response.text();
      expect(xml.startsWith('<Response api-method="PagedList"><Status>OK</Status>')).toBe(true);
      expect(xml).not.toContain('<Contacts');
      for (const element of clientElements(xml)) {
        const uuid = /<UUID>([^<]+)<\/UUID>/.exec(element)?.[1] ?? '';
        const c = active.find((x) => x.uuid === uuid);
        expect(c).toBeDefined();
        if (c) expect(childNames(element)).toEqual(expectedChildren(c, 'base'));
        seen.push(uuid);
      }
      expect(xml).toContain(`<First>${ORIGIN}${XPM}/client.api/paged-list?pageSize=40</First>`);
      const nextMatch = /<Next>([^<]+)<\/Next>/.exec(xml);
      if (nextMatch?.[1]) expect(nextMatch[1]).toContain('&amp;pageSize=40');
      const links = obj(obj(obj(parseXml(xml).Response).Pagination).Links);
      next = typeof links.Next === 'string' ? links.Next : null;
      pages += 1;
    }
    expect(seen).toEqual(active.map((c) => c.uuid));
    expect(pages).toBe(Math.ceil(active.length / 40));
  });

  it('defaults to 50 per page and rejects bad sizes and tokens with 400', async () => {
    const { sandbox, token, tenantId } = await setup();
    const first = await (await xpmGet(sandbox, 'client.api/paged-list', token, tenantId)).text();
    expect(clientElements(first)).toHaveLength(50);
    for (const query of ['pageSize=0', 'pageSize=501', 'pageSize=ten', 'pageToken=bm9wZQ', 'pageToken=%21%21']) {
      const response = await xpmGet(sandbox, `client.api/paged-list?${query}`, token, tenantId);
      expect(response.status).toBe(400);
      expect(((await response.json()) as Record<string, unknown>).Status).toBe(400);
    }
    const big = await (await xpmGet(sandbox, 'client.api/paged-list?PageSize=500', token, tenantId)).text();
    expect(big).not.toContain('<Next>');
  });
});

describe('client.api/get/{uuid}', () => {
  it('puts WebUrl before the detailed Client', async () => {
    const { sandbox, token, tenantId, data } = await setup();
    const c = data.clients[3];
    const xml = await (await xpmGet(sandbox, `client.api/get/${c?.uuid.toUpperCase() ?? ''}`, token, tenantId)).text();
    expect(
      xml.startsWith(
        `<Response api-method="Get"><Status>OK</Status><WebUrl>${ORIGIN}/Client/${c?.uuid ?? ''}/Detail</WebUrl><Client>`,
      ),
    ).toBe(true);
    if (c) expect(childNames(clientElements(xml)[0] ?? '')).toEqual(expectedChildren(c, 'detailed'));
    const page = await call(sandbox, `/Client/${c?.uuid ?? ''}/Detail`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(
      c?.name
        .replace(/&/g, '&#38;')
        .replace(/</g, '&#60;')
        .replace(/>/g, '&#62;')
        .replace(/"/g, '&#34;')
        .replace(/'/g, '&#39;') ?? '',
    );
  });

  it('an unknown UUID is HTTP 200 with Status ERROR', async () => {
    const { sandbox, token, tenantId } = await setup();
    const response = await xpmGet(sandbox, 'client.api/get/00000000-0000-4000-8000-000000000000', token, tenantId);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(
      '<Response api-method="Get"><Status>ERROR</Status><ErrorDescription>Invalid client identifier</ErrorDescription></Response>',
    );
  });
});

describe('staff.api/list and clientgroup.api/list', () => {
  it('lists staff with every field, including the messy ones', async () => {
    const { sandbox, token, tenantId, data } = await setup();
    const xml = await (await xpmGet(sandbox, 'staff.api/list', token, tenantId)).text();
    const staff = arr(obj(obj(parseXml(xml).Response).StaffList).Staff).map(obj);
    expect(staff.map((s) => [s.UUID, s.Name, s.Email, s.Phone, s.Mobile, s.Address, s.PayrollCode])).toEqual(
      data.staff.map((s) => [s.uuid, s.name, s.email, s.phone, s.mobile, s.address, s.payrollCode]),
    );
    expect(xml).toContain('<Email></Email>');
    for (const element of [...xml.matchAll(/<Staff>.*?<\/Staff>/g)].map((m) => m[0])) {
      expect(childNames(element)).toEqual(['UUID', 'Name', 'Email', 'Phone', 'Mobile', 'Address', 'PayrollCode']);
    }
  });

  it('lists client groups with Taxable flags', async () => {
    const { sandbox, token, tenantId, data } = await setup();
    const xml = await (await xpmGet(sandbox, 'clientgroup.api/list', token, tenantId)).text();
    const groups = arr(obj(obj(parseXml(xml).Response).Groups).Group).map(obj);
    expect(groups.map((g) => [g.UUID, g.Name, g.Taxable])).toEqual(
      data.groups.map((g) => [g.uuid, g.name, yn(g.taxable)]),
    );
  });

  it('serves the small practice to a grant that connected it', async () => {
    const sandbox = makeSandbox();
    const { tokens } = await connect(sandbox, { tenants: [SMALL_PRACTICE_NAME] });
    const small = sandbox.state.organisations.find((o) => o.tenantName === SMALL_PRACTICE_NAME)?.tenantId ?? '';
    const xml = await (await xpmGet(sandbox, 'client.api/list', tokens.access_token, small)).text();
    expect(clientElements(xml)).toHaveLength(25);
  });
});
