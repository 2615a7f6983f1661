/**
 * A token refresh that must not be sent: the refresh token Xero has just refused (the run's other
 * call queued behind the refusal), and one for a run that ended while its tokens were being read.
 * Both against the real proxy and the sandbox, which count every request that reaches them.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { TokenVault } from '../../src/worker/token-vault';
import { XeroAuth, localLockRunner } from '../../src/worker/xero-auth';
import { isAppError } from '../../src/domain/errors';
import { inProcessStack, type InProcessStack } from './in-process-stack';

let stack: InProcessStack;
let auth: XeroAuth;
/** While set, reading the stored grant waits for it; `reading` resolves when a read has started. */
let holdGrantRead: Promise<void> | null = null;
let grantReadStarted: () => void = () => undefined;

beforeEach(async () => {
  stack = inProcessStack();
  const secrets = new Map<string, unknown>();
  const vault = new TokenVault({
    read: async (key) => {
      if (key === 'grant' && holdGrantRead !== null) {
        grantReadStarted();
        await holdGrantRead;
      }
      return secrets.get(key);
    },
    write: async (key, value) => void secrets.set(key, value),
    delete: async (key) => void secrets.delete(key),
  });
  holdGrantRead = null;
  auth = new XeroAuth(stack.config, { vault, fetch: stack.appFetch, now: () => Date.now(), locks: localLockRunner() });
  const { url, pending } = await auth.begin('http://localhost:4173/callback');
  await auth.complete(await stack.consent(url), pending);
  stack.sandbox.controls.clearRequests();
});

const codeOf = (outcome: PromiseSettledResult<string>): string =>
  outcome.status === 'fulfilled' ? 'fulfilled' : isAppError(outcome.reason) ? outcome.reason.code : 'other';

describe('a token refresh that must not be sent', () => {
  it('after Xero refused the refresh token, a refresh queued behind it fails the same way without sending it again', async () => {
    const signal = new AbortController().signal;
    const rejected = await auth.accessToken(signal);
    stack.sandbox.controls.fault({ kind: 'revoke-grant' });
    // The staff and the client list both got a 401 for the same token: two refreshes, one lock.
    const outcomes = await Promise.allSettled([auth.refresh(rejected, signal), auth.refresh(rejected, signal)]);
    await stack.idle();
    expect(outcomes.map(codeOf)).toEqual(['auth/reconnect-needed', 'auth/reconnect-needed']);
    expect(stack.sandbox.controls.requests().counts).toEqual({ 'token:refresh_token': 1 });
  });

  it('a refresh whose run ended while the stored tokens were being read sends nothing', async () => {
    const controller = new AbortController();
    const rejected = await auth.accessToken(controller.signal);
    let release: () => void = () => undefined;
    holdGrantRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const readStarted = new Promise<void>((resolve) => {
      grantReadStarted = resolve;
    });
    const refresh = auth.refresh(rejected, controller.signal);
    refresh.catch(() => undefined);
    await readStarted;
    controller.abort(new DOMException('The run has ended.', 'AbortError'));
    release();
    await expect(refresh).rejects.toMatchObject({ name: 'AbortError' });
    await stack.idle();
    expect(stack.sandbox.controls.requests().totals.all).toBe(0);
  });
});
