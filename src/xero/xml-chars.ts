/**
 * XML 1.0 (fifth edition) character classes for the tokenizer: which characters may appear at all
 * (§2.2 Char), which may form names (§2.3 Name) and which are white space (§2.3 S). ASCII, which is
 * nearly all of XPM's markup, is answered from a table; anything else from a Unicode regex.
 */

const NAME_START_RANGES =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D' +
  '\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_MORE_RANGES = '\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040';

/** One NameStartChar at lastIndex (sticky). */
const NAME_START_AT = new RegExp(`[${NAME_START_RANGES}]`, 'uy');
/** Any run of NameChars at lastIndex (sticky); matches the empty string when there is none. */
const NAME_CHARS_AT = new RegExp(`[${NAME_START_RANGES}${NAME_MORE_RANGES}]*`, 'uy');

/** Flags in ASCII_NAME. */
export const IS_NAME_START = 1;
export const IS_NAME_CHAR = 2;
/** IS_NAME_START and IS_NAME_CHAR for each of the 128 ASCII characters. */
export const ASCII_NAME: Uint8Array = (() => {
  const table = new Uint8Array(128);
  const mark = (from: string, to: string, flags: number): void => {
    for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) table[c] = flags;
  };
  const both = IS_NAME_START | IS_NAME_CHAR;
  mark('A', 'Z', both);
  mark('a', 'z', both);
  mark('_', '_', both);
  mark(':', ':', both);
  mark('0', '9', IS_NAME_CHAR);
  mark('-', '.', IS_NAME_CHAR);
  return table;
})();

/**
 * The index just past the Name starting at `from` in `text`, or `from` itself when no name starts
 * there. A name running to the end of `text` returns text.length: the caller cannot yet know
 * whether it is complete.
 */
export function nameEnd(text: string, from: number): number {
  const first = text.charCodeAt(from);
  let i = from;
  if (first < 128) {
    if (((ASCII_NAME[first] ?? 0) & IS_NAME_START) === 0) return from;
    i++;
  } else {
    NAME_START_AT.lastIndex = from;
    if (!NAME_START_AT.test(text)) return from; // also when `from` is past the end (NaN)
    i = NAME_START_AT.lastIndex;
  }
  for (;;) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (((ASCII_NAME[c] ?? 0) & IS_NAME_CHAR) === 0) return i;
      i++;
    } else if (c >= 128) {
      NAME_CHARS_AT.lastIndex = i;
      NAME_CHARS_AT.test(text);
      return NAME_CHARS_AT.lastIndex;
    } else {
      return i; // NaN: the end of the text
    }
  }
}

/** §2.3 S: space, tab, line feed (carriage returns are normalised away before tokenizing). */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** Whether every character of text[from, to) is white space. */
export function allSpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** §2.2 Char, as a code point. */
export function isXmlChar(code: number): boolean {
  return code >= 0x20
    ? code <= 0xd7ff || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
    : code === 0x09 || code === 0x0a || code === 0x0d;
}

/** UTF-16 units that are not Char on their own: C0 controls but tab/LF/CR, surrogates, U+FFFE, U+FFFF. */
const SUSPECT_UNITS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/g;

/**
 * The index of the first character of `text` that XML 1.0 does not allow, or -1. A high surrogate
 * followed by a low one is a legal character; either alone is not (the caller holds back a high
 * surrogate that ends a chunk until the next chunk arrives). One native regex pass per chunk.
 */
export function firstIllegalChar(text: string): number {
  SUSPECT_UNITS.lastIndex = 0;
  for (;;) {
    if (!SUSPECT_UNITS.test(text)) return -1;
    const at = SUSPECT_UNITS.lastIndex - 1;
    const c = text.charCodeAt(at);
    if (c < 0xd800 || c > 0xdbff) return at;
    const next = text.charCodeAt(at + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return at;
    SUSPECT_UNITS.lastIndex = at + 2;
  }
}

/** Whether the UTF-16 unit is a high (leading) surrogate. */
export function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** `U+0001`-style name of the character at `index`, for error details. */
export function describeChar(text: string, index: number): string {
  return `U+${(text.codePointAt(index) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
