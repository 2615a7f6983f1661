/** Which interrupted runs are resumed and which are settled, and what a settled one says (S7). */
import { describe, expect, it } from 'vitest';
import {
  decideInterruptedRun,
  decideTakeover,
  MAX_RUN_ATTEMPTS,
  newestFirst,
  RESUME_WITHIN_MS,
  settledRunRecord,
} from '../../../src/sync/run/interrupted-runs';
import { NO_CONNECTION, type ConnectionInfo } from '../../../src/domain/connection';
import { asTenantId } from '../../../src/domain/ids';
import type { RunRecord } from '../../../src/domain/runs';
import { run } from '../../contracts/records';
import { RUN_HEARTBEAT_STALE_MS } from '../../../src/domain/schedule';

const TENANT = asTenantId('11111111-2222-4333-8444-555555555555');
const OTHER = asTenantId('99999999-9999-4999-8999-999999999999');
const CONNECTED: ConnectionInfo = { ...NO_CONNECTION, status: 'connected', tenantId: TENANT, firstSyncStarted: true };
const NOW = 10 * RESUME_WITHIN_MS;
const interrupted = (overrides: Partial<RunRecord> = {}): RunRecord =>
  run('r', {
    status: 'running',
    startedAt: NOW - 60_000,
    heartbeatAt: NOW - 40_000,
    checkpoint: { tenantId: TENANT, attempt: 1, resumedAt: [] },
    ...overrides,
  });

describe('decideInterruptedRun', () => {
  it('resumes a run of the connected practice, recently interrupted', () => {
    expect(decideInterruptedRun(interrupted(), CONNECTED, NOW)).toEqual({ action: 'resume' });
  });

  it.each([
    ['written by an earlier version (no checkpoint)', run('r', { status: 'running' }), CONNECTED, /earlier version/],
    [
      'of another practice',
      interrupted({ checkpoint: { tenantId: OTHER, attempt: 1, resumedAt: [] } }),
      CONNECTED,
      /no longer the connected one/,
    ],
    [
      'while the connection needs reconnecting',
      interrupted(),
      { ...CONNECTED, status: 'reconnect-needed' as const },
      /no longer the connected one/,
    ],
    [
      'after a disconnect',
      interrupted(),
      { ...CONNECTED, status: 'disconnected' as const },
      /no longer the connected one/,
    ],
    [
      `interrupted ${MAX_RUN_ATTEMPTS} times`,
      interrupted({ checkpoint: { tenantId: TENANT, attempt: MAX_RUN_ATTEMPTS, resumedAt: [1, 2, 3, 4] } }),
      CONNECTED,
      /interrupted 5 times/,
    ],
    [
      'started more than a day ago',
      interrupted({ startedAt: NOW - RESUME_WITHIN_MS - 1 }),
      CONNECTED,
      /more than a day/,
    ],
  ])('settles a run %s, saying why', (_what, record, connection, why) => {
    const decision = decideInterruptedRun(record, connection, NOW);
    expect(decision).toMatchObject({ action: 'settle', error: { code: 'sync/interrupted' } });
    if (decision.action === 'settle') expect(decision.error.message).toMatch(why);
  });

  it('settles on a higher attempt (a tab waking later cannot reopen it) and ends it at its last sign of life', () => {
    const record = interrupted();
    const decision = decideInterruptedRun(record, NO_CONNECTION, NOW);
    if (decision.action !== 'settle') throw new Error('expected settle');
    expect(settledRunRecord(record, decision.error)).toMatchObject({
      status: 'abandoned',
      phase: 'done',
      finishedAt: record.heartbeatAt,
      error: { code: 'sync/interrupted' },
      checkpoint: { attempt: 2 },
    });
  });

  it('orders several interrupted runs newest first', () => {
    const older = interrupted({ startedAt: 1 });
    const newer = interrupted({ startedAt: 2 });
    expect(newestFirst([older, newer])).toEqual([newer, older]);
  });
});

describe('decideTakeover (S2, S7: the run lock and its heartbeat)', () => {
  it('nothing to do without interrupted runs; continues them when no tab holds the lock', () => {
    expect(decideTakeover([], true, NOW)).toBe('none');
    expect(decideTakeover([], false, NOW)).toBe('none');
    expect(decideTakeover([{ heartbeatAt: NOW }], false, NOW)).toBe('continue');
  });

  it('leaves a run whose tab holds the lock and beats; steals it once the newest beat is stale', () => {
    const fresh = NOW - RUN_HEARTBEAT_STALE_MS + 1;
    expect(decideTakeover([{ heartbeatAt: fresh }], true, NOW)).toBe('leave');
    expect(decideTakeover([{ heartbeatAt: NOW - RUN_HEARTBEAT_STALE_MS }], true, NOW)).toBe('steal');
    // Several records: the newest beat decides (an old abandoned record does not make a live run stale).
    expect(decideTakeover([{ heartbeatAt: 0 }, { heartbeatAt: fresh }], true, NOW)).toBe('leave');
  });
});
