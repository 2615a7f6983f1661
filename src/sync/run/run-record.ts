/** Construction of run records: one place decides what a new run, and a resumed one, looks like. */
import type { RunKind, RunRecord, RunTrigger } from '../../domain/runs';
import { emptyCounts, runAttempt } from '../../domain/runs';
import type { RunId, TenantId } from '../../domain/ids';

export function newRunRecord(params: {
  id: RunId;
  kind: RunKind;
  trigger: RunTrigger;
  /** The practice a worker run reads (a run without one, like the command line's plan, cannot resume). */
  tenantId?: TenantId;
  now: number;
}): RunRecord {
  return {
    id: params.id,
    kind: params.kind,
    trigger: params.trigger,
    status: 'running',
    phase: 'connecting',
    startedAt: params.now,
    finishedAt: null,
    heartbeatAt: params.now,
    bytesReceived: 0,
    bytesExpected: null,
    clientsProcessed: 0,
    clientsRead: 0,
    wait: null,
    counts: emptyCounts(),
    apiCalls: 0,
    modifiedSince: null,
    serverDate: null,
    dayLimitRemaining: null,
    error: null,
    ...(params.tenantId === undefined ? {} : { checkpoint: { tenantId: params.tenantId, attempt: 1, resumedAt: [] } }),
  };
}

/**
 * The next attempt of an interrupted run (S7): the same run — id, kind, trigger, start, the server
 * time its watermark will be, the calls it has made — on a higher attempt, so the interrupted
 * attempt's writes are refused from now on. Progress starts again (the list is downloaded again);
 * the counts are rebuilt from what the earlier attempts committed.
 */
export function resumedRunRecord(interrupted: RunRecord, tenantId: TenantId, now: number): RunRecord {
  return {
    ...interrupted,
    status: 'running',
    phase: 'connecting',
    finishedAt: null,
    heartbeatAt: now,
    bytesReceived: 0,
    bytesExpected: null,
    clientsProcessed: 0,
    clientsRead: 0,
    wait: null,
    error: null,
    checkpoint: {
      tenantId,
      attempt: runAttempt(interrupted) + 1,
      resumedAt: [...(interrupted.checkpoint?.resumedAt ?? []), now],
    },
  };
}
