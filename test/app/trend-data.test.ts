import { describe, expect, it } from 'vitest';
import {
  axisTicks,
  callsPerDay,
  OTHER_SERIES,
  outstandingTrend,
  TREND_SERIES,
} from '../../src/app/components/monitoring/trend-data';
import { fixListHref, outstandingRows, parseFixListFilter } from '../../src/app/components/fixlist/outstanding-rows';
import { FIX_REASONS, type OutstandingCounts } from '../../src/domain/fix-list';
import { reasonHelp } from '../../src/app/reason-help';
import { run } from '../contracts/records';

const HOUR = 3_600_000;
const T = new Date(2026, 11, 7, 9, 0, 0).getTime(); // local time: days are local calendar days

function finished(id: string, at: number, outstanding?: OutstandingCounts, apiCalls = 2) {
  return run(id, {
    status: 'succeeded',
    phase: 'done',
    startedAt: at,
    finishedAt: at + 5_000,
    apiCalls,
    ...(outstanding === undefined ? {} : { outstanding }),
  });
}

describe('outstandingTrend', () => {
  it('plots runs oldest first, only those that recorded the fix-list, with one series per reason', () => {
    const runs = [
      finished('r3', T + 2 * HOUR, { 'rejection:mobile-invalid': 8, 'warning:phone-not-mobile': 2 }),
      run('r2', { status: 'failed', phase: 'done', startedAt: T + HOUR, finishedAt: T + HOUR + 1 }),
      finished('r1', T, { 'rejection:mobile-invalid': 10, 'warning:phone-not-mobile': 2, 'skip:client-archived': 1 }),
      run('live', { status: 'running', startedAt: T + 3 * HOUR }),
    ];
    const trend = outstandingTrend(runs);
    expect(trend.points.map((p) => p.runId)).toEqual(['r1', 'r3']);
    expect(trend.series.map((s) => s.key)).toEqual([
      'rejection:mobile-invalid',
      'warning:phone-not-mobile',
      'skip:client-archived',
    ]);
    expect(trend.series[0]?.label).toBe(reasonHelp('mobile-invalid', 'rejection').label);
    expect(trend.points.map((p) => p.values)).toEqual([
      [10, 2, 1],
      [8, 2, 0],
    ]);
    expect(trend.points.map((p) => p.total)).toEqual([13, 10]);
    expect(trend.withoutCounts).toBe(1);
  });

  it('keeps the biggest reasons as series and sums the rest into Other reasons, totals unchanged', () => {
    const counts: OutstandingCounts = {};
    FIX_REASONS.slice(0, TREND_SERIES + 3).forEach((reason, i) => {
      counts[reason] = 100 - i;
    });
    const trend = outstandingTrend([finished('r1', T, counts)]);
    expect(trend.series).toHaveLength(TREND_SERIES + 1);
    expect(trend.series[TREND_SERIES]?.key).toBe(OTHER_SERIES);
    const point = trend.points[0];
    const sum = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
    expect(point?.values.reduce((a, b) => a + b, 0)).toBe(sum);
    expect(point?.total).toBe(sum);
    expect(point?.values[TREND_SERIES]).toBe(100 - 6 + (100 - 7) + (100 - 8));
  });

  it('gives the one reason beyond the limit its own series rather than an Other of one', () => {
    const counts: OutstandingCounts = {};
    FIX_REASONS.slice(0, TREND_SERIES + 1).forEach((reason) => {
      counts[reason] = 1;
    });
    expect(outstandingTrend([finished('r1', T, counts)]).series.some((s) => s.key === OTHER_SERIES)).toBe(false);
  });

  it('shows at most the latest maxRuns runs', () => {
    const runs = Array.from({ length: 5 }, (_, i) => finished(`r${i}`, T - i * HOUR, { 'rejection:name-missing': i }));
    expect(outstandingTrend(runs, 3).points.map((p) => p.runId)).toEqual(['r2', 'r1', 'r0']);
  });
});

describe('callsPerDay', () => {
  it('sums each local day’s calls, oldest first, with 0 for days without runs', () => {
    const runs = [
      finished('a', T, undefined, 3),
      finished('b', T + HOUR, undefined, 4),
      finished('c', T - 24 * HOUR, undefined, 5),
      finished('old', T - 40 * 24 * HOUR, undefined, 999),
    ];
    const days = callsPerDay(runs, T + 2 * HOUR, 3);
    expect(days.map((d) => d.calls)).toEqual([0, 5, 7]);
    expect(days.map((d) => new Date(d.day).getHours())).toEqual([0, 0, 0]);
    expect(days[2]?.day).toBe(new Date(2026, 11, 7).getTime());
  });
});

describe('axisTicks', () => {
  it('gives round steps from 0 up to at least the maximum', () => {
    expect(axisTicks(10)).toEqual([0, 5, 10]);
    expect(axisTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(5_000)).toEqual([0, 2_000, 4_000, 6_000]);
    expect(axisTicks(0)).toEqual([0, 1]);
    for (const max of [1, 3, 17, 99, 1_121, 4_999]) {
      const ticks = axisTicks(max);
      expect(ticks[0]).toBe(0);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(7);
    }
  });
});

describe('outstanding problems by reason (Sync page)', () => {
  it('lists not imported, then warnings, then skips; the biggest first; each with its filtered address', () => {
    const rows = outstandingRows({
      'skip:client-archived': 50,
      'rejection:partner-missing': 2,
      'warning:email-invalid': 3,
      'rejection:mobile-invalid': 9,
      'rejection:name-missing': 0,
    });
    expect(rows.map((r) => r.reason)).toEqual([
      'rejection:mobile-invalid',
      'rejection:partner-missing',
      'warning:email-invalid',
      'skip:client-archived',
    ]);
    expect(rows[2]?.label).toBe('Client email dropped');
    expect(rows[0]?.href).toBe('/sync?reason=rejection%3Amobile-invalid#fix-list');
  });

  it('reads ?reason= back, refusing anything that is not a reason', () => {
    expect(parseFixListFilter('rejection:mobile-invalid')).toBe('rejection:mobile-invalid');
    expect(parseFixListFilter('all')).toBe('all');
    expect(parseFixListFilter(['warning:phone-not-mobile'])).toBe('warning:phone-not-mobile');
    expect(parseFixListFilter('mobile-invalid')).toBeNull();
    expect(parseFixListFilter('skip:mobile-invalid')).toBeNull();
    expect(parseFixListFilter(undefined)).toBeNull();
    const href = new URL(fixListHref('rejection:email-invalid'), 'http://x');
    expect(parseFixListFilter(href.searchParams.get('reason') ?? undefined)).toBe('rejection:email-invalid');
  });
});
