/**
 * The data behind Monitoring's charts (U3), as plain functions of the run history so they can be
 * tested without a page: the fix-list's size per reason after each run ("Outstanding problems by
 * reason") and the API calls made per day against Xero's daily limit.
 */
import { FIX_REASONS, type FixReason, type OutstandingCounts, splitFixReason } from '../../../domain/fix-list';
import type { RunRecord } from '../../../domain/runs';
import { reasonHelp } from '../../reason-help';

/** Runs shown in the trend: about a day of hourly syncs plus a few manual ones. */
export const TREND_RUNS = 30;
/**
 * Reasons drawn as their own series; the rest are summed into "Other reasons". Six colours stay
 * distinguishable for most people and in both themes; a longer legend would not be read.
 */
export const TREND_SERIES = 6;
/** Days shown in the API-calls chart: two weeks shows a pattern without crowding the axis. */
export const CALL_DAYS = 14;

export const OTHER_SERIES = 'other';

export interface TrendSeries {
  /** A reason, or OTHER_SERIES for the reasons beyond TREND_SERIES. */
  readonly key: FixReason | typeof OTHER_SERIES;
  readonly label: string;
}

export interface TrendPoint {
  readonly runId: string;
  readonly at: number;
  readonly kind: RunRecord['kind'];
  /** One value per series, in the series' order. */
  readonly values: readonly number[];
  readonly total: number;
}

export interface OutstandingTrend {
  readonly series: readonly TrendSeries[];
  /** Oldest first. */
  readonly points: readonly TrendPoint[];
  /** Finished runs left out because they recorded no fix-list size (failed, or from an older version). */
  readonly withoutCounts: number;
}

function seriesLabel(reason: FixReason): string {
  const { kind, code } = splitFixReason(reason);
  return reasonHelp(code, kind).label;
}

/**
 * The fix-list's size per reason after each of the latest `maxRuns` runs that recorded it (newest-first
 * input, as the run history is read). The biggest reasons over the window get their own series.
 */
export function outstandingTrend(runs: readonly RunRecord[], maxRuns: number = TREND_RUNS): OutstandingTrend {
  const finished = runs.filter((run) => run.status !== 'running');
  const recorded = finished.filter(
    (run): run is RunRecord & { outstanding: OutstandingCounts } => run.outstanding !== undefined,
  );
  const window = recorded.slice(0, maxRuns).reverse();
  const totals = new Map<FixReason, number>();
  for (const run of window) {
    for (const reason of FIX_REASONS) {
      const count = run.outstanding[reason] ?? 0;
      if (count > 0) totals.set(reason, (totals.get(reason) ?? 0) + count);
    }
  }
  const ranked = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || FIX_REASONS.indexOf(a[0]) - FIX_REASONS.indexOf(b[0]))
    .map(([reason]) => reason);
  // "Other" only when it would hold more than one reason: otherwise that reason gets its own series.
  const own = ranked.length <= TREND_SERIES + 1 ? ranked : ranked.slice(0, TREND_SERIES);
  const ownSet = new Set(own);
  const series: TrendSeries[] = own.map((key) => ({ key, label: seriesLabel(key) }));
  if (own.length < ranked.length) series.push({ key: OTHER_SERIES, label: 'Other reasons' });
  const points = window.map((run): TrendPoint => {
    const values = own.map((reason) => run.outstanding[reason] ?? 0);
    let other = 0;
    let total = 0;
    for (const reason of FIX_REASONS) {
      const count = run.outstanding[reason] ?? 0;
      total += count;
      if (!ownSet.has(reason)) other += count;
    }
    if (own.length < ranked.length) values.push(other);
    return { runId: run.id, at: run.finishedAt ?? run.startedAt, kind: run.kind, values, total };
  });
  const withoutCounts = finished.slice(0, maxRuns).filter((run) => run.outstanding === undefined).length;
  return { series, points, withoutCounts };
}

export interface DayCalls {
  /** Local midnight starting the day (epoch ms). */
  readonly day: number;
  readonly calls: number;
}

function localMidnight(at: number): number {
  const date = new Date(at);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** The local midnight `days` calendar days before the one starting at `midnight` (DST-safe). */
function daysBefore(midnight: number, days: number): number {
  const date = new Date(midnight);
  date.setDate(date.getDate() - days);
  return date.getTime();
}

/**
 * API calls per local calendar day over the last `days` days up to `now`, oldest first, a day with no
 * runs counting 0. A run's calls count on the day it started (runs take minutes, not days).
 */
export function callsPerDay(runs: readonly RunRecord[], now: number, days: number = CALL_DAYS): DayCalls[] {
  const today = localMidnight(now);
  const out: DayCalls[] = [];
  const index = new Map<number, number>();
  for (let back = days - 1; back >= 0; back--) {
    const day = daysBefore(today, back);
    index.set(day, out.length);
    out.push({ day, calls: 0 });
  }
  for (const run of runs) {
    const at = index.get(localMidnight(run.startedAt));
    const slot = at === undefined ? undefined : out[at];
    if (at !== undefined && slot !== undefined) out[at] = { day: slot.day, calls: slot.calls + run.apiCalls };
  }
  return out;
}

/**
 * Round tick values for an axis from 0 to at least `max`: steps of 1, 2 or 5 × 10ⁿ, about `count`
 * of them. The last tick is the axis' top.
 */
export function axisTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let value = 0; value < max + step; value += step) {
    ticks.push(Math.round(value * 1e6) / 1e6);
    if (value >= max) break;
  }
  return ticks;
}
