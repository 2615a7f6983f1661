/**
 * Typed access to the singleton values in the `kv` table. Whatever is read back from IndexedDB is
 * untrusted: the store may have been wiped, written by an older version of the app, or edited in
 * devtools. A value that fails its shape guard reads as the fallback and never crashes the caller
 * (DB-6).
 *
 * Inside a Dexie transaction these calls join that transaction (Dexie tracks it through its zone),
 * which is how the sync store reads and moves the checkpoint atomically with a batch.
 */
import type { SyncState } from '../domain/sync-state';
import { INITIAL_SYNC_STATE } from '../domain/sync-state';
import type { AppDB } from './db';
import type { ConnectionInfo } from '../domain/connection';
import { type CooldownState, NO_COOLDOWN, NOTHING_SCHEDULED, type ScheduleState } from '../domain/schedule';
import type { Settings } from '../domain/settings';
import { DEFAULT_SETTINGS } from '../domain/settings';
import { NO_CONNECTION } from '../domain/connection';
import { checkResponsibleEmail, checkResponsibleName, type FieldCheck } from '../domain/notification-settings';
import { isKeepRunLogDays, isKeepRunLogs } from '../domain/retention';

/** Every key the `kv` table may hold; a closed list so a typo cannot create a second "settings". */
export const KV_KEYS = [
  'syncState',
  'settings',
  'connection',
  'cooldown',
  'schedule',
  /** Bumped by every transaction that changes records: tells a worker its warm key index is stale. */
  'storeGeneration',
  /** The fix-list entries not about an identified XPM client (staff; clients without an id). */
  'unattributedFindings',
  /** The first rows of the Contacts and Clients lists (storage/list-heads.ts). */
  'listHeads',
  /** The fix-list's size per reason (storage/outstanding-counts.ts). */
  'outstandingCounts',
  /** When the last failure notification was shown, by any tab (storage/failure-notice.ts). */
  'failureNotice',
] as const;

export type KvKey = (typeof KV_KEYS)[number];

/** A runtime check that a value read from storage has the shape T. */
export type Guard<T> = (value: unknown) => value is T;

export function isKvKey(value: unknown): value is KvKey {
  return typeof value === 'string' && (KV_KEYS as readonly string[]).includes(value);
}

/** The value stored under `key` if it passes `guard`; otherwise (missing, garbage, older shape) `fallback`. */
export async function readKv<T>(db: AppDB, key: KvKey, fallback: T, guard: Guard<T>): Promise<T> {
  const row = await db.kv.get(key);
  if (row === undefined) return fallback;
  const value: unknown = row.value;
  return guard(value) ? value : fallback;
}

/** Replaces the value stored under `key`. */
export async function writeKv<T>(db: AppDB, key: KvKey, value: T): Promise<void> {
  await db.kv.put({ key, value });
}

// ---- shape guards ----

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNullableString(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

/** NaN or Infinity would poison every later date comparison, so they count as garbage. */
function isNullableFiniteNumber(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && Number.isFinite(value));
}

/** The watermark is sent to XPM as `modifiedsince`; an unparseable one must not leave the device. */
function isNullableTimestamp(value: unknown): value is string | null {
  return value === null || (typeof value === 'string' && !Number.isNaN(Date.parse(value)));
}

/**
 * Every field present with the right type. A partial or older shape is rejected as a whole rather
 * than patched field by field: falling back to INITIAL_SYNC_STATE only costs a full resync, which is
 * safe because upserts are idempotent (SY-2), whereas a half-trusted cursor could skip records.
 */
export function isSyncState(value: unknown): value is SyncState {
  return (
    isRecord(value) &&
    isNullableTimestamp(value['watermark']) &&
    isNullableFiniteNumber(value['lastSuccessAt']) &&
    isNullableFiniteNumber(value['lastFullSuccessAt']) &&
    isNullableString(value['lastRunId']) &&
    isNullableFiniteNumber(value['pausedUntil']) &&
    (value['unfinishedFullRun'] === undefined || isNullableString(value['unfinishedFullRun']))
  );
}

/** The engine's cursor, or INITIAL_SYNC_STATE for a new, wiped or unreadable store. */
export function readSyncState(db: AppDB): Promise<SyncState> {
  return readKv(db, 'syncState', INITIAL_SYNC_STATE, isSyncState);
}

export function writeSyncState(db: AppDB, state: SyncState): Promise<void> {
  return writeKv(db, 'syncState', state);
}

// ---- app state (src/shared/app-state.ts) ----

const CONNECTION_STATUSES: ReadonlySet<string> = new Set([
  'authorized',
  'connected',
  'reconnect-needed',
  'disconnected',
]);

export function isConnectionInfo(value: unknown): value is ConnectionInfo {
  return (
    isRecord(value) &&
    typeof value['status'] === 'string' &&
    CONNECTION_STATUSES.has(value['status']) &&
    isNullableString(value['tenantId']) &&
    isNullableString(value['connectionId']) &&
    isNullableString(value['practiceName']) &&
    isNullableString(value['name']) &&
    isNullableFiniteNumber(value['connectedAt']) &&
    typeof value['firstSyncStarted'] === 'boolean' &&
    isNullableString(value['reason'])
  );
}

export function isCooldownState(value: unknown): value is CooldownState {
  return isRecord(value) && isNullableFiniteNumber(value['manualRunStartedAt']);
}

/** A stored text field is valid when checking it again gives it back unchanged. */
function isStoredAs(check: (text: string) => FieldCheck, value: string): boolean {
  const checked = check(value);
  return checked.ok && checked.value === value;
}

/** ISO 3166-1 alpha-2, as libphonenumber-js expects. */
const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * Settings read field by field: each valid field is kept and each missing or invalid one takes its
 * default, so a settings object written by an older (or newer) version keeps what the user chose.
 * Returns null only when the value is not an object at all.
 */
export function parseSettings(value: unknown): Settings | null {
  if (!isRecord(value)) return null;
  const pick = <K extends keyof Settings>(key: K, valid: (v: unknown) => boolean): Settings[K] =>
    valid(value[key]) ? (value[key] as Settings[K]) : DEFAULT_SETTINGS[key];
  return {
    defaultCountry: pick('defaultCountry', (v) => typeof v === 'string' && COUNTRY_CODE.test(v)),
    defaultPartnerEmail: pick('defaultPartnerEmail', isNullableString),
    includeArchived: pick('includeArchived', (v) => typeof v === 'boolean'),
    rescueNumbers: pick('rescueNumbers', (v) => typeof v === 'boolean'),
    scheduleEnabled: pick('scheduleEnabled', (v) => typeof v === 'boolean'),
    notificationsEnabled: pick('notificationsEnabled', (v) => typeof v === 'boolean'),
    // Re-checked as the Settings page would: a value edited elsewhere cannot reach the banner unchecked.
    responsibleName: pick(
      'responsibleName',
      (v) => v === null || (typeof v === 'string' && isStoredAs(checkResponsibleName, v)),
    ),
    responsibleEmail: pick(
      'responsibleEmail',
      (v) => v === null || (typeof v === 'string' && isStoredAs(checkResponsibleEmail, v)),
    ),
    keepRunLogs: pick('keepRunLogs', isKeepRunLogs),
    keepRunLogDays: pick('keepRunLogDays', isKeepRunLogDays),
  };
}

export function readConnection(db: AppDB): Promise<ConnectionInfo> {
  return readKv(db, 'connection', NO_CONNECTION, isConnectionInfo);
}

export function writeConnection(db: AppDB, connection: ConnectionInfo): Promise<void> {
  return writeKv(db, 'connection', connection);
}

/**
 * One connection change as a read-modify-write transaction (`change` is the pure reducer applied to
 * the stored value; domain/connection.ts), so two tabs' changes never overwrite each other. Writes
 * nothing when `change` returns its input.
 */
export function updateConnection(
  db: AppDB,
  change: (connection: ConnectionInfo) => ConnectionInfo,
): Promise<ConnectionInfo> {
  return db.transaction('rw', db.kv, async () => {
    const before = await readConnection(db);
    const after = change(before);
    if (after !== before) await writeConnection(db, after);
    return after;
  });
}

export function readCooldown(db: AppDB): Promise<CooldownState> {
  return readKv(db, 'cooldown', NO_COOLDOWN, isCooldownState);
}

export function writeCooldown(db: AppDB, cooldown: CooldownState): Promise<void> {
  return writeKv(db, 'cooldown', cooldown);
}

export function isScheduleState(value: unknown): value is ScheduleState {
  return isRecord(value) && isNullableFiniteNumber(value['nextDueAt']);
}

export function readSchedule(db: AppDB): Promise<ScheduleState> {
  return readKv(db, 'schedule', NOTHING_SCHEDULED, isScheduleState);
}

export function writeSchedule(db: AppDB, schedule: ScheduleState): Promise<void> {
  return writeKv(db, 'schedule', schedule);
}

export async function readSettings(db: AppDB): Promise<Settings> {
  const row = await db.kv.get('settings');
  return parseSettings(row?.value) ?? DEFAULT_SETTINGS;
}

export function writeSettings(db: AppDB, settings: Settings): Promise<void> {
  return writeKv(db, 'settings', settings);
}

/** One settings change as a read-modify-write transaction, so quick successive changes (or another tab's) are never lost. */
export function updateSettings(db: AppDB, change: Partial<Settings>): Promise<Settings> {
  return db.transaction('rw', db.kv, async () => {
    const next: Settings = { ...(await readSettings(db)), ...change };
    await writeSettings(db, next);
    return next;
  });
}
