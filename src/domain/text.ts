/**
 * Small text helpers shared by the validators, the evaluators and the wording of findings (every
 * layer may use them: the page renders stored findings with them).
 * Pure and total: every function accepts any JavaScript string (lone surrogates included).
 */
import { MAX_FIELD_CHARS, MAX_ISSUE_VALUE_CHARS } from './reasons';

/**
 * Runs of Unicode white space. `\s` with the `u` flag covers every White_Space code point
 * (NBSP, the U+2000 spaces, line/paragraph separators, ideographic space) plus the BOM.
 */
const WHITE_SPACE_RUN = /\s+/gu;

/** Collapses every run of white space to one ASCII space and trims the ends. */
export function collapseWhiteSpace(value: string): string {
  return value.replace(WHITE_SPACE_RUN, ' ').trim();
}

/** True when `value` (as it would be imported) is longer than the field limit (`field-too-long`). */
export function isTooLong(value: string): boolean {
  return value.length > MAX_FIELD_CHARS;
}

/**
 * Cuts `value` to at most `max` UTF-16 units without splitting a surrogate pair, so a cut never
 * manufactures a lone surrogate that was not in the input.
 */
export function cutAtCodePoint(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = Math.max(0, max);
  const last = value.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return value.slice(0, end);
}

/**
 * The value stored in an issue: exactly the raw value, unless it is longer than
 * MAX_ISSUE_VALUE_CHARS; then its start plus a visible marker saying how much was cut.
 */
export function issueValue(raw: string): string {
  if (raw.length <= MAX_ISSUE_VALUE_CHARS) return raw;
  const kept = cutAtCodePoint(raw, MAX_ISSUE_VALUE_CHARS);
  return `${kept}… [${raw.length - kept.length} more characters not shown]`;
}

/** Formats a count for people ("1,234"), independent of the runtime's locale. */
export function formatWholeNumber(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
