/**
 * The benchmark's result: the keys QUALITY.md names (never renamed; new ones may be added), the CPU
 * beside each wall time, and notes on how each figure was obtained. Printed as a table, or as one
 * JSON object with --json.
 */
import type { RunPhases } from './sync-figures';

export interface BenchReport {
  readonly date: string;
  readonly chromium: string;
  readonly clients: number;
  readonly seed: number;
  readonly loadAverage: { readonly start: number; readonly end: number };

  readonly floorMs: number;
  readonly floorRunsMs: readonly number[];
  readonly floorWorkerCpuMs: number;
  readonly floorBrowserCpuMs: number;
  readonly responseMB: number;

  readonly fullSyncMs: number;
  readonly fullSyncWorkerCpuMs: number;
  readonly fullSyncBrowserCpuMs: number;
  readonly fullSyncNodeCpuMs: number;
  readonly fullSyncOverFloor: number;
  /** Before the client-list request, while it streams, after its last byte (sync-figures.ts RunPhases). */
  readonly fullSyncPhasesMs: RunPhases | null;
  readonly mainThreadLongTasks: number;
  readonly longestLongTaskMs: number;
  readonly workerPeakHeapMB: number;
  readonly workerPeakHeapOverResponse: number;

  readonly resyncAllMs: number;
  readonly resyncAllWorkerCpuMs: number;
  readonly resyncAllBrowserCpuMs: number;
  readonly resyncAllNodeCpuMs: number;
  readonly resyncAllOverFloor: number;
  readonly resyncAllPhasesMs: RunPhases | null;
  readonly resyncAllLongTasks: number;
  readonly resyncAllWorkerPeakHeapMB: number;

  readonly resumeMs: number | null;
  readonly resumeWorkerCpuMs: number | null;
  readonly resumeBrowserCpuMs: number | null;
  /** client.api/list downloads the sandbox served for the resumed run (both attempts). */
  readonly resumeListDownloads: number | null;
  /** resumeMs over the uninterrupted resyncAllMs of the same bench run. */
  readonly resumeOverResyncAll: number | null;

  readonly incrementalMs: number;
  readonly incrementalClickMs: number;
  readonly incrementalWorkerCpuMs: number;
  readonly incrementalBrowserCpuMs: number;
  readonly incrementalApiCalls: number;
  readonly incrementalResponseKB: number;

  readonly listFirstRowsMs: number;
  readonly listColdFirstRowsMs: number;
  readonly searchP95Ms: number;
  readonly searchMedianMs: number;
  readonly listContacts: number;
  readonly listClients: number;

  readonly csvMs: number;
  readonly csvRows: number;
  readonly csvBrowserCpuMs: number;

  readonly mainBundleGzipKB: number;
  readonly mainBundleFiles: readonly string[];

  readonly benchMs: number;
  readonly notes: readonly string[];
}

export const MB = 1_000_000;

export function ratio(a: number, b: number): number {
  return b > 0 ? Math.round((a / b) * 100) / 100 : 0;
}

export function megabytes(bytes: number): number {
  return Math.round((bytes / MB) * 10) / 10;
}

const count = (n: number) => n.toLocaleString('en-US');
const ms = (n: number | null) => (n === null ? '—' : `${count(n)} ms`);
const phases = (p: RunPhases | null) =>
  p === null ? '—' : `${ms(p.beforeListMs)} / ${ms(p.listMs)} / ${ms(p.afterListMs)}`;

/** The human-readable form: one row per figure, CPU beside wall times, QUALITY.md's target last. */
export function formatTable(r: BenchReport): string {
  const rows: (readonly [string, string, string, string, string])[] = [
    [
      'floorMs (median of runs)',
      `${ms(r.floorMs)} [${r.floorRunsMs.join(', ')}]`,
      ms(r.floorWorkerCpuMs),
      ms(r.floorBrowserCpuMs),
      '—',
    ],
    ['responseMB', `${r.responseMB} MB`, '', '', '—'],
    ['fullSyncMs', ms(r.fullSyncMs), ms(r.fullSyncWorkerCpuMs), ms(r.fullSyncBrowserCpuMs), '—'],
    ['fullSyncOverFloor', `${r.fullSyncOverFloor}×`, '', '', '≤ 3.0 (aim 2.0)'],
    ['  before / during / after the list', phases(r.fullSyncPhasesMs), '', '', '—'],
    ['mainThreadLongTasks', `${r.mainThreadLongTasks} (longest ${ms(r.longestLongTaskMs)})`, '', '', '0'],
    [
      'workerPeakHeapMB',
      `${r.workerPeakHeapMB} MB (${r.workerPeakHeapOverResponse}× response)`,
      '',
      '',
      '≤ 3 × response',
    ],
    ['resyncAllMs', ms(r.resyncAllMs), ms(r.resyncAllWorkerCpuMs), ms(r.resyncAllBrowserCpuMs), '—'],
    ['resyncAllOverFloor', `${r.resyncAllOverFloor}×`, '', '', '≤ 3.0'],
    ['  before / during / after the list', phases(r.resyncAllPhasesMs), '', '', '—'],
    ['resumeMs', ms(r.resumeMs), ms(r.resumeWorkerCpuMs), ms(r.resumeBrowserCpuMs), '≤ 1.5 × fullSyncMs'],
    ['resumeOverResyncAll', r.resumeOverResyncAll === null ? '—' : `${r.resumeOverResyncAll}×`, '', '', '—'],
    ['resumeListDownloads', r.resumeListDownloads === null ? '—' : count(r.resumeListDownloads), '', '', '—'],
    [
      'incrementalMs (response → committed)',
      `${ms(r.incrementalMs)} (click → committed ${ms(r.incrementalClickMs)})`,
      ms(r.incrementalWorkerCpuMs),
      ms(r.incrementalBrowserCpuMs),
      '≤ 300 ms',
    ],
    ['incrementalApiCalls', count(r.incrementalApiCalls), '', '', '≤ 3'],
    ['listFirstRowsMs', `${ms(r.listFirstRowsMs)} (cold load ${ms(r.listColdFirstRowsMs)})`, '', '', '≤ 300 ms'],
    ['searchP95Ms', `${ms(r.searchP95Ms)} (median ${ms(r.searchMedianMs)})`, '', '', '≤ 100 ms'],
    ['listContacts', `${count(r.listContacts)} (practice of ${count(r.listClients)} clients)`, '', '', '50,000'],
    ['csvMs', `${ms(r.csvMs)} (${count(r.csvRows)} rows)`, '', ms(r.csvBrowserCpuMs), '≤ 1,000 ms, ≥ 10,000 rows'],
    ['mainBundleGzipKB', `${r.mainBundleGzipKB} KB`, '', '', '≤ 120'],
  ];
  const header = ['figure', 'value', 'worker CPU', 'browser CPU', 'target'] as const;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    `npm run bench — ${count(r.clients)} clients (seed ${r.seed}), Chromium ${r.chromium}, ${r.date}`,
    `load average ${r.loadAverage.start} at start, ${r.loadAverage.end} at end; the bench took ${(r.benchMs / 1000).toFixed(0)} s`,
    '',
    line(header),
    line(header.map((_, i) => '-'.repeat(widths[i] ?? 0))),
    ...rows.map(line),
    '',
    'Notes:',
    ...r.notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}
