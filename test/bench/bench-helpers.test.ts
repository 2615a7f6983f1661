/** The benchmark's pure parts: options (with --profile's), statistics, the main-bundle walk, the list practice size, CPU arithmetic. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { mainBundleSize } from './bundle-size';
import { median } from './floor';
import { percentile } from './list-figures';
import { listPracticeSize } from './list-size';
import { DEFAULT_CLIENTS, DEFAULT_LIST_CLIENTS, DEFAULT_PORT, parseOptions } from './options';
import { cpuSince, type CpuSnapshot } from './proc-cpu';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../proxy/limits';
import { DEFAULT_MAX_RESPONSE_BYTES as APP_MAX_RESPONSE_BYTES } from '../../src/domain/config';

describe('parseOptions', () => {
  it('defaults to QUALITY.md’s practice sizes and this benchmark’s ports', () => {
    expect(parseOptions([])).toEqual({
      clients: DEFAULT_CLIENTS,
      listClients: DEFAULT_LIST_CLIENTS,
      seed: 1,
      port: DEFAULT_PORT,
      build: true,
      json: false,
      help: false,
      profile: null,
    });
  });

  it('--profile records the first sync unless told another step; --profile-main adds the page', () => {
    expect(parseOptions(['--profile']).profile).toEqual({ step: 'first', main: false });
    expect(parseOptions(['--profile', '--profile-step', 'resync-now', '--profile-main']).profile).toEqual({
      step: 'resync-now',
      main: true,
    });
    expect(parseOptions(['--profile', '--profile-step=resync-all', '--clients', '15000'])).toMatchObject({
      clients: 15_000,
      profile: { step: 'resync-all', main: false },
    });
  });

  it('reads every option', () => {
    expect(
      parseOptions([
        '--clients',
        '2000',
        '--list-clients=3000',
        '--seed',
        '7',
        '--port',
        '5000',
        '--no-build',
        '--json',
      ]),
    ).toMatchObject({ clients: 2000, listClients: 3000, seed: 7, port: 5000, build: false, json: true });
  });

  it.each([
    [['--clients', 'many'], /--clients must be a whole number/],
    [['--clients', '0'], /--clients must be between 1 and/],
    [['--list-clients', '1000000'], /--list-clients must be between 1 and/],
    [['--port', '65533'], /--port leaves no room/],
    [['--colour'], /Unknown option/],
    [['--profile', '--profile-step', 'second'], /--profile-step must be one of first, resync-all, resync-now/],
    [['--profile-step', 'first'], /--profile-step needs --profile/],
    [['--profile-main'], /--profile-main needs --profile/],
  ])('rejects %j naming the option', (args, message) => {
    expect(() => parseOptions(args)).toThrow(message);
  });
});

describe('statistics', () => {
  it('median of odd and even counts', () => {
    expect(median([846, 1351, 820])).toBe(846);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('nearest-rank p95 of 20 values is the 19th smallest', () => {
    const values = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(values, 95)).toBe(19);
    expect(percentile(values, 50)).toBe(10);
    expect(percentile([7], 95)).toBe(7);
  });
});

describe('mainBundleSize', () => {
  let dist = '';
  afterEach(async () => {
    if (dist !== '') await rm(dist, { recursive: true, force: true });
  });

  it('counts the entry, modulepreloads and static imports, not lazy chunks or the worker', async () => {
    dist = await mkdtemp(join(tmpdir(), 'bench-dist-'));
    await mkdir(join(dist, 'assets'));
    const files: Record<string, string> = {
      'assets/index.js':
        'import{a as b}from"./format.js";import"./side.js";const w=new URL("/assets/sync.worker.js",import.meta.url);' +
        'const p=()=>import("./SyncPage.js");export{b,w,p};',
      'assets/format.js': 'export*from"./deep.js";export const a=1;',
      'assets/deep.js': 'export const d=2;',
      'assets/side.js': 'console.info(1);',
      'assets/preloaded.js': 'export const q=3;',
      'assets/SyncPage.js': 'x'.repeat(5000),
      'assets/sync.worker.js': 'y'.repeat(5000),
    };
    for (const [path, code] of Object.entries(files)) await writeFile(join(dist, path), code);
    await writeFile(
      join(dist, 'index.html'),
      '<script type="module" crossorigin src="/assets/index.js"></script><link rel="modulepreload" crossorigin href="/assets/preloaded.js">',
    );
    const size = await mainBundleSize(dist);
    const counted = ['assets/index.js', 'assets/preloaded.js', 'assets/format.js', 'assets/side.js', 'assets/deep.js'];
    expect([...size.files].sort()).toEqual([...counted].sort());
    const bytes = counted.reduce((sum, path) => sum + gzipSync(files[path] ?? '', { level: 6 }).byteLength, 0);
    expect(size.gzipKB).toBeCloseTo(bytes / 1024, 1);
  });
});

describe('listPracticeSize', () => {
  const cap = Math.min(APP_MAX_RESPONSE_BYTES, DEFAULT_MAX_RESPONSE_BYTES);

  it('syncs the requested practice when its list fits under both caps', () => {
    expect(listPracticeSize(2000, 3256)).toEqual({ clients: 2000, capBytes: cap, capped: false });
  });

  it('a 50,000-client practice (U1’s list size) fits under the caps', () => {
    expect(listPracticeSize(50_000, 3256)).toEqual({ clients: 50_000, capBytes: cap, capped: false });
  });

  it('otherwise the largest practice that fits, with a margin', () => {
    const size = listPracticeSize(200_000, 3256);
    expect(size.capped).toBe(true);
    expect(size.clients * 3256).toBeLessThan(cap);
    expect(size.clients * 3256).toBeGreaterThan(cap * 0.9);
  });
});

describe('cpuSince', () => {
  const snapshot = (browserTicks: number, workers: [number, number][], nodeMicros: number): CpuSnapshot => ({
    browserTicks,
    workerTicks: new Map(workers),
    nodeMicros,
  });

  it('differences per process tree and per worker thread; a new thread counts from zero', () => {
    const spent = cpuSince(
      snapshot(100, [[11, 5]], 1_000_000),
      snapshot(
        150,
        [
          [11, 25],
          [12, 3],
        ],
        1_250_000,
      ),
    );
    expect(spent.nodeMs).toBe(250);
    // Ticks are 10 ms on Linux (USER_HZ 100).
    expect(spent.browserMs).toBe(500);
    expect(spent.workerMs).toBe(230);
  });
});
