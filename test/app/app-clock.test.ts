/**
 * The page's clock and its test hook (issue M5 item 5): inert — no hook, no storage, the system
 * clock — unless config.json says `testClock` (only `npm start -- --test-controls` writes that).
 */
import { describe, expect, it, vi } from 'vitest';
import {
  APP_SYSTEM_CLOCK,
  createAppClock,
  TEST_CLOCK_HOOK,
  TEST_CLOCK_OFFSET_KEY,
  type TestClockHook,
  type TestClockHost,
} from '../../src/app/app-clock';
import { parseAppConfig } from '../../src/domain/config';
import { stackAppConfig } from '../../proxy/stack/stack-config';

const HOUR = 60 * 60_000;

function fakeHost(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  const listeners: Array<(event: StorageEvent) => void> = [];
  const storage = {
    getItem: vi.fn((key: string) => items.get(key) ?? null),
    setItem: vi.fn((key: string, value: string) => void items.set(key, value)),
  };
  const host: TestClockHost = { storage, addEventListener: (_type, listener) => listeners.push(listener) };
  /** Another tab wrote the offset. */
  const otherTab = (offset: number) => {
    items.set(TEST_CLOCK_OFFSET_KEY, String(offset));
    for (const listener of listeners) listener({ key: TEST_CLOCK_OFFSET_KEY } as StorageEvent);
  };
  return { host, storage, listeners, otherTab };
}

describe('the app clock without the test flag', () => {
  it('is the system clock: no hook on the window, no storage touched, the worker never asked', () => {
    const { host, storage, listeners } = fakeHost({ [TEST_CLOCK_OFFSET_KEY]: String(5 * HOUR) });
    const target: Record<string, unknown> = {};
    const syncWorker = vi.fn(async () => undefined);
    for (const config of [{}, { testClock: false }]) {
      const clock = createAppClock(config, host, target, syncWorker);
      expect(clock).toBe(APP_SYSTEM_CLOCK);
      expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1_000);
      expect(clock.offsetMs()).toBe(0);
    }
    expect(TEST_CLOCK_HOOK in target).toBe(false);
    expect(storage.getItem).not.toHaveBeenCalled();
    expect(listeners).toHaveLength(0);
    expect(syncWorker).not.toHaveBeenCalled();
  });

  it('is off in the config every stack but a test stack serves, and config.json must say true or false', () => {
    const urls = { sandboxUrl: 'http://127.0.0.1:4175', proxyUrl: 'http://localhost:4174' };
    const production = stackAppConfig({ ...urls, testControls: false });
    expect('testClock' in production).toBe(false);
    const parsed = parseAppConfig(production);
    expect(parsed.ok && 'testClock' in parsed.config).toBe(false);
    expect(stackAppConfig({ ...urls, testControls: true }).testClock).toBe(true);
    const bad = parseAppConfig({ ...production, testClock: 'yes' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problem).toEqual({ kind: 'field', field: 'testClock', problem: 'must be true or false' });
  });
});

describe('the app clock on a test stack', () => {
  it('starts from the stored offset, and the hook moves page and worker before telling anyone', async () => {
    const { host, storage } = fakeHost({ [TEST_CLOCK_OFFSET_KEY]: String(HOUR) });
    const target: Record<string, unknown> = {};
    const order: string[] = [];
    const clock = createAppClock({ testClock: true }, host, target, async (offset) => {
      order.push(`worker ${offset}`);
    });
    expect(clock.offsetMs()).toBe(HOUR);
    expect(clock.now() - Date.now()).toBeGreaterThan(HOUR - 1_000);
    clock.onJump(() => {
      order.push(`jump ${clock.offsetMs()}`);
    });
    const hook = target[TEST_CLOCK_HOOK] as TestClockHook;
    await hook.advance(5 * HOUR);
    expect(order).toEqual([`worker ${6 * HOUR}`, `jump ${6 * HOUR}`]);
    expect(storage.setItem).toHaveBeenCalledWith(TEST_CLOCK_OFFSET_KEY, String(6 * HOUR));
    expect(hook.offsetMs()).toBe(6 * HOUR);
    await expect(hook.advance(-1)).rejects.toThrow(/only moves forward/);
    expect(hook.offsetMs()).toBe(6 * HOUR);
  });

  it('follows another tab that moved the clock', async () => {
    const { host, otherTab } = fakeHost();
    const worker = vi.fn(async () => undefined);
    const clock = createAppClock({ testClock: true }, host, {}, worker);
    const jumped = new Promise<void>((resolve) => clock.onJump(resolve));
    otherTab(2 * HOUR);
    await jumped;
    expect(clock.offsetMs()).toBe(2 * HOUR);
    expect(worker).toHaveBeenCalledWith(2 * HOUR);
  });
});
