/** The serialized-client cache: what it keeps, within what budget, and that it never serves stale XML. */
import { describe, expect, it } from 'vitest';
import type { ClientRecord } from '../../proxy/sandbox/data/model';
import { clientXml } from '../../proxy/sandbox/xpm/client-xml';
import type { ClientDetail } from '../../proxy/sandbox/xpm/client-xml';
import type { ApiShape } from '../../proxy/sandbox/xpm/api-shape';
import type { Sandbox } from '../../proxy/sandbox/index';
import { XPM, XPM_30, connect, makeSandbox, xpmGet } from './helpers';

const decoder = new TextDecoder();

function fresh(sandbox: Sandbox, client: ClientRecord, detail: ClientDetail, shape: ApiShape): string {
  const { store } = sandbox.state.mainPractice;
  return clientXml(client, detail, shape, {
    contact: (uuid) => store.getContact(uuid),
    group: (uuid) => store.getGroup(uuid),
  });
}

describe('the client fragment cache', () => {
  it('keeps each client’s fragment per detail and shape, and answers again from it', () => {
    const sandbox = makeSandbox({ clients: 40 });
    const { store, fragments } = sandbox.state.mainPractice;
    const client = store.listClients()[0];
    if (!client) throw new Error('no client');
    const first = fragments.get(client, 'detailed', '3.1');
    expect(fragments.get(client, 'detailed', '3.1')).toBe(first);
    const other = fragments.get(client, 'detailed', '3.0');
    expect(other).not.toBe(first);
    expect(decoder.decode(other)).toBe(fresh(sandbox, client, 'detailed', '3.0'));
    expect(fragments.heldBytes).toBe(first.byteLength + other.byteLength);
  });

  it('never holds more than its budget, and serves the same bytes past it', () => {
    const budget = 20_000;
    const sandbox = makeSandbox({ clients: 60, fragmentCacheBytes: budget });
    const { store, fragments } = sandbox.state.mainPractice;
    for (const shape of ['3.0', '3.1'] as const)
      for (const detail of ['base', 'list', 'detailed'] as const)
        for (const client of store.listClients())
          expect(decoder.decode(fragments.get(client, detail, shape))).toBe(fresh(sandbox, client, detail, shape));
    expect(fragments.heldBytes).toBeGreaterThan(budget / 2);
    expect(fragments.heldBytes).toBeLessThanOrEqual(budget);
    const none = makeSandbox({ clients: 60, fragmentCacheBytes: 0 }).state.mainPractice;
    const c = none.store.listClients()[0];
    if (!c) throw new Error('no client');
    expect(none.fragments.get(c, 'detailed', '3.1')).not.toBe(none.fragments.get(c, 'detailed', '3.1'));
    expect(none.fragments.heldBytes).toBe(0);
  });

  it('a changed client is serialized again; replaced and removed clients give their room back', () => {
    const sandbox = makeSandbox({ clients: 30 });
    const { store, fragments } = sandbox.state.mainPractice;
    const [a, b] = store.listClients();
    if (!a || !b) throw new Error('no clients');
    fragments.get(a, 'list', '3.1');
    fragments.get(b, 'list', '3.1');
    const contact = a.contacts[0]?.contactUuid;
    sandbox.controls.mutate({ op: 'editClient', uuid: a.uuid, fields: { name: 'Changed & Co' } });
    if (contact) sandbox.controls.mutate({ op: 'editContact', uuid: contact, fields: { email: 'new@x.example' } });
    const changed = store.getClient(a.uuid);
    if (!changed) throw new Error('no client');
    const xml = decoder.decode(fragments.get(changed, 'list', '3.1'));
    expect(xml).toContain('<Name>Changed &amp; Co</Name>');
    if (contact) expect(xml).toContain('new@x.example');
    expect(fragments.heldBytes).toBe(
      fragments.get(changed, 'list', '3.1').byteLength + fragments.get(b, 'list', '3.1').byteLength,
    );

    // A full cache sweeps out clients that no longer exist before giving up on a new fragment.
    const tight = makeSandbox({ clients: 30, fragmentCacheBytes: 8_000 });
    const practice = tight.state.mainPractice;
    const clients = practice.store.listClients();
    for (const c of clients) practice.fragments.get(c, 'detailed', '3.1');
    const held = practice.fragments.heldBytes;
    // Kept fragments come back as the same array; the rest are encoded afresh each time.
    const kept = (c: ClientRecord): boolean => {
      const once = practice.fragments.get(c, 'detailed', '3.1');
      return practice.fragments.get(c, 'detailed', '3.1') === once;
    };
    const cached = clients.filter(kept);
    const last = clients[clients.length - 1];
    if (!last || cached.includes(last)) throw new Error('the budget should not hold every client');
    for (const c of cached) tight.controls.mutate({ op: 'purgeClient', uuid: c.uuid });
    expect(kept(last)).toBe(true);
    expect(practice.fragments.heldBytes).toBeLessThan(held);
  });

  it('the API answers the same with and without the cache, in both shapes', async () => {
    const cached = makeSandbox({ clients: 120 });
    const uncached = makeSandbox({ clients: 120, fragmentCacheBytes: 0 });
    const a = await connect(cached);
    const b = await connect(uncached);
    for (const base of [XPM, XPM_30])
      for (const path of ['client.api/list?detailed=true', 'client.api/list', 'client.api/paged-list?pageSize=500']) {
        const twice = async (s: Sandbox, auth: typeof a): Promise<string[]> => [
          await (await xpmGet(s, path, auth.tokens.access_token, auth.tenantId, {}, base)).text(),
          await (await xpmGet(s, path, auth.tokens.access_token, auth.tenantId, {}, base)).text(),
        ];
        const [x1, x2] = await twice(cached, a);
        const [y1, y2] = await twice(uncached, b);
        expect(x1).toBe(y1);
        expect(x2).toBe(x1);
        expect(y2).toBe(y1);
      }
  });
});
