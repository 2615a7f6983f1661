import { describe, expect, it } from 'vitest';
import { APP_MINUTE_LIMIT, MINUTE_LIMIT } from '../../proxy/sandbox';
import { RateLimiter } from '../../proxy/sandbox/xpm/rate-limit';
import { SMALL_PRACTICE_NAME, MAIN_PRACTICE_NAME, T0, connect, drain, makeSandbox, xpmGet } from './helpers';

function expectEmpty429(response: Response, problem: string): void {
  expect(response.status).toBe(429);
  expect(response.headers.get('x-rate-limit-problem')).toBe(problem);
  expect(response.headers.get('content-length')).toBe('0');
  expect(response.headers.get('xero-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  expect(response.body).toBeNull();
}

describe('rate limits', () => {
  it('5 concurrent calls per practice: the sixth gets 429 concurrent until a body finishes', async () => {
    const sandbox = makeSandbox();
    const { tokens, tenantId } = await connect(sandbox);
    const open = await Promise.all(
      Array.from({ length: 5 }, () => xpmGet(sandbox, 'client.api/list?detailed=true', tokens.access_token, tenantId)),
    );
    expect(open.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const sixth = await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId);
    expectEmpty429(sixth, 'concurrent');
    expect(sixth.headers.get('retry-after')).toBeNull();
    const [first, second] = open;
    await drain(first ?? new Response());
    expect((await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId)).status).toBe(200);
    // A cancelled body also ends the call.
    await second?.body?.cancel();
    const again = await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId);
    expect(again.status).toBe(200);
    await drain(again);
    for (const r of open.slice(2)) await drain(r);
    expect(sandbox.state.practices.size).toBe(2);
    const limiterIdle = await Promise.all(
      Array.from({ length: 5 }, () => xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId)),
    );
    expect(limiterIdle.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('60 calls per minute: the 61st gets 429 minute with Retry-After to the end of the window', async () => {
    const sandbox = makeSandbox();
    const { tokens, tenantId } = await connect(sandbox);
    const remaining: string[] = [];
    for (let i = 0; i < 60; i++) {
      const response = await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId);
      expect(response.status).toBe(200);
      remaining.push(response.headers.get('x-minlimit-remaining') ?? '');
      await drain(response);
    }
    expect(remaining.slice(0, 3)).toEqual(['59', '58', '57']);
    expect(remaining.at(-1)).toBe('0');
    const limited = await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId);
    expectEmpty429(limited, 'minute');
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get('x-minlimit-remaining')).toBe('0');
    expect(limited.headers.get('x-daylimit-remaining')).toBe('4940');
    expect(limited.headers.get('x-appminlimit-remaining')).toBe('9940');
    sandbox.controls.advanceClock(45_000);
    expect((await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId)).headers.get('retry-after')).toBe(
      '15',
    );
    sandbox.controls.advanceClock(15_000);
    const next = await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId);
    expect(next.status).toBe(200);
    expect(next.headers.get('x-minlimit-remaining')).toBe('59');
    // 429s were not counted against the day.
    expect(next.headers.get('x-daylimit-remaining')).toBe('4939');
  });

  it('the daily limit gives 429 day with Retry-After to the next UTC midnight', async () => {
    const sandbox = makeSandbox({ dailyLimit: 3 });
    const { tokens, tenantId } = await connect(sandbox);
    for (let i = 0; i < 3; i++) await drain(await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId));
    const limited = await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId);
    expectEmpty429(limited, 'day');
    // T0 is 01:02:03 UTC: 22:57:57 to midnight.
    expect(limited.headers.get('retry-after')).toBe(String(22 * 3600 + 57 * 60 + 57));
    expect(limited.headers.get('x-daylimit-remaining')).toBe('0');
    sandbox.controls.advanceClock((22 * 3600 + 57 * 60 + 57) * 1000);
    const { tokens: fresh } = await connect(sandbox);
    const tomorrow = await xpmGet(sandbox, 'staff.api/list', fresh.access_token, tenantId);
    expect(tomorrow.status).toBe(200);
    expect(tomorrow.headers.get('x-daylimit-remaining')).toBe('2');
  });

  it('limits are per practice', async () => {
    const sandbox = makeSandbox({ dailyLimit: 1 });
    const { tokens, tenantId } = await connect(sandbox, { tenants: [MAIN_PRACTICE_NAME, SMALL_PRACTICE_NAME] });
    const small = sandbox.state.organisations.find((o) => o.tenantName === SMALL_PRACTICE_NAME)?.tenantId ?? '';
    await drain(await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId));
    expect((await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId)).status).toBe(429);
    expect((await xpmGet(sandbox, 'staff.api/list', tokens.access_token, small)).status).toBe(200);
  });

  it('401 and 403 responses do not use up the allowance', async () => {
    const sandbox = makeSandbox();
    const { tokens, tenantId } = await connect(sandbox);
    await xpmGet(sandbox, 'staff.api/list', 'garbage', tenantId);
    await xpmGet(sandbox, 'staff.api/list', tokens.access_token, 'garbage');
    expect(
      (await xpmGet(sandbox, 'staff.api/list', tokens.access_token, tenantId)).headers.get('x-minlimit-remaining'),
    ).toBe('59');
  });
});

describe('the app-wide limit', () => {
  it('10,000 calls a minute across all tenants, then 429 appminute until the window ends', () => {
    let now = T0;
    const limiter = new RateLimiter({ now: () => now, advance: () => undefined, reset: () => undefined }, 5000);
    for (let i = 0; i < APP_MINUTE_LIMIT; i++) {
      const admission = limiter.admit(`tenant-${Math.floor(i / MINUTE_LIMIT)}`);
      expect(admission.ok).toBe(true);
      if (admission.ok) admission.release();
    }
    now += 20_000;
    const refused = limiter.admit('a-new-tenant');
    expect(refused).toMatchObject({
      ok: false,
      problem: 'appminute',
      retryAfter: 40,
      remaining: { appMinute: 0, minute: 60 },
    });
    now += 40_000;
    expect(limiter.admit('a-new-tenant').ok).toBe(true);
  });
});
