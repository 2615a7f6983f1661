/**
 * A V8 CPU profile (CDP `Profiler.stop`, the `.cpuprofile` format) read into where the time went:
 * self and total time per function and per source module, and the time V8 spent outside JavaScript
 * (the `(idle)`, `(program)` and `(garbage collector)` nodes). Pure: the frame → function/module
 * mapping is handed in (source-locator.ts maps the production build's frames through its source maps).
 */

/** One frame of the profile's call tree, as CDP reports it: line and column are 0-based, of the function's start. */
export interface CallFrame {
  readonly functionName: string;
  readonly scriptId: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

export interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly hitCount?: number;
  readonly children?: readonly number[];
}

/** `Profiler.Profile`: times in microseconds on V8's monotonic clock; `timeDeltas[i]` is sample i's distance from the one before (the first's from `startTime`). */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where a frame's function lives, for the summary: its name, its module and its line in the original source. */
export interface FrameSite {
  readonly name: string;
  /** `src/sync/session/session.ts`, `saxes`, `dexie`, or the script's URL path when there is no source map. */
  readonly module: string;
  /** `src/xero/xpm-read.ts:120`; empty for native code. */
  readonly location: string;
}

export type Locate = (frame: CallFrame) => FrameSite;

/** V8's pseudo-frames for time not spent in a JavaScript function: a profile's tree hangs from `(root)`. */
const ROOT = '(root)';
export const VM_STATES = ['(idle)', '(program)', '(garbage collector)'] as const;
export type VmState = (typeof VM_STATES)[number];
/** Built-in and host functions (JSON.parse, IndexedDB calls, …) have no script: they are grouped here. */
export const NATIVE_MODULE = '(native)';

const isVmState = (name: string): name is VmState => (VM_STATES as readonly string[]).includes(name);

export interface FunctionTime {
  readonly name: string;
  readonly module: string;
  readonly location: string;
  readonly selfMs: number;
  readonly totalMs: number;
}

export interface ModuleTime {
  readonly module: string;
  readonly selfMs: number;
  readonly totalMs: number;
}

export interface ProfileSummary {
  /** `endTime − startTime`: the wall time the profiler ran. */
  readonly spanMs: number;
  readonly samples: number;
  /** Time V8 spent in each pseudo-frame (not running a JavaScript function). */
  readonly vmMs: Readonly<Record<VmState, number>>;
  /** Every function that was sampled, by self time, largest first. Total time counts a sample once per function even in recursion. */
  readonly functions: readonly FunctionTime[];
  /** Every module that was sampled, by self time, largest first. */
  readonly modules: readonly ModuleTime[];
}

const MICROS_PER_MS = 1000;

/**
 * Each sample's duration: until the next sample, and the last one until the profile's end (as Chrome
 * DevTools counts it), so the samples add up to the profiled span less the wait for the first sample.
 */
export function sampleDurationsUs(profile: CpuProfile): number[] {
  const { samples, timeDeltas } = profile;
  if (samples.length !== timeDeltas.length)
    throw new Error(`a CPU profile has ${samples.length} samples but ${timeDeltas.length} time deltas`);
  const durations: number[] = [];
  let at = profile.startTime;
  const stamps = timeDeltas.map((delta) => {
    at += delta;
    return at;
  });
  for (let i = 0; i < stamps.length; i++) {
    const next = i + 1 < stamps.length ? (stamps[i + 1] ?? 0) : profile.endTime;
    durations.push(Math.max(0, next - (stamps[i] ?? 0)));
  }
  return durations;
}

const functionKey = (site: FrameSite) => `${site.module}\u0000${site.location}\u0000${site.name}`;

export function summariseProfile(profile: CpuProfile, locate: Locate): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) byId.set(node.id, node);
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // Time per node, from the samples.
  const nodeUs = new Map<number, number>();
  const durations = sampleDurationsUs(profile);
  profile.samples.forEach((id, i) => {
    if (!byId.has(id)) throw new Error(`a CPU profile sample names node ${id}, which the profile does not have`);
    nodeUs.set(id, (nodeUs.get(id) ?? 0) + (durations[i] ?? 0));
  });

  const sites = new Map<number, FrameSite | VmState | null>();
  const siteOf = (node: ProfileNode): FrameSite | VmState | null => {
    const known = sites.get(node.id);
    if (known !== undefined) return known;
    const { functionName, url } = node.callFrame;
    let site: FrameSite | VmState | null;
    if (url === '' && functionName === ROOT) site = null;
    else if (url === '' && isVmState(functionName)) site = functionName;
    else if (url === '') site = { name: functionName || '(anonymous)', module: NATIVE_MODULE, location: '' };
    else site = locate(node.callFrame);
    sites.set(node.id, site);
    return site;
  };

  const vmUs: Record<VmState, number> = { '(idle)': 0, '(program)': 0, '(garbage collector)': 0 };
  const functions = new Map<string, { site: FrameSite; selfUs: number; totalUs: number }>();
  const modules = new Map<string, { selfUs: number; totalUs: number }>();
  for (const [id, us] of nodeUs) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const own = siteOf(node);
    if (own === null) continue;
    if (typeof own === 'string') {
      vmUs[own] += us;
      continue;
    }
    const functionEntry = (site: FrameSite) => {
      const key = functionKey(site);
      let entry = functions.get(key);
      if (entry === undefined) {
        entry = { site, selfUs: 0, totalUs: 0 };
        functions.set(key, entry);
      }
      return entry;
    };
    const moduleEntry = (module: string) => {
      let entry = modules.get(module);
      if (entry === undefined) {
        entry = { selfUs: 0, totalUs: 0 };
        modules.set(module, entry);
      }
      return entry;
    };
    functionEntry(own).selfUs += us;
    moduleEntry(own.module).selfUs += us;
    // Total: once per function and once per module on this sample's stack, however often it recurs.
    const seenFunctions = new Set<string>();
    const seenModules = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      const site = frame === undefined ? null : siteOf(frame);
      if (site === null || typeof site === 'string') continue;
      const key = functionKey(site);
      if (!seenFunctions.has(key)) {
        seenFunctions.add(key);
        functionEntry(site).totalUs += us;
      }
      if (!seenModules.has(site.module)) {
        seenModules.add(site.module);
        moduleEntry(site.module).totalUs += us;
      }
    }
  }

  const ms = (us: number) => us / MICROS_PER_MS;
  const bySelf = (a: { selfMs: number; totalMs: number }, b: { selfMs: number; totalMs: number }) =>
    b.selfMs - a.selfMs || b.totalMs - a.totalMs;
  return {
    spanMs: ms(profile.endTime - profile.startTime),
    samples: profile.samples.length,
    vmMs: {
      '(idle)': ms(vmUs['(idle)']),
      '(program)': ms(vmUs['(program)']),
      '(garbage collector)': ms(vmUs['(garbage collector)']),
    },
    functions: [...functions.values()]
      .map(({ site, selfUs, totalUs }) => ({ ...site, selfMs: ms(selfUs), totalMs: ms(totalUs) }))
      .sort(bySelf),
    modules: [...modules.entries()]
      .map(([module, { selfUs, totalUs }]) => ({ module, selfMs: ms(selfUs), totalMs: ms(totalUs) }))
      .sort(bySelf),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isNumberArray = (value: unknown): value is number[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'number');

/** The `profile` of a `Profiler.stop` answer, checked: a reply of another shape is an error naming what is missing. */
export function asCpuProfile(value: unknown): CpuProfile {
  const profile = isRecord(value) && isRecord(value['profile']) ? value['profile'] : value;
  if (!isRecord(profile)) throw new Error('Profiler.stop answered without a profile');
  const { nodes, startTime, endTime, samples, timeDeltas } = profile;
  if (!Array.isArray(nodes) || typeof startTime !== 'number' || typeof endTime !== 'number')
    throw new Error('the CPU profile lacks nodes, startTime or endTime');
  if (!isNumberArray(samples) || !isNumberArray(timeDeltas))
    throw new Error('the CPU profile has no samples/timeDeltas (a profile without them cannot be timed)');
  for (const node of nodes) {
    if (!isRecord(node) || typeof node['id'] !== 'number' || !isRecord(node['callFrame']))
      throw new Error('a CPU profile node lacks its id or callFrame');
    const frame = node['callFrame'];
    if (
      typeof frame['url'] !== 'string' ||
      typeof frame['functionName'] !== 'string' ||
      typeof frame['lineNumber'] !== 'number' ||
      typeof frame['columnNumber'] !== 'number'
    )
      throw new Error(
        `CPU profile node ${node['id']} has a callFrame without url, functionName, lineNumber or columnNumber`,
      );
  }
  return profile as unknown as CpuProfile;
}
