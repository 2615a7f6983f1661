import { toWireError, type WireError } from '../../domain/errors';
import type { RunApplied, RunPhase, RunRecord, RunWait } from '../../domain/runs';
import type { SyncSession } from '../session/session';
import type { SyncEnv } from './run-sync';

/**
 * While XPM's answer streams in, progress (bytes, clients read, heartbeat) is written this often
 * between batches (S6): the page's figures move at least four times a second, and IndexedDB sees a
 * handful of small writes per second, not one per chunk.
 */
export const PROGRESS_WRITE_INTERVAL_MS = 250;

/** The run record as it evolves, written to the store as progress (S6). */
export class RunRecorder {
  private record: RunRecord;
  private session: SyncSession | null = null;
  private lastWrite = 0;
  /** Clients read from the list so far (kept apart from the record: it moves once per client). */
  private clientsRead = 0;

  constructor(
    initial: RunRecord,
    private readonly env: SyncEnv,
  ) {
    this.record = initial;
  }

  attach(session: SyncSession): void {
    this.session = session;
  }

  snapshot(): RunRecord {
    const now = this.env.clock.now();
    this.record = {
      ...this.record,
      heartbeatAt: now,
      clientsRead: this.clientsRead,
      ...(this.session
        ? {
            counts: this.session.counts(),
            clientsProcessed: this.session.clientsProcessed,
            ...this.session.findingsSummary(),
          }
        : {}),
    };
    this.lastWrite = now;
    return this.record;
  }

  patch(fields: Partial<Pick<RunRecord, 'phase' | 'bytesExpected' | 'modifiedSince'>> & { phase?: RunPhase }): void {
    this.record = { ...this.record, ...fields };
    this.write();
  }

  /** One more request handed to the network: "API calls used" counts what Xero counts, answered or not. */
  sent(): void {
    const waited = (this.record.wait ?? null) !== null;
    this.record = { ...this.record, apiCalls: this.record.apiCalls + 1, wait: null };
    if (waited) this.write(); // the wait is over: the page stops counting down now
  }

  /** The run waits before its next request (a rate limit, a retry): shown at once, with its end. */
  waiting(wait: RunWait): void {
    this.record = { ...this.record, wait };
    this.write();
  }

  /** One more client read from XPM's answer. */
  clientRead(): void {
    this.clientsRead += 1;
  }

  /** Clients read from XPM's answer by this attempt. */
  get read(): number {
    return this.clientsRead;
  }

  /**
   * The completeness check's figures (M8), from what the store committed: never from a batch whose
   * transaction failed. Null for a resumed run that ended before it could count (its earlier attempts'
   * figures are in their batch rows).
   */
  private applied(): RunApplied | null {
    if (this.session !== null) {
      const committed = this.session.committedProgress();
      return {
        clientsRead: this.clientsRead,
        clientsCommitted: committed.clientsCommitted,
        staffCommitted: committed.staffCommitted,
      };
    }
    const resumed = (this.record.checkpoint?.resumedAt.length ?? 0) > 0;
    return resumed ? null : { clientsRead: this.clientsRead, clientsCommitted: 0, staffCommitted: false };
  }

  observe(response: Response, dayRemaining: number | null): void {
    const date = response.headers.get('date');
    const serverDate =
      this.record.serverDate ??
      (date !== null && !Number.isNaN(Date.parse(date)) ? new Date(Date.parse(date)).toISOString() : null);
    this.record = {
      ...this.record,
      serverDate,
      dayLimitRemaining: dayRemaining ?? this.record.dayLimitRemaining,
    };
  }

  bytes(received: number): void {
    this.record = { ...this.record, bytesReceived: received };
  }

  /** After each chunk of the answer: writes the progress when the last write is PROGRESS_WRITE_INTERVAL_MS old. */
  progress(): void {
    if (this.env.clock.now() - this.lastWrite >= PROGRESS_WRITE_INTERVAL_MS) this.write();
  }

  private write(): void {
    void this.env.store.putRun(this.snapshot()).catch(() => undefined);
  }

  /** The final record of a run whose every client read was committed (the caller checked, M8). */
  complete(counts: RunRecord['counts'], finishedAt: number): RunRecord {
    const snapshot = this.snapshot();
    const applied: RunApplied = {
      clientsRead: this.clientsRead,
      clientsCommitted: snapshot.clientsProcessed,
      staffCommitted: true,
    };
    this.record = { ...snapshot, counts, status: 'succeeded', phase: 'done', finishedAt, wait: null, applied };
    return this.record;
  }

  async fail(error: WireError, status: 'failed' | 'cancelled' | 'paused'): Promise<RunRecord> {
    const finishedAt = this.env.clock.now();
    const applied = this.applied();
    const committed = this.session?.committedProgress();
    this.record = {
      ...this.snapshot(),
      // What the store holds: a batch whose transaction failed is not counted (M8).
      ...(committed ? { counts: committed.counts, clientsProcessed: committed.clientsProcessed } : {}),
      status,
      phase: 'done',
      finishedAt,
      error,
      wait: null,
      ...(applied ? { applied } : {}),
    };
    // Another tab resumed this run while this one was frozen: the run is theirs, nothing is written.
    if (error.code === 'sync/taken-over') return this.record;
    const retryAt = error.detail.retryAt;
    // A Resync All that saved some clients is completed by the next run, which lists everything too.
    const unfinishedFull = this.record.kind === 'full' && (applied?.clientsCommitted ?? 0) > 0;
    try {
      await this.env.store.transact(async (tx) => {
        if ((status === 'paused' && retryAt !== undefined) || unfinishedFull) {
          const state = await tx.getState();
          await tx.putState({
            ...state,
            ...(status === 'paused' && retryAt !== undefined
              ? { pausedUntil: Math.max(state.pausedUntil ?? 0, retryAt) }
              : {}),
            ...(unfinishedFull ? { unfinishedFullRun: this.record.id } : {}),
          });
        }
        // The run has ended: it will not be resumed, so what its batches did need not be kept.
        await tx.deleteBatchOutcomes(this.record.id);
        await tx.putRun(this.record);
      });
    } catch (storeError) {
      // The store itself failing (e.g. quota) must not hide the run's own outcome from the caller.
      this.env.log.error('sync-run-record-failed', { runId: this.record.id, code: toWireError(storeError).code });
    }
    return this.record;
  }
}
