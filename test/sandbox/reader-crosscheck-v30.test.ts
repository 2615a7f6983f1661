/**
 * The app's readers against the sandbox's XPM 3.0 shape (issue M11): contacts and staff carry only the
 * integer <ID>, clients both ids. Every record gets an identity of its own — contacts and staff
 * `id:<ID>`, clients their UUID with the integer id kept — and none is empty or shared.
 */
import { describe, expect, it } from 'vitest';
import { readClientList, readStaffList } from '../../src/xero/xpm-read';
import type { XpmClient } from '../../src/xero/types';
import { XPM_30, connect, makeSandbox, xpmGet } from './helpers';

describe('the app’s readers read the sandbox’s XPM 3.0 shape', () => {
  it('derives every identity from the integer ids, one per record', async () => {
    const sandbox = makeSandbox({ clients: 300 });
    const { tokens, tenantId } = await connect(sandbox);
    const data = sandbox.controls.data();
    const read: XpmClient[] = [];
    await readClientList(
      await xpmGet(sandbox, 'client.api/list?detailed=true', tokens.access_token, tenantId, {}, XPM_30),
      (client) => read.push(client),
    );
    expect(read).toHaveLength(data.clients.length);
    data.clients.forEach((c, i) => {
      const r = read[i];
      expect(r?.key).toBe(c.uuid);
      expect(r?.numericId).toBe(String(c.id));
      expect(r?.contacts.map((k) => k.key)).toEqual(c.contacts.map((k) => `id:${k.id}`));
      expect(r?.contacts.every((k) => k.uuid === '')).toBe(true);
      if (c.accountManager) expect(r?.accountManager?.key).toBe(`id:${c.accountManager.id}`);
    });
    const keys = read.flatMap((c) => c.contacts.map((k) => k.key));
    expect(keys.every((key) => key !== null && key !== '')).toBe(true);

    const staff = await readStaffList(
      await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId, {}, XPM_30),
    );
    expect(staff.map((s) => s.key)).toEqual(data.staff.map((s) => `id:${s.id}`));
  });
});
