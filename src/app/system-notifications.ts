/**
 * The browser's Notification API and app badge, behind a small interface the failure notifier and the
 * Settings page use. Both are optional in browsers (no Notification on iOS outside an installed app;
 * badges only where the platform has them), so every call degrades to doing nothing.
 *
 * The page shows the notification itself (`new Notification`): a dedicated worker cannot show one
 * without a service worker registration, and the app must not depend on having one. Where the page
 * constructor is refused (Chrome on Android) a service worker registration is used if there is one.
 */

export type PermissionState = NotificationPermission | 'unsupported';

export interface ShownNotification {
  readonly title: string;
  readonly body: string;
  /** Notifications with the same tag replace each other instead of piling up. */
  readonly tag: string;
  readonly onClick: () => void;
}

export interface SystemNotifications {
  permission(): PermissionState;
  /** Asks the browser; must be called from a click (browsers ignore requests made without one). */
  requestPermission(): Promise<PermissionState>;
  /** Shows a notification; false when the browser could not. */
  show(notification: ShownNotification): Promise<boolean>;
  /** Sets the app badge to `count`, or clears it for null. */
  setBadge(count: number | null): Promise<void>;
}

function notificationApi(): typeof Notification | undefined {
  return typeof Notification === 'undefined' ? undefined : Notification;
}

async function showThroughServiceWorker(notification: ShownNotification): Promise<boolean> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return false;
  const registration = await navigator.serviceWorker.getRegistration();
  if (registration === undefined) return false;
  await registration.showNotification(notification.title, { body: notification.body, tag: notification.tag });
  return true;
}

/** The real browser APIs, looked up at each call (tests replace the globals). */
export const browserNotifications: SystemNotifications = {
  permission: () => notificationApi()?.permission ?? 'unsupported',

  requestPermission: async () => {
    const api = notificationApi();
    if (api === undefined) return 'unsupported';
    try {
      return await api.requestPermission();
    } catch {
      return api.permission;
    }
  },

  show: async (notification) => {
    const api = notificationApi();
    if (api === undefined || api.permission !== 'granted') return false;
    try {
      const shown = new api(notification.title, { body: notification.body, tag: notification.tag });
      shown.onclick = () => {
        notification.onClick();
        shown.close();
      };
      return true;
    } catch {
      return showThroughServiceWorker(notification).catch(() => false);
    }
  },

  setBadge: async (count) => {
    if (typeof navigator === 'undefined') return;
    try {
      if (count === null) {
        if ('clearAppBadge' in navigator) await navigator.clearAppBadge();
      } else if ('setAppBadge' in navigator) {
        await navigator.setAppBadge(count);
      }
    } catch {
      // Not installed, or the platform has no badges: the banner still says it.
    }
  },
};
