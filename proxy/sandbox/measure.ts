/**
 * Measures the benchmark load:
 * `npx tsx proxy/sandbox/measure.ts [--clients 15000] [--runs 3] [--api-shape 3.1]`.
 *
 * Runs the sandbox CLI as its own process on a free loopback port (as `npm run sandbox` does), signs
 * in over HTTP and downloads `client.api/list?detailed=true` `runs` times with fetch, then prints
 * JSON: how long the sandbox took to generate its practices ("ready in"), the body size, each
 * download's time to the first byte and to the end, the CPU time the sandbox process spent on start
 * and on each download (steadier than wall time on a shared machine), and its peak resident memory
 * (VmHWM from /proc — the figure `/usr/bin/time -v` reports as "Maximum resident set size").
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { signIn } from './sign-in';
import { MAIN_PRACTICE_NAME } from './data/tenants';
import { parseApiShape } from './xpm/api-shape';

/** A sandbox that has not printed its URL by now has failed (50,000 clients start in a few seconds). */
const START_TIMEOUT_MS = 120_000;
/** Stays under XPM's 60 calls a minute, which the sandbox enforces. */
const MAX_RUNS = 50;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? '') : fallback;
}

function count(name: string, fallback: number): number {
  const value = Number(option(name, String(fallback)));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a whole number`);
  return value;
}

/** Peak resident set size of a process in MB, or null where /proc is not available. */
function peakRssMb(pid: number): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Math.round(Number(kb) / 1024);
  } catch {
    return null;
  }
}

/** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every mainstream kernel). */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU milliseconds (user + system) a process has used, or null where /proc is not available. */
function cpuMs(pid: number): number | null {
  try {
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    return Math.round((ticks * 1000) / CLOCK_TICKS_PER_SECOND);
  } catch {
    return null;
  }
}

interface Download {
  readonly bytes: number;
  readonly firstByteMs: number;
  readonly ms: number;
  /** CPU the sandbox spent serving this download. */
  readonly sandboxCpuMs: number | null;
}

async function download(url: string, accessToken: string, tenantId: string, pid: number): Promise<Download> {
  const started = performance.now();
  const cpuBefore = cpuMs(pid);
  const response = await fetch(`${url}/practicemanager/3.1/client.api/list?detailed=true`, {
    headers: { authorization: `Bearer ${accessToken}`, 'xero-tenant-id': tenantId },
  });
  if (response.status !== 200) throw new Error(`client.api/list answered ${response.status}`);
  const reader = response.body?.getReader();
  let bytes = 0;
  let firstByteMs = 0;
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    if (bytes === 0) firstByteMs = performance.now() - started;
    bytes += next.value.byteLength;
  }
  const ms = performance.now() - started;
  const cpuAfter = cpuMs(pid);
  return {
    bytes,
    firstByteMs,
    ms,
    sandboxCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
  };
}

async function main(): Promise<void> {
  const clients = count('--clients', 15_000);
  const runs = count('--runs', 3);
  if (runs > MAX_RUNS) throw new Error(`--runs can be at most ${MAX_RUNS} (the sandbox allows 60 calls a minute)`);
  const shape = parseApiShape(option('--api-shape', '3.1'));
  if (shape === null) throw new Error('--api-shape needs 3.0 or 3.1');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'proxy/sandbox/cli.ts', '--port', '0', '--clients', String(clients), '--api-shape', shape],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const { url, readyMs } = await new Promise<{ url: string; readyMs: number }>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error('the sandbox did not start')), START_TIMEOUT_MS);
      child.stdout.on('data', (d: Buffer) => {
        seen += d.toString();
        const match = /listening on (http:\/\/[^ ]+) \(ready in (\d+) ms\)/.exec(seen);
        if (match?.[1] && match[2]) {
          clearTimeout(timer);
          resolve({ url: match[1], readyMs: Number(match[2]) });
        }
      });
      child.once('exit', (code) => reject(new Error(`the sandbox exited with ${String(code)}`)));
    });
    const pid = child.pid ?? 0;
    const rssAfterStartMb = peakRssMb(pid);
    const startCpuMs = cpuMs(pid);
    const { accessToken, tenantIds } = await signIn(url);
    const tenantId = tenantIds[MAIN_PRACTICE_NAME] ?? '';
    const downloads: Download[] = [];
    for (let run = 0; run < runs; run++) downloads.push(await download(url, accessToken, tenantId, pid));
    const bytes = downloads[0]?.bytes ?? 0;
    console.log(
      JSON.stringify(
        {
          clients,
          apiShape: shape,
          generateMs: readyMs,
          startCpuMs,
          detailedListBytes: bytes,
          detailedListMB: Number((bytes / 1e6).toFixed(1)),
          downloads: downloads.map((d) => ({
            firstByteMs: Math.round(d.firstByteMs),
            ms: Math.round(d.ms),
            MBps: Math.round(d.bytes / 1e3 / d.ms),
            sandboxCpuMs: d.sandboxCpuMs,
          })),
          peakRssMBAfterStart: rssAfterStartMb,
          peakRssMB: peakRssMb(pid),
        },
        null,
        2,
      ),
    );
  } finally {
    child.kill('SIGTERM');
  }
}

void main().catch((error: unknown) => {
  console.error(`measure: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
