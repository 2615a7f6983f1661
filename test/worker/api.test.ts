import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncApi } from '../../src/worker/api';
import { localLockRunner } from '../../src/worker/xero-auth';
import { localRunLock } from '../../src/worker/run-lock';
import { localControlHub } from '../../src/worker/control-channel';
import { openAppDB, deleteAppDB } from '../../src/storage/open';
import { observe } from '../../src/storage/live';
import { runningRuns } from '../../src/storage/queries';
import type { AppDB } from '../../src/storage/db';
import {
  readConnection,
  readSchedule,
  readSyncState,
  updateSettings,
  writeCooldown,
  writeSyncState,
} from '../../src/storage/kv';
import type { SyncApi, Practice } from '../../src/worker/protocol';
import type { Result } from '../../src/domain/result';
import { MAIN_PRACTICE_NAME, SMALL_PRACTICE_NAME, ACCOUNTING_ORG_NAME } from '../../proxy/sandbox';
import { inProcessStack, type InProcessStack } from './in-process-stack';
import { tid } from '../support/ids';
import { storedClients, storedContacts, storedLog } from '../storage/support/records';

const REDIRECT = 'http://localhost:4173/callback';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

let db: AppDB;
let stack: InProcessStack;
let api: SyncApi;
let dbCount = 0;
let now = Date.now();
/** Every token the identity service issued through the proxy (for the leak test). */
let issuedTokens: string[] = [];
/** What the app's tabs share: one origin's locks and broadcast channel. */
let shared: {
  locks: ReturnType<typeof localLockRunner>;
  runLock: ReturnType<typeof localRunLock>;
  hub: ReturnType<typeof localControlHub>;
};

/** Another tab of the app: its own worker API over the same database, locks and channel. */
function openTab(): SyncApi {
  return createSyncApi({
    db,
    fetch: async (input, init) => {
      const response = await stack.appFetch(input, init);
      if (new Request(input, init).url.endsWith('/oauth/token') && response.ok) {
        const body = (await response.clone().json()) as Record<string, unknown>;
        for (const key of ['access_token', 'refresh_token', 'id_token'])
          if (typeof body[key] === 'string') issuedTokens.push(body[key] as string);
      }
      return response;
    },
    now: () => now,
    sleep: async () => undefined,
    random: () => 0.5,
    newId: () => crypto.randomUUID(),
    locks: shared.locks,
    runLock: shared.runLock,
    control: shared.hub.channel(),
    repeat: () => undefined,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

beforeEach(async () => {
  db = await openAppDB(`worker-api-${++dbCount}`);
  stack = inProcessStack();
  now = Date.now();
  issuedTokens = [];
  shared = { locks: localLockRunner(), runLock: localRunLock(), hub: localControlHub() };
  api = openTab();
  value(await api.configure(stack.config));
});

afterEach(async () => {
  db.close();
  await deleteAppDB(db.name);
});

async function connect(organisations?: readonly string[]): Promise<Practice[]> {
  const { url, pending } = value(await api.beginAuthorization(REDIRECT));
  const callback = await stack.consent(url, organisations);
  return value(await api.completeAuthorization(callback, pending)).practices;
}

async function connectMain(): Promise<Practice> {
  const practices = await connect();
  const main = practices.find((p) => p.name === MAIN_PRACTICE_NAME);
  if (!main) throw new Error('main practice not offered');
  value(await api.choosePractice(main, ''));
  return main;
}

describe('connecting (C1–C3)', () => {
  it('starts an S256 PKCE authorization with a fresh state each time', async () => {
    const first = value(await api.beginAuthorization(REDIRECT));
    const second = value(await api.beginAuthorization(REDIRECT));
    const url = new URL(first.url);
    expect(url.origin + url.pathname).toBe(stack.config.authorizeUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toBe(
      'openid profile email offline_access practicemanager.client.read practicemanager.staff.read',
    );
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(first.pending.state).not.toBe(second.pending.state);
    expect(first.pending.codeVerifier).not.toBe(second.pending.codeVerifier);
    expect(url.searchParams.get('code_challenge')).not.toBe(first.pending.codeVerifier);
  });

  it('lists only the XPM practices the user ticked (the accounting organisation is filtered out)', async () => {
    const practices = await connect([MAIN_PRACTICE_NAME, SMALL_PRACTICE_NAME, ACCOUNTING_ORG_NAME]);
    expect(practices.map((p) => p.name).sort()).toEqual([MAIN_PRACTICE_NAME, SMALL_PRACTICE_NAME].sort());
    expect((await readConnection(db)).status).toBe('authorized');
  });

  it('gives an empty list (for the no-practice explanation) when only an accounting organisation was ticked', async () => {
    expect(await connect([ACCOUNTING_ORG_NAME])).toEqual([]);
  });

  it('rejects a replayed, tampered or stale callback without a token request', async () => {
    const { url, pending } = value(await api.beginAuthorization(REDIRECT));
    const callback = await stack.consent(url);
    stack.sandbox.controls.clearRequests();
    const tampered = callback.replace(/state=[^&]+/, 'state=tampered');
    const results = [
      await api.completeAuthorization(tampered, pending),
      await api.completeAuthorization(callback, { ...pending, createdAt: now - 60 * 60_000 }),
    ];
    for (const result of results) expect(result).toMatchObject({ ok: false, error: { code: 'auth/callback-invalid' } });
    expect(stack.sandbox.controls.requests().counts['token:authorization_code'] ?? 0).toBe(0);
    value(await api.completeAuthorization(callback, pending));
    const replay = await api.completeAuthorization(callback, pending);
    expect(replay).toMatchObject({ ok: false, error: { code: 'auth/callback-invalid' } });
  });

  it('reports access denied from the consent page', async () => {
    const { pending } = value(await api.beginAuthorization(REDIRECT));
    const result = await api.completeAuthorization(`${REDIRECT}?error=access_denied&state=${pending.state}`, pending);
    expect(result).toMatchObject({ ok: false, error: { code: 'auth/access-denied' } });
  });

  it('names the connection after the practice by default and previews without storing anything', async () => {
    const main = await connectMain();
    expect(await readConnection(db)).toMatchObject({
      status: 'connected',
      tenantId: main.tenantId,
      name: MAIN_PRACTICE_NAME,
      firstSyncStarted: false,
    });
    const preview = value(await api.preview());
    expect(preview.clients).toBeGreaterThan(0);
    expect(preview.contacts).toBeGreaterThan(0);
    expect(preview.rejections).toBeGreaterThan(0);
    expect((await storedContacts(db)).length).toBe(0);
    expect(await db.runs.count()).toBe(0);
  });

  it('refuses a practice that was not offered', async () => {
    await connect();
    const result = await api.choosePractice(
      { tenantId: tid('00000000-0000-4000-8000-000000000000'), connectionId: 'x', name: 'Evil' },
      'x',
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'input/invalid' } });
  });
});

describe('syncing through the proxy and the sandbox', () => {
  it('first sync imports what the preview promised, and every client is accounted for', async () => {
    await connectMain();
    const preview = value(await api.preview());
    const outcome = value(await api.runSync('full', 'first'));
    expect(outcome.counts.contact.imported).toBe(preview.contacts);
    expect(outcome.counts.client.imported).toBe(preview.clients);
    expect(outcome.counts.staff.imported).toBe(preview.staff);
    const sandboxClients = stack.sandbox.controls.data().clients.length;
    const c = outcome.counts.client;
    expect(c.imported + c.rejected + c.skipped).toBe(sandboxClients);
    expect((await storedContacts(db)).length).toBe(preview.contacts);
    expect((await readConnection(db)).firstSyncStarted).toBe(true);
  });

  it('Resync Now picks up an edit made in XPM, then the shared cooldown holds both buttons', async () => {
    await connectMain();
    value(await api.runSync('full', 'first'));
    const data = stack.sandbox.controls.data();
    const client = data.clients.find(
      (cl) => !cl.isDeleted && !cl.isArchived && cl.contacts.some((k) => k.email.includes('@') && !k.isDeleted),
    );
    const contact = client?.contacts.find((k) => k.email.includes('@') && !k.isDeleted);
    if (!contact) throw new Error('fixture practice has no usable contact');
    stack.sandbox.controls.advanceClock(60_000);
    stack.sandbox.controls.mutate({
      op: 'editContact',
      uuid: contact.uuid,
      fields: { mobile: '0499 111 222', name: 'Renamed Person' },
    });
    stack.sandbox.controls.clearRequests();
    const outcome = value(await api.runSync('incremental', 'manual'));
    expect(outcome.kind).toBe('incremental');
    expect(
      outcome.counts.client.imported + outcome.counts.client.updated + outcome.counts.client.unchanged,
    ).toBeLessThan(data.clients.length);
    const renamed = (await storedContacts(db)).find((k) => k.sourceKeys.includes(`c:${contact.uuid}`));
    expect(renamed).toMatchObject({ name: 'Renamed Person', mobile: '+61499111222' });
    const report = stack.sandbox.controls.requests();
    expect(report.totals.xpm).toBe(2);
    expect(report.recent.find((r) => r.endpoint === 'client.api/list')).toBeDefined();

    for (const kind of ['incremental', 'full'] as const) {
      const again = await api.runSync(kind, 'manual');
      expect(again).toMatchObject({ ok: false, error: { code: 'sync/cooldown' } });
      if (!again.ok) expect(again.error.detail.retryAt).toBeGreaterThan(now);
    }
    now += 5 * 60_000 + 1;
    expect((await api.runSync('full', 'manual')).ok).toBe(true);
  });

  it('refreshes an expired access token exactly once mid-run', async () => {
    await connectMain();
    stack.sandbox.controls.fault({ kind: 'expire-tokens' });
    stack.sandbox.controls.clearRequests();
    value(await api.runSync('full', 'scheduled'));
    expect(stack.sandbox.controls.requests().counts['token:refresh_token']).toBe(1);
  });

  it('a failing token endpoint during a refresh is a network failure, not an invalid sign-in (review minor 4)', async () => {
    await connectMain();
    stack.sandbox.controls.fault({ kind: 'expire-tokens' });
    stack.sandbox.controls.fault({ kind: 'status', status: 503, endpoint: 'token' });
    const result = await api.runSync('full', 'scheduled');
    expect(result).toMatchObject({ ok: false, error: { code: 'network/failed', retryable: true } });
    expect((await readConnection(db)).status).toBe('connected');
  });

  it('a revoked grant marks the connection "reconnect needed" and stops further runs', async () => {
    await connectMain();
    stack.sandbox.controls.fault({ kind: 'revoke-grant' });
    const failed = await api.runSync('full', 'scheduled');
    expect(failed).toMatchObject({ ok: false, error: { code: 'auth/reconnect-needed' } });
    expect((await readConnection(db)).status).toBe('reconnect-needed');
    stack.sandbox.controls.clearRequests();
    expect(await api.runSync('full', 'scheduled')).toMatchObject({
      ok: false,
      error: { code: 'auth/reconnect-needed' },
    });
    expect(stack.sandbox.controls.requests().totals.all).toBe(0);
  });

  it('refuses a second run while one holds the lock', async () => {
    await connectMain();
    await writeCooldown(db, { manualRunStartedAt: null });
    const [a, b] = await Promise.all([api.runSync('full', 'scheduled'), api.runSync('full', 'scheduled')]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ error: { code: 'sync/busy' } });
  });

  it('builds the Download Sync Summary CSV of the latest run in the worker', async () => {
    await connectMain();
    value(await api.runSync('full', 'first'));
    const csv = value(await api.summaryCsv());
    const bytes = new Uint8Array(await csv.blob.arrayBuffer());
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(csv.filename).toMatch(/^xpm-sync-summary-\d{8}-\d{6}\.csv$/);
    expect(csv.blob.type).toBe('text/csv;charset=utf-8');
    expect(text.startsWith('\uFEFF"Run time","Entity","XPM id"')).toBe(true);
    const logged = (await storedLog(db)).filter((e) => e.kind !== 'warning').length;
    expect(csv.rows).toBe(logged);
    expect(text.split('\r\n').filter((line) => line !== '').length).toBeGreaterThan(csv.rows); // rows can hold line breaks
  });

  it('disconnect revokes, keeps contacts as manual with their links, and marks mirrors disconnected', async () => {
    await connectMain();
    value(await api.runSync('full', 'first'));
    const before = (await storedContacts(db)).length;
    value(await api.disconnect());
    const contacts = await storedContacts(db);
    expect(contacts).toHaveLength(before);
    expect(contacts.every((c) => c.state === 'manual' && c.links.length > 0)).toBe(true);
    expect((await storedClients(db)).every((c) => c.state === 'disconnected')).toBe(true);
    expect((await readConnection(db)).status).toBe('disconnected');
    expect(stack.sandbox.controls.grants().every((g) => g.revoked)).toBe(true);
    expect(await db.secrets.get('grant')).toBeUndefined();
  });

  it('reconnecting after a disconnect shows the preview again and the next run relinks everything (review M2)', async () => {
    await connectMain();
    value(await api.runSync('full', 'first'));
    const contacts = (await storedContacts(db)).length;
    value(await api.disconnect());
    await connectMain();
    expect(await readConnection(db)).toMatchObject({ status: 'connected', firstSyncStarted: false });
    const outcome = value(await api.runSync('incremental', 'manual'));
    expect(outcome.kind).toBe('full');
    const after = await storedContacts(db);
    expect(after).toHaveLength(contacts);
    expect(after.every((c) => c.state === 'synced')).toBe(true);
    expect((await storedClients(db)).filter((c) => c.state === 'disconnected')).toHaveLength(0);
  });

  it('never writes a token into the log, the run history, the CSV, the stored records or the proxy log', async () => {
    await connectMain();
    value(await api.runSync('full', 'first'));
    stack.sandbox.controls.fault({ kind: 'expire-tokens' });
    value(await api.runSync('full', 'scheduled'));
    expect(issuedTokens.length).toBeGreaterThanOrEqual(4);
    const dump = JSON.stringify({
      runs: await db.runs.toArray(),
      log: await storedLog(db),
      contacts: await storedContacts(db),
      clients: await storedClients(db),
      kv: await db.kv.toArray(),
      secrets: await db.secrets.toArray(),
      csv: await value(await api.summaryCsv()).blob.text(),
      proxy: stack.proxyLog,
    });
    for (const token of issuedTokens)
      expect(dump.includes(token), 'a token was found in stored or exported data').toBe(false);
  });
});

describe('hourly sync (S2)', () => {
  const HOUR = 60 * 60_000;

  it('does nothing before the first sync, and waits an hour after each run', async () => {
    expect(value(await api.runScheduled())).toEqual({ ran: false, reason: 'not-connected' });
    await connectMain();
    expect(value(await api.runScheduled())).toEqual({ ran: false, reason: 'not-connected' });
    value(await api.runSync('full', 'first'));
    expect((await readSchedule(db)).nextDueAt).toBe(now + HOUR);
    expect(value(await api.runScheduled())).toEqual({ ran: false, reason: 'not-due' });
    now += HOUR;
    stack.sandbox.controls.clearRequests();
    const result = value(await api.runScheduled());
    expect(result).toMatchObject({ ran: true, outcome: { kind: 'incremental' } });
    expect((await db.runs.toArray()).filter((r) => r.trigger === 'scheduled')).toHaveLength(1);
    expect(stack.sandbox.controls.requests().totals.xpm).toBe(2);
    expect((await readSchedule(db)).nextDueAt).toBe(now + HOUR);
  });

  it('after the machine slept for hours, runs exactly one catch-up sync', async () => {
    await connectMain();
    value(await api.runSync('full', 'first'));
    now += 3 * HOUR + 17_000;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(value(await api.runScheduled()));
    expect(results.filter((r) => r.ran)).toHaveLength(1);
  });

  it('while a daily-limit pause lasts, scheduled ticks add no run record and send nothing (S8)', async () => {
    await connectMain();
    value(await api.runSync('full', 'first'));
    const pausedUntil = now + 5 * HOUR;
    await writeSyncState(db, { ...(await readSyncState(db)), pausedUntil });
    const runsBefore = await db.runs.count();
    stack.sandbox.controls.clearRequests();
    for (let hour = 1; hour <= 4; hour++) {
      now += HOUR;
      expect(value(await api.runScheduled())).toEqual({ ran: false, reason: 'paused' });
    }
    expect(await db.runs.count()).toBe(runsBefore);
    expect(stack.sandbox.controls.requests().totals.all).toBe(0);
    now = pausedUntil + 1;
    expect(value(await api.runScheduled())).toMatchObject({ ran: true, outcome: { kind: 'incremental' } });
    expect(await db.runs.count()).toBe(runsBefore + 1);
  });

  it('two tabs checking at once start one run', async () => {
    await connectMain();
    value(await api.runSync('full', 'first'));
    now += HOUR;
    const both = await Promise.all([api.runScheduled(), api.runScheduled()]);
    expect(both.map(value).filter((r) => r.ran)).toHaveLength(1);
  });

  it('is not held back by the manual cooldown, and stops when switched off or when reconnection is needed', async () => {
    await connectMain();
    value(await api.runSync('full', 'first'));
    now += HOUR;
    // A manual run pressed a minute ago: Resync Now is refused, the hourly sync is not.
    await writeCooldown(db, { manualRunStartedAt: now - 60_000 });
    expect((await api.runSync('incremental', 'manual')).ok).toBe(false);
    expect(value(await api.runScheduled()).ran).toBe(true);
    now += HOUR;
    await updateSettings(db, { scheduleEnabled: false });
    expect(value(await api.runScheduled())).toEqual({ ran: false, reason: 'disabled' });
    await updateSettings(db, { scheduleEnabled: true });
    stack.sandbox.controls.fault({ kind: 'revoke-grant' });
    stack.sandbox.controls.clearRequests();
    expect((await api.runScheduled()).ok).toBe(false);
    await stack.idle();
    // Both calls needed a fresh token: Xero refused the first refresh, and the other call, queued
    // behind it, did not send the dead refresh token again (it once did, sometimes after this check).
    expect(stack.sandbox.controls.requests().counts).toEqual({ 'token:refresh_token': 1 });
    now += HOUR;
    stack.sandbox.controls.clearRequests();
    expect(value(await api.runScheduled())).toEqual({ ran: false, reason: 'not-connected' });
    expect(stack.sandbox.controls.requests().totals.all).toBe(0);
  });
});

describe('a reloaded connect flow (issue M5 item 6)', () => {
  it('resumes at the practice choice in a new worker (practices listed again), then at the preview, then is done', async () => {
    expect(value(await api.resumeConnect())).toEqual({ step: 'start-again' });
    const practices = await connect();
    // The page reloads: a new worker, which never saw the practices offered at sign-in.
    const reloaded = openTab();
    value(await reloaded.configure(stack.config));
    const resumed = value(await reloaded.resumeConnect());
    expect(resumed).toEqual({ step: 'choose', practices });
    const main = practices.find((p) => p.name === MAIN_PRACTICE_NAME);
    if (!main) throw new Error('main practice not offered');
    value(await reloaded.choosePractice(main, ''));
    const again = openTab();
    value(await again.configure(stack.config));
    expect(value(await again.resumeConnect())).toEqual({ step: 'preview', practiceName: MAIN_PRACTICE_NAME });
    value(await again.runSync('full', 'first'));
    expect(value(await again.resumeConnect())).toEqual({ step: 'done' });
  });
});

describe('hourly sync and a daily-limit pause (S2, S8)', () => {
  const HOUR = 60 * 60_000;

  it('sends nothing and records no run before the pause ends, then runs at the first check after it', async () => {
    await connectMain();
    value(await api.runSync('full', 'first'));
    const pausedUntil = now + 3 * HOUR;
    await writeSyncState(db, { ...(await readSyncState(db)), pausedUntil });
    const runsBefore = await db.runs.count();
    now += HOUR;
    stack.sandbox.controls.clearRequests();
    expect(value(await api.runScheduled())).toEqual({ ran: false, reason: 'paused' });
    now = pausedUntil - 1;
    expect(value(await api.runScheduled())).toEqual({ ran: false, reason: 'paused' });
    expect(stack.sandbox.controls.requests().totals.all).toBe(0);
    expect(await db.runs.count()).toBe(runsBefore);
    now = pausedUntil;
    expect(value(await api.runScheduled())).toMatchObject({ ran: true, outcome: { kind: 'incremental' } });
  });

  it('refuses Resync Now and Resync All until the pause ends: nothing sent, no "Paused" run added (S8)', async () => {
    await connectMain();
    value(await api.runSync('full', 'first'));
    const pausedUntil = now + 3 * HOUR;
    await writeSyncState(db, { ...(await readSyncState(db)), pausedUntil });
    const runsBefore = await db.runs.count();
    stack.sandbox.controls.clearRequests();
    for (const kind of ['incremental', 'full', 'incremental'] as const) {
      const refused = await api.runSync(kind, 'manual');
      expect(refused.ok).toBe(false);
      if (!refused.ok)
        expect(refused.error).toMatchObject({ code: 'xpm/rate-limited', detail: { retryAt: pausedUntil } });
    }
    expect(stack.sandbox.controls.requests().totals.all).toBe(0);
    expect(await db.runs.count()).toBe(runsBefore);
    now = pausedUntil;
    expect(value(await api.runSync('incremental', 'manual'))).toMatchObject({ kind: 'incremental' });
    expect(await db.runs.count()).toBe(runsBefore + 1);
  });
});

describe('the test clock hook (issue M5 item 5)', () => {
  it('is refused unless the worker was configured for a test stack and can move its clock', async () => {
    const refused = await api.setTestClockOffset(60_000);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('input/invalid');
    let offset = 0;
    const tab = createSyncApi({
      db,
      fetch: (input, init) => stack.appFetch(input, init),
      now: () => now + offset,
      sleep: async () => undefined,
      random: () => 0.5,
      newId: () => crypto.randomUUID(),
      locks: shared.locks,
      runLock: shared.runLock,
      control: shared.hub.channel(),
      repeat: () => undefined,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      setClockOffset: (ms) => {
        offset = ms;
      },
    });
    value(await tab.configure(stack.config));
    expect((await tab.setTestClockOffset(60_000)).ok).toBe(false); // no testClock in its config
    expect(offset).toBe(0);
    value(await tab.configure({ ...stack.config, testClock: true }));
    value(await tab.setTestClockOffset(5 * 60 * 60_000));
    expect(offset).toBe(5 * 60 * 60_000);
    for (const bad of [-1, 0.5, Number.NaN]) expect((await tab.setTestClockOffset(bad)).ok).toBe(false);
    expect(offset).toBe(5 * 60 * 60_000);
  });
});

describe('run history retention', () => {
  it('after each run, only the newest N runs keep their logs; the others stay as summaries', async () => {
    await connectMain();
    await updateSettings(db, { keepRunLogs: 2 });
    const ids = [];
    for (let i = 0; i < 4; i++) {
      ids.push(value(await api.runSync('full', i === 0 ? 'first' : 'scheduled')).runId);
      now += 60_000;
    }
    const logged = new Set((await db.runLogParts.toArray()).map((part) => part.runId));
    expect([...logged].sort()).toEqual(ids.slice(2).sort());
    const runs = await db.runs.toArray();
    expect(runs).toHaveLength(4);
    for (const run of runs) expect(run.logPrunedAt === undefined).toBe(ids.slice(2).includes(run.id));
  });
});

/** Longer than any test waits: the run is still waiting for XPM when the other tab acts (it is cut short then). */
const SLOW_ANSWER_MS = 30_000;

/** Resolves when the run record of a started run is in the database (as every tab sees it). */
function runRecordShowsRunning(): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const subscription = observe(() => runningRuns(db), {
      next: (runs) => {
        if (runs.length === 0) return;
        queueMicrotask(() => subscription.unsubscribe());
        resolve();
      },
      error: reject,
    });
  });
}

describe('several tabs', () => {
  async function twoTabs(): Promise<[SyncApi, SyncApi]> {
    const [a, b] = await connectedTabs(2);
    if (!a || !b) throw new Error('two tabs expected');
    return [a, b];
  }

  async function connectedTabs(count: number): Promise<SyncApi[]> {
    await connectMain();
    value(await api.runSync('full', 'first'));
    const tabs = [api];
    for (let i = 1; i < count; i++) {
      const tab = openTab();
      value(await tab.configure(stack.config));
      tabs.push(tab);
    }
    return tabs;
  }

  it('three tabs with an expired access token make exactly one refresh request (QUALITY reliability 4)', async () => {
    const tabs = await connectedTabs(3);
    stack.sandbox.controls.fault({ kind: 'expire-tokens' });
    stack.sandbox.controls.clearRequests();
    const previews = await Promise.all(tabs.map((tab) => tab.preview()));
    expect(previews.every((p) => p.ok)).toBe(true);
    expect(stack.sandbox.controls.requests().counts['token:refresh_token']).toBe(1);
  });

  it('two tabs pressing Resync Now together start one run and one set of requests (QUALITY reliability 7)', async () => {
    const tabs = await connectedTabs(2);
    stack.sandbox.controls.clearRequests();
    const results = await Promise.all(tabs.map((tab) => tab.runSync('incremental', 'manual')));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({
      error: { code: expect.stringMatching(/^sync\/(busy|cooldown)$/) },
    });
    expect(stack.sandbox.controls.requests().totals.xpm).toBe(2);
    expect((await db.runs.toArray()).filter((r) => r.trigger === 'manual')).toHaveLength(1);
  });

  it('Cancel in one tab stops the run another tab is doing', async () => {
    const [a, b] = await twoTabs();
    stack.sandbox.controls.fault({ kind: 'latency', ms: SLOW_ANSWER_MS, endpoint: 'client.api/list' });
    const running = a.runSync('full', 'scheduled');
    await runRecordShowsRunning();
    value(await b.cancelSync());
    expect(await running).toMatchObject({ ok: false, error: { code: 'sync/cancelled' } });
  });

  it('Disconnect in one tab waits for another tab’s run to stop, so nothing lands afterwards (review M3)', async () => {
    const [a, b] = await twoTabs();
    stack.sandbox.controls.fault({ kind: 'latency', ms: SLOW_ANSWER_MS, endpoint: 'client.api/list' });
    const running = a.runSync('full', 'scheduled');
    await runRecordShowsRunning();
    value(await b.disconnect());
    expect((await running).ok).toBe(false);
    expect((await readConnection(db)).status).toBe('disconnected');
    expect((await storedContacts(db)).every((c) => c.state === 'manual')).toBe(true);
    expect((await storedClients(db)).every((c) => c.state === 'disconnected')).toBe(true);
  });
});
