/** Totals of a run's counts across contacts, clients and staff. */
import type { EntityCounts, RunRecord } from '../../../domain/runs';

export function runTotal(run: RunRecord, key: keyof EntityCounts): number {
  return run.counts.contact[key] + run.counts.client[key] + run.counts.staff[key];
}
