/**
 * "API calls used" is what Xero counts: every request sent, retries included (issue M8 item 5).
 * The request policy runs against the real proxy and the sandbox, and the requests it reports as
 * sent are compared with the requests the sandbox received.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { sendXpmRequest, type ResponseObserver } from '../../src/sync/run/request-policy';
import { staffListRequest } from '../../src/xero/xpm-requests';
import { TokenVault } from '../../src/worker/token-vault';
import { XeroAuth, localLockRunner } from '../../src/worker/xero-auth';
import { asTenantId } from '../../src/domain/ids';
import type { HttpPort } from '../../src/sync/ports';
import { inProcessStack, PROXY_ORIGIN, type InProcessStack } from './in-process-stack';

let stack: InProcessStack;
let auth: XeroAuth;

beforeEach(async () => {
  stack = inProcessStack();
  const secrets = new Map<string, unknown>();
  const vault = new TokenVault({
    read: async (key) => secrets.get(key),
    write: async (key, value) => void secrets.set(key, value),
    delete: async (key) => void secrets.delete(key),
  });
  auth = new XeroAuth(stack.config, { vault, fetch: stack.appFetch, now: () => Date.now(), locks: localLockRunner() });
  const { url, pending } = await auth.begin('http://localhost:4173/callback');
  await auth.complete(await stack.consent(url), pending);
  stack.sandbox.controls.clearRequests();
});

/** Fetches the staff list through the policy; returns what the observer saw. */
async function fetchStaff(
  http: HttpPort = { fetch: (request) => stack.appFetch(request) },
  controller = new AbortController(),
): Promise<{ sent: number; responses: number; outcome: string }> {
  let sent = 0;
  let responses = 0;
  const observer: ResponseObserver = {
    onSent: () => {
      sent += 1;
    },
    onResponse: () => {
      responses += 1;
    },
  };
  const env = { http, tokens: auth, clock: { now: () => Date.now(), sleep: async () => undefined }, random: () => 0.5 };
  const tenantId = asTenantId(stack.sandbox.state.mainPractice.store.tenantId);
  const outcome = await sendXpmRequest(
    env,
    'staff.api/list',
    (accessToken, signal) => staffListRequest({ baseUrl: `${PROXY_ORIGIN}/xpm/3.1/`, accessToken, tenantId, signal }),
    controller.signal,
    observer,
  ).then(
    async (response) => {
      await response.body?.cancel();
      return `HTTP ${response.status}`;
    },
    (error: unknown) => (error instanceof Error ? error.name : String(error)),
  );
  return { sent, responses, outcome };
}

const xpmRequestsSeen = () => stack.sandbox.controls.requests().totals.xpm;

describe('API calls are counted per request sent, as the sandbox counts them', () => {
  it('one request', async () => {
    expect(await fetchStaff()).toEqual({ sent: 1, responses: 1, outcome: 'HTTP 200' });
    expect(xpmRequestsSeen()).toBe(1);
  });

  it('retries after 503s and 429s', async () => {
    stack.sandbox.controls.fault({ kind: 'status', status: 503, times: 2, endpoint: 'staff.api/list' });
    stack.sandbox.controls.fault({ kind: 'rate-limit', problem: 'minute', retryAfter: 1, endpoint: 'staff.api/list' });
    const seen = await fetchStaff();
    expect(seen).toMatchObject({ sent: 4, outcome: 'HTTP 200' });
    expect(xpmRequestsSeen()).toBe(4);
  });

  it('the retry after a token refresh', async () => {
    stack.sandbox.controls.fault({ kind: 'expire-tokens' });
    expect(await fetchStaff()).toMatchObject({ sent: 2, outcome: 'HTTP 200' });
    expect(xpmRequestsSeen()).toBe(2);
  });

  it('a request whose connection dropped after XPM had answered it', async () => {
    let attempts = 0;
    const dropsFirstAnswer: HttpPort = {
      fetch: async (request) => {
        const response = await stack.appFetch(request);
        attempts += 1;
        if (attempts > 1) return response;
        await response.body?.cancel();
        throw new TypeError('network error'); // what fetch says when the connection resets
      },
    };
    const seen = await fetchStaff(dropsFirstAnswer);
    expect(xpmRequestsSeen()).toBe(2);
    expect(seen).toEqual({ sent: 2, responses: 1, outcome: 'HTTP 200' }); // one answer never arrived
  });

  it('a request whose answer arrived after the run had ended (the other list failed first)', async () => {
    const controller = new AbortController();
    const answersLate: HttpPort = {
      fetch: async (request) => {
        const response = await stack.appFetch(request);
        controller.abort(new DOMException('The run has ended.', 'AbortError'));
        return response;
      },
    };
    const seen = await fetchStaff(answersLate, controller);
    expect(xpmRequestsSeen()).toBe(1);
    expect(seen).toEqual({ sent: 1, responses: 0, outcome: 'AbortError' });
  });
});
