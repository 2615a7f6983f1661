/**
 * `npm run bench -- --profile`: where one step's time goes, before anyone optimises it (DEVELOPERS.md).
 * Runs only the UI steps that lead to the chosen step (connect; the first sync for resync-all and
 * resync-now; 50 changed clients and a lifted cooldown for resync-now), then records V8's CPU profile
 * of the sync worker — and with --profile-main of the page's main thread — from just before the click
 * to the run shown as Succeeded. Writes the .cpuprofile files under bench-results/ and summarises
 * them by function and by source module through the build's source maps. The bench's figures are not
 * taken in this mode: the profiler slows the code it watches.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { startStack } from '../../proxy/start';
import { clickAndAwaitRun, connectToPreview, liftCooldown, type RunLabel, type TimedRun } from './app-steps';
import { CHROMIUM, DIST_DIR, type Log, newAppContext, RESULTS_DIR, ROOT, stackPorts } from './bench-setup';
import { asCpuProfile, type CpuProfile, summariseProfile } from './cpu-profile';
import type { BenchOptions, ProfileStep } from './options';
import { cpuSince, cpuSnapshot } from './proc-cpu';
import type { ProfileReport, ThreadProfile } from './profile-report';
import { SandboxControls } from './sandbox-controls';
import { SourceLocator } from './source-locator';
import { appWorker, CHANGED_CLIENTS } from './sync-figures';
import { WorkerTargets } from './worker-probe';

/** V8's sampling period: fine enough for a step of seconds; a minute of samples stays a few MB of profile. */
export const PROFILE_SAMPLING_INTERVAL_US = 1000;

interface StepPlan {
  readonly button: 'Start sync' | 'Resync All' | 'Resync Now';
  readonly label: RunLabel;
  readonly title: string;
}

const STEPS: Readonly<Record<ProfileStep, StepPlan>> = {
  first: { button: 'Start sync', label: 'Resync All (First sync)', title: 'first sync (Start sync, empty store)' },
  'resync-all': { button: 'Resync All', label: 'Resync All (Manual)', title: 'Resync All on the populated store' },
  'resync-now': {
    button: 'Resync Now',
    label: 'Resync Now (Manual)',
    title: `Resync Now after ${CHANGED_CLIENTS} changed clients`,
  },
};

interface Profiler {
  start(): Promise<void>;
  stop(): Promise<CpuProfile>;
}

/** The page's own CDP session (Playwright opens those for pages): the main thread's profiler. */
async function mainThreadProfiler(context: BrowserContext, page: Page): Promise<Profiler> {
  const cdp = await context.newCDPSession(page);
  return {
    start: async () => {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: PROFILE_SAMPLING_INTERVAL_US });
      await cdp.send('Profiler.start');
    },
    stop: async () => {
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach().catch(() => undefined);
      return asCpuProfile(profile);
    },
  };
}

function requireSourceMaps(): void {
  const assets = join(DIST_DIR, 'assets');
  let maps: string[];
  try {
    maps = readdirSync(assets).filter((name) => name.endsWith('.js.map'));
  } catch {
    maps = [];
  }
  if (maps.length === 0)
    throw new Error(
      `no source maps in ${relative(ROOT, assets)}: the profile summary maps frames through them. Build with sourcemap: true (vite.config.ts), or drop --no-build.`,
    );
}

/** Brings the app to the state just before the step's click: connected, and synced once for the resyncs. */
async function prepare(
  step: ProfileStep,
  page: Page,
  appUrl: string,
  controls: SandboxControls,
  log: Log,
): Promise<void> {
  log('connecting through the UI (sign-in, consent, practice, preview)');
  await connectToPreview(page, appUrl);
  if (step === 'first') return;
  log('first sync (not profiled)');
  await clickAndAwaitRun(page, 'Start sync', 'Resync All (First sync)');
  if (step === 'resync-now') {
    log(`${CHANGED_CLIENTS} clients changed in the sandbox; lifting the cooldown`);
    await controls.touchClients(CHANGED_CLIENTS);
    await liftCooldown(page);
  }
}

export async function profileRun(options: BenchOptions, log: Log): Promise<ProfileReport> {
  const profile = options.profile;
  if (profile === null) throw new Error('profileRun needs --profile');
  const plan = STEPS[profile.step];
  const loadStart = loadavg()[0] ?? 0;
  log(
    `${options.build ? 'building, then starting' : 'starting'} the stack: ${options.clients.toLocaleString('en-US')} clients`,
  );
  const stack = await startStack({
    ...stackPorts(options.port),
    clients: options.clients,
    seed: options.seed,
    testControls: true,
    build: options.build,
    quiet: true,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    requireSourceMaps();
    const workers = await WorkerTargets.start(browser);
    const { context, page } = await newAppContext(browser);
    await prepare(profile.step, page, stack.appUrl, new SandboxControls(stack.sandboxUrl), log);

    const worker = await workers.attach(appWorker(stack.appUrl));
    const profilers: { thread: string; suffix: string; profiler: Profiler }[] = [
      {
        thread: 'sync worker',
        suffix: 'worker',
        profiler: {
          start: () => worker.startProfiler(PROFILE_SAMPLING_INTERVAL_US),
          stop: async () => asCpuProfile(await worker.stopProfiler()),
        },
      },
    ];
    if (profile.main)
      profilers.push({ thread: 'page main thread', suffix: 'main', profiler: await mainThreadProfiler(context, page) });

    log(`profiling: ${plan.button}`);
    for (const { profiler } of profilers) await profiler.start();
    const before = cpuSnapshot();
    let run: TimedRun;
    try {
      run = await clickAndAwaitRun(page, plan.button, plan.label);
    } catch (error) {
      for (const { profiler } of profilers) await profiler.stop().catch(() => undefined);
      throw error;
    }
    const cpu = cpuSince(before);
    const recorded: { thread: string; suffix: string; profile: CpuProfile }[] = [];
    for (const { thread, suffix, profiler } of profilers)
      recorded.push({ thread, suffix, profile: await profiler.stop() });
    await worker.detach();
    await context.close();
    await workers.close();
    const stepMs = Math.round(run.doneAt - run.clickAt);
    log(`${plan.button} ${stepMs} ms with the profiler on; summarising`);

    mkdirSync(RESULTS_DIR, { recursive: true });
    const date = new Date().toISOString();
    const stem = `profile-${profile.step}-${options.clients}c-${date.replace(/[:.]/g, '-')}`;
    const locator = SourceLocator.forBuild(ROOT, DIST_DIR);
    const threads: ThreadProfile[] = recorded.map(({ thread, suffix, profile: cpuProfile }) => {
      const file = join(RESULTS_DIR, `${stem}-${suffix}.cpuprofile`);
      writeFileSync(file, JSON.stringify(cpuProfile));
      return {
        thread,
        file: relative(ROOT, file),
        summary: summariseProfile(cpuProfile, (frame) => locator.locate(frame)),
      };
    });
    return {
      date,
      chromium: browser.version(),
      clients: options.clients,
      seed: options.seed,
      loadAverage: { start: Math.round(loadStart * 100) / 100, end: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
      step: profile.step,
      stepTitle: plan.title,
      stepMs,
      stepCpu: cpu,
      samplingIntervalUs: PROFILE_SAMPLING_INTERVAL_US,
      threads,
      notes: [
        'The profiler slows the code it samples: these times are for finding where the time goes, not the bench figures (run without --profile for those).',
        'The profile spans from just before the click to just after the run is shown as Succeeded; shares are of that span. (idle) is V8 waiting for work, (program) time in the VM or the browser outside any JavaScript function, (garbage collector) collection.',
        'Self = samples in the function itself; total = samples with the function anywhere on the stack (counted once per sample under recursion). Functions and modules come from the build’s source maps (dist/assets/*.js.map) at the function’s start; (native) groups built-in and browser functions (JSON.parse, IndexedDB calls, …).',
        'The .cpuprofile files open in Chrome DevTools (Performance panel, "Load profile") for the call tree and flame chart.',
      ],
    };
  } finally {
    await browser.close();
    await stack.close();
  }
}
