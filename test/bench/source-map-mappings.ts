/**
 * A source map's `mappings` (Source Map v3: per generated line, comma-separated segments of base64 VLQ
 * fields, each relative to the previous one) decoded, and the lookup of a generated position.
 * Written here rather than taken from `node:module`'s SourceMap, whose Node 20 reader misplaces
 * entries and names after a segment of one field (the build's maps have such segments, for code the
 * bundler wrote itself).
 */

/** One segment: where it starts in the generated line and, unless the bundler wrote that code, where it came from. */
export interface Segment {
  readonly generatedColumn: number;
  readonly source?: number;
  readonly originalLine?: number;
  readonly originalColumn?: number;
  readonly name?: number;
}

/** A generated position resolved, 0-based; without `source` when the code maps to no original. */
export interface Mapping {
  readonly generatedLine: number;
  readonly generatedColumn: number;
  readonly source?: string;
  readonly originalLine?: number;
  readonly originalColumn?: number;
  readonly name?: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, value) => [char, value]));
const CONTINUATION_BIT = 32;
const VALUE_BITS = 5;

/** The VLQ numbers of one segment. */
function decodeFields(segment: string): number[] {
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`a source map's mappings hold ${JSON.stringify(char)}, not base64`);
    value += (digit & (CONTINUATION_BIT - 1)) * 2 ** shift;
    if (digit & CONTINUATION_BIT) {
      shift += VALUE_BITS;
      continue;
    }
    // The lowest bit is the sign.
    fields.push(value % 2 === 1 ? -Math.floor(value / 2) : value / 2);
    value = 0;
    shift = 0;
  }
  if (shift !== 0) throw new Error("a source map's mappings end inside a number");
  return fields;
}

/** Segments per generated line, in column order. */
export function decodeMappings(mappings: string): Segment[][] {
  let source = 0;
  let originalLine = 0;
  let originalColumn = 0;
  let name = 0;
  return mappings.split(';').map((line) => {
    let generatedColumn = 0;
    const segments: Segment[] = [];
    for (const text of line.split(',')) {
      if (text === '') continue;
      const [column = 0, ...rest] = decodeFields(text);
      generatedColumn += column;
      if (rest.length === 0) {
        segments.push({ generatedColumn });
        continue;
      }
      if (rest.length !== 3 && rest.length !== 4)
        throw new Error(`a source map segment has ${rest.length + 1} fields (1, 4 or 5 expected)`);
      source += rest[0] ?? 0;
      originalLine += rest[1] ?? 0;
      originalColumn += rest[2] ?? 0;
      if (rest.length === 4) {
        name += rest[3] ?? 0;
        segments.push({ generatedColumn, source, originalLine, originalColumn, name });
      } else segments.push({ generatedColumn, source, originalLine, originalColumn });
    }
    return segments.sort((a, b) => a.generatedColumn - b.generatedColumn);
  });
}

/** The last segment of `segments` starting at or before `column`, by binary search. */
function lastAtOrBefore(segments: readonly Segment[], column: number): Segment | undefined {
  let low = 0;
  let high = segments.length - 1;
  let found: Segment | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const segment = segments[middle];
    if (segment === undefined) break;
    if (segment.generatedColumn <= column) {
      found = segment;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * The segment covering a generated position: the last one at or before it on its line, else the last
 * one of the nearest line above that has any (a segment runs on until the next one). Null before the first.
 */
export function findMapping(
  lines: readonly (readonly Segment[])[],
  sources: readonly string[],
  names: readonly string[],
  line: number,
  column: number,
): Mapping | null {
  for (let at = Math.min(line, lines.length - 1); at >= 0; at--) {
    const segments = lines[at] ?? [];
    const segment = at === line ? lastAtOrBefore(segments, column) : segments.at(-1);
    if (segment === undefined) continue;
    const { generatedColumn, source, originalLine, originalColumn, name } = segment;
    return {
      generatedLine: at,
      generatedColumn,
      ...(source === undefined ? {} : { source: sources[source] ?? '', originalLine, originalColumn }),
      ...(name === undefined ? {} : { name: names[name] ?? '' }),
    };
  }
  return null;
}
