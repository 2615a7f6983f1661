/**
 * A run's "API calls used" equals what the sandbox received (issue M8 item 5), also when a run ends
 * while an answer is still on its way.
 */
import 'fake-indexeddb/auto';
import { afterEach, expect, it } from 'vitest';
import { createSyncApi } from '../../src/worker/api';
import { localLockRunner } from '../../src/worker/xero-auth';
import { localRunLock } from '../../src/worker/run-lock';
import { localControlHub } from '../../src/worker/control-channel';
import { openAppDB, deleteAppDB } from '../../src/storage/open';
import type { AppDB } from '../../src/storage/db';
import type { Result } from '../../src/domain/result';
import { MAIN_PRACTICE_NAME } from '../../proxy/sandbox';
import { inProcessStack } from './in-process-stack';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

let db: AppDB | null = null;
afterEach(async () => {
  if (db) {
    db.close();
    await deleteAppDB(db.name);
  }
});

it('counts the client list XPM answered after the staff list had already failed the run', async () => {
  db = await openAppDB('run-api-calls');
  const stack = inProcessStack();
  // The client list reaches XPM (which counts it) and is answered; the app gets that answer only
  // after the run has ended, because the staff list fails first.
  let releaseClientList = (): void => undefined;
  const clientListHeld = new Promise<void>((resolve) => {
    releaseClientList = resolve;
  });
  let clientListAnswered = (): void => undefined;
  const clientListReachedXpm = new Promise<void>((resolve) => {
    clientListAnswered = resolve;
  });
  let hold = false;
  const api = createSyncApi({
    db,
    fetch: async (input, init) => {
      const url = new Request(input, init).url;
      const response = await stack.appFetch(input, init);
      if (hold && url.includes('client.api/list')) {
        clientListAnswered();
        await clientListHeld;
      }
      if (hold && url.includes('staff.api/list')) await clientListReachedXpm;
      return response;
    },
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
  const { url, pending } = value(await api.beginAuthorization('http://localhost:4173/callback'));
  const practices = value(await api.completeAuthorization(await stack.consent(url), pending)).practices;
  const main = practices.find((p) => p.name === MAIN_PRACTICE_NAME);
  if (!main) throw new Error('main practice not offered');
  value(await api.choosePractice(main, ''));
  value(await api.runSync('full', 'first'));

  stack.sandbox.controls.clearRequests();
  stack.sandbox.controls.fault({ kind: 'doctype', variant: 'billion-laughs', endpoint: 'staff.api/list' });
  hold = true;
  const result = await api.runSync('full', 'scheduled');
  releaseClientList();
  expect(result).toMatchObject({ ok: false, error: { code: 'xml/dtd-forbidden' } });
  const runs = await db.runs.toArray();
  const failed = runs.find((r) => r.trigger === 'scheduled');
  expect(stack.sandbox.controls.requests().totals.xpm).toBe(2);
  expect(failed?.apiCalls).toBe(2);
});
