import { describe, expect, it } from 'vitest';
import {
  checkKeepRunLogDays,
  checkKeepRunLogs,
  DEFAULT_RETENTION,
  MAX_KEEP_RUN_LOGS,
  planPrune,
} from '../../src/domain/retention';
import { parseSettings } from '../../src/storage/kv';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { rid } from '../support/ids';
import type { RunStatus } from '../../src/domain/runs';

const DAY = 24 * 60 * 60_000;
const NOW = Date.UTC(2026, 5, 1);

const runAt = (id: string, daysAgo: number, status: RunStatus = 'succeeded', logPrunedAt?: number) => ({
  id: rid(id),
  startedAt: NOW - daysAgo * DAY,
  status,
  ...(logPrunedAt === undefined ? {} : { logPrunedAt }),
});

describe('planPrune', () => {
  it('drops the logs outside the newest N or older than D days, oldest first, and never the newest run’s', () => {
    const runs = [runAt('a', 40), runAt('b', 10), runAt('c', 3), runAt('d', 2), runAt('e', 1)];
    expect(planPrune(runs, { keepRunLogs: 3, keepRunLogDays: 30 }, NOW)).toEqual({
      dropLogs: [rid('a'), rid('b')],
      deleteRuns: [],
    });
    expect(planPrune(runs, { keepRunLogs: 10, keepRunLogDays: 5 }, NOW).dropLogs).toEqual([rid('a'), rid('b')]);
    // All older than a day: the newest is still kept.
    expect(planPrune(runs, { keepRunLogs: 10, keepRunLogDays: 1 }, NOW + 10 * DAY).dropLogs).toHaveLength(4);
  });

  it('skips running runs and logs already removed; deletes records beyond the bound', () => {
    const runs = [runAt('a', 5, 'succeeded', NOW), runAt('b', 4, 'running'), runAt('c', 3), runAt('d', 1)];
    expect(planPrune(runs, { keepRunLogs: 1, keepRunLogDays: 30 }, NOW)).toEqual({
      dropLogs: [rid('c')],
      deleteRuns: [],
    });
    expect(planPrune(runs, { keepRunLogs: 1, keepRunLogDays: 30 }, NOW, 2)).toEqual({
      dropLogs: [rid('c')],
      deleteRuns: [rid('a')],
    });
  });
});

describe('retention settings', () => {
  it('accepts whole numbers in range and names what is wrong otherwise', () => {
    expect(checkKeepRunLogs(' 12 ')).toEqual({ ok: true, value: 12 });
    expect(checkKeepRunLogs('0')).toMatchObject({ ok: false, message: expect.stringContaining('from 1 to 200') });
    expect(checkKeepRunLogs('2.5')).toMatchObject({ ok: false, message: expect.stringContaining('whole number') });
    expect(checkKeepRunLogs(String(MAX_KEEP_RUN_LOGS + 1)).ok).toBe(false);
    expect(checkKeepRunLogDays('')).toMatchObject({ ok: false });
    expect(checkKeepRunLogDays('365')).toEqual({ ok: true, value: 365 });
    expect(checkKeepRunLogDays('366').ok).toBe(false);
  });

  it('stored settings keep valid retention values and take the defaults for invalid ones', () => {
    expect(parseSettings({ keepRunLogs: 5, keepRunLogDays: 7 })).toMatchObject({ keepRunLogs: 5, keepRunLogDays: 7 });
    expect(parseSettings({ keepRunLogs: -1, keepRunLogDays: 'x' })).toMatchObject(DEFAULT_RETENTION);
    expect(DEFAULT_SETTINGS).toMatchObject(DEFAULT_RETENTION);
  });
});
