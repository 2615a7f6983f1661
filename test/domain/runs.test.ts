/** The run record's write rules (S6, S7): the attempt fence and progress that never goes backwards. */
import { describe, expect, it } from 'vitest';
import { assertCurrentAttempt, mergeRunProgress, runAttempt, type RunRecord } from '../../src/domain/runs';
import { asTenantId } from '../../src/domain/ids';
import { run } from '../contracts/records';

const TENANT = asTenantId('11111111-2222-4333-8444-555555555555');
const onAttempt = (attempt: number, overrides: Partial<RunRecord> = {}): RunRecord =>
  run('r', { status: 'running', checkpoint: { tenantId: TENANT, attempt, resumedAt: [] }, ...overrides });

describe('the attempt fence', () => {
  it('refuses a write from an older attempt with sync/taken-over, and allows the same or a newer one', () => {
    expect(() => assertCurrentAttempt(onAttempt(2), onAttempt(1))).toThrow(
      expect.objectContaining({ code: 'sync/taken-over' }),
    );
    expect(() => assertCurrentAttempt(onAttempt(2), onAttempt(2))).not.toThrow();
    expect(() => assertCurrentAttempt(onAttempt(2), onAttempt(3))).not.toThrow();
    expect(() => assertCurrentAttempt(undefined, onAttempt(1))).not.toThrow();
  });

  it('counts a run written before checkpoints existed as attempt 1', () => {
    expect(runAttempt(run('old'))).toBe(1);
    expect(() => assertCurrentAttempt(run('old'), onAttempt(1))).not.toThrow();
  });
});

describe('a progress write outside a batch', () => {
  it('never takes the run back to fewer clients, older counts, fewer bytes, calls or an older heartbeat', () => {
    const committed = onAttempt(1, { clientsProcessed: 500, bytesReceived: 2_000, apiCalls: 2, heartbeatAt: 90 });
    const counts = { ...committed.counts, client: { ...committed.counts.client, imported: 500 } };
    const stored = { ...committed, counts };
    const stale = onAttempt(1, {
      clientsProcessed: 0,
      bytesReceived: 1_500,
      apiCalls: 1,
      heartbeatAt: 80,
      phase: 'downloading',
    });
    expect(mergeRunProgress(stored, stale)).toMatchObject({
      clientsProcessed: 500,
      counts,
      bytesReceived: 2_000,
      apiCalls: 2,
      heartbeatAt: 90,
      phase: 'downloading',
    });
  });

  it('moves forward when it is newer, and never reopens an ended run', () => {
    const stored = onAttempt(1, { clientsProcessed: 500, bytesReceived: 2_000 });
    const newer = onAttempt(1, { clientsProcessed: 1_000, bytesReceived: 4_000 });
    expect(mergeRunProgress(stored, newer)).toEqual(newer);
    const ended = onAttempt(1, { status: 'succeeded', clientsProcessed: 2_000 });
    expect(mergeRunProgress(ended, newer)).toEqual(ended);
  });

  it('is the takeover when it comes from a newer attempt, and is refused from an older one', () => {
    const stored = onAttempt(1, { clientsProcessed: 900 });
    const resumed = onAttempt(2, { clientsProcessed: 0 });
    expect(mergeRunProgress(stored, resumed)).toEqual(resumed);
    expect(() => mergeRunProgress(resumed, stored)).toThrow(expect.objectContaining({ code: 'sync/taken-over' }));
  });
});
