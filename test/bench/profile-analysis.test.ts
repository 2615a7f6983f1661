/** `npm run bench -- --profile`'s pure parts: a profile tree → self/total per function and module, and the source-map lookup. */
import { describe, expect, it } from 'vitest';
import {
  asCpuProfile,
  type CallFrame,
  type CpuProfile,
  type FrameSite,
  NATIVE_MODULE,
  type ProfileNode,
  sampleDurationsUs,
  summariseProfile,
} from './cpu-profile';
import { trimSummary, vmShare } from './profile-report';
import { asSourceMap, moduleOfSource, nameFromSource, SourceLocator, type SourceMapJson } from './source-locator';
import { decodeMappings, findMapping } from './source-map-mappings';

const APP = 'http://127.0.0.1:4900/assets/app.js';
const LIB = 'http://127.0.0.1:4900/assets/lib.js';

const frame = (functionName: string, url = '', lineNumber = 0, columnNumber = 0): CallFrame => ({
  functionName,
  scriptId: url === '' ? '0' : '1',
  url,
  lineNumber,
  columnNumber,
});
const node = (id: number, callFrame: CallFrame, children: number[] = []): ProfileNode => ({ id, callFrame, children });

/**
 * (root) ─┬─ (program)
 *         ├─ (idle)
 *         ├─ main ─┬─ parse ── parse (recursion) ── put (native)
 *         │        └─ helper (another module)
 *         └─ (garbage collector)
 */
const PROFILE: CpuProfile = {
  nodes: [
    node(1, frame('(root)'), [2, 3, 4, 5]),
    node(2, frame('(program)')),
    node(3, frame('(idle)')),
    node(4, frame('x', APP, 0, 10), [6, 9]),
    node(5, frame('(garbage collector)')),
    node(6, frame('y', APP, 1, 0), [7]),
    node(7, frame('y', APP, 1, 0), [8]),
    node(8, frame('put')),
    node(9, frame('z', LIB, 0, 0)),
  ],
  startTime: 1_000,
  // Sample i lasts until sample i+1; the last one until endTime. The first sample comes 100 µs after the start.
  samples: [4, 6, 7, 8, 8, 9, 3, 3, 2, 5],
  timeDeltas: [100, 1_000, 1_000, 2_000, 1_000, 3_000, 1_000, 4_000, 1_000, 1_000],
  endTime: 1_000 + 100 + 15_000 + 2_000,
};

const SITES: Record<string, FrameSite> = {
  [`${APP}:0`]: { name: 'main', module: 'src/main.ts', location: 'src/main.ts:1' },
  [`${APP}:1`]: { name: 'parse', module: 'src/parse.ts', location: 'src/parse.ts:2' },
  [`${LIB}:0`]: { name: 'helper', module: 'saxes', location: 'node_modules/saxes/saxes.js:5' },
};
const locate = (f: CallFrame): FrameSite => {
  const site = SITES[`${f.url}:${f.lineNumber}`];
  if (site === undefined) throw new Error(`the test has no site for ${f.url}:${f.lineNumber}`);
  return site;
};

describe('summariseProfile', () => {
  it('times each sample until the next one, the last until the profile ends', () => {
    expect(sampleDurationsUs(PROFILE)).toEqual([1_000, 1_000, 2_000, 1_000, 3_000, 1_000, 4_000, 1_000, 1_000, 2_000]);
  });

  it('self time per function; total once per sample even when the function recurses', () => {
    const summary = summariseProfile(PROFILE, locate);
    expect(summary.spanMs).toBe(17.1);
    expect(summary.samples).toBe(10);
    expect(summary.functions.map((f) => [f.name, f.module, f.selfMs, f.totalMs])).toEqual([
      ['put', NATIVE_MODULE, 4, 4],
      ['parse', 'src/parse.ts', 3, 7],
      ['main', 'src/main.ts', 1, 9],
      ['helper', 'saxes', 1, 1],
    ]);
  });

  it('self and total per module; the VM states apart, not as functions or modules', () => {
    const summary = summariseProfile(PROFILE, locate);
    expect(summary.modules).toEqual([
      { module: NATIVE_MODULE, selfMs: 4, totalMs: 4 },
      { module: 'src/parse.ts', selfMs: 3, totalMs: 7 },
      { module: 'src/main.ts', selfMs: 1, totalMs: 9 },
      { module: 'saxes', selfMs: 1, totalMs: 1 },
    ]);
    expect(summary.vmMs).toEqual({ '(idle)': 5, '(program)': 1, '(garbage collector)': 2 });
    expect(vmShare(summary)).toBeCloseTo(8 / 17.1, 10);
    // Every sampled microsecond lands in exactly one place: the span less the wait for the first sample.
    const selfTotal = summary.functions.reduce((sum, f) => sum + f.selfMs, 0) + 5 + 1 + 2;
    expect(selfTotal).toBeCloseTo(17.1 - 0.1, 10);
  });

  it('the report keeps the top functions by self and by total time', () => {
    const trimmed = trimSummary(summariseProfile(PROFILE, locate));
    expect(trimmed.functionsBySelf.map((f) => f.name)).toEqual(['put', 'parse', 'main', 'helper']);
    expect(trimmed.functionsByTotal.map((f) => f.name)).toEqual(['main', 'parse', 'put', 'helper']);
  });

  it('rejects a profile whose samples and deltas disagree, or that names a node it lacks', () => {
    expect(() => summariseProfile({ ...PROFILE, timeDeltas: [1] }, locate)).toThrow(/10 samples but 1 time deltas/);
    expect(() => summariseProfile({ ...PROFILE, samples: [...PROFILE.samples.slice(1), 99] }, locate)).toThrow(
      /node 99/,
    );
  });
});

describe('asCpuProfile', () => {
  it('reads the profile out of a Profiler.stop answer', () => {
    expect(asCpuProfile({ profile: PROFILE })).toBe(PROFILE);
    expect(asCpuProfile(PROFILE)).toBe(PROFILE);
  });

  it.each([
    [null, /without a profile/],
    [{ profile: { nodes: [], startTime: 0 } }, /lacks nodes, startTime or endTime/],
    [{ profile: { nodes: [], startTime: 0, endTime: 1 } }, /no samples\/timeDeltas/],
    [
      { profile: { ...PROFILE, nodes: [{ id: 1, callFrame: { functionName: 'f', url: '' } }] } },
      /node 1 has a callFrame without/,
    ],
  ])('names what is missing: %j', (value, message) => {
    expect(() => asCpuProfile(value)).toThrow(message);
  });
});

describe('moduleOfSource', () => {
  it.each([
    ['src/sync/session/session.ts', 'src/sync/session/session.ts'],
    ['node_modules/saxes/saxes.js', 'saxes'],
    ['node_modules/libphonenumber-js/es6/helpers/parseDigits.js', 'libphonenumber-js'],
    ['node_modules/@solidjs/router/dist/routing.js', '@solidjs/router'],
    ['node_modules/.pnpm/dexie@4.4.7/node_modules/dexie/dist/dexie.js', 'dexie'],
    ['\0rolldown/runtime.js', 'rolldown/runtime.js'],
  ])('%s → %s', (source, module) => {
    expect(moduleOfSource(source)).toBe(module);
  });
});

describe('nameFromSource', () => {
  const at = (line: string, marker: string) => nameFromSource(line, line.indexOf(marker));
  it.each([
    ['  const address = (fields: AddressFields): Address => {', 'fields', 'address'],
    ['  let onDone: (a: string) => void = async (a) => {', 'async (a)', 'onDone'],
    ['      Table.prototype.get = function (key, cb) {', 'function', 'Table.get'],
    ['          var done = function (event) {', 'function', 'done'],
    ['      tableClone[method] = function (req) {', 'function', 'tableClone[method]'],
    ['    return Object.assign({}, core, { mutate: function (req) {', 'function', 'mutate'],
  ])('%s', (line, marker, name) => {
    expect(at(line, marker)).toBe(name);
  });

  it.each([
    ['          return new Promise(function (resolve, reject) {', 'function'],
    ['    updateFn = unowned ? fn : () => fn(createDisposer(root));', '() =>'],
    ['  private handler: Handler = (event) => {', '(event)'],
    ['    if (kind === function () {', 'function'],
  ])('no name for a callback, a ternary branch, a typed field, a comparison: %s', (line, marker) => {
    expect(at(line, marker)).toBeNull();
  });
});

/** Base64 VLQ, as source maps encode their mappings. */
function vlq(value: number): string {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += digits[digit];
  } while (rest > 0);
  return out;
}

/** [generated column] alone, or [generated column, source, original line, original column, name?]. */
type Segment =
  | readonly [number]
  | readonly [number, number, number, number]
  | readonly [number, number, number, number, number];

function encodeMappings(lines: readonly (readonly Segment[])[]): string {
  const last = [0, 0, 0, 0];
  return lines
    .map((segments) => {
      let column = 0;
      return segments
        .map((segment) => {
          let text = vlq(segment[0] - column);
          column = segment[0];
          for (let field = 1; field < segment.length; field++) {
            const value = segment[field] ?? 0;
            text += vlq(value - (last[field - 1] ?? 0));
            last[field - 1] = value;
          }
          return text;
        })
        .join(',');
    })
    .join(';');
}

describe('decodeMappings / findMapping', () => {
  // Line 0: col 0 → a.js 0:0 named "n"; col 2 → a.js 0:2; col 9 → b.js 4:1. Line 1: col 0 generated only; col 1 → a.js 0:3.
  const text = encodeMappings([
    [
      [0, 0, 0, 0, 0],
      [2, 0, 0, 2],
      [9, 1, 4, 1],
    ],
    [[0], [1, 0, 0, 3]],
  ]);
  const lines = decodeMappings(text);
  const at = (line: number, column: number) => findMapping(lines, ['a.js', 'b.js'], ['n'], line, column);

  it('decodes relative fields back to absolute positions, names only where a segment has one', () => {
    // By hand, so the encoder is not trusted blindly: b.js's segment is +7 columns, +1 source, +4 lines,
    // −1 column (VLQ 14, 2, 8, 3 → O C I D); line 1's second is +1, −1, −4, +2 (C D J E).
    expect(text).toBe('AAAAA,EAAE,OCID;A,CDJE');
    expect(lines).toEqual([
      [
        { generatedColumn: 0, source: 0, originalLine: 0, originalColumn: 0, name: 0 },
        { generatedColumn: 2, source: 0, originalLine: 0, originalColumn: 2 },
        { generatedColumn: 9, source: 1, originalLine: 4, originalColumn: 1 },
      ],
      [{ generatedColumn: 0 }, { generatedColumn: 1, source: 0, originalLine: 0, originalColumn: 3 }],
    ]);
  });

  it('finds the segment a position falls in; a one-field segment is code with no source, and names no one', () => {
    expect(at(0, 0)).toEqual({
      generatedLine: 0,
      generatedColumn: 0,
      source: 'a.js',
      originalLine: 0,
      originalColumn: 0,
      name: 'n',
    });
    expect(at(0, 5)).toEqual({
      generatedLine: 0,
      generatedColumn: 2,
      source: 'a.js',
      originalLine: 0,
      originalColumn: 2,
    });
    expect(at(0, 400)).toMatchObject({ source: 'b.js', originalLine: 4 });
    expect(at(1, 0)).toEqual({ generatedLine: 1, generatedColumn: 0 });
    expect(at(1, 7)).toEqual({
      generatedLine: 1,
      generatedColumn: 1,
      source: 'a.js',
      originalLine: 0,
      originalColumn: 3,
    });
    // Past the last line with segments, the last segment runs on.
    expect(at(5, 0)).toMatchObject({ generatedLine: 1, generatedColumn: 1 });
  });

  it('large and negative deltas survive the round trip', () => {
    const big = decodeMappings(encodeMappings([[[100_000, 0, 70_000, 5]], [[3, 0, 2, 0]]]));
    expect(big[1]).toEqual([{ generatedColumn: 3, source: 0, originalLine: 2, originalColumn: 0 }]);
  });

  it('rejects text that is not base64 VLQ, naming the problem', () => {
    expect(() => decodeMappings('AA!A')).toThrow(/"!", not base64/);
    expect(() => decodeMappings('AAg')).toThrow(/end inside a number/);
    expect(() => decodeMappings('AA')).toThrow(/2 fields/);
    expect(() => asSourceMap({ version: 3, sources: [] }, 'dist/assets/x.js.map')).toThrow(
      /dist\/assets\/x\.js\.map is not a source map: sources, names or mappings missing/,
    );
  });
});

describe('SourceLocator', () => {
  const original = [
    'export async function guard(work) {',
    '  return work();',
    '}',
    '  const address = (fields) => fields;',
    'Table.prototype.get = function (key) {',
  ].join('\n');
  const code = [
    'async function a(b){return b()}const u=e=>e;T.prototype.get=function(k){return k};x.call(()=>1);',
    'var rt=1;',
  ].join('\n');
  const line0 = code.split('\n')[0] ?? '';
  const col = (marker: string) => {
    const at = line0.indexOf(marker);
    if (at < 0) throw new Error(`no ${marker} in the generated code`);
    return at;
  };
  const payload: SourceMapJson = {
    sources: ['../../src/x.ts', '../../node_modules/saxes/saxes.js'],
    sourcesContent: [original, ''],
    names: ['guard'],
    sourceRoot: '',
    mappings: encodeMappings([
      [
        [col('a('), 0, 0, original.indexOf('guard'), 0],
        [col('e=>'), 0, 3, 19],
        [col('function(k'), 0, 4, 22],
        [col('call('), 1, 9, 2],
      ],
      [[0]],
    ]),
  };
  const locator = new SourceLocator((scriptPath) =>
    scriptPath === '/assets/app.js' ? { payload, mapPath: 'dist/assets/app.js.map', code } : null,
  );
  // V8 gives a function's position at its parameters: `(` or, for `e=>`, the parameter itself.
  const site = (minified: string, column: number, line = 0) => locator.locate(frame(minified, APP, line, column));

  it('maps a declaration to its source file and line, named by the map', () => {
    expect(site('a', col('a(') + 1)).toEqual({ name: 'guard', module: 'src/x.ts', location: 'src/x.ts:1' });
  });

  it('names an unnamed arrow or function expression by what its source assigns it to', () => {
    expect(site('u', col('e=>'))).toEqual({ name: 'address', module: 'src/x.ts', location: 'src/x.ts:4' });
    expect(site('T.get', col('(k'))).toEqual({ name: 'Table.get', module: 'src/x.ts', location: 'src/x.ts:5' });
  });

  it('groups a package by its name, and keeps V8’s name when the mapping belongs to other code', () => {
    expect(site('', col('()=>'))).toEqual({
      name: '(anonymous)',
      module: 'saxes',
      location: 'node_modules/saxes/saxes.js:10',
    });
  });

  it('says when the bundler’s own code maps to no source, and falls back to the URL without a map', () => {
    expect(site('rt', 4, 1)).toEqual({
      name: 'rt',
      module: '/assets/app.js (unmapped)',
      location: '/assets/app.js:2:5',
    });
    expect(locator.locate(frame('f', 'http://127.0.0.1:4900/other.js', 2, 3))).toEqual({
      name: 'f',
      module: '/other.js',
      location: '/other.js:3:4',
    });
  });
});
