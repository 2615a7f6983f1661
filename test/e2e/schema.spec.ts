/**
 * The local database's schema in a real browser (reliability.md DB-5, issue M8 item 7): data in the
 * shipped version 1 layout (one row per contact, client and finding) opens in today's app with every
 * record, and an open tab meeting a newer schema from another tab stops syncing, lets the upgrade
 * through at once and asks to be reloaded.
 */
import { expect, test, type Page } from '@playwright/test';
import { DB_NAME, DB_VERSION } from '../../src/storage/db';
import { sandbox } from './support/sandbox';
import { connectAndFirstSync, connectToPreview, expectLastRun, listTotal } from './support/app';
import { watchCsp } from './support/csp';
import { dumpStore } from './support/store-dump';
import { withoutCooldown } from './support/app-db';

/** Dexie stores its version n as IndexedDB version n × 10. */
const IDB_VERSION_PER_DEXIE_VERSION = 10;
/** Slow enough that the client list (about 1 MB) is still arriving when the other tab upgrades. */
const SLOW_LINK_BYTES_PER_SECOND = 40_000;

let cspViolations: () => string[] = () => [];

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  cspViolations = watchCsp(page);
});

test.afterEach(() => {
  expect(cspViolations(), 'Content-Security-Policy violations').toEqual([]);
});

/**
 * Rewrites the app's database in the version 1 layout, from a page of the site that is not the app:
 * the records the app holds now, one row each, exactly the stores and indexes version 1 declared.
 */
async function rewriteAsVersion1(page: Page): Promise<void> {
  await page.goto('/config.json');
  await page.evaluate(
    ({ name, v1 }) => {
      const request = <T>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      const done = (tx: IDBTransaction) =>
        new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        });
      return (async () => {
        const current = await request(indexedDB.open(name));
        const read = async (store: string) => request(current.transaction(store).objectStore(store).getAll());
        const flat = async (store: string) =>
          ((await read(store)) as Array<{ records: unknown[] }>).flatMap((row) => row.records);
        const data = {
          contacts: await flat('contactSegments'),
          clients: await flat('clientSegments'),
          staff: await read('staff'),
          changes: await read('changes'),
          runLog: ((await read('runLogParts')) as Array<{ entries: unknown[] }>).flatMap((part) => part.entries),
          runs: await read('runs'),
          kv: await read('kv'),
          secrets: await read('secrets'),
        };
        current.close();
        await request(indexedDB.deleteDatabase(name));
        const open = indexedDB.open(name, v1);
        open.onupgradeneeded = () => {
          const db = open.result;
          const contacts = db.createObjectStore('contacts', { keyPath: 'id' });
          contacts.createIndex('identityKey', 'identityKey');
          contacts.createIndex('sourceKeys', 'sourceKeys', { multiEntry: true });
          contacts.createIndex('name', 'name');
          const clients = db.createObjectStore('clients', { keyPath: 'id' });
          clients.createIndex('xpmId', 'xpmId', { unique: true });
          clients.createIndex('codeKey', 'codeKey');
          clients.createIndex('legalName', 'legalName');
          db.createObjectStore('staff', { keyPath: 'id' }).createIndex('email', 'email');
          const changes = db.createObjectStore('changes', { keyPath: 'seq', autoIncrement: true });
          changes.createIndex('contactId', 'contactId');
          changes.createIndex('runId', 'runId');
          db.createObjectStore('runLog', { keyPath: ['runId', 'seq'] }).createIndex('runId', 'runId');
          db.createObjectStore('runs', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
          db.createObjectStore('kv', { keyPath: 'key' });
          db.createObjectStore('secrets', { keyPath: 'key' });
        };
        const db = await request(open);
        const stores = Object.keys(data) as Array<keyof typeof data>;
        const tx = db.transaction(stores, 'readwrite');
        for (const store of stores) for (const row of data[store]) tx.objectStore(store).put(row);
        await done(tx);
        db.close();
      })();
    },
    { name: DB_NAME, v1: 1 * IDB_VERSION_PER_DEXIE_VERSION },
  );
}

test('data in the shipped version 1 layout opens in today’s app with every record; the next sync works on it', async ({
  page,
}) => {
  await connectAndFirstSync(page);
  const before = await dumpStore(page);
  const contacts = await listTotal(page, '/', 'contacts');
  await rewriteAsVersion1(page);

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
  expect(await listTotal(page, '/', 'contacts')).toBe(contacts);
  const after = await dumpStore(page);
  expect(after.contacts).toEqual(before.contacts);
  expect(after.clients).toEqual(before.clients);
  expect(after.staff).toEqual(before.staff);
  // The run history came across, and the connection with it.
  await page.goto('/monitoring');
  await expect(page.getByRole('cell', { name: /Succeeded/ })).toHaveCount(1);
  // The next sync works on the upgraded data and changes nothing (the practice did not change). The
  // first sync's cooldown, copied across with the rest, is not what this test is about.
  await withoutCooldown(page);
  await page.goto('/sync');
  await page.getByRole('button', { name: 'Resync All' }).click();
  await expectLastRun(page, /Succeeded/, /Resync All/);
  expect((await dumpStore(page)).contacts).toEqual(before.contacts);
});

test('an open tab meeting a newer schema stops syncing at once, lets the upgrade through and asks to reload', async ({
  page,
  context,
}) => {
  await connectToPreview(page);
  await sandbox.fault({ kind: 'bandwidth', bytesPerSecond: SLOW_LINK_BYTES_PER_SECOND, endpoint: 'client.api/list' });
  await page.getByRole('button', { name: 'Start sync' }).click();
  await expect(page.getByTestId('run-activity')).toHaveText('Downloading from XPM');

  // A newer version of the app, in another tab, upgrades the database while this tab is syncing.
  const newer = await context.newPage();
  await newer.goto('/config.json');
  const upgrade = await newer.evaluate(
    ({ name, version }) =>
      new Promise<{ blocked: boolean; version: number }>((resolve, reject) => {
        let blocked = false;
        const open = indexedDB.open(name, version);
        open.onblocked = () => {
          blocked = true;
        };
        open.onupgradeneeded = () => open.result.createObjectStore('addedByANewerVersion', { keyPath: 'id' });
        open.onsuccess = () => {
          open.result.close();
          resolve({ blocked, version: open.result.version });
        };
        open.onerror = () => reject(open.error);
      }),
    { name: DB_NAME, version: (DB_VERSION + 1) * IDB_VERSION_PER_DEXIE_VERSION },
  );
  // Both of this tab's connections (the page's and its sync worker's) closed at once.
  expect(upgrade).toEqual({ blocked: false, version: (DB_VERSION + 1) * IDB_VERSION_PER_DEXIE_VERSION });

  const banner = page.getByRole('alert').filter({ hasText: 'This app was updated in another tab.' });
  await expect(banner).toContainText('Reload to use the new version');
  await expect(banner.getByRole('button', { name: 'Reload' })).toBeVisible();
  // The run stopped: it says why, with the closed code, and its writes never reached the new data.
  await expect(page.getByText(/This tab stopped syncing; reload it/).first()).toBeVisible();
  const requestsAfter = (await sandbox.requests()).counts['client.api/list'] ?? 0;

  // Reloaded, the tab runs today's code on the upgraded data and finishes the interrupted run.
  await banner.getByRole('button', { name: 'Reload' }).click();
  await expectLastRun(page, /Succeeded/);
  expect((await sandbox.requests()).counts['client.api/list']).toBe(requestsAfter + 1);
});
