/**
 * A streaming XML 1.0 tokenizer for XPM responses: it checks well-formedness and reports elements,
 * attributes and character data, chunk by chunk, as a download arrives. It finds markup with
 * `indexOf` and validates characters with one native regex pass per chunk, instead of stepping a
 * state machine one character at a time, which is what made saxes slower than the fetch itself.
 *
 * Chunks may be cut anywhere. What a cut leaves unfinished is kept and finished with the next chunk:
 * a few characters (part of a reference, `]]`, `--`, `<![CDA`) are prepended to it; a long tag or
 * processing instruction is collected in parts and only parsed once its end has arrived, so the work
 * stays linear however finely the stream is cut. Text, CDATA and comments stream through and are
 * never buffered beyond what the sink keeps.
 *
 * Not supported, on purpose: DTDs (rejected: dtd-guard.ts), entities beyond the five predefined
 * ones, namespaces (names are kept as written, colons included) and XML 1.1 rules.
 */
import type { AppError } from '../domain/errors';
import { dtdForbidden } from './dtd-guard';
import {
  ASCII_NAME,
  IS_NAME_CHAR,
  IS_NAME_START,
  allSpace,
  describeChar,
  firstIllegalChar,
  isHighSurrogate,
  isSpace,
  nameEnd,
} from './xml-chars';
import { checkDeclaration } from './xml-declaration';
import { malformed, quoted } from './xml-errors';
import { MAX_REFERENCE_CHARS, decodeReference, decodeReferences } from './xml-references';

/** Attributes as the sink receives them: a null-prototype object, so no name can reach Object.prototype. */
export type XmlAttributes = Readonly<Record<string, string>>;

/** Where the tokenizer reports the document's structure. Any of these may throw to stop reading. */
export interface XmlTokenSink {
  /** An element opened. Returns whether it wants its own character data passed to text(). */
  open(name: string, attributes: XmlAttributes): boolean;
  /** The element opened last closed. */
  close(name: string): void;
  /** A piece of character data of the innermost open element, which asked for it; pieces join in order. */
  text(piece: string): void;
}

/** Shared by every element without attributes (nearly all of them): frozen, null prototype. */
export const NO_ATTRIBUTES: XmlAttributes = Object.freeze(Object.create(null) as Record<string, string>);

/**
 * Unfinished input kept as one string and re-read with the next chunk. Longer unfinished constructs
 * (only tags and processing instructions grow longer) are collected in parts instead, so a
 * megabyte-long tag dribbled in small chunks is not re-read once per chunk.
 */
const MAX_CARRY_CHARS = 256;

/** What the input between tags is, when a chunk ends inside it. */
const TEXT = 0;
const COMMENT = 1;
const CDATA = 2;
type Mode = typeof TEXT | typeof COMMENT | typeof CDATA;

/** The unfinished construct collected in parts. */
const OPEN_TAG = 0;
const CLOSE_TAG = 1;
const INSTRUCTION = 2;
type LongKind = typeof OPEN_TAG | typeof CLOSE_TAG | typeof INSTRUCTION;

/** Read once into local bindings: the hot paths read these, not the module's (slower where modules are emulated). */
const ASCII = ASCII_NAME;
const NAME_START = IS_NAME_START;
const NAME_CHAR = IS_NAME_CHAR;
const MAX_REFERENCE = MAX_REFERENCE_CHARS;
const decode = decodeReference;

/** An index past any real one: "no further occurrence in this buffer". */
const NONE = Number.MAX_SAFE_INTEGER;
/** indexOf found nothing, or the cached answer is out of date. */
const UNKNOWN = -1;

const LF = 0x0a;
const CR = 0x0d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const DASH = 0x2d;
const SLASH = 0x2f;
const LESS = 0x3c;
const EQUALS = 0x3d;
const GREATER = 0x3e;
const QUESTION = 0x3f;
const BANG = 0x21;
const BRACKET = 0x5d;
const BOM = 0xfeff;

const LINE_END = /\r\n?/g;
const TAB_OR_LF = /[\t\n]/g;

/**
 * Feed it with write(chunk) and end() once. It throws 'xml/malformed' (or whatever the sink throws)
 * at the first fault in document order; after a throw its state is undefined, so the owner must
 * not call it again (XmlStream remembers the failure).
 */
export class XmlTokenizer {
  private readonly sink: XmlTokenSink;
  /** Names and wants-text flags of the open elements, by depth (the root is 0). */
  private readonly names: string[] = [];
  private readonly wants: boolean[] = [];
  private depth = 0;
  private rootOpened = false;
  private rootClosed = false;
  /** Nothing but a BOM read so far: the only place an XML declaration may stand. */
  private atStart = true;
  private begun = false;

  private mode: Mode = TEXT;
  /** Short unfinished input, read again in front of the next chunk. */
  private carry = '';
  /** Long unfinished tag or processing instruction, its parts in order; null when there is none. */
  private longParts: string[] | null = null;
  private longKind: LongKind = OPEN_TAG;
  /** OPEN_TAG: the quote the collected text ends inside of (0 when outside any value). */
  private longQuote = 0;
  /** INSTRUCTION: the collected text ends with '?'. */
  private longQuestion = false;

  /** A high surrogate that ended the last chunk, waiting for its low half. */
  private heldSurrogate = '';
  /** The last chunk ended with CR: an LF starting the next belongs to the same line end. */
  private skipLineFeed = false;

  /** Characters (after line-end normalisation) handed to feed() so far, and where the carry started. */
  private consumed = 0;
  private pendingStart = 0;
  /** Document offset of the current buffer's first character, for error details. */
  private bufferStart = 0;
  /** Next '&' and next ']]>' at or after the current position of the current buffer (NONE, or UNKNOWN). */
  private nextAmp = UNKNOWN;
  private nextCdataEnd = UNKNOWN;

  constructor(sink: XmlTokenSink) {
    this.sink = sink;
  }

  /** Tokenizes the next piece of the document. */
  write(chunk: string): void {
    let text = chunk;
    if (this.heldSurrogate !== '') {
      text = this.heldSurrogate + text;
      this.heldSurrogate = '';
    }
    if (!this.begun && text.length > 0) {
      this.begun = true;
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
    }
    if (this.skipLineFeed && text.length > 0) {
      this.skipLineFeed = false;
      if (text.charCodeAt(0) === LF) text = text.slice(1);
    }
    // XML 1.0 §2.11: CR LF and a lone CR become LF before parsing; a CR ending the chunk may be the
    // first half of a CR LF pair, so an LF starting the next chunk is dropped.
    if (text.indexOf('\r') !== -1) {
      this.skipLineFeed = text.charCodeAt(text.length - 1) === CR;
      text = text.replace(LINE_END, '\n');
    }
    if (isHighSurrogate(text.charCodeAt(text.length - 1))) {
      this.heldSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    const illegal = firstIllegalChar(text);
    if (illegal === -1) {
      this.feed(text);
      return;
    }
    // Everything before the character first, so an earlier fault is the one reported.
    const at = this.consumed + illegal;
    this.feed(text.slice(0, illegal));
    throw malformed(`character ${describeChar(text, illegal)} is not allowed in XML, at character ${at}`);
  }

  /**
   * Parses what is left unfinished as far as it goes, throwing if that part is already at fault.
   * XmlStream calls it before reporting a DTD marker, so a fault ahead of the marker wins however
   * the stream was cut; end() calls it so a truncated document names its first fault.
   */
  checkPending(): void {
    let pending = this.carry;
    if (this.longParts !== null) pending = this.longParts.join('');
    if (pending === '') return;
    this.carry = '';
    this.longParts = null;
    this.bufferStart = this.pendingStart;
    this.run(pending, 0);
  }

  /**
   * The depth the next input continues at when everything written so far ended between markup with
   * nothing held back (no unfinished reference, tag, comment, CDATA section, line end or surrogate
   * pair), else -1: only then can an owner leave a whole element out of the input (leftOut) without
   * changing what the rest of the document means.
   */
  depthBetweenMarkup(): number {
    if (this.mode !== TEXT || this.carry !== '' || this.longParts !== null) return -1;
    if (this.heldSurrogate !== '' || this.skipLineFeed || !this.rootOpened || this.rootClosed) return -1;
    return this.depth;
  }

  /** The name of the open element at `depth` (the root is 0), if one is open there. */
  openName(depth: number): string | undefined {
    return depth < this.depth ? this.names[depth] : undefined;
  }

  /** Counts `chars` characters the owner left out of the input, so later fault positions stay document positions. */
  leftOut(chars: number): void {
    this.consumed += chars;
  }

  /** Declares the document complete; throws 'xml/malformed' if it is empty, truncated or unbalanced. */
  end(): void {
    this.checkPending();
    if (this.mode === COMMENT) throw malformed('the document ends inside a comment');
    if (this.mode === CDATA) throw malformed('the document ends inside a CDATA section');
    if (this.longParts !== null || this.carry.startsWith('<')) {
      throw malformed('the document ends inside a tag or processing instruction');
    }
    if (this.carry.startsWith('&')) throw malformed('the document ends inside a reference');
    if (this.heldSurrogate !== '') throw malformed('the document ends with half a surrogate pair');
    if (this.depth > 0) {
      throw malformed(`the document ends before </${quoted(this.names[this.depth - 1] ?? '')}>`);
    }
    if (!this.rootOpened) throw malformed('the document has no root element');
  }

  private feed(text: string): void {
    if (text.length === 0) return;
    if (this.longParts !== null) {
      this.consumed += text.length;
      this.longParts.push(text);
      if (this.longEnd(text) === -1) return;
      const buffer = this.longParts.join('');
      this.longParts = null;
      this.bufferStart = this.pendingStart;
      this.run(buffer, 0);
      return;
    }
    if (this.carry === '') {
      this.bufferStart = this.consumed;
      this.consumed += text.length;
      this.run(text, 0);
      return;
    }
    const carry = this.carry;
    this.carry = '';
    this.bufferStart = this.pendingStart;
    // What the carry started nearly always ends before the chunk's first '<': finish it with the
    // text up to there, so the rest of the chunk is read in place instead of copied behind the carry.
    const cut = text.indexOf('<');
    if (cut > 0) {
      this.consumed += cut;
      this.run(carry + text.slice(0, cut), 0);
      this.feed(text.slice(cut));
      return;
    }
    this.consumed += text.length;
    this.run(carry + text, 0);
  }

  /**
   * Tokenizes `buffer` from `from` in the current mode, keeping an unfinished end for later. The
   * loop handles the shapes that make up nearly all of an XPM response inline (`<Name>`, `</Name>`,
   * plain text between them); everything else goes through the general methods below.
   */
  private run(buffer: string, from: number): void {
    this.nextAmp = UNKNOWN;
    this.nextCdataEnd = UNKNOWN;
    const length = buffer.length;
    let i = from;
    while (i < length) {
      if (this.mode !== TEXT) {
        i = this.mode === COMMENT ? this.comment(buffer, i) : this.cdata(buffer, i);
        if (i === -1) return;
        continue;
      }
      const less = buffer.indexOf('<', i);
      if (less !== i) {
        const end = less === -1 ? length : less;
        i = this.depth > 0 ? this.text(buffer, i, end) : this.textOutsideRoot(buffer, i, end);
        if (i === -1 || less === -1) return;
      }
      const c = buffer.charCodeAt(less + 1);
      if (c === SLASH) {
        const depth = this.depth;
        if (depth > 0) {
          const open = this.names[depth - 1] as string;
          const after = less + 2 + open.length;
          if (buffer.charCodeAt(after) === GREATER && buffer.startsWith(open, less + 2)) {
            this.closeElement();
            i = after + 1;
            continue;
          }
        }
        i = this.closeTag(buffer, less);
      } else if (c < 128 && ((ASCII[c] as number) & NAME_START) !== 0) {
        let end = less + 2;
        let d = buffer.charCodeAt(end);
        while (d < 128 && ((ASCII[d] as number) & NAME_CHAR) !== 0) d = buffer.charCodeAt(++end);
        if (d === GREATER) {
          this.openElement(buffer.slice(less + 1, end), NO_ATTRIBUTES, less);
          i = end + 1;
          continue;
        }
        i = this.openTag(buffer, less);
      } else {
        i = this.markup(buffer, less);
      }
      if (i === -1) return;
    }
  }

  /** Keeps buffer[from…] for the next chunk; returns -1 for the caller to pass up. */
  private keep(buffer: string, from: number): -1 {
    const rest = buffer.slice(from);
    this.pendingStart = this.bufferStart + from;
    if (rest.length <= MAX_CARRY_CHARS || this.mode !== TEXT || rest.charCodeAt(0) !== LESS) {
      this.carry = rest;
      return -1;
    }
    const second = rest.charCodeAt(1);
    this.longParts = [rest];
    if (second === SLASH) {
      this.longKind = CLOSE_TAG;
    } else if (second === QUESTION) {
      this.longKind = INSTRUCTION;
      this.longQuestion = rest.charCodeAt(rest.length - 1) === QUESTION;
    } else {
      this.longKind = OPEN_TAG;
      this.longQuote = 0;
      this.longEnd(rest.slice(1)); // sets longQuote; the tag cannot end in `rest`, or it would not be unfinished
    }
    return -1;
  }

  /**
   * Where the long unfinished construct ends in `text` (the index just past it), or -1, updating
   * what is remembered about quotes and '?'. For a well-formed tag this agrees with the parser;
   * for a malformed one the parser reports the fault once the parts are joined.
   */
  private longEnd(text: string): number {
    switch (this.longKind) {
      case CLOSE_TAG: {
        const greater = text.indexOf('>');
        return greater === -1 ? -1 : greater + 1;
      }
      case INSTRUCTION: {
        if (this.longQuestion && text.charCodeAt(0) === GREATER) return 1;
        const end = text.indexOf('?>');
        if (end !== -1) return end + 2;
        this.longQuestion = text.charCodeAt(text.length - 1) === QUESTION;
        return -1;
      }
      case OPEN_TAG: {
        let quote = this.longQuote;
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          if (quote !== 0) {
            if (c === quote) quote = 0;
          } else if (c === GREATER) {
            return i + 1;
          } else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
            quote = c;
          }
        }
        this.longQuote = quote;
        return -1;
      }
    }
  }

  /** Character data inside the root in buffer[from, end), where end is a '<' or the buffer's end. */
  private text(buffer: string, from: number, end: number): number {
    let cdataEnd = this.nextCdataEnd;
    if (cdataEnd < from) cdataEnd = this.nextCdataEnd = found(buffer.indexOf(']]>', from));
    let amp = this.nextAmp;
    if (amp < from) amp = this.nextAmp = found(buffer.indexOf('&', from));
    if (amp >= end && cdataEnd >= end && end < buffer.length) {
      if (this.wants[this.depth - 1] === true) this.sink.text(buffer.slice(from, end));
      return end;
    }
    return this.textWithSpecials(buffer, from, end);
  }

  /** text() when the run holds a reference or a ']]>', or reaches the end of the buffer. */
  private textWithSpecials(buffer: string, from: number, end: number): number {
    if (this.nextCdataEnd < end) throw this.fault(']]> in character data', this.nextCdataEnd);
    const wanted = this.wants[this.depth - 1] === true;
    let amp = this.nextAmp;
    let i = from;
    while (amp < end) {
      if (wanted && amp > i) this.sink.text(buffer.slice(i, amp));
      const semicolon = buffer.indexOf(';', amp + 1);
      if (semicolon === -1 || semicolon >= end || semicolon - amp - 1 > MAX_REFERENCE) {
        if (end === buffer.length && end - amp - 1 <= MAX_REFERENCE) return this.keep(buffer, amp);
        throw this.fault('& that does not start a reference ending in ;', amp);
      }
      const decoded = decode(buffer.slice(amp + 1, semicolon));
      if (wanted) this.sink.text(decoded);
      i = semicolon + 1;
      amp = this.nextAmp = found(buffer.indexOf('&', i));
    }
    let stop = end;
    if (end === buffer.length) {
      // A trailing ']' or ']]' may begin a ']]>' that the next chunk completes: keep it back.
      if (stop > i && buffer.charCodeAt(stop - 1) === BRACKET) stop--;
      if (stop > i && buffer.charCodeAt(stop - 1) === BRACKET) stop--;
    }
    if (wanted && stop > i) this.sink.text(buffer.slice(i, stop));
    return stop < end ? this.keep(buffer, stop) : end;
  }

  /** Before or after the root only white space may stand (references and CDATA are character data too). */
  private textOutsideRoot(buffer: string, from: number, end: number): number {
    if (!allSpace(buffer, from, end)) {
      throw this.fault(this.rootClosed ? 'text after the root element' : 'text before the root element', from);
    }
    this.atStart = false;
    return end;
  }

  /** The markup starting with the '<' at `less`; returns the index after it, or -1 if it is unfinished. */
  private markup(buffer: string, less: number): number {
    const c = buffer.charCodeAt(less + 1);
    if (c === SLASH) return this.closeTag(buffer, less);
    if (c === BANG) return this.bang(buffer, less);
    if (c === QUESTION) return this.instruction(buffer, less);
    if (less + 1 === buffer.length) return this.keep(buffer, less);
    return this.openTag(buffer, less);
  }

  private openTag(buffer: string, less: number): number {
    const length = buffer.length;
    const end = nameEnd(buffer, less + 1);
    if (end === length) return this.keep(buffer, less);
    if (end === less + 1) throw this.fault('< not followed by an element name', less);
    const name = buffer.slice(less + 1, end);
    const c = buffer.charCodeAt(end);
    if (c === GREATER) {
      this.openElement(name, NO_ATTRIBUTES, less);
      return end + 1;
    }
    if (c === SLASH) return this.emptyElementEnd(buffer, less, end, name, NO_ATTRIBUTES);
    if (!isSpace(c)) throw this.fault(`${describeChar(buffer, end)} in the name <${quoted(name)}…`, end);
    return this.attributes(buffer, less, end, name);
  }

  /** The `/>` at `slash` of an empty-element tag. */
  private emptyElementEnd(
    buffer: string,
    less: number,
    slash: number,
    name: string,
    attributes: XmlAttributes,
  ): number {
    if (slash + 1 === buffer.length) return this.keep(buffer, less);
    if (buffer.charCodeAt(slash + 1) !== GREATER) throw this.fault(`/ not followed by > in <${quoted(name)}>`, slash);
    this.openElement(name, attributes, less);
    this.closeElement();
    return slash + 2;
  }

  /** Attributes from `from` (white space after the name) to the end of the tag. */
  private attributes(buffer: string, less: number, from: number, name: string): number {
    const length = buffer.length;
    const attributes = Object.create(null) as Record<string, string>;
    let i = from;
    let spaced = false;
    for (;;) {
      while (i < length && isSpace(buffer.charCodeAt(i))) {
        i++;
        spaced = true;
      }
      if (i === length) return this.keep(buffer, less);
      const c = buffer.charCodeAt(i);
      if (c === GREATER) {
        this.openElement(name, attributes, less);
        return i + 1;
      }
      if (c === SLASH) return this.emptyElementEnd(buffer, less, i, name, attributes);
      if (!spaced) throw this.fault(`attributes of <${quoted(name)}> not separated by white space`, i);
      const attributeEnd = nameEnd(buffer, i);
      if (attributeEnd === length) return this.keep(buffer, less);
      if (attributeEnd === i) throw this.fault(`${describeChar(buffer, i)} in the attributes of <${quoted(name)}>`, i);
      const attribute = buffer.slice(i, attributeEnd);
      i = skipSpace(buffer, attributeEnd);
      if (i === length) return this.keep(buffer, less);
      if (buffer.charCodeAt(i) !== EQUALS) throw this.fault(`attribute ${quoted(attribute)} without = and a value`, i);
      i = skipSpace(buffer, i + 1);
      if (i === length) return this.keep(buffer, less);
      const quote = buffer.charCodeAt(i);
      if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) {
        throw this.fault(`the value of attribute ${quoted(attribute)} is not quoted`, i);
      }
      const close = buffer.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", i + 1);
      const raw = buffer.slice(i + 1, close === -1 ? length : close);
      const lessInValue = raw.indexOf('<');
      if (lessInValue !== -1) throw this.fault(`< in the value of attribute ${quoted(attribute)}`, i + 1 + lessInValue);
      if (close === -1) return this.keep(buffer, less);
      // §3.3.3: literal white space becomes a space; references are decoded after, so &#9; stays a tab.
      const value = decodeReferences(raw.replace(TAB_OR_LF, ' '));
      if (Object.hasOwn(attributes, attribute)) throw this.fault(`attribute ${quoted(attribute)} given twice`, i);
      attributes[attribute] = value;
      i = close + 1;
      spaced = false;
    }
  }

  private openElement(name: string, attributes: XmlAttributes, less: number): void {
    const depth = this.depth;
    if (depth === 0) {
      if (this.rootClosed) throw this.fault(`a second root element <${quoted(name)}>`, less);
      this.rootOpened = true;
      this.atStart = false;
    }
    const wanted = this.sink.open(name, attributes);
    this.names[depth] = name;
    this.wants[depth] = wanted;
    this.depth = depth + 1;
  }

  private closeElement(): void {
    const depth = --this.depth;
    if (depth === 0) this.rootClosed = true;
    this.sink.close(this.names[depth] ?? '');
  }

  private closeTag(buffer: string, less: number): number {
    const length = buffer.length;
    const from = less + 2;
    if (this.depth === 0) throw this.fault('a closing tag with no element open', less);
    const open = this.names[this.depth - 1] ?? '';
    // The common case: exactly the open element's name, then '>'.
    if (buffer.startsWith(open, from) && buffer.charCodeAt(from + open.length) === GREATER) {
      this.closeElement();
      return from + open.length + 1;
    }
    const end = nameEnd(buffer, from);
    if (end === length) return this.keep(buffer, less);
    if (end === from) throw this.fault('</ not followed by an element name', less);
    const name = buffer.slice(from, end);
    const greater = skipSpace(buffer, end);
    if (greater === length) return this.keep(buffer, less);
    if (buffer.charCodeAt(greater) !== GREATER) {
      throw this.fault(`${describeChar(buffer, greater)} in the closing tag </${quoted(name)}>`, greater);
    }
    if (name !== open) throw this.fault(`</${quoted(name)}> where </${quoted(open)}> was expected`, less);
    this.closeElement();
    return greater + 1;
  }

  /** `<!`: a comment or a CDATA section; anything else is an error (a DTD never gets this far). */
  private bang(buffer: string, less: number): number {
    if (buffer.startsWith('--', less + 2)) {
      this.atStart = false;
      this.mode = COMMENT;
      return less + 4;
    }
    if (buffer.startsWith('[CDATA[', less + 2)) {
      if (this.depth === 0) throw this.fault('a CDATA section outside the root element', less);
      this.mode = CDATA;
      return less + 9;
    }
    const head = buffer.slice(less + 2, less + 9);
    const upper = head.toUpperCase();
    // DtdGuard stops these before they reach the tokenizer; this keeps the tokenizer from ever accepting one.
    if (upper === 'DOCTYPE' || upper.startsWith('ENTITY')) throw dtdForbidden();
    const unfinished = less + 2 + head.length === buffer.length;
    if (unfinished && BANG_WORDS.some((word) => word.length > upper.length && word.startsWith(upper))) {
      return this.keep(buffer, less);
    }
    throw this.fault('<! that starts neither a comment nor a CDATA section', less);
  }

  /** In a comment: find `--`, which must be followed by `>`. */
  private comment(buffer: string, from: number): number {
    const length = buffer.length;
    const dashes = buffer.indexOf('--', from);
    if (dashes === -1) {
      return buffer.charCodeAt(length - 1) === DASH ? this.keep(buffer, length - 1) : -1;
    }
    if (dashes + 2 === length) return this.keep(buffer, dashes);
    if (buffer.charCodeAt(dashes + 2) !== GREATER) throw this.fault('-- inside a comment', dashes);
    this.mode = TEXT;
    return dashes + 3;
  }

  /** In a CDATA section: everything up to `]]>` is character data, verbatim. */
  private cdata(buffer: string, from: number): number {
    let end = this.nextCdataEnd;
    if (end < from) end = this.nextCdataEnd = found(buffer.indexOf(']]>', from));
    const wanted = this.wants[this.depth - 1] === true;
    if (end !== NONE) {
      if (wanted && end > from) this.sink.text(buffer.slice(from, end));
      this.mode = TEXT;
      return end + 3;
    }
    const length = buffer.length;
    let stop = length;
    if (stop > from && buffer.charCodeAt(stop - 1) === BRACKET) stop--;
    if (stop > from && buffer.charCodeAt(stop - 1) === BRACKET) stop--;
    if (wanted && stop > from) this.sink.text(buffer.slice(from, stop));
    return stop < length ? this.keep(buffer, stop) : -1;
  }

  /** `<?target body?>`; the target `xml` is the XML declaration, allowed only at the very start. */
  private instruction(buffer: string, less: number): number {
    const length = buffer.length;
    const from = less + 2;
    const end = nameEnd(buffer, from);
    if (end === length) return this.keep(buffer, less);
    if (end === from) throw this.fault('<? not followed by a processing instruction target', less);
    const c = buffer.charCodeAt(end);
    let question: number;
    if (c === QUESTION) {
      if (end + 1 === length) return this.keep(buffer, less);
      if (buffer.charCodeAt(end + 1) !== GREATER) throw this.fault('? not followed by > after <?target', end);
      question = end;
    } else if (isSpace(c)) {
      question = buffer.indexOf('?>', end);
      if (question === -1) return this.keep(buffer, less);
    } else {
      throw this.fault(`${describeChar(buffer, end)} after a processing instruction target`, end);
    }
    const target = buffer.slice(from, end);
    if (target === 'xml') {
      if (!this.atStart) throw this.fault('an XML declaration that is not at the very start', less);
      checkDeclaration(buffer.slice(end, question));
    } else if (target.length === 3 && target.toLowerCase() === 'xml') {
      throw this.fault(`the reserved processing instruction target ${target}`, less);
    }
    this.atStart = false;
    return question + 2;
  }

  /** 'xml/malformed' naming the fault and where it is (characters from the start, line ends counted as one). */
  private fault(detail: string, index: number): AppError {
    return malformed(`${detail}, at character ${this.bufferStart + index}`);
  }
}

/** What may follow `<!` in a document this reader accepts, or be rejected as a DTD (any letter case). */
const BANG_WORDS: readonly string[] = ['--', '[CDATA[', 'DOCTYPE', 'ENTITY'];

function found(index: number): number {
  return index === -1 ? NONE : index;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}
