/**
 * CPU time read from Linux's /proc, because this machine is shared and wall times alone cannot tell a
 * slow app from a busy machine. Three figures per phase:
 * - the whole browser: every process of the Chromium tree this benchmark launched (browser, GPU,
 *   network, storage, renderers), including children that exited and were reaped during the phase;
 * - the dedicated workers: the renderer threads Chromium names "DedicatedWorker thread" (the app runs
 *   one, its sync worker; the floor step runs one of its own in a separate browser context);
 * - this Node process: the sandbox, the proxy, the app server and the benchmark's own driving.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc's utime/stime (USER_HZ); 100 on every mainstream Linux build. */
const FALLBACK_CLOCK_TICKS = 100;
/** Chromium's thread name for a dedicated worker, as /proc shows it (15 characters of "DedicatedWorker thread"). */
const WORKER_THREAD_NAME = /^DedicatedWorker/;
/** How the browser's processes are recognised among this process's children (tsx also runs esbuild). */
const BROWSER_PROCESS_NAME = /^chrom/i;

function clockTicks(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : FALLBACK_CLOCK_TICKS;
  } catch {
    return FALLBACK_CLOCK_TICKS;
  }
}

const TICK_MS = 1000 / clockTicks();

interface Stat {
  readonly comm: string;
  readonly ppid: number;
  /** utime + stime, in ticks. */
  readonly own: number;
  /** cutime + cstime (reaped children), in ticks. */
  readonly children: number;
}

/** Parses /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat; null when the process or thread is gone. */
function readStat(path: string): Stat | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  // Fields after the command name, from field 3 (state): ppid is 4, utime 14, stime 15, cutime 16, cstime 17.
  const fields = text.slice(close + 2).split(' ');
  const at = (field: number) => Number(fields[field - 3] ?? 0);
  return {
    comm: text.slice(open + 1, close),
    ppid: at(4),
    own: at(14) + at(15),
    children: at(16) + at(17),
  };
}

function allProcesses(): Map<number, Stat> {
  const processes = new Map<number, Stat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(`/proc/${name}/stat`);
    if (stat !== null) processes.set(Number(name), stat);
  }
  return processes;
}

/** The browser's process tree: this process's Chromium children and all their descendants. */
function browserTree(processes: Map<number, Stat>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, stat] of processes) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  const roots = (children.get(process.pid) ?? []).filter((pid) =>
    BROWSER_PROCESS_NAME.test(processes.get(pid)?.comm ?? ''),
  );
  const tree: number[] = [];
  const queue = [...roots];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

export interface CpuSnapshot {
  readonly browserTicks: number;
  /** Ticks per dedicated-worker thread id, so a thread that starts mid-phase counts from zero. */
  readonly workerTicks: ReadonlyMap<number, number>;
  readonly nodeMicros: number;
}

export function cpuSnapshot(): CpuSnapshot {
  const processes = allProcesses();
  let browserTicks = 0;
  const workerTicks = new Map<number, number>();
  for (const pid of browserTree(processes)) {
    const stat = processes.get(pid);
    if (stat === undefined) continue;
    browserTicks += stat.own + stat.children;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      const thread = readStat(`/proc/${pid}/task/${tid}/stat`);
      if (thread !== null && WORKER_THREAD_NAME.test(thread.comm)) workerTicks.set(Number(tid), thread.own);
    }
  }
  const node = process.cpuUsage();
  return { browserTicks, workerTicks, nodeMicros: node.user + node.system };
}

export interface CpuSpent {
  readonly browserMs: number;
  readonly workerMs: number;
  readonly nodeMs: number;
}

/** CPU spent between two snapshots, in ms (resolution: one clock tick, 10 ms on Linux). */
export function cpuSince(start: CpuSnapshot, end: CpuSnapshot = cpuSnapshot()): CpuSpent {
  let workerTicks = 0;
  for (const [tid, ticks] of end.workerTicks) workerTicks += ticks - (start.workerTicks.get(tid) ?? 0);
  return {
    browserMs: Math.round((end.browserTicks - start.browserTicks) * TICK_MS),
    workerMs: Math.round(workerTicks * TICK_MS),
    nodeMs: Math.round((end.nodeMicros - start.nodeMicros) / 1000),
  };
}
