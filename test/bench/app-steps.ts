/**
 * The user's steps through the app and the sandbox's Xero pages, by role and label (PRODUCT.md §5),
 * and the one step a user cannot take: lifting the 5-minute manual cooldown between the benchmark's
 * runs (see `liftCooldown`).
 */
import type { Page } from '@playwright/test';
import { MAIN_PRACTICE_NAME } from '../../proxy/sandbox/index';
import { armWatch, awaitWatch, clickTime, pageNow } from './page-probe';

/** The preview downloads and reads the whole list first: about as long as a sync. */
export const PREVIEW_TIMEOUT_MS = 240_000;
/** A full sync of a large practice on a loaded 2-core machine; past this the run has failed. */
export const RUN_TIMEOUT_MS = 300_000;
/** Page loads, sign-in pages and ordinary UI reactions. */
export const UI_TIMEOUT_MS = 60_000;

/** The app's IndexedDB database and the key of the shared manual cooldown (src/storage/db.ts, kv.ts). */
const APP_DB_NAME = 'xpm-contact-sync';
const KV_STORE = 'kv';
const COOLDOWN_KEY = 'cooldown';

/** Run kinds and triggers as the "Last sync" region words them (src/app/components/sync/run-labels.ts). */
export type RunLabel = 'Resync All (First sync)' | 'Resync All (Manual)' | 'Resync Now (Manual)';
/** Every outcome a finished run can show; the benchmark waits for any of them, then requires Succeeded. */
const FINAL_OUTCOMES = 'Succeeded|Failed|Cancelled|Interrupted|Paused — rate limited';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** From the Sync page through sign-in, consent and the practice picker to the first-sync preview. */
export async function connectToPreview(page: Page, appUrl: string): Promise<void> {
  await page.goto(`${appUrl}/sync`);
  await page.getByRole('button', { name: 'Connect to Xero Practice Manager' }).click();
  await page.getByLabel('Email').fill('bench@harbourside.example');
  await page.getByLabel('Password').fill('any password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel(MAIN_PRACTICE_NAME, { exact: true }).check();
  await page.getByRole('button', { name: 'Allow access' }).click();
  await page.getByLabel(MAIN_PRACTICE_NAME).check({ timeout: UI_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Continue' }).click();
  await page
    .getByRole('table', { name: /What the first sync would import/ })
    .waitFor({ state: 'visible', timeout: PREVIEW_TIMEOUT_MS });
}

export interface TimedRun {
  /** Epoch ms of the click, on the page's clock. */
  readonly clickAt: number;
  /** Epoch ms of the first frame showing the finished run in "Last sync". */
  readonly doneAt: number;
  readonly summary: string;
}

/**
 * Clicks `button` (Start sync, Resync All, Resync Now) and waits until the Sync page's "Last sync"
 * region shows a finished run of `label` — the run record is written as finished in the run's last
 * transaction, so this is "every record committed and the summary shown". Fails unless it Succeeded.
 */
export async function clickAndAwaitRun(
  page: Page,
  button: 'Start sync' | 'Resync All' | 'Resync Now',
  label: RunLabel,
): Promise<TimedRun> {
  await armWatch(page, {
    kind: 'last-run',
    pattern: `${escapeRegExp(label)}[^·]*·\\s*(${FINAL_OUTCOMES})`,
    timeoutMs: RUN_TIMEOUT_MS,
  });
  const since = await pageNow(page);
  await page.getByRole('button', { name: button, exact: true }).click();
  const clickAt = await clickTime(page, button, since);
  const done = await awaitWatch(page);
  if (!/·\s*Succeeded/.test(done.text)) throw new Error(`${label} did not succeed: ${done.text.slice(0, 400)}`);
  return { clickAt, doneAt: done.at, summary: done.text };
}

/**
 * Resync Now and Resync All share a 5-minute cooldown (S5), kept in IndexedDB and enforced by the
 * worker. A benchmark cannot wait 5 minutes between runs, so this clears the stored cooldown through
 * the page's IndexedDB (the same record the app writes) and reloads, so the app reads it afresh.
 * Reported in the output's notes.
 */
export async function liftCooldown(page: Page): Promise<void> {
  await page.evaluate(
    ({ dbName, store, key }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onerror = () => reject(new Error(`cannot open ${dbName}: ${String(open.error)}`));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(store)) {
            db.close();
            reject(new Error(`${dbName} has no “${store}” store: the cooldown moved, update test/bench/app-steps.ts`));
            return;
          }
          const tx = db.transaction(store, 'readwrite');
          tx.objectStore(store).put({ key, value: { manualRunStartedAt: null } });
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(new Error(`cannot clear the cooldown: ${String(tx.error)}`));
        };
      }),
    { dbName: APP_DB_NAME, store: KV_STORE, key: COOLDOWN_KEY },
  );
  await page.reload();
  await waitForResyncButtons(page);
}

/** The Sync page is ready for a manual run: both resync buttons enabled. */
export async function waitForResyncButtons(page: Page): Promise<void> {
  for (const name of ['Resync Now', 'Resync All']) {
    const button = page.getByRole('button', { name, exact: true });
    await button.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await page.waitForFunction(
      (element) => element instanceof HTMLButtonElement && !element.disabled,
      await button.elementHandle(),
      {
        timeout: UI_TIMEOUT_MS,
      },
    );
  }
}
