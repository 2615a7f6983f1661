/**
 * U4 in the worker against the sandbox: Export writes every record count it holds (the same as the
 * store), never a token; each list exports as CSV with formula cells neutralised; Erase local data
 * leaves an empty app — no records, history, connection or tokens, the settings kept, the grant
 * revoked at Xero — that can connect and sync again.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { openAppDB, deleteAppDB } from '../../src/storage/open';
import type { AppDB } from '../../src/storage/db';
import { readConnection, readSettings, updateSettings } from '../../src/storage/kv';
import { NO_CONNECTION } from '../../src/domain/connection';
import type { SyncApi } from '../../src/worker/protocol';
import { inProcessStack, type InProcessStack } from './in-process-stack';
import { connectMain, openTab, origin, value } from './support/tabs';
import { putContacts, storedClients, storedContacts, storedFixList, storedLog } from '../storage/support/records';
import { contact } from '../contracts/records';

let db: AppDB;
let stack: InProcessStack;
let api: SyncApi;

beforeEach(async () => {
  db = await openAppDB(`local-data-${crypto.randomUUID()}`);
  stack = inProcessStack();
  api = openTab(origin(db, stack));
  value(await api.configure(stack.config));
});

afterEach(async () => {
  db.close();
  await deleteAppDB(db.name);
});

async function syncedStore() {
  await connectMain(api, stack);
  value(await api.runSync('full', 'first'));
}

async function text(blob: Blob): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(await blob.arrayBuffer()));
}

describe('Export (U4)', () => {
  it('the JSON holds every record the store holds, with matching counts, and no token', async () => {
    await syncedStore();
    const file = value(await api.exportData());
    expect(file.filename).toMatch(/^xpm-all-data-\d{8}-\d{6}\.json$/);
    const parsed = JSON.parse(await text(file.blob)) as Record<string, unknown[]> & {
      format: string;
      version: number;
      counts: Record<string, number>;
    };
    const expected = {
      contacts: (await storedContacts(db)).length,
      clients: (await storedClients(db)).length,
      staff: await db.staff.count(),
      changes: await db.changes.count(),
      runs: await db.runs.count(),
      runLog: (await storedLog(db)).length,
      // Findings about clients, and those about staff (kept apart, in kv).
      fixList:
        (await storedFixList(db)).length +
        (((await db.kv.get('unattributedFindings'))?.value ?? []) as unknown[]).length,
    };
    expect(expected.contacts).toBeGreaterThan(0);
    expect(expected.fixList).toBeGreaterThan(0);
    expect(parsed.format).toBe('xpm-contact-sync-export');
    expect(parsed.counts).toEqual(expected);
    expect(file.counts).toEqual(expected);
    for (const [key, count] of Object.entries(expected)) expect(parsed[key], key).toHaveLength(count);
    expect(parsed.contacts).toEqual(JSON.parse(JSON.stringify(await storedContacts(db))));
    const raw = await text(file.blob);
    expect(raw).not.toMatch(/refresh_?token|access_?token|"grant"/i);
  });

  it('each list exports as CSV: a header, one row per record, BOM and CRLF, formula cells neutralised', async () => {
    await syncedStore();
    await putContacts(db, [
      contact('evil', {
        name: '=HYPERLINK("http://x")',
        email: 'evil@example.com',
        state: 'manual',
        origin: 'manual',
        sourceKeys: [],
        links: [],
      }),
    ]);
    const counts = {
      contacts: (await storedContacts(db)).length,
      clients: (await storedClients(db)).length,
      staff: await db.staff.count(),
    };
    for (const list of ['contacts', 'clients', 'staff'] as const) {
      const file = value(await api.exportListCsv(list));
      expect(file.filename).toMatch(new RegExp(`^xpm-${list}-\\d{8}-\\d{6}\\.csv$`));
      const csv = await text(file.blob);
      expect(csv.startsWith('\uFEFF"')).toBe(true);
      expect(csv.endsWith('\r\n')).toBe(true);
      const rows = Papa.parse<string[]>(csv.slice(1).trimEnd(), { newline: '\r\n' }).data;
      expect(rows.length - 1).toBe(counts[list]);
      expect(file.rows).toBe(counts[list]);
      for (const row of rows) for (const cell of row) expect(cell, `${list}: ${cell}`).not.toMatch(/^[=+\-@\t\r\n\0]/);
    }
    const contacts = await text(value(await api.exportListCsv('contacts')).blob);
    expect(contacts).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('refuses a list it does not know, saying so', async () => {
    const result = await api.exportListCsv('secrets' as 'staff');
    expect(result).toMatchObject({ ok: false, error: { code: 'input/invalid' } });
  });
});

describe('Erase local data (U4)', () => {
  it('deletes records, history, connection and tokens, keeps the settings, and the app can connect again', async () => {
    await syncedStore();
    await updateSettings(db, { defaultCountry: 'NZ' });
    expect(await db.secrets.get('grant')).toBeDefined();
    value(await api.eraseLocalData());

    expect(await storedContacts(db)).toEqual([]);
    expect(await storedClients(db)).toEqual([]);
    expect(await db.staff.count()).toBe(0);
    expect(await db.changes.count()).toBe(0);
    expect(await db.runs.count()).toBe(0);
    expect(await storedLog(db)).toEqual([]);
    expect(await storedFixList(db)).toEqual([]);
    expect(await readConnection(db)).toEqual(NO_CONNECTION);
    expect(await db.secrets.get('grant')).toBeUndefined();
    expect(stack.sandbox.controls.grants().every((g) => g.revoked)).toBe(true);
    expect((await readSettings(db)).defaultCountry).toBe('NZ');
    const empty = value(await api.exportData());
    expect(empty.counts).toEqual({ contacts: 0, clients: 0, staff: 0, changes: 0, runs: 0, runLog: 0, fixList: 0 });

    // Connect again: a first sync from scratch, the same counts as the first time.
    await connectMain(api, stack);
    expect(await readConnection(db)).toMatchObject({ status: 'connected', firstSyncStarted: false });
    const again = value(await api.runSync('full', 'first'));
    expect(again.counts.contact.imported).toBe((await storedContacts(db)).length);
    expect((await storedContacts(db)).length).toBeGreaterThan(0);
  });
});
