/** Saving one settings change: read-modify-write in one IndexedDB transaction, so quick successive changes (or another tab's) are never lost. */
import type { Settings } from '../shared/app-state';
import type { AppDB } from '../storage/db';
import { readSettings, writeSettings } from '../storage/kv';

export async function saveSettingsChange(db: AppDB, change: Partial<Settings>): Promise<Settings> {
  return db.transaction('rw', db.kv, async () => {
    const next: Settings = { ...(await readSettings(db)), ...change };
    await writeSettings(db, next);
    return next;
  });
}
