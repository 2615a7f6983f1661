/** The user's settings (PRODUCT.md U4): what the engine imports, and how the app behaves. */
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';
import { DEFAULT_RETENTION, type RetentionSettings } from './retention';

/** Settings that change what the engine imports (PRODUCT.md U4). */
export interface SyncOptions {
  /** ISO 3166-1 alpha-2 country applied to numbers written without `+` (default AU). */
  readonly defaultCountry: string;
  /** Email of the staff member used when a client has no partner in XPM (R11). */
  readonly defaultPartnerEmail: string | null;
  readonly includeArchived: boolean;
  /** Import the number found in a mobile field that also holds notes (R2 option). */
  readonly rescueNumbers: boolean;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  defaultCountry: 'AU',
  defaultPartnerEmail: null,
  includeArchived: false,
  rescueNumbers: false,
};

export interface Settings extends SyncOptions, NotificationSettings, RetentionSettings {
  /** Hourly syncs while a tab is open (S2). */
  readonly scheduleEnabled: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  ...DEFAULT_SYNC_OPTIONS,
  scheduleEnabled: true,
  ...DEFAULT_NOTIFICATION_SETTINGS,
  ...DEFAULT_RETENTION,
};
