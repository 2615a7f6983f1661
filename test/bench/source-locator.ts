/**
 * Maps a CPU profile's frames (a production chunk's URL, 0-based line and column of the function's
 * start) to the original source through the build's source maps (`dist/assets/*.js.map`; vite.config.ts
 * builds with `sourcemap: true`), so a profile summary names `src/sync/session/session.ts` or `saxes`
 * rather than `sync.worker-CDcxmu0t.js`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { CallFrame, FrameSite } from './cpu-profile';
import { decodeMappings, findMapping, type Mapping, type Segment } from './source-map-mappings';

/** The parts of a Source Map v3 file the locator reads. */
export interface SourceMapJson {
  readonly sources: readonly string[];
  readonly sourcesContent?: readonly (string | null)[];
  readonly names: readonly string[];
  readonly mappings: string;
  readonly sourceRoot?: string;
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** A parsed .map file checked for the fields the locator reads; an error names the file and what is wrong. */
export function asSourceMap(value: unknown, file: string): SourceMapJson {
  if (typeof value !== 'object' || value === null) throw new Error(`${file} is not a source map (not a JSON object)`);
  const map = value as Record<string, unknown>;
  if (!isStringArray(map['sources']) || !isStringArray(map['names']) || typeof map['mappings'] !== 'string')
    throw new Error(`${file} is not a source map: sources, names or mappings missing`);
  return value as SourceMapJson;
}

/** A script's source map, where the map sits relative to the repository's root (its `sources` are relative to it), and the script. */
export interface LoadedMap {
  readonly payload: SourceMapJson;
  readonly mapPath: string;
  /** The generated script, to check that a mapping starts the function a frame names; null when unknown. */
  readonly code: string | null;
}

/** The source map of the script served at a URL path (`/assets/sync.worker-X.js`), or null when it has none. */
export type MapLoader = (scriptPath: string) => LoadedMap | null;

const NODE_MODULES = 'node_modules/';

/** `src/x.ts` stays a path; anything under `node_modules/` becomes its package (`saxes`, `@solidjs/router`). */
export function moduleOfSource(source: string): string {
  // Bundler-generated modules have ids starting with NUL (`\0rolldown/runtime.js`).
  const path = source.replace(/^\0/, '');
  const at = path.lastIndexOf(NODE_MODULES);
  if (at < 0) return path;
  const [first = '', second] = path.slice(at + NODE_MODULES.length).split('/');
  return first.startsWith('@') && second !== undefined ? `${first}/${second}` : first;
}

/**
 * What may stand in the generated code between the mapping a frame's position falls under and that
 * position (V8 gives a function's parameters): `function`, `async`, and the function's own
 * (minified) name. Anything else there (`call(` in `this.call(()=>`, `e:` in `a?e:()=>`) means the
 * mapping belongs to other code, and neither its name nor the source text there names this function.
 */
const FUNCTION_HEAD = /^(?:async\b\s*)?(?:function\b\s*\*?\s*)?(?<name>[A-Za-z_$][\w$]*\s*)?$/;
/** Keywords the head's last word may be without being the function's name. */
const HEAD_KEYWORDS = new Set(['async', 'function']);
/** The end of the text before a function's start: `= `, `= async `, `: function `, `= (` (an arrow mapped at its first parameter). */
const FUNCTION_TAIL = String.raw`\s*(?:async\b\s*)?(?:function\b\s*\*?\s*)?\(?\s*$`;
const NAME = String.raw`[A-Za-z_$][\w$]*`;
/** `const address = (`, `let onDone: Handler = async (`: the declared name, past any type annotation. */
const DECLARED = new RegExp(String.raw`\b(?:const|let|var)\s+(${NAME})\s*(?::.*?)?=${FUNCTION_TAIL}`);
/** `obj.prop = function (`, `key: function (`, `table[method] = function (`; comparisons (`==`, `<=`) are not assignments. */
const ASSIGNED = new RegExp(String.raw`(${NAME}(?:\.${NAME}|\[[^\]]*\])*)\s*((?<![=!<>])[=:])${FUNCTION_TAIL}`);

/**
 * A function's name read from its original source line, for functions the source map leaves unnamed
 * (a minified name like `u` says nothing): what the function is declared as or assigned to, from the
 * text before `column` (where its start maps to). Null for a callback (`new Promise(function (`),
 * a ternary's branch (`a ? b : () =>`) or a typed field (`f: T = () =>`), whose names that text does not give.
 */
export function nameFromSource(line: string, column: number): string | null {
  const before = line.slice(0, column);
  const declared = DECLARED.exec(before)?.[1];
  if (declared !== undefined) return declared;
  const assigned = ASSIGNED.exec(before);
  if (assigned === null) return null;
  const [, name = '', separator] = assigned;
  const previous = before.slice(0, assigned.index).trimEnd().at(-1);
  if ((separator === ':' && previous === '?') || (separator === '=' && previous === ':')) return null;
  return name.replace('.prototype.', '.');
}

/** The URL's path when it is an http(s) URL; null for anything else (extensions, eval'd code). */
function httpPath(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.pathname : null;
  } catch {
    return null;
  }
}

interface ReadyMap {
  readonly segments: readonly (readonly Segment[])[];
  readonly payload: SourceMapJson;
  /** The folder the map's `sources` are relative to, from the repository's root. */
  readonly base: string;
  /** Original sources split into lines, as they are first needed. */
  readonly lines: Map<string, readonly string[] | null>;
  readonly codeLines: readonly string[] | null;
}

function sourceLine(ready: ReadyMap, source: string, line: number): string | null {
  let lines = ready.lines.get(source);
  if (lines === undefined) {
    const text = ready.payload.sourcesContent?.[ready.payload.sources.indexOf(source)];
    lines = typeof text === 'string' ? text.split('\n') : null;
    ready.lines.set(source, lines);
  }
  return lines?.[line] ?? null;
}

/** A mapping into an original source (not code the bundler wrote itself). */
type SourceMapping = Mapping & {
  readonly source: string;
  readonly originalLine: number;
  readonly originalColumn: number;
};

const fromSource = (entry: Mapping | null): entry is SourceMapping =>
  entry?.source !== undefined && entry.originalLine !== undefined && entry.originalColumn !== undefined;

export class SourceLocator {
  private readonly maps = new Map<string, ReadyMap | null>();

  constructor(private readonly load: MapLoader) {}

  /** Reads maps from a production build's folder, served at the app's root: `/assets/x.js` → `<distDir>/assets/x.js.map`. */
  static forBuild(repoRoot: string, distDir: string): SourceLocator {
    return new SourceLocator((scriptPath) => {
      const relative = posix.join(posix.relative(repoRoot, distDir) || '.', `${scriptPath}.map`);
      // A path that climbs out of the build (`/../x`) is never a map of ours.
      if (relative.startsWith('..')) return null;
      const file = join(repoRoot, relative);
      if (!existsSync(file)) return null;
      const script = join(distDir, scriptPath);
      return {
        payload: asSourceMap(JSON.parse(readFileSync(file, 'utf8')), relative),
        mapPath: relative,
        code: existsSync(script) ? readFileSync(script, 'utf8') : null,
      };
    });
  }

  private mapFor(scriptPath: string): ReadyMap | null {
    const known = this.maps.get(scriptPath);
    if (known !== undefined) return known;
    const loaded = this.load(scriptPath);
    const ready =
      loaded === null
        ? null
        : {
            segments: decodeMappings(loaded.payload.mappings),
            payload: loaded.payload,
            base: posix.join(posix.dirname(loaded.mapPath), loaded.payload.sourceRoot ?? ''),
            lines: new Map<string, readonly string[] | null>(),
            codeLines: loaded.code === null ? null : loaded.code.split('\n'),
          };
    this.maps.set(scriptPath, ready);
    return ready;
  }

  locate(frame: CallFrame): FrameSite {
    const fallbackName = frame.functionName || '(anonymous)';
    const scriptPath = httpPath(frame.url);
    const where = `${scriptPath ?? frame.url}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    const ready = scriptPath === null ? null : this.mapFor(scriptPath);
    if (scriptPath === null || ready === null)
      return { name: fallbackName, module: scriptPath ?? frame.url, location: where };
    const { payload } = ready;
    const entry = findMapping(ready.segments, payload.sources, payload.names, frame.lineNumber, frame.columnNumber);
    // Code the bundler wrote itself (its runtime helpers) maps to no source.
    if (!fromSource(entry)) return { name: fallbackName, module: `${scriptPath} (unmapped)`, location: where };
    const source = entry.source.startsWith('\0') ? entry.source : posix.normalize(posix.join(ready.base, entry.source));
    return {
      name: this.nameOf(ready, frame, entry) ?? fallbackName,
      module: moduleOfSource(source),
      location: `${source.replace(/^\0/, '')}:${entry.originalLine + 1}`,
    };
  }

  /**
   * The map's name for the function's own (minified) name; else, for a function without one in the
   * generated code, the name read from the original source; null when neither gives one.
   */
  private nameOf(ready: ReadyMap, frame: CallFrame, entry: SourceMapping): string | null {
    if (entry.generatedLine !== frame.lineNumber || entry.generatedColumn > frame.columnNumber) return null;
    const head = ready.codeLines?.[frame.lineNumber]?.slice(entry.generatedColumn, frame.columnNumber);
    const parts = head === undefined ? null : FUNCTION_HEAD.exec(head);
    if (parts === null) return null;
    // The mapping sits on the function's own name (`function d(`): the map's name for it is the original one.
    const ownName = parts.groups?.['name']?.trim();
    if (ownName !== undefined && !HEAD_KEYWORDS.has(ownName)) return entry.name || null;
    const line = sourceLine(ready, entry.source, entry.originalLine);
    return line === null ? null : nameFromSource(line, entry.originalColumn);
  }
}
