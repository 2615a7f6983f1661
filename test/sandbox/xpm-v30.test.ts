/**
 * The XPM 3.0 shape (xpm-api.md §1.1, §2.5, §3): served under /practicemanager/3.0/, and under
 * /practicemanager/3.1/ when the sandbox is started with apiShape 3.0 or switched at runtime.
 * Expectations are written from the data JSON, independently of the serializer.
 */
import { describe, expect, it } from 'vitest';
import type { ClientView, PracticeView, Sandbox } from '../../proxy/sandbox/index';
import {
  ORIGIN,
  XPM,
  XPM_30,
  arr,
  call,
  childNames,
  clientElements,
  coll,
  connect,
  controlJson,
  expectedChildren,
  makeSandbox,
  obj,
  parseXml,
  xpmGet,
} from './helpers';

const yn = (b: boolean): string => (b ? 'Yes' : 'No');
const CONTACT_30 = [
  'ID',
  'Name',
  'Mobile',
  'Email',
  'Phone',
  'Position',
  'Salutation',
  'Addressee',
  'IsPrimary',
  'IsDeleted',
];
const STAFF_30 = ['ID', 'Name', 'Email', 'Phone', 'Mobile', 'Address', 'PayrollCode'];

async function setup(options: Parameters<typeof makeSandbox>[0] = {}) {
  const sandbox = makeSandbox(options);
  const { tokens, tenantId } = await connect(sandbox);
  const data = await controlJson<PracticeView>(sandbox, '/__sandbox/data');
  const get = async (path: string, base = XPM_30): Promise<string> => {
    const response = await xpmGet(sandbox, path, tokens.access_token, tenantId, {}, base);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    return response.text();
  };
  return { sandbox, token: tokens.access_token, tenantId, data, get };
}

/** The identity pair of a reference in the 3.0 shape: the integer id and the name, nothing else. */
const idRef = (r: { id: number; name: string } | null) => (r ? { ID: String(r.id), Name: r.name } : null);

function checkClient30(x: Record<string, unknown>, c: ClientView): void {
  expect(x.ID).toBe(String(c.id));
  expect(x.UUID).toBe(c.uuid);
  expect(x.Name).toBe(c.name);
  expect(x.AccountManager === undefined ? null : obj(x.AccountManager)).toEqual(idRef(c.accountManager));
  expect(x.JobManager === undefined ? null : obj(x.JobManager)).toEqual(idRef(c.jobManager));
  expect(x.BillingClient === undefined ? null : obj(x.BillingClient)).toEqual(idRef(c.billingClient));
}

describe('client.api/list under /practicemanager/3.0/', () => {
  it('detailed: ID first and UUID last; contacts, groups, relationships and references by ID only', async () => {
    const { get, data } = await setup();
    const xml = await get('client.api/list?detailed=true');
    expect(xml.startsWith('<Response api-method="List"><Status>OK</Status><Clients><Client><ID>')).toBe(true);
    const elements = clientElements(xml);
    expect(elements).toHaveLength(data.clients.length);
    for (const [i, c] of data.clients.entries())
      expect(childNames(elements[i] ?? '')).toEqual(expectedChildren(c, 'detailed', '3.0'));
    // The one UUID per client is its last child: nothing inside a client is identified by UUID.
    expect(xml.split('<UUID>').length - 1).toBe(data.clients.length);
    for (const element of xml.matchAll(/<Contact>.*?<\/Contact>/g)) expect(childNames(element[0])).toEqual(CONTACT_30);

    const clients = arr(obj(obj(parseXml(xml).Response).Clients).Client).map(obj);
    expect(data.clients.some((c) => c.billingClient) && data.clients.some((c) => c.relationships.length)).toBe(true);
    data.clients.forEach((c, i) => {
      const x = clients[i] ?? {};
      checkClient30(x, c);
      const contacts = arr(coll(x.Contacts).Contact).map(obj);
      expect(
        contacts.map((k) => [k.ID, k.Name, k.Mobile, k.Email, k.Phone, k.Position, k.IsPrimary, k.IsDeleted, k.UUID]),
      ).toEqual(
        c.contacts.map((k) => [
          String(k.id),
          k.name,
          k.mobile,
          k.email,
          k.phone,
          k.position,
          yn(k.isPrimary),
          yn(k.isDeleted),
          undefined,
        ]),
      );
      expect(arr(coll(x.Groups).Group).map(obj)).toEqual(c.groups.map((g) => ({ ID: String(g.id), Name: g.name })));
      const relationships = arr(coll(x.Relationships).Relationship).map(obj);
      expect(relationships.map((r) => [r.ID, r.Type, r.RelatedClient, r.UUID])).toEqual(
        c.relationships.map((r) => [String(r.id), r.type, idRef(r.relatedClient), undefined]),
      );
    });
  });

  it('without detailed, and paged-list: the same identities, with links back to 3.0', async () => {
    const { get, data } = await setup();
    const list = clientElements(await get('client.api/list'));
    for (const [i, c] of data.clients.entries())
      expect(childNames(list[i] ?? '')).toEqual(expectedChildren(c, 'list', '3.0'));

    const active = data.clients.filter((c) => !c.isArchived && !c.isDeleted);
    const seen: string[] = [];
    let next: string | null = `${ORIGIN}${XPM_30}/client.api/paged-list?pageSize=60`;
    while (next) {
      const url = new URL(next);
      expect(url.pathname.startsWith(`${XPM_30}/`)).toBe(true);
      const xml = await get(`${url.pathname.slice(XPM_30.length + 1)}${url.search}`);
      expect(xml).toContain(`<First>${ORIGIN}${XPM_30}/client.api/paged-list?pageSize=60</First>`);
      for (const element of clientElements(xml)) {
        const id = /^<Client><ID>(\d+)<\/ID>/.exec(element)?.[1] ?? '';
        const c = active.find((x) => String(x.id) === id);
        expect(c).toBeDefined();
        if (c) expect(childNames(element)).toEqual(expectedChildren(c, 'base', '3.0'));
        seen.push(id);
      }
      const links = obj(obj(obj(parseXml(xml).Response).Pagination).Links);
      next = typeof links.Next === 'string' ? links.Next : null;
    }
    expect(seen).toEqual(active.map((c) => String(c.id)));
  });
});

describe('staff.api/list, clientgroup.api/list and client.api/get under /practicemanager/3.0/', () => {
  it('staff and groups carry an ID and no UUID', async () => {
    const { get, data } = await setup();
    const staffXml = await get('staff.api/list');
    expect(staffXml).not.toContain('<UUID>');
    for (const m of staffXml.matchAll(/<Staff>.*?<\/Staff>/g)) expect(childNames(m[0])).toEqual(STAFF_30);
    const staff = arr(obj(obj(parseXml(staffXml).Response).StaffList).Staff).map(obj);
    expect(staff.map((s) => [s.ID, s.Name, s.Email, s.PayrollCode])).toEqual(
      data.staff.map((s) => [String(s.id), s.name, s.email, s.payrollCode]),
    );
    const groupXml = await get('clientgroup.api/list');
    expect(groupXml).not.toContain('<UUID>');
    const groups = arr(obj(obj(parseXml(groupXml).Response).Groups).Group).map(obj);
    expect(groups).toEqual(data.groups.map((g) => ({ ID: String(g.id), Name: g.name, Taxable: yn(g.taxable) })));
  });

  it('get/{id}: the detailed client, with no WebUrl (as recorded); a UUID works too; unknown ids are Status ERROR', async () => {
    const { get, data } = await setup();
    const c = data.clients.find((x) => x.relationships.length > 0) ?? data.clients[0];
    if (!c) throw new Error('no client');
    const byId = await get(`client.api/get/${c.id}`);
    expect(byId.startsWith('<Response api-method="Get"><Status>OK</Status><Client><ID>')).toBe(true);
    expect(byId).not.toContain('<WebUrl>');
    expect(childNames(clientElements(byId)[0] ?? '')).toEqual(expectedChildren(c, 'detailed', '3.0'));
    checkClient30(obj(arr(obj(parseXml(byId).Response).Client)[0]), c);
    expect(await get(`client.api/get/${c.uuid.toUpperCase()}`)).toBe(byId);
    const invalid =
      '<Response api-method="Get"><Status>ERROR</Status><ErrorDescription>Invalid client identifier</ErrorDescription></Response>';
    expect(await get('client.api/get/1')).toBe(invalid);
    expect(await get('client.api/get/00123')).toBe(invalid);
    // 3.1 replaced the integer identifiers: an id there is unknown.
    expect(await get(`client.api/get/${c.id}`, XPM)).toBe(invalid);
  });

  it('the XPM web page is found by the integer id as well as by the UUID', async () => {
    const { sandbox, data } = await setup();
    const c = data.clients[5];
    if (!c) throw new Error('no client');
    const byId = await call(sandbox, `/Client/${c.id}/Detail`);
    const byUuid = await call(sandbox, `/Client/${c.uuid}/Detail`);
    expect(byId.status).toBe(200);
    expect(await byId.text()).toBe(await byUuid.text());
    expect((await call(sandbox, '/Client/1/Detail')).status).toBe(404);
  });
});

/** The XML a path answers now, for comparing shapes. */
async function body(sandbox: Sandbox, token: string, tenantId: string, path: string, base: string): Promise<string> {
  return (await xpmGet(sandbox, path, token, tenantId, {}, base)).text();
}

describe('the 3.1 path in the 3.0 shape', () => {
  const paths = ['client.api/list?detailed=true', 'client.api/list', 'staff.api/list', 'clientgroup.api/list'];

  it('apiShape 3.0 (--api-shape 3.0) makes /practicemanager/3.1/ answer exactly as /practicemanager/3.0/', async () => {
    const { sandbox, token, tenantId, data } = await setup({ apiShape: '3.0' });
    for (const path of paths) {
      const at31 = await body(sandbox, token, tenantId, path, XPM);
      expect(at31).toBe(await body(sandbox, token, tenantId, path, XPM_30));
      expect(at31).toMatch(/<(Client|Staff|Group)><ID>\d+<\/ID>/);
    }
    const c = data.clients[2];
    expect(await body(sandbox, token, tenantId, `client.api/get/${c?.id ?? 0}`, XPM)).toContain(
      `<Client><ID>${c?.id ?? 0}</ID>`,
    );
  });

  it('switches at runtime and back; identities never change; reset restores the start shape', async () => {
    const { sandbox, token, tenantId, data } = await setup();
    expect(await controlJson(sandbox, '/__sandbox/api-shape')).toEqual({ shape: '3.1' });
    const before = await body(sandbox, token, tenantId, 'client.api/list?detailed=true', XPM);
    expect(before.startsWith('<Response api-method="List"><Status>OK</Status><Clients><Client><UUID>')).toBe(true);

    expect(await controlJson(sandbox, '/__sandbox/api-shape', { shape: '3.0' })).toEqual({ shape: '3.0' });
    const moved = await body(sandbox, token, tenantId, 'client.api/list?detailed=true', XPM);
    expect(moved).toBe(await body(sandbox, token, tenantId, 'client.api/list?detailed=true', XPM_30));
    // The same clients in the same order, each with its one UUID in both shapes.
    const uuids = (xml: string): string[] =>
      clientElements(xml).map(
        (e) => /<UUID>([^<]+)<\/UUID><\/Client>$|^<Client><UUID>([^<]+)/.exec(e)?.slice(1).join('') ?? '',
      );
    expect(uuids(moved)).toEqual(uuids(before));
    expect(uuids(moved)).toEqual(data.clients.map((c) => c.uuid));
    expect(await controlJson(sandbox, '/__sandbox/data')).toEqual(data);

    expect(sandbox.controls.setApiShape('3.1')).toBe('3.1');
    expect(await body(sandbox, token, tenantId, 'client.api/list?detailed=true', XPM)).toBe(before);

    for (const bad of [{ shape: '3.2' }, { shape: 3 }, {}, { shape: '3.0', extra: 1 }]) {
      const response = await call(sandbox, '/__sandbox/api-shape', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(bad),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe('bad-request');
    }
    sandbox.controls.setApiShape('3.0');
    await controlJson(sandbox, '/__sandbox/reset', {});
    expect(sandbox.controls.apiShape()).toBe('3.1');
    const started30 = makeSandbox({ apiShape: '3.0' });
    started30.controls.setApiShape('3.1');
    started30.controls.reset();
    expect(started30.controls.apiShape()).toBe('3.0');
  });

  it('mutations keep every identity; added records get new ids above the rest; both shapes show the same change', async () => {
    const { sandbox, token, tenantId, data } = await setup();
    const [a, b] = data.clients.filter((c) => !c.isDeleted && c.contacts.length > 0);
    const contact = a?.contacts[0];
    const partner = data.staff[0];
    if (!a || !b || !contact || !partner) throw new Error('no data');
    const results = await controlJson<{
      results: { client?: ClientView; contact?: { id: number }; staff?: { id: number } }[];
    }>(sandbox, '/__sandbox/mutate', {
      ops: [
        {
          op: 'editClient',
          uuid: a.uuid,
          fields: { name: 'Renamed Pty Ltd', accountManager: partner.uuid, billingClient: b.uuid },
        },
        { op: 'editContact', uuid: contact.uuid, fields: { email: 'moved@x.example' } },
        { op: 'mergeClients', source: b.uuid, target: a.uuid },
        { op: 'editStaff', uuid: partner.uuid, fields: { name: 'Partner Renamed' } },
        {
          op: 'addClient',
          client: { name: 'Fresh Pty Ltd' },
          contacts: [{ contact: { name: 'Nina New' }, isPrimary: true }],
        },
        { op: 'addStaff', staff: { name: 'Nora New' } },
      ],
    });
    const after = await controlJson<PracticeView>(sandbox, '/__sandbox/data');
    const idsOf = (v: PracticeView) => ({
      clients: new Map(v.clients.map((c) => [c.uuid, c.id])),
      contacts: new Map(v.contacts.map((c) => [c.uuid, c.id])),
      staff: new Map(v.staff.map((s) => [s.uuid, s.id])),
    });
    const was = idsOf(data);
    const now = idsOf(after);
    for (const kind of ['clients', 'contacts', 'staff'] as const)
      for (const [uuid, id] of now[kind])
        if (was[kind].has(uuid)) expect(id, `${kind} ${uuid}`).toBe(was[kind].get(uuid));
    expect(now.clients.has(b.uuid)).toBe(false); // the merge source is gone, the target keeps its id
    const fresh = results.results[4]?.client;
    const newStaff = results.results[5]?.staff;
    if (!fresh || !newStaff) throw new Error('no new records');
    expect(fresh.id).toBeGreaterThan(Math.max(...data.clients.map((c) => c.id)));
    expect(fresh.contacts[0]?.id).toBeGreaterThan(Math.max(...data.contacts.map((c) => c.id)));
    expect(newStaff.id).toBeGreaterThan(Math.max(...data.staff.map((s) => s.id)));

    const merged = after.clients.find((c) => c.uuid === a.uuid);
    if (!merged) throw new Error('no merged client');
    const xml30 = await body(sandbox, token, tenantId, `client.api/get/${a.id}`, XPM_30);
    const x = obj(arr(obj(parseXml(xml30).Response).Client)[0]);
    checkClient30(x, merged);
    expect(obj(x.AccountManager)).toEqual({ ID: String(partner.id), Name: 'Partner Renamed' });
    expect(arr(coll(x.Contacts).Contact).map((k) => obj(k).ID)).toEqual(merged.contacts.map((k) => String(k.id)));
    expect(xml30).toContain('moved@x.example');
    const xml31 = await body(sandbox, token, tenantId, `client.api/get/${a.uuid}`, XPM);
    expect(xml31).toContain(
      `<AccountManager><UUID>${partner.uuid}</UUID><Name>Partner Renamed</Name></AccountManager>`,
    );
    expect(xml31).toContain('moved@x.example');
  });
});

describe('modifiedsince, rate limits, faults and request counts on the 3.0 path', () => {
  it('modifiedsince returns exactly the changed clients, by ID', async () => {
    const { sandbox, get, data } = await setup();
    sandbox.controls.advanceClock(60_000);
    const since = new Date(sandbox.controls.now()).toISOString().slice(0, 19);
    const [a, b] = data.clients;
    sandbox.controls.mutate({
      ops: [
        { op: 'editClient', uuid: a?.uuid, fields: { phone: '0400 000 001' } },
        { op: 'archiveClient', uuid: b?.uuid },
      ],
    });
    const xml = await get(`client.api/list?detailed=true&modifiedsince=${since}`);
    expect(clientElements(xml).map((e) => /^<Client><ID>(\d+)/.exec(e)?.[1])).toEqual([String(a?.id), String(b?.id)]);
  });

  it('shares the per-tenant limits with 3.1, takes faults and is counted under the same endpoint names', async () => {
    const { sandbox, token, tenantId } = await setup();
    sandbox.controls.clearRequests();
    const first = await xpmGet(sandbox, 'staff.api/list', token, tenantId, {}, XPM_30);
    expect(first.headers.get('x-minlimit-remaining')).toBe('59');
    await first.arrayBuffer();
    const second = await xpmGet(sandbox, 'staff.api/list', token, tenantId, {}, XPM);
    expect(second.headers.get('x-minlimit-remaining')).toBe('58');
    await second.arrayBuffer();

    sandbox.controls.fault({ kind: 'status-error', description: 'Broken', endpoint: 'client.api/list' });
    expect(await (await xpmGet(sandbox, 'client.api/list', token, tenantId, {}, XPM_30)).text()).toBe(
      '<Response api-method="List"><Status>ERROR</Status><ErrorDescription>Broken</ErrorDescription></Response>',
    );
    sandbox.controls.fault({ kind: 'rate-limit', problem: 'minute', retryAfter: 7 });
    const limited = await xpmGet(sandbox, 'clientgroup.api/list', token, tenantId, {}, XPM_30);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.text()).toBe('');

    const report = sandbox.controls.requests();
    expect(report.counts).toMatchObject({ 'staff.api/list': 2, 'client.api/list': 1, 'clientgroup.api/list': 1 });
    expect(report.recent.map((r) => r.path)).toEqual([
      `${XPM_30}/staff.api/list`,
      `${XPM}/staff.api/list`,
      `${XPM_30}/client.api/list`,
      `${XPM_30}/clientgroup.api/list`,
    ]);
    // Authentication comes first on 3.0 too.
    expect((await call(sandbox, `${XPM_30}/client.api/list`)).status).toBe(401);
  });
});

describe('identities in the data', () => {
  it('every record has a realistic integer id, unique within its kind and never shared across kinds', async () => {
    const { data } = await setup({ clients: 2000 });
    const kinds = {
      clients: data.clients.map((c) => c.id),
      contacts: data.contacts.map((c) => c.id),
      staff: data.staff.map((s) => s.id),
      groups: data.groups.map((g) => g.id),
      relationships: data.clients.flatMap((c) => c.relationships.map((r) => r.id)),
    };
    const all = Object.values(kinds).flat();
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) {
      expect(Number.isInteger(id)).toBe(true);
      expect(id).toBeGreaterThan(100_000);
      expect(id).toBeLessThan(2 ** 31);
    }
    // Magnitudes like the recorded ones: clients in the tens of millions, staff in the hundreds of thousands.
    expect(Math.min(...kinds.clients)).toBeGreaterThan(10_000_000);
    expect(Math.max(...kinds.staff)).toBeLessThan(1_000_000);
    // XPM hands out ids in creation order.
    const bySeq = [...data.clients].sort((x, y) => x.seq - y.seq).map((c) => c.id);
    expect(bySeq).toEqual([...bySeq].sort((x, y) => x - y));
    // References carry the id of what they point at.
    const staffIds = new Map(data.staff.map((s) => [s.uuid, s.id]));
    for (const c of data.clients)
      if (c.accountManager && staffIds.has(c.accountManager.uuid))
        expect(c.accountManager.id).toBe(staffIds.get(c.accountManager.uuid));
    const clientIds = new Map(data.clients.map((c) => [c.uuid, c.id]));
    for (const c of data.clients)
      if (c.billingClient) expect(c.billingClient.id).toBe(clientIds.get(c.billingClient.uuid));
  });

  it('ids come from the seed: the same for the same seed, different for another', () => {
    const ids = (seed: number): number[] =>
      makeSandbox({ seed })
        .controls.data()
        .clients.map((c) => c.id);
    expect(ids(4)).toEqual(ids(4));
    expect(ids(5)).not.toEqual(ids(4));
  });
});
