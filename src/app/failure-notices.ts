/**
 * S10 on the page: the failure streak read live from the run history, and the notifier that turns it
 * into a system notification and the app badge. Every open tab runs the notifier; the claim in
 * storage/failure-notice.ts lets exactly one of them show each notification.
 */
import { type Accessor, createEffect, createMemo, on, untrack } from 'solid-js';
import type { ConnectionInfo } from '../domain/connection';
import {
  badgeCount,
  type FailureStreak,
  failureStreak,
  NO_FAILURE_STREAK,
  needsAttention,
} from '../domain/failure-notice';
import { responsibleLabel } from '../domain/notification-settings';
import { DEFAULT_SETTINGS, type Settings } from '../domain/settings';
import type { SyncState } from '../domain/sync-state';
import type { AppDB } from '../storage/db';
import { claimFailureNotification, streakRuns } from '../storage/failure-notice';
import { readSettings } from '../storage/kv';
import { errorHelp } from './error-help';
import { formatDateTime } from './format';
import { createLiveQuery, type LiveQuery } from './primitives/createLiveQuery';
import type { SystemNotifications } from './system-notifications';

/** One tag for every failure notification, so a new one replaces the last instead of piling up. */
export const FAILURE_NOTIFICATION_TAG = 'xpm-contact-sync-failures';

export interface FailureNotices {
  /** The failed runs in a row (changes only when a run ends, not on every progress write). */
  readonly streak: Accessor<FailureStreak>;
  readonly settings: LiveQuery<Settings>;
  /** Both the runs and the settings have been read. */
  readonly loaded: Accessor<boolean>;
  /** The banner shows and the badge counts: enough failures in a row, with a practice connected. */
  readonly active: Accessor<boolean>;
}

function sameStreak(a: FailureStreak, b: FailureStreak): boolean {
  return a.count === b.count && a.latest?.id === b.latest?.id && a.latest?.status === b.latest?.status;
}

export function createFailureNotices(
  db: AppDB,
  app: { readonly connection: Accessor<ConnectionInfo> },
): FailureNotices {
  const runs = createLiveQuery(() => streakRuns(db), []);
  const settings = createLiveQuery(() => readSettings(db), DEFAULT_SETTINGS);
  const streak = createMemo(() => (runs.loaded() ? failureStreak(runs()) : NO_FAILURE_STREAK), NO_FAILURE_STREAK, {
    equals: sameStreak,
  });
  return {
    streak,
    settings,
    loaded: () => runs.loaded() && settings.loaded(),
    // After Disconnect the old failures are history, not something to fix.
    active: () => needsAttention(streak()) && app.connection().status !== 'disconnected',
  };
}

/** "Last successful sync: 3 Mar 2026, 9:41 am." or that none has succeeded. */
export function lastSuccessText(lastSuccessAt: number | null): string {
  return lastSuccessAt === null
    ? 'No sync has succeeded yet.'
    : `Last successful sync: ${formatDateTime(lastSuccessAt)}.`;
}

/** The system notification's words: short, because the platform cuts long bodies. */
export function failureNotificationText(
  streak: FailureStreak,
  lastSuccessAt: number | null,
  responsible: string | null,
): { readonly title: string; readonly body: string } {
  const code = streak.latest?.error?.code;
  const reason = code === undefined ? 'The reason was not recorded.' : `${errorHelp(code).title}.`;
  const tell = responsible === null ? '' : ` Tell ${responsible}.`;
  return {
    title: `XPM Contact Sync: syncing has failed ${streak.count} times in a row`,
    body: `${reason} ${lastSuccessText(lastSuccessAt)} Open the app to see what to do.${tell}`,
  };
}

interface NotifierInput {
  readonly streak: FailureStreak;
  readonly active: boolean;
  readonly enabled: boolean;
}

const sameInput = (a: NotifierInput | null, b: NotifierInput | null): boolean =>
  a !== null && b !== null
    ? sameStreak(a.streak, b.streak) && a.active === b.active && a.enabled === b.enabled
    : a === b;

/**
 * Whenever a run ends (or notifications are turned on or off): claims and shows the notification if
 * one is due, then sets or clears the badge — in that order, one step at a time, so a badge that
 * shows the new count means the notification for it has been decided.
 */
export function startFailureNotifier(
  db: AppDB,
  notices: FailureNotices,
  app: { readonly syncState: Accessor<SyncState> },
  system: SystemNotifications,
  onOpen: () => void,
  now: () => number = Date.now,
): void {
  const input = createMemo<NotifierInput | null>(
    () =>
      notices.loaded()
        ? { streak: notices.streak(), active: notices.active(), enabled: notices.settings().notificationsEnabled }
        : null,
    null,
    { equals: sameInput },
  );
  let queue: Promise<void> = Promise.resolve();

  const apply = async ({ streak, active, enabled }: NotifierInput): Promise<void> => {
    if (active && enabled && system.permission() === 'granted') {
      const won = await claimFailureNotification(db, streak, now()).catch(() => false);
      if (won) {
        const text = failureNotificationText(
          streak,
          untrack(() => app.syncState().lastSuccessAt),
          responsibleLabel(untrack(notices.settings)),
        );
        await system.show({ ...text, tag: FAILURE_NOTIFICATION_TAG, onClick: onOpen }).catch(() => false);
      }
    }
    await system.setBadge(active && enabled ? badgeCount(streak) : null);
  };

  createEffect(
    on(input, (current) => {
      if (current === null) return;
      queue = queue.then(() => apply(current)).catch(() => undefined);
    }),
  );
}
