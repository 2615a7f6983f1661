import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SCHEDULE_CHECK_INTERVAL_MS, startHourlyScheduler, type SchedulerHost } from '../../src/app/hourly-scheduler';

function fakeHost() {
  const win = new EventTarget();
  const doc = new EventTarget() as EventTarget & { visibilityState: DocumentVisibilityState };
  doc.visibilityState = 'visible';
  const host: SchedulerHost = {
    setInterval: (handler, ms) => setInterval(handler, ms) as unknown as number,
    clearInterval: (id) => clearInterval(id),
    addEventListener: (type, listener) => win.addEventListener(type, listener),
    removeEventListener: (type, listener) => win.removeEventListener(type, listener),
    document: doc as unknown as SchedulerHost['document'],
  };
  return { host, win, doc };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('hourly scheduler (page side)', () => {
  it('asks at start, every minute, and when the page wakes up, focuses or comes back online', async () => {
    const { host, win, doc } = fakeHost();
    const check = vi.fn(async () => undefined);
    const stop = startHourlyScheduler(check, host);
    expect(check).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(SCHEDULE_CHECK_INTERVAL_MS * 3);
    expect(check).toHaveBeenCalledTimes(4);
    win.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(0);
    win.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(check).toHaveBeenCalledTimes(7);
    stop();
    win.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(SCHEDULE_CHECK_INTERVAL_MS * 2);
    expect(check).toHaveBeenCalledTimes(7);
  });

  it('never overlaps checks, and keeps going after a failed one', async () => {
    const { host, win } = fakeHost();
    let release: () => void = () => undefined;
    const check = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const stop = startHourlyScheduler(check, host);
    win.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(SCHEDULE_CHECK_INTERVAL_MS);
    expect(check).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    check.mockImplementationOnce(() => Promise.reject(new Error('worker gone')));
    win.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(0);
    check.mockImplementation(async () => undefined);
    win.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(check).toHaveBeenCalledTimes(3);
    stop();
  });
});

describe('hourly scheduler and the app clock jumping (a test moving it)', () => {
  it('checks when the clock jumps, once more after a check in flight during jumps, and the jump waits for it', async () => {
    const { host } = fakeHost();
    const listeners = new Set<() => Promise<void>>();
    const jump = () => Promise.all([...listeners].map((listener) => listener()));
    let release: () => void = () => undefined;
    const check = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const stop = startHourlyScheduler(check, host, (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    });
    expect(check).toHaveBeenCalledTimes(1);
    let jumpsDone = false;
    void Promise.all([jump(), jump()]).then(() => (jumpsDone = true)); // during the first check
    expect(check).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(check).toHaveBeenCalledTimes(2); // once for both jumps
    expect(jumpsDone).toBe(false);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(jumpsDone).toBe(true);
    const third = jump();
    expect(check).toHaveBeenCalledTimes(3);
    release();
    await third;
    stop();
    expect(listeners.size).toBe(0);
    await jump();
    expect(check).toHaveBeenCalledTimes(3);
  });
});
