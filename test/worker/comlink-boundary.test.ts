/**
 * The worker boundary for real: the API crosses a MessageChannel through Comlink, as between the page
 * and the sync worker, and the page sees only structured-cloned data — values, and errors as data
 * with a closed code (never thrown class instances). The forwarder the worker exposes is tested the
 * same way, so the list of methods really is written only once (createSyncApi).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { expose, releaseProxy, wrap, type Remote } from 'comlink';
import { createSyncApi, type SyncApi } from '../../src/worker/api';
import { forwardWhenReady } from '../../src/worker/forward-when-ready';
import { localLockRunner } from '../../src/worker/xero-auth';
import { localRunLock } from '../../src/worker/run-lock';
import { localControlHub } from '../../src/worker/control-channel';
import { deleteAppDB, openAppDB } from '../../src/storage/open';
import type { AppDB } from '../../src/storage/db';
import { APP_ERROR_CODES, AppError } from '../../src/domain/errors';
import { inProcessStack } from './in-process-stack';

let db: AppDB | null = null;
const channels: MessageChannel[] = [];

afterEach(async () => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
  if (db) {
    db.close();
    await deleteAppDB(db.name);
    db = null;
  }
});

async function realApi(): Promise<SyncApi> {
  db = await openAppDB(`comlink-boundary-${crypto.randomUUID()}`);
  const stack = inProcessStack();
  const api = createSyncApi({
    db,
    fetch: (input, init) => stack.appFetch(input, init),
    now: () => Date.now(),
    sleep: async () => undefined,
    random: () => 0.5,
    newId: () => crypto.randomUUID(),
    locks: localLockRunner(),
    runLock: localRunLock(),
    control: localControlHub().channel(),
    repeat: () => undefined,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  const configured = await api.configure(stack.config);
  expect(configured.ok).toBe(true);
  return api;
}

/** `exposed` on one end of a real MessageChannel, the page's Comlink proxy on the other. */
function acrossChannel<T extends object>(exposed: T): Remote<T> {
  const channel = new MessageChannel();
  channels.push(channel);
  expose(exposed, channel.port1);
  return wrap<T>(channel.port2);
}

describe('the sync worker API across a real MessageChannel (Comlink)', () => {
  it('returns values as plain data', async () => {
    const page = acrossChannel(await realApi());
    const begun = await page.beginAuthorization('http://localhost:4173/callback');
    expect(begun.ok).toBe(true);
    if (!begun.ok) return;
    expect(new URL(begun.value.url).searchParams.get('code_challenge_method')).toBe('S256');
    expect(Object.getPrototypeOf(begun.value.pending)).toBe(Object.prototype);
    page[releaseProxy]();
  });

  it('returns failures as data with a closed code, never as thrown instances', async () => {
    const page = acrossChannel(await realApi());
    const preview = await page.preview();
    expect(preview.ok).toBe(false);
    if (preview.ok) return;
    expect(preview.error).toEqual({
      code: 'auth/not-connected',
      message: expect.stringContaining('Connect to Xero Practice Manager'),
      retryable: false,
      detail: {},
    });
    expect(preview.error).not.toBeInstanceOf(AppError);
    expect(APP_ERROR_CODES).toContain(preview.error.code);

    const bad = await page.configure({
      clientId: '',
      proxyUrl: '',
      authorizeUrl: '',
      issuer: '',
      xpmWebUrl: '',
      upstreamLabel: '',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'input/invalid' } });
  });

  it('the forwarder exposes every method of the API, each waiting for the API to be ready', async () => {
    let ready!: (api: SyncApi) => void;
    const api = new Promise<SyncApi>((resolve) => {
      ready = resolve;
    });
    const page = acrossChannel(forwardWhenReady(api));
    // Called before the database is open: the call waits instead of failing.
    const pending = page.preview();
    ready(await realApi());
    expect(await pending).toMatchObject({ ok: false, error: { code: 'auth/not-connected' } });
    const started = await page.beginAuthorization('http://localhost:4173/callback');
    expect(started.ok).toBe(true);
  });

  it('the forwarder is not mistaken for a promise and refuses unknown methods', async () => {
    const forwarded = forwardWhenReady(Promise.resolve({ ping: async () => 'pong' }));
    expect(Reflect.get(forwarded, 'then')).toBeUndefined();
    expect(await forwarded.ping()).toBe('pong');
    const unknown = Reflect.get(forwarded, 'nope') as () => Promise<unknown>;
    await expect(unknown()).rejects.toThrow(/no method “nope”/);
  });
});
