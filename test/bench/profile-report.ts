/**
 * What `npm run bench -- --profile` prints: per profiled thread, the time outside JavaScript, the top
 * source modules and the top functions by self and by total time, each as ms and as a share of the
 * profiled span (the step's wall time with the profiler on). A table, or one JSON object with --json.
 */
import type { FunctionTime, ModuleTime, ProfileSummary, VmState } from './cpu-profile';
import { VM_STATES } from './cpu-profile';
import type { CpuSpent } from './proc-cpu';

/** The brief: enough functions to see the hot paths, enough modules to cover nearly all the time. */
export const TOP_FUNCTIONS = 25;
export const TOP_MODULES = 15;

export interface ThreadProfile {
  /** "sync worker" or "page main thread". */
  readonly thread: string;
  /** The .cpuprofile written, relative to the repository's root (open it in Chrome DevTools' Performance panel). */
  readonly file: string;
  readonly summary: ProfileSummary;
}

export interface ProfileReport {
  readonly date: string;
  readonly chromium: string;
  readonly clients: number;
  readonly seed: number;
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly step: string;
  /** What the step is, in words. */
  readonly stepTitle: string;
  /** Click → the finished run shown, on the page's clock, with the profiler on. */
  readonly stepMs: number;
  readonly stepCpu: CpuSpent;
  readonly samplingIntervalUs: number;
  readonly threads: readonly ThreadProfile[];
  readonly notes: readonly string[];
}

/** The summary cut to what is printed: the top functions by self and by total time, the top modules. */
export interface TrimmedSummary {
  readonly spanMs: number;
  readonly samples: number;
  readonly vmMs: Readonly<Record<VmState, number>>;
  readonly vmShare: number;
  readonly functionsBySelf: readonly FunctionTime[];
  readonly functionsByTotal: readonly FunctionTime[];
  readonly modules: readonly ModuleTime[];
}

/** The `(idle)`, `(program)` and `(garbage collector)` time together, as a share of the span (0..1). */
export function vmShare(summary: ProfileSummary): number {
  if (summary.spanMs <= 0) return 0;
  return VM_STATES.reduce((sum, state) => sum + summary.vmMs[state], 0) / summary.spanMs;
}

export function trimSummary(summary: ProfileSummary): TrimmedSummary {
  return {
    spanMs: summary.spanMs,
    samples: summary.samples,
    vmMs: summary.vmMs,
    vmShare: vmShare(summary),
    functionsBySelf: summary.functions.slice(0, TOP_FUNCTIONS),
    functionsByTotal: [...summary.functions]
      .sort((a, b) => b.totalMs - a.totalMs || b.selfMs - a.selfMs)
      .slice(0, TOP_FUNCTIONS),
    modules: summary.modules.slice(0, TOP_MODULES),
  };
}

export function profileReportJson(report: ProfileReport): unknown {
  return { ...report, threads: report.threads.map((t) => ({ ...t, summary: trimSummary(t.summary) })) };
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const share = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '—');

function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: number): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i >= rightAligned ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(header.map((_, i) => '-'.repeat(widths[i] ?? 0))), ...rows.map(line)].map(
    (text) => `  ${text}`,
  );
}

function functionRows(functions: readonly FunctionTime[], spanMs: number): string[][] {
  return functions.map((f) => [
    f.name,
    f.location || f.module,
    count(f.selfMs),
    share(f.selfMs, spanMs),
    count(f.totalMs),
    share(f.totalMs, spanMs),
  ]);
}

export function formatThread(thread: ThreadProfile): string[] {
  const s = trimSummary(thread.summary);
  const vm = VM_STATES.map((state) => `${state} ${count(s.vmMs[state])} ms (${share(s.vmMs[state], s.spanMs)})`);
  const timeColumns = ['self ms', 'self', 'total ms', 'total'];
  return [
    `${thread.thread}: ${count(s.spanMs)} ms profiled, ${count(s.samples)} samples → ${thread.file}`,
    `  not running JavaScript: ${vm.join(', ')}; together ${(s.vmShare * 100).toFixed(1)}% of the profiled wall time`,
    '',
    `  Top ${TOP_MODULES} source modules by self time (total = the module anywhere on the stack)`,
    ...table(
      ['module', ...timeColumns],
      s.modules.map((m) => [
        m.module,
        count(m.selfMs),
        share(m.selfMs, s.spanMs),
        count(m.totalMs),
        share(m.totalMs, s.spanMs),
      ]),
      1,
    ),
    '',
    `  Top ${TOP_FUNCTIONS} functions by self time`,
    ...table(['function', 'where', ...timeColumns], functionRows(s.functionsBySelf, s.spanMs), 2),
    '',
    `  Top ${TOP_FUNCTIONS} functions by total time (self + callees)`,
    ...table(['function', 'where', ...timeColumns], functionRows(s.functionsByTotal, s.spanMs), 2),
    '',
  ];
}

export function formatProfileReport(r: ProfileReport): string {
  return [
    `npm run bench -- --profile: ${r.stepTitle}, ${count(r.clients)} clients (seed ${r.seed}), Chromium ${r.chromium}, ${r.date}`,
    `load average ${r.loadAverage.start} at start, ${r.loadAverage.end} at end; sampling every ${r.samplingIntervalUs} µs`,
    `step (click → run shown as Succeeded, profiler on): ${count(r.stepMs)} ms; CPU: sync worker ${count(r.stepCpu.workerMs)} ms, browser ${count(r.stepCpu.browserMs)} ms, node ${count(r.stepCpu.nodeMs)} ms`,
    '',
    ...r.threads.flatMap(formatThread),
    'Notes:',
    ...r.notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}
