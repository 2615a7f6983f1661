/**
 * The streaming XML core: saxes fed string chunks, a depth counter instead of a document tree, and
 * the security rules of reliability.md §3 enforced while the bytes arrive. Record readers sit on top
 * (client-list-reader.ts, staff-list-reader.ts) and see only element opens, closes and the text of
 * the elements they asked for, so memory stays bounded by one record, not by the response.
 */
import { SaxesParser } from 'saxes';
import type { SaxesTagPlain } from 'saxes';
import { AppError } from '../domain/errors';
import { DtdGuard, dtdForbidden } from './dtd-guard';

/** XPM nests at most 7 levels (Response/Clients/Client/Relationships/Relationship/RelatedClient/UUID); 32 leaves room without allowing stack-depth attacks. */
export const MAX_XML_DEPTH = 32;

/** Text kept per element: far above the validators' 1,000-character limit (so an over-long value is still seen as too long) while a 5 MB field cannot pile up in records. */
export const MAX_XML_TEXT_CHARS = 100_000;

/** Longest piece of parser detail quoted in an error message, so hostile input is never echoed at length. */
export const MAX_XML_ERROR_DETAIL_CHARS = 120;

/** Element names that would reach Object.prototype if any code ever used them as keys (XM-5). */
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
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
  open(name: string, depth: number, attributes: Readonly<Record<string, string>>): boolean;
  /** The element at `depth` closed; `text` is its collected character data, or '' if not collected. */
  close(name: string, depth: number, text: string): void;
}

/** Quotes at most MAX_XML_ERROR_DETAIL_CHARS of untrusted text. */
export function clip(text: string, max = MAX_XML_ERROR_DETAIL_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function malformed(detail: string): AppError {
  return new AppError('xml/malformed', `The XPM response is not well-formed XML (${clip(detail)}).`);
}

/**
 * Feed it with write(chunk) as text arrives and end() once. The first error is final: every later
 * call throws it again, because saxes' state is undefined after a failure.
 */
export class XmlStream {
  private readonly parser = new SaxesParser<{ xmlns: false }>({ xmlns: false });
  private readonly guard = new DtdGuard();
  private readonly handler: XmlHandler;
  /** capture[d] / texts[d]: whether the open element at depth d collects text, and what it has so far. */
  private readonly capture: boolean[] = new Array<boolean>(MAX_XML_DEPTH).fill(false);
  private readonly texts: string[] = new Array<string>(MAX_XML_DEPTH).fill('');
  private depth = 0;
  private failure: AppError | null = null;
  private ended = false;

  constructor(handler: XmlHandler) {
    this.handler = handler;
    const parser = this.parser;
    parser.on('opentag', (tag) => this.onOpen(tag));
    parser.on('closetag', (tag) => this.onClose(tag.name));
    parser.on('text', (text) => this.onText(text));
    parser.on('cdata', (text) => this.onText(text));
    parser.on('doctype', () => {
      // DtdGuard normally stops a DTD first; this keeps the parser itself from ever accepting one.
      throw dtdForbidden();
    });
    parser.on('error', (error) => {
      throw malformed(error.message);
    });
  }

  /** Parses the next piece of the document. */
  write(chunk: string): void {
    if (this.failure !== null) throw this.failure;
    if (this.ended) throw new AppError('internal', 'XML written after the end of the document.');
    if (chunk.length === 0) return;
    try {
      const marker = this.guard.next(chunk);
      if (marker === -1) {
        this.parser.write(chunk);
      } else {
        // Parse up to the marker's '<!' first, so an earlier fault is reported as it would be had the
        // stream been split differently: the first problem in document order wins.
        if (marker >= 0) this.parser.write(chunk.slice(0, marker + 2));
        throw dtdForbidden();
      }
    } catch (error) {
      throw this.fail(error);
    }
  }

  /** Declares the document complete; throws 'xml/malformed' if it is truncated or empty. */
  end(): void {
    if (this.failure !== null) throw this.failure;
    if (this.ended) return;
    this.ended = true;
    try {
      this.parser.close();
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

  private onOpen(tag: SaxesTagPlain): void {
    const { name } = tag;
    const first = name.charCodeAt(0);
    // XPM names are PascalCase, so the set lookup runs only for names starting with '_', 'c' or 'p'.
    if ((first === UNDERSCORE || first === LOWER_C || first === LOWER_P) && FORBIDDEN_NAMES.has(name)) {
      throw new AppError(
        'xml/forbidden-name',
        `The XPM response contains an element named "${name}", which is never accepted.`,
      );
    }
    const depth = this.depth;
    if (depth >= MAX_XML_DEPTH) {
      throw new AppError('xml/too-deep', `The XPM response nests elements deeper than ${MAX_XML_DEPTH} levels.`);
    }
    this.capture[depth] = this.handler.open(name, depth, tag.attributes);
    this.texts[depth] = '';
    this.depth = depth + 1;
  }

  private onClose(name: string): void {
    const depth = --this.depth;
    let text = '';
    if (this.capture[depth] === true) {
      text = this.texts[depth] ?? '';
      this.texts[depth] = '';
      this.capture[depth] = false;
    }
    this.handler.close(name, depth, text);
  }

  private onText(text: string): void {
    const depth = this.depth - 1;
    if (depth < 0 || this.capture[depth] !== true) return;
    const sofar = this.texts[depth] ?? '';
    if (sofar.length >= MAX_XML_TEXT_CHARS) return;
    const joined = sofar + text;
    this.texts[depth] = joined.length > MAX_XML_TEXT_CHARS ? joined.slice(0, MAX_XML_TEXT_CHARS) : joined;
  }
}
