/** Construction of run records: one place decides what a new run looks like. */
import type { RunKind, RunRecord, RunTrigger } from '../../domain/runs';
import { emptyCounts } from '../../domain/runs';
import type { RunId } from '../../domain/ids';

export function newRunRecord(params: { id: RunId; kind: RunKind; trigger: RunTrigger; now: number }): RunRecord {
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
