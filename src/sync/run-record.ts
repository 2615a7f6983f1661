/** Construction of run records: one place decides what a new run looks like. */
import type { RunKind, RunRecord, RunTrigger } from './model';
import { emptyCounts } from './model';

export function newRunRecord(params: { id: string; kind: RunKind; trigger: RunTrigger; now: number }): RunRecord {
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
    counts: emptyCounts(),
    apiCalls: 0,
    modifiedSince: null,
    serverDate: null,
    dayLimitRemaining: null,
    error: null,
  };
}
