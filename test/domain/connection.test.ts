import { describe, expect, it } from 'vitest';
import {
  type ConnectionEvent,
  type ConnectionInfo,
  connectionView,
  isResolvedConnectionError,
  NO_CONNECTION,
  reduceConnection,
  resumableConnectStep,
} from '../../src/domain/connection';
import { tid } from '../support/ids';

const AT = Date.UTC(2026, 11, 7, 9, 0, 0);
const SMITH = { tenantId: tid('t-1'), connectionId: 'c-1', practiceName: 'Smith & Co', name: 'Smith' };
const connectSmith: ConnectionEvent = { type: 'connected', ...SMITH, at: AT };

function run(events: readonly ConnectionEvent[], from: ConnectionInfo = NO_CONNECTION): ConnectionInfo {
  return events.reduce(reduceConnection, from);
}

describe('reduceConnection (C1–C6)', () => {
  it('signs in, connects a practice, starts the first sync', () => {
    const signedIn = run([{ type: 'signed-in' }]);
    expect(signedIn.status).toBe('authorized');
    const connected = run([connectSmith], signedIn);
    expect(connected).toEqual({
      status: 'connected',
      ...SMITH,
      connectedAt: AT,
      firstSyncStarted: false,
      reason: null,
    });
    expect(run([{ type: 'first-sync-started' }], connected).firstSyncStarted).toBe(true);
  });

  it('invalid_grant and a revoked grant both need a reconnect, with the reason; a refreshed token changes nothing', () => {
    const syncing = run([{ type: 'signed-in' }, connectSmith, { type: 'first-sync-started' }]);
    expect(reduceConnection(syncing, { type: 'token-refreshed' })).toBe(syncing);
    for (const type of ['invalid-grant', 'revoked'] as const) {
      const broken = reduceConnection(syncing, { type, reason: 'Xero no longer accepts this connection.' });
      expect(broken).toMatchObject({ status: 'reconnect-needed', reason: 'Xero no longer accepts this connection.' });
    }
  });

  it('a reconnect of the same practice clears "reconnect needed" and carries on syncing (no new preview)', () => {
    const broken = run([
      { type: 'signed-in' },
      connectSmith,
      { type: 'first-sync-started' },
      { type: 'invalid-grant', reason: 'gone' },
    ]);
    const signedIn = reduceConnection(broken, { type: 'signed-in' });
    expect(signedIn).toMatchObject({ status: 'authorized', reason: null, firstSyncStarted: true });
    const reconnected = reduceConnection(signedIn, { ...connectSmith, at: AT + 1_000 });
    expect(reconnected).toMatchObject({
      status: 'connected',
      reason: null,
      firstSyncStarted: true,
      connectedAt: AT + 1_000,
    });
    expect(connectionView(reconnected)).toMatchObject({ canResync: true, reconnectNeeded: false });
  });

  it('another practice starts with the preview; after a disconnect, connecting again does too', () => {
    const syncing = run([{ type: 'signed-in' }, connectSmith, { type: 'first-sync-started' }]);
    const other = run([{ type: 'signed-in' }, { ...connectSmith, tenantId: tid('t-2'), connectionId: 'c-2' }], syncing);
    expect(other.firstSyncStarted).toBe(false);
    const again = run([{ type: 'disconnected' }, { type: 'signed-in' }, connectSmith], syncing);
    expect(again.firstSyncStarted).toBe(false);
  });

  it('a failure reported after a disconnect or during a new sign-in does not bring "reconnect needed" back', () => {
    const syncing = run([{ type: 'signed-in' }, connectSmith, { type: 'first-sync-started' }]);
    const disconnected = reduceConnection(syncing, { type: 'disconnected' });
    expect(reduceConnection(disconnected, { type: 'revoked', reason: 'late' })).toBe(disconnected);
    const signingIn = reduceConnection(syncing, { type: 'signed-in' });
    expect(reduceConnection(signingIn, { type: 'invalid-grant', reason: 'late' })).toBe(signingIn);
  });
});

describe('what the page shows (connectionView, isResolvedConnectionError)', () => {
  it('the buttons work only when connected with the first sync started', () => {
    expect(connectionView(NO_CONNECTION)).toMatchObject({ canResync: false, reconnectNeeded: false });
    const connected = run([{ type: 'signed-in' }, connectSmith]);
    expect(connectionView(connected)).toMatchObject({ canResync: false, firstSyncPending: true });
    const broken = run([{ type: 'first-sync-started' }, { type: 'revoked', reason: 'x' }], connected);
    expect(connectionView(broken)).toMatchObject({ canResync: false, reconnectNeeded: true, firstSyncPending: false });
  });

  it('a run that failed on the lost connection is history once the practice is connected again', () => {
    const failed = { error: { code: 'auth/reconnect-needed' }, startedAt: AT, finishedAt: AT + 5_000 };
    const broken = run([{ type: 'signed-in' }, connectSmith, { type: 'invalid-grant', reason: 'x' }]);
    expect(isResolvedConnectionError(failed, broken)).toBe(false);
    const reconnected = run([{ type: 'signed-in' }, { ...connectSmith, at: AT + 60_000 }], broken);
    expect(isResolvedConnectionError(failed, reconnected)).toBe(true);
    expect(isResolvedConnectionError({ ...failed, error: { code: 'xpm/status-error' } }, reconnected)).toBe(false);
    expect(isResolvedConnectionError({ ...failed, finishedAt: AT + 120_000 }, reconnected)).toBe(false);
  });
});

describe('resumableConnectStep (a reloaded /callback)', () => {
  it('resumes the practice choice, the preview, or sends a syncing connection to Sync; else start again', () => {
    const signedIn = run([{ type: 'signed-in' }]);
    expect(resumableConnectStep(signedIn, true)).toBe('choose');
    expect(resumableConnectStep(signedIn, false)).toBe('start-again');
    const connected = run([connectSmith], signedIn);
    expect(resumableConnectStep(connected, true)).toBe('preview');
    expect(resumableConnectStep(run([{ type: 'first-sync-started' }], connected), true)).toBe('done');
    expect(resumableConnectStep(NO_CONNECTION, true)).toBe('start-again');
    expect(resumableConnectStep(run([{ type: 'revoked', reason: 'x' }], connected), true)).toBe('start-again');
  });
});
