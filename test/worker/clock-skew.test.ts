/**
 * Signing in with this computer's clock off Xero's (issue M8 item 2): the sandbox's clock is Xero's,
 * shifted against this process's clock, and the whole sign-in runs through the real proxy.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSyncApi } from '../../src/worker/api';
import { localLockRunner } from '../../src/worker/xero-auth';
import { localRunLock } from '../../src/worker/run-lock';
import { localControlHub } from '../../src/worker/control-channel';
import { MAX_CLOCK_SKEW_MS } from '../../src/worker/clock-skew';
import { openAppDB, deleteAppDB } from '../../src/storage/open';
import type { AppDB } from '../../src/storage/db';
import { readConnection } from '../../src/storage/kv';
import type { SyncApi } from '../../src/worker/protocol';
import type { Result } from '../../src/domain/result';
import { MAIN_PRACTICE_NAME } from '../../proxy/sandbox';
import { inProcessStack, type InProcessStack } from './in-process-stack';

const REDIRECT = 'http://localhost:4173/callback';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

let db: AppDB | null = null;
let dbCount = 0;

afterEach(async () => {
  if (db) {
    db.close();
    await deleteAppDB(db.name);
    db = null;
  }
});

/**
 * The app with Xero's clock `offsetMs` ahead of this computer's (negative: this computer is ahead).
 * `fetch` may change what the worker sees (the default passes everything through).
 */
async function appWithXeroClock(
  offsetMs: number,
  fetch: (stack: InProcessStack) => typeof globalThis.fetch = (stack) => stack.appFetch,
): Promise<{ api: SyncApi; stack: InProcessStack }> {
  db = await openAppDB(`clock-skew-${++dbCount}`);
  const stack = inProcessStack({ now: () => Date.now() + offsetMs });
  const api = createSyncApi({
    db,
    fetch: fetch(stack),
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
  value(await api.configure(stack.config));
  return { api, stack };
}

async function signIn(api: SyncApi, stack: InProcessStack) {
  const begun = await api.beginAuthorization(REDIRECT);
  if (!begun.ok) return begun;
  const callback = await stack.consent(begun.value.url);
  return api.completeAuthorization(callback, begun.value.pending);
}

function withoutDateHeader(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.delete('date');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

describe('signing in with a clock off Xero’s (M8 item 2)', () => {
  it.each([
    ['45 seconds behind Xero (the reported failure)', 45 * SECOND],
    ['4 minutes behind Xero', 4 * MINUTE],
    ['4 minutes ahead of Xero', -4 * MINUTE],
  ])('signs in, syncs and refreshes tokens with this computer %s', async (_, offset) => {
    const { api, stack } = await appWithXeroClock(offset);
    const practices = value(await signIn(api, stack)).practices;
    const main = practices.find((p) => p.name === MAIN_PRACTICE_NAME);
    if (!main) throw new Error('main practice not offered');
    value(await api.choosePractice(main, ''));
    value(await api.runSync('full', 'first'));
    // Xero's refresh answers carry a new id_token too: its times are checked with the same correction.
    stack.sandbox.controls.fault({ kind: 'expire-tokens' });
    stack.sandbox.controls.clearRequests();
    value(await api.preview());
    expect(stack.sandbox.controls.requests().counts['token:refresh_token']).toBe(1);
  });

  it.each([
    ['10 minutes ahead of', -10 * MINUTE, 'about 10 minutes ahead of'],
    ['just past the tolerance behind', MAX_CLOCK_SKEW_MS + MINUTE, 'about 6 minutes behind'],
    ['an hour behind', HOUR, 'about 1 hour behind'],
  ])('with this computer %s Xero, says to correct the clock before Xero’s page is opened', async (_, offset, words) => {
    const { api, stack } = await appWithXeroClock(offset);
    const begun = await api.beginAuthorization(REDIRECT);
    expect(begun).toMatchObject({ ok: false, error: { code: 'auth/clock-skew', retryable: false } });
    if (begun.ok) return;
    expect(begun.error.message).toContain(`This computer’s clock is ${words} Xero’s`);
    expect(begun.error.message).toContain('Correct the computer’s date, time and time zone');
    expect(begun.error.message).toContain('Xero’s sign-in page was not opened');
    // Nothing was issued or spent: only the refused probe reached the identity service.
    const counts = stack.sandbox.controls.requests().counts;
    expect(counts['token:authorization_code'] ?? 0).toBe(0);
    expect(counts['token:other']).toBe(1);
    expect((await readConnection(db as AppDB)).status).toBe('disconnected');
  });

  it('when the early check could not reach Xero, the token exchange still catches an hour’s skew, with a clear message', async () => {
    let probes = 0;
    const { api, stack } = await appWithXeroClock(HOUR, (s) => async (input, init) => {
      const request = new Request(input, init);
      const body = request.method === 'POST' ? await request.clone().text() : '';
      if (request.url.endsWith('/oauth/token') && !body.includes('grant_type=')) {
        probes += 1;
        throw new TypeError('Failed to fetch');
      }
      return s.appFetch(request);
    });
    const result = await signIn(api, stack);
    expect(probes).toBe(1);
    expect(result).toMatchObject({ ok: false, error: { code: 'auth/clock-skew' } });
    if (!result.ok) {
      expect(result.error.message).toContain('about 1 hour behind Xero’s');
      expect(result.error.message).toContain('this sign-in was not used');
    }
    expect((await readConnection(db as AppDB)).status).toBe('disconnected');
  });

  it('without a Date header to measure, a failed time check still reads as a wrong clock', async () => {
    const { api, stack } = await appWithXeroClock(
      45 * SECOND,
      (s) => async (input, init) => withoutDateHeader(await s.appFetch(input, init)),
    );
    const result = await signIn(api, stack);
    expect(result).toMatchObject({ ok: false, error: { code: 'auth/clock-skew' } });
    if (!result.ok) expect(result.error.message).toContain('this computer’s clock is wrong');
  });

  it('a probe answered by the proxy itself is not taken for Xero’s clock', async () => {
    // The proxy refuses a request from an origin it does not know, with its own Date (this computer's).
    const { api, stack } = await appWithXeroClock(HOUR, (s) => async (input, init) => {
      const request = new Request(input, init);
      const body = request.method === 'POST' ? await request.clone().text() : '';
      if (request.url.endsWith('/oauth/token') && !body.includes('grant_type=')) {
        return new Response(JSON.stringify({ error: 'PROXY_ORIGIN_NOT_ALLOWED' }), {
          status: 403,
          headers: { 'content-type': 'application/json', date: new Date(Date.now() - 2 * HOUR).toUTCString() },
        });
      }
      return s.appFetch(request);
    });
    // The early check learns nothing, so Xero's page opens; the exchange then measures Xero's clock.
    const begun = value(await api.beginAuthorization(REDIRECT));
    const callback = await stack.consent(begun.url);
    const result = await api.completeAuthorization(callback, begun.pending);
    expect(result).toMatchObject({ ok: false, error: { code: 'auth/clock-skew' } });
    if (!result.ok) expect(result.error.message).toContain('about 1 hour behind Xero’s');
  });
});
