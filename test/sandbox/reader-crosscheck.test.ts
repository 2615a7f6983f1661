/**
 * The sandbox and the app's readers were written independently from xpm-api.md; reading the
 * sandbox's responses with the app's readers checks both against each other.
 */
import { describe, expect, it } from 'vitest';
import { readClientList, readStaffList } from '../../src/xero/xpm-read';
import { readConnections } from '../../src/xero/connections';
import { readRateLimitHeaders } from '../../src/xero/rate-limit-headers';
import { readXeroProblem } from '../../src/xero/xero-problem';
import type { XpmClient } from '../../src/xero/types';
import type { PracticeView } from '../../proxy/sandbox';
import { call, connect, makeSandbox, refresh, xpmGet } from './helpers';

function uuidAndName(ref: { uuid: string; name: string } | null): { uuid: string; name: string } | null {
  return ref && { uuid: ref.uuid, name: ref.name };
}

describe('the app’s readers read what the sandbox serves', () => {
  it('client.api/list?detailed=true: every field the app maps, for all 2,000 clients', async () => {
    const sandbox = makeSandbox({ clients: 2000 });
    const { tokens, tenantId } = await connect(sandbox);
    const data: PracticeView = sandbox.controls.data();
    const read: XpmClient[] = [];
    const summary = await readClientList(
      await xpmGet(sandbox, 'client.api/list?detailed=true', tokens.access_token, tenantId),
      (c) => read.push(c),
    );
    expect(summary.bytes).toBeGreaterThan(5_000_000);
    expect(read).toHaveLength(data.clients.length);
    data.clients.forEach((c, i) => {
      const r = read[i];
      expect(r).toMatchObject({
        uuid: c.uuid,
        name: c.name,
        title: c.title,
        firstName: c.firstName,
        lastName: c.lastName,
        email: c.email,
        phone: c.phone,
        fax: c.fax,
        website: c.website,
        address: c.address,
        city: c.city,
        region: c.region,
        postCode: c.postCode,
        country: c.country,
        postalAddress: c.postalAddress,
        postalCity: c.postalCity,
        postalPostCode: c.postalPostCode,
        clientCode: c.clientCode,
        exportCode: c.exportCode,
        businessNumber: c.tax?.businessNumber ?? '',
        businessStructure: c.businessStructure ?? '',
        isArchived: c.isArchived,
        isDeleted: c.isDeleted,
        isProspect: c.isProspect,
        // The v3.1 shape identifies references by UUID; the numeric ids are for v3.0 (not read here).
        accountManager: uuidAndName(c.accountManager),
        jobManager: uuidAndName(c.jobManager),
        groups: c.groups.map(uuidAndName),
      });
      expect(r?.contacts).toEqual(
        c.contacts.map((k) => ({
          // The sandbox speaks XPM 3.1: contacts carry a UUID and no integer ID.
          key: k.uuid,
          uuid: k.uuid,
          numericId: '',
          name: k.name,
          salutation: k.salutation,
          addressee: k.addressee,
          mobile: k.mobile,
          email: k.email,
          phone: k.phone,
          position: k.position,
          isPrimary: k.isPrimary,
          isDeleted: k.isDeleted,
        })),
      );
    });
  });

  it('staff.api/list, client.api/get, problems, rate-limit headers, connections and OAuth errors', async () => {
    const sandbox = makeSandbox({ dailyLimit: 2 });
    const { tokens, tenantId } = await connect(sandbox);
    const data = sandbox.controls.data();
    const staff = await readStaffList(await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId));
    expect(staff.map((s) => [s.uuid, s.name, s.email])).toEqual(data.staff.map((s) => [s.uuid, s.name, s.email]));
    const one: XpmClient[] = [];
    await readClientList(
      await xpmGet(sandbox, `client.api/get/${data.clients[1]?.uuid ?? ''}`, tokens.access_token, tenantId),
      (c) => one.push(c),
    );
    expect(one.map((c) => c.uuid)).toEqual([data.clients[1]?.uuid]);

    const limited = await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId);
    expect(readRateLimitHeaders(limited.headers, 0)).toMatchObject({
      problem: 'day',
      dayRemaining: 0,
      retryAfterMs: (22 * 3600 + 57 * 60 + 57) * 1000,
    });

    expect((await readXeroProblem(await xpmGet(sandbox, 'staff.api/list', 'garbage', tenantId))).kind).toBe(
      'authentication-unsuccessful',
    );
    expect((await readXeroProblem(await xpmGet(sandbox, 'staff.api/list', tokens.access_token, 'nope'))).kind).toBe(
      'forbidden',
    );
    sandbox.controls.fault({ kind: 'expire-tokens' });
    expect((await readXeroProblem(await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId))).kind).toBe(
      'token-expired',
    );

    const fresh = (await (await refresh(sandbox, tokens.refresh_token)).json()) as { access_token: string };
    const connections = await readConnections(
      await call(sandbox, '/connections', { headers: { authorization: `Bearer ${fresh.access_token}` } }),
    );
    expect(connections.map((c) => [c.tenantId, c.tenantType])).toEqual([[tenantId, 'PRACTICEMANAGER']]);
    const refused = await refresh(sandbox, 'nonsense');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
