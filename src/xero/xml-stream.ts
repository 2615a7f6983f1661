/**
 * The streaming XML core: a hand-written tokenizer (xml-tokenizer.ts) fed string chunks, a depth
 * counter instead of a document tree, and the security rules of reliability.md §3 enforced while
 * the bytes arrive. Record readers sit on top (client-list-reader.ts, staff-list-reader.ts) and see
 * only element opens, closes and the text of the elements they asked for, so memory stays bounded
 * by one record, not by the response.
 */
import { AppError } from '../domain/errors';
import { DtdGuard, dtdForbidden } from './dtd-guard';
import type { XmlAttributes, XmlTokenSink } from './xml-tokenizer';
import { NO_ATTRIBUTES, XmlTokenizer } from './xml-tokenizer';

export { clip } from './xml-errors';

/** XPM nests at most 7 levels (Response/Clients/Client/Relationships/Relationship/RelatedClient/UUID); 32 leaves room without allowing stack-depth attacks. */
export const MAX_XML_DEPTH = 32;

/** Text kept per element: far above the validators' 1,000-character limit (so an over-long value is still seen as too long) while a 5 MB field cannot pile up in records. */
export const MAX_XML_TEXT_CHARS = 100_000;

/** Element and attribute names that would reach Object.prototype if any code ever used them as keys (XM-5). */
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Read once into a local binding, as the check runs for every element. */
const SHARED_EMPTY_ATTRIBUTES = NO_ATTRIBUTES;
const UNDERSCORE = 0x5f;
const LOWER_C = 0x63;
const LOWER_P = 0x70;

/** What a record reader receives from the core. */
export interface XmlHandler {
  /**
   * An element opened at `depth` (the root is 0). `attributes` has a null prototype. Return true to
   * collect the element's own character data (text and CDATA, not its children's), capped at
   * MAX_XML_TEXT_CHARS.
   */
  open(name: string, depth: number, attributes: XmlAttributes): boolean;
  /** The element at `depth` closed; `text` is its collected character data, or '' if not collected. */
  close(name: string, depth: number, text: string): void;
}

function isForbidden(name: string): boolean {
  const first = name.charCodeAt(0);
  // XPM names are PascalCase, so the set lookup runs only for names starting with '_', 'c' or 'p'.
  return (first === UNDERSCORE || first === LOWER_C || first === LOWER_P) && FORBIDDEN_NAMES.has(name);
}

/** Applies the limits between the tokenizer and the handler, and collects each element's text. */
class GuardedSink implements XmlTokenSink {
  private readonly handler: XmlHandler;
  /** texts[d]: the collected text of the open element at depth d (only if it asked for it). */
  private readonly texts: string[] = new Array<string>(MAX_XML_DEPTH).fill('');
  private depth = 0;

  constructor(handler: XmlHandler) {
    this.handler = handler;
  }

  open(name: string, attributes: XmlAttributes): boolean {
    if (isForbidden(name)) {
      throw new AppError(
        'xml/forbidden-name',
        `The XPM response contains an element named "${name}", which is never accepted.`,
      );
    }
    if (attributes !== SHARED_EMPTY_ATTRIBUTES) {
      for (const attribute in attributes) {
        if (isForbidden(attribute)) {
          throw new AppError(
            'xml/forbidden-name',
            `The XPM response contains an attribute named "${attribute}", which is never accepted.`,
          );
        }
      }
    }
    const depth = this.depth;
    if (depth >= MAX_XML_DEPTH) {
      throw new AppError('xml/too-deep', `The XPM response nests elements deeper than ${MAX_XML_DEPTH} levels.`);
    }
    const wanted = this.handler.open(name, depth, attributes);
    this.texts[depth] = '';
    this.depth = depth + 1;
    return wanted;
  }

  close(name: string): void {
    const depth = --this.depth;
    const text = this.texts[depth] ?? '';
    this.texts[depth] = '';
    this.handler.close(name, depth, text);
  }

  text(piece: string): void {
    const depth = this.depth - 1;
    const sofar = this.texts[depth] ?? '';
    if (sofar.length === 0) {
      this.texts[depth] = piece.length > MAX_XML_TEXT_CHARS ? piece.slice(0, MAX_XML_TEXT_CHARS) : piece;
      return;
    }
    if (sofar.length >= MAX_XML_TEXT_CHARS) return;
    const joined = sofar + piece;
    this.texts[depth] = joined.length > MAX_XML_TEXT_CHARS ? joined.slice(0, MAX_XML_TEXT_CHARS) : joined;
  }
}

/**
 * Feed it with write(chunk) as text arrives and end() once. The first error is final: every later
 * call throws it again, because the tokenizer's state is undefined after a failure.
 */
export class XmlStream {
  private readonly guard = new DtdGuard();
  private readonly tokenizer: XmlTokenizer;
  private failure: AppError | null = null;
  private ended = false;

  constructor(handler: XmlHandler) {
    this.tokenizer = new XmlTokenizer(new GuardedSink(handler));
  }

  /** Parses the next piece of the document. */
  write(chunk: string): void {
    if (this.failure !== null) throw this.failure;
    if (this.ended) throw new AppError('internal', 'XML written after the end of the document.');
    if (chunk.length === 0) return;
    try {
      const marker = this.guard.next(chunk);
      if (marker === -1) {
        this.tokenizer.write(chunk);
      } else {
        // Parse up to the marker's '<!' first, so an earlier fault is reported as it would be had the
        // stream been split differently: the first problem in document order wins.
        if (marker >= 0) this.tokenizer.write(chunk.slice(0, marker + 2));
        this.tokenizer.checkPending();
        throw dtdForbidden();
      }
    } catch (error) {
      throw this.fail(error);
    }
  }

  /** See XmlTokenizer.depthBetweenMarkup; -1 once the stream failed or ended. */
  depthBetweenMarkup(): number {
    return this.failure === null && !this.ended ? this.tokenizer.depthBetweenMarkup() : -1;
  }

  /** The name of the open element at `depth`, if one is open there. */
  openName(depth: number): string | undefined {
    return this.tokenizer.openName(depth);
  }

  /**
   * The owner left `chars` characters out at a place depthBetweenMarkup allowed: a whole element it
   * recognised from an earlier, fully checked copy of the same text (see client-list-spans.ts).
   */
  leftOut(chars: number): void {
    this.tokenizer.leftOut(chars);
  }

  /** Declares the document complete; throws 'xml/malformed' if it is truncated or empty. */
  end(): void {
    if (this.failure !== null) throw this.failure;
    if (this.ended) return;
    this.ended = true;
    try {
      this.tokenizer.end();
    } catch (error) {
      throw this.fail(error);
    }
  }

  private fail(error: unknown): AppError {
    // Anything but an AppError here is a defect in this layer, never a property of the input.
    const failure =
      error instanceof AppError
        ? error
        : new AppError('internal', 'The XML reader failed unexpectedly.', {}, { cause: error });
    this.failure = failure;
    return failure;
  }
}
