/**
 * `csvMs`: Download Sync Summary on the Sync page, from the click (the page's event time) to the
 * downloaded file complete on disk (Playwright's download finished); `csvRows` counts its data rows.
 *
 * QUALITY.md wants at least 10,000 rows. When the practice's own mess gives fewer (15,000 seeded
 * clients give about 8,400), `csvWithEnoughRows` makes just enough more clients fail in the sandbox
 * (business structure removed: one rejection each), runs a Resync All so the summary covers them,
 * and measures again. It runs after the Resync Now figure, whose overlap window would otherwise
 * fetch every client changed here.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import Papa from 'papaparse';
import { clickAndAwaitRun, liftCooldown, UI_TIMEOUT_MS } from './app-steps';
import { clickTime, pageNow } from './page-probe';
import { cpuSince, cpuSnapshot, type CpuSpent } from './proc-cpu';
import type { SandboxControls } from './sandbox-controls';

/** QUALITY.md: the figure counts only with at least this many fix-list rows. */
export const MIN_CSV_ROWS = 10_000;
/** Extra failing clients beyond the shortfall, for rows the app may merge or count differently. */
const EXTRA_FAILURES = 1.1;

export interface CsvFigure {
  readonly ms: number;
  readonly rows: number;
  readonly cpu: CpuSpent;
  /** Clients made to fail in the sandbox to reach MIN_CSV_ROWS (0 when the practice had enough). */
  readonly madeToFail: number;
}

export async function measureCsv(page: Page): Promise<CsvFigure> {
  const label = 'Download Sync Summary';
  const since = await pageNow(page);
  const before = cpuSnapshot();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: UI_TIMEOUT_MS }),
    page.getByRole('button', { name: label, exact: true }).click(),
  ]);
  const path = await download.path();
  const readyAt = Date.now();
  const cpu = cpuSince(before);
  const clickAt = await clickTime(page, label, since);
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data.length;
  return { ms: Math.round(readyAt - clickAt), rows, cpu, madeToFail: 0 };
}

/**
 * After `shortBy` rows were missing: more failing clients, a Resync All, and the CSV again. Null when
 * the practice has too few clients left to make up the difference (small practices).
 */
export async function csvWithEnoughRows(
  page: Page,
  controls: SandboxControls,
  shortBy: number,
): Promise<CsvFigure | null> {
  const candidates = await controls.clientsWithStructure();
  const wanted = Math.ceil(shortBy * EXTRA_FAILURES);
  if (candidates.length < wanted) return null;
  const chosen = candidates.slice(0, wanted);
  await controls.removeBusinessStructure(chosen);
  await liftCooldown(page);
  await clickAndAwaitRun(page, 'Resync All', 'Resync All (Manual)');
  return { ...(await measureCsv(page)), madeToFail: chosen.length };
}
