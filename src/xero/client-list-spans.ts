/**
 * A client list reader that lets its caller recognise a client from the text of its element before
 * it is parsed (M6: a Resync All of an unchanged practice). Nearly every client of a complete listing
 * is unchanged, and tokenizing and building 15,000 of them was most of such a run's CPU time; hashing
 * their text is a fraction of it.
 *
 * Each whole `<Client>…</Client>` element under `Response/Clients` is handed to the caller's policy
 * first. The policy hashes it; when the hash is one the caller stored for a client (the same text was
 * read, checked and evaluated before, under the same options and staff), the element is left out of
 * the parse and the caller is told which client it was. Otherwise it is parsed as always, and the
 * record built from it carries the hash, which the caller stores for next time.
 *
 * Why leaving an element out is safe: the policy is only asked about a whole element — from a plain
 * `<Client>` to the first `</Client>` after it, holding nothing that could hide markup from a plain
 * search (a comment, CDATA, a processing instruction, a nested `<Client`) — where the parser stands
 * between markup inside `Response/Clients` after an OK status, so what is left is still a whole
 * document with the element gone from its place. The session knows only hashes of such elements
 * that were parsed and passed every check of the secure reader before (53 bits, checked with the
 * client's id), so what it leaves out is text already checked. Everything else (the envelope, the
 * DTD guard, every other byte) is read exactly as before.
 */
import type { XpmClientId } from '../domain/ids';
import type { XpmClient } from './types';
import { ClientScope } from './client-list-reader';
import { XpmRecordReader } from './xpm-record-reader';
import type { RecordScope, XpmReadSummary } from './xpm-record-reader';

/** What a span-reading client list hands out, in document order. */
export type ClientRead =
  /** A client parsed from its element; `spanHash` is the policy's hash of that element's text, if it was read whole. */
  | { readonly client: XpmClient; readonly spanHash: string | null }
  /** A client the policy recognised from its element's text: not parsed. */
  | { readonly known: XpmClientId };

/** The caller's side: hashes an element's text and says whether it holds a stored client. */
export interface ClientSpanPolicy {
  /**
   * `text` is one whole `<Client>…</Client>` element as XPM sent it. Returns its hash and, when that
   * hash is stored for a client whose element the same text was, that client's id (the element is
   * then not parsed); else null.
   */
  judge(text: string): { readonly hash: string; readonly known: XpmClientId | null };
}

const OPEN = '<Client>';
const CLOSE = '</Client>';
/** Where the list's clients stand: `Response` (0) / `Clients` (1) / `Client` (2). */
const CLIENT_DEPTH = 2;
const CLIENTS = 'Clients';
/**
 * An element longer than this is parsed as it comes, without a hash: XPM's are ~3.3 KB (a client with
 * many people or notes some times that); it bounds the text held for an element not closed yet.
 */
export const MAX_SPAN_CHARS = 256 * 1024;

/** Wraps the client scope's records as parsed reads (no hash yet). */
class ParsedClientScope implements RecordScope<ClientRead> {
  private readonly scope = new ClientScope();
  open(name: string, depth: number): boolean {
    return this.scope.open(name, depth);
  }
  close(name: string, depth: number, text: string): ClientRead | null {
    const client = this.scope.close(name, depth, text);
    return client === null ? null : { client, spanHash: null };
  }
  finish(): void {
    this.scope.finish();
  }
}

/**
 * What makes a span not a whole element: `<!` (a comment, CDATA), `<?` (a processing instruction),
 * or another `<Client` whose name ends there (`<ClientCode>` and the like are other elements; the
 * class is XML's ASCII name characters and everything from U+0080, as the tokenizer's name reading).
 * One regular-expression pass: three `indexOf` passes cost 3.3× as much on a 15,000-client list.
 */
const NOT_WHOLE = /<[!?]|<Client(?![A-Za-z0-9._:\-\u0080-\uFFFF])/g;

/**
 * Whether `span` (from `<Client>` to the first `</Client>` after it) is the whole element: nothing
 * in it can hide markup from a plain search, and no element of the same name opens inside it.
 */
export function isWholeClientSpan(span: string): boolean {
  NOT_WHOLE.lastIndex = 1; // past the element's own `<Client>`
  return !NOT_WHOLE.test(span);
}

/** Where a prefix of `<Client>` starts at the end of `text` (held back for the next chunk), else text.length. */
function partialOpenAt(text: string, from: number): number {
  const less = text.lastIndexOf('<');
  if (less < from || less < text.length - OPEN.length + 1) return text.length;
  return OPEN.startsWith(text.slice(less)) ? less : text.length;
}

/** Characters of held text a `</Client>` cut by a chunk boundary can start in. */
const CLOSE_OVERLAP = CLOSE.length - 1;

/**
 * Where the first `</Client>` ends in `chunk` (the index just past it), also when it starts in the
 * held text ending with `tail`, which holds none; -1 if there is none.
 */
function closeAcross(tail: string, chunk: string): number {
  const fromHeld = Math.min(tail.length, CLOSE_OVERLAP);
  const edge = tail.slice(tail.length - fromHeld) + chunk.slice(0, CLOSE_OVERLAP);
  const inEdge = edge.indexOf(CLOSE);
  if (inEdge !== -1) return inEdge + CLOSE.length - fromHeld;
  const inChunk = chunk.indexOf(CLOSE);
  return inChunk === -1 ? -1 : inChunk + CLOSE.length;
}

/** The normalised length of `text` (the tokenizer's count): a CR LF pair is one line end. */
function normalisedLength(text: string): number {
  if (text.indexOf('\r') === -1) return text.length;
  let length = text.length;
  for (let at = text.indexOf('\r\n'); at !== -1; at = text.indexOf('\r\n', at + 2)) length -= 1;
  return length;
}

/**
 * Text held for an element that has not closed yet, kept in parts and joined once when it closes:
 * joining each chunk to it as it came (the first version) copied it again per chunk, quadratic in an
 * element dribbled in small pieces.
 */
class HeldText {
  private parts: string[] = [];
  length = 0;
  /** Its last CLOSE_OVERLAP characters. */
  tail = '';

  add(text: string): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.length += text.length;
    this.tail = text.length >= CLOSE_OVERLAP ? text.slice(-CLOSE_OVERLAP) : (this.tail + text).slice(-CLOSE_OVERLAP);
  }

  /** Its parts in order; it is empty afterwards. */
  take(): string[] {
    const parts = this.parts;
    this.parts = [];
    this.length = 0;
    this.tail = '';
    return parts;
  }
}

/**
 * Feed it with write(chunk) and end() once, like XpmRecordReader; reads are handed out under the same
 * rules (once the envelope said OK, after the chunk holding them parsed without error), except that
 * text held for an element not closed yet is parsed with the chunk that closes it: a fault inside that
 * element is reported a chunk later, after the reads before it were handed out (reads are provisional
 * until end() in any case).
 */
export class ClientListSpanReader extends XpmRecordReader<ClientRead> {
  /** Text from a `<Client>` (or the start of one) whose element has not closed yet: not written yet. */
  private readonly held = new HeldText();
  /** The last element written whole with a hash, and how many reads were completed before it. */
  private spanHash: string | null = null;
  private spanOrdinal = 0;

  constructor(
    private readonly policy: ClientSpanPolicy,
    onRead: (read: ClientRead) => void,
  ) {
    super(new ParsedClientScope(), onRead);
  }

  override write(chunk: string): void {
    let from = this.held.length === 0 ? 0 : this.continueHeld(chunk); // chunk before `from` is written (or left out)
    let at = from; // where to look for the next element
    let closeLeft = true; // once no `</Client>` follows one start, none follows a later one
    while (from !== -1) {
      const start = chunk.indexOf(OPEN, at);
      if (start === -1) {
        const keep = partialOpenAt(chunk, Math.max(at, from));
        this.pass(chunk, from, keep);
        this.held.add(chunk.slice(keep));
        break;
      }
      // Searched once per chunk at most in vain: a large chunk of unclosed opens was quadratic.
      const close = closeLeft ? chunk.indexOf(CLOSE, start + OPEN.length) : -1;
      if (close === -1) {
        closeLeft = false;
        if (chunk.length - start > MAX_SPAN_CHARS) {
          at = start + OPEN.length; // too long to hold: read as it comes
          continue;
        }
        this.pass(chunk, from, start);
        this.held.add(chunk.slice(start));
        break;
      }
      const end = close + CLOSE.length;
      this.pass(chunk, from, start); // the parser now stands where the element starts
      from = start;
      at = end;
      const span = chunk.slice(start, end);
      if (this.judge(span)) from = end;
      // else written with the text that follows it
    }
    this.flush();
  }

  /**
   * Continues the element (or the start of one) held from earlier chunks with `chunk`. The chunk is
   * never joined whole to it: a joined string of a chunk's size is made in the old generation, and
   * the worker's heap grew to 3× the response. Returns where the rest of `chunk` starts, or -1 when
   * all of it was held.
   */
  private continueHeld(chunk: string): number {
    const held = this.held;
    if (held.length < OPEN.length) {
      const start = held.take().join('');
      const head = start + chunk.slice(0, OPEN.length - start.length);
      if (!head.startsWith(OPEN)) {
        if (head.length < OPEN.length && OPEN.startsWith(head)) {
          held.add(head); // still only the start of `<Client>`
          return -1;
        }
        this.pass(start, 0, start.length); // not an element after all
        return 0;
      }
      held.add(start);
    }
    const end = closeAcross(held.tail, chunk);
    if (end === -1) {
      if (held.length + chunk.length <= MAX_SPAN_CHARS) {
        held.add(chunk);
        return -1;
      }
      for (const part of held.take()) this.pass(part, 0, part.length); // too long to hold: read as it comes
      this.pass(chunk, 0, chunk.length);
      return -1;
    }
    const span = held.take().join('') + chunk.slice(0, end);
    if (!this.judge(span)) this.pass(span, 0, span.length);
    return end;
  }

  /**
   * Asks the policy about `span`, an element's text the parser stands in front of, if it is a whole
   * client element in its place. Returns true when the policy knew it: it is left out, and the caller
   * skips it. Otherwise the caller writes it next, and the record that completes first carries its hash.
   */
  private judge(span: string): boolean {
    if (span.length > MAX_SPAN_CHARS || !this.atClientPlace() || !isWholeClientSpan(span)) return false;
    const { hash, known } = this.policy.judge(span);
    if (known !== null) {
      this.xml.leftOut(normalisedLength(span));
      this.pending.push({ known });
      return true;
    }
    this.spanHash = hash;
    this.spanOrdinal = this.completed();
    return false;
  }

  override end(): XpmReadSummary {
    for (const part of this.held.take()) this.pass(part, 0, part.length);
    return super.end();
  }

  /** Writes text[from, to) to the parser and gives the hash waiting for its element to that record. */
  private pass(text: string, from: number, to: number): void {
    if (to > from) this.xml.write(from === 0 && to === text.length ? text : text.slice(from, to));
    const hash = this.spanHash;
    if (hash === null) return;
    this.spanHash = null;
    const index = this.spanOrdinal - this.handedOut;
    const read = this.pending[index];
    if (read !== undefined && 'client' in read) this.pending[index] = { client: read.client, spanHash: hash };
  }

  /** Reads completed so far, handed out or not. */
  private completed(): number {
    return this.handedOut + this.pending.length;
  }

  /** The parser stands between markup inside `Response/Clients`, and the envelope said OK. */
  private atClientPlace(): boolean {
    return (
      this.envelope.ok &&
      this.xml.depthBetweenMarkup() === CLIENT_DEPTH &&
      this.xml.openName(CLIENT_DEPTH - 1) === CLIENTS
    );
  }
}
