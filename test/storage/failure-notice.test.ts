import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDB } from '../../src/storage/db';
import { openAppDB } from '../../src/storage/open';
import { readSettings, updateSettings, writeKv } from '../../src/storage/kv';
import { claimFailureNotification, readFailureNotice, streakRuns } from '../../src/storage/failure-notice';
import { failureStreak, NEVER_NOTIFIED, NOTIFY_AT_MOST_EVERY_MS } from '../../src/domain/failure-notice';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import type { RunStatus } from '../../src/domain/runs';
import { run } from '../contracts/records';
import { destroy, freshDbName } from './support/dexie';

const HOUR = 60 * 60_000;
const T = 1_800_000_000_000;

let db: AppDB;
beforeEach(async () => {
  db = await openAppDB(freshDbName());
});
afterEach(async () => {
  await destroy(db);
});

async function addRuns(...statuses: RunStatus[]): Promise<void> {
  await db.runs.bulkPut(
    statuses.map((status, i) =>
      run(`r${i}`, { status, startedAt: T + i * HOUR, finishedAt: T + i * HOUR + 60_000, heartbeatAt: T + i * HOUR }),
    ),
  );
}

describe('failure notice storage (S10)', () => {
  it('reads runs newest first down to the newest success, and no further', async () => {
    await addRuns('failed', 'succeeded', 'failed', 'cancelled', 'failed', 'running');
    const runs = await streakRuns(db);
    expect(runs.map((r) => r.status)).toEqual(['running', 'failed', 'cancelled', 'failed', 'succeeded']);
    expect(failureStreak(runs).count).toBe(2);
  });

  it('lets exactly one of two tabs claim the same notification', async () => {
    await addRuns('succeeded', 'failed', 'failed', 'failed');
    await updateSettings(db, { notificationsEnabled: true });
    const streak = failureStreak(await streakRuns(db));
    // A second connection to the same database stands for a second tab.
    const otherTab = new AppDB(db.name);
    await otherTab.open();
    const now = T + 4 * HOUR;
    const claims = await Promise.all([
      claimFailureNotification(db, streak, now),
      claimFailureNotification(otherTab, streak, now + 1),
      claimFailureNotification(db, streak, now + 2),
      claimFailureNotification(otherTab, streak, now + 3),
    ]);
    otherTab.close();
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = claims.indexOf(true);
    expect(await readFailureNotice(db)).toEqual({ lastNotifiedAt: now + winner });
  });

  it('claims nothing within 24 hours, and again after them once a run has failed since', async () => {
    await addRuns('succeeded', 'failed', 'failed', 'failed');
    await updateSettings(db, { notificationsEnabled: true });
    const firstAt = T + 4 * HOUR;
    expect(await claimFailureNotification(db, failureStreak(await streakRuns(db)), firstAt)).toBe(true);
    await db.runs.put(run('r4', { status: 'failed', startedAt: T + 5 * HOUR, finishedAt: T + 5 * HOUR + 60_000 }));
    const four = failureStreak(await streakRuns(db));
    expect(await claimFailureNotification(db, four, T + 5 * HOUR + 120_000)).toBe(false);
    expect(await claimFailureNotification(db, four, firstAt + NOTIFY_AT_MOST_EVERY_MS)).toBe(true);
    expect(await readFailureNotice(db)).toEqual({ lastNotifiedAt: firstAt + NOTIFY_AT_MOST_EVERY_MS });
  });

  it('claims nothing while notifications are off, and spends no slot', async () => {
    await addRuns('failed', 'failed', 'failed');
    const streak = failureStreak(await streakRuns(db));
    expect(await claimFailureNotification(db, streak, T + 4 * HOUR)).toBe(false);
    expect(await readFailureNotice(db)).toEqual(NEVER_NOTIFIED);
  });

  it('reads a garbled "last notified" as never notified', async () => {
    for (const garbage of ['yesterday', { lastNotifiedAt: Number.NaN }, { lastNotifiedAt: '1' }, [1], null]) {
      await writeKv(db, 'failureNotice', garbage);
      expect(await readFailureNotice(db)).toEqual(NEVER_NOTIFIED);
    }
  });

  it('keeps the notification settings, and drops a stored name or email the Settings page would refuse', async () => {
    await updateSettings(db, {
      notificationsEnabled: true,
      responsibleName: 'Sam Lee',
      responsibleEmail: 'sam@example.com',
    });
    expect(await readSettings(db)).toEqual({
      ...DEFAULT_SETTINGS,
      notificationsEnabled: true,
      responsibleName: 'Sam Lee',
      responsibleEmail: 'sam@example.com',
    });
    await writeKv(db, 'settings', {
      ...DEFAULT_SETTINGS,
      notificationsEnabled: 'yes',
      responsibleName: '  padded  ',
      responsibleEmail: 'sam@example.com; jo@example.com',
      includeArchived: true,
    });
    expect(await readSettings(db)).toEqual({ ...DEFAULT_SETTINGS, includeArchived: true });
  });
});
