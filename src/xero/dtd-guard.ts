/**
 * Finds DTDs in a chunked XML stream before the parser sees them (reliability.md XM-4). XPM never
 * sends a DTD, and every XML entity attack (billion laughs, external SYSTEM entities, entity-name
 * regex injection) needs one, so the only safe amount of DTD support is none.
 */
import { AppError } from '../domain/errors';

/** Longest marker ('<!DOCTYPE') minus one: the most of a marker a chunk boundary can cut off. */
const CARRY_CHARS = 8;

const LESS = 0x3c;

/** Returned by DtdGuard.next when the marker began in an earlier chunk. */
export const MARKER_BEFORE_CHUNK = -2;

export function dtdForbidden(): AppError {
  return new AppError(
    'xml/dtd-forbidden',
    'The XPM response contains a DOCTYPE or ENTITY declaration, which this app never accepts.',
  );
}

/** Index of the first `<!DOCTYPE` or `<!ENTITY` (any letter case) in `text`, or -1. */
function find(text: string): number {
  // '!' is rare in XPM output and a one-character indexOf is the fastest scan there is; the '<' is
  // checked at each hit (a '!' at index 0 is covered by the tail of the previous chunk).
  for (let i = text.indexOf('!', 1); i !== -1; i = text.indexOf('!', i + 1)) {
    if (text.charCodeAt(i - 1) !== LESS) continue;
    const word = text.slice(i + 1, i + 8).toUpperCase();
    if (word === 'DOCTYPE' || word.startsWith('ENTITY')) return i - 1;
  }
  return -1;
}

/**
 * Scans every chunk, including markers split across chunk boundaries. Comments and CDATA are scanned
 * too, so a literal `<!DOCTYPE` inside a CDATA section is rejected as well: a deliberate false
 * positive that keeps the check independent of parser state and of how the stream was chunked.
 */
export class DtdGuard {
  private tail = '';

  /** Where a marker starts in `chunk` (an index), MARKER_BEFORE_CHUNK, or -1 when there is none. */
  next(chunk: string): number {
    const tail = this.tail;
    if (tail.length > 0) {
      const at = find(tail + chunk.slice(0, CARRY_CHARS));
      if (at !== -1 && at < tail.length) return MARKER_BEFORE_CHUNK;
    }
    this.tail = chunk.length >= CARRY_CHARS ? chunk.slice(-CARRY_CHARS) : (tail + chunk).slice(-CARRY_CHARS);
    return find(chunk);
  }
}
