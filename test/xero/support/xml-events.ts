/**
 * Drives XmlStream directly with a handler that asks for every element's text and records each event,
 * so tests can compare what the core hands a record reader across inputs and chunkings.
 */
import { AppError } from '../../../src/domain/errors';
import type { AppErrorCode } from '../../../src/domain/errors';
import { XmlStream } from '../../../src/xero/xml-stream';

/** One line per event: `open Name@depth {attributes}` or `close Name@depth "text"`. */
export type EventLog = string[];

export type Outcome = { readonly events: EventLog } | { readonly code: AppErrorCode; readonly message: string };

/** Feeds `pieces` to a fresh XmlStream and ends it; returns the events, or the error's code and message. */
export function streamOutcome(pieces: readonly string[]): Outcome {
  const events: EventLog = [];
  const stream = new XmlStream({
    open(name, depth, attributes) {
      const prototype = Object.getPrototypeOf(attributes) === null ? '' : ' (with a prototype!)';
      events.push(`open ${name}@${depth} ${JSON.stringify({ ...attributes })}${prototype}`);
      return true;
    },
    close(name, depth, text) {
      events.push(`close ${name}@${depth} ${JSON.stringify(text)}`);
    },
  });
  try {
    for (const piece of pieces) stream.write(piece);
    stream.end();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message };
    throw error;
  }
  return { events };
}

/** The outcome with the error message dropped: what must not depend on how the input was chunked. */
export function streamResult(pieces: readonly string[]): { events: EventLog } | { code: AppErrorCode } {
  const outcome = streamOutcome(pieces);
  return 'code' in outcome ? { code: outcome.code } : outcome;
}

/** The error code reading `doc` in one piece, or 'none'. */
export function codeOf(doc: string): AppErrorCode | 'none' {
  const outcome = streamOutcome([doc]);
  return 'code' in outcome ? outcome.code : 'none';
}

/** The text each element closed with, in document order, reading `doc` in one piece. */
export function textsOf(doc: string): string[] {
  const outcome = streamOutcome([doc]);
  if ('code' in outcome) throw new Error(`expected a well-formed document, got ${outcome.code}: ${outcome.message}`);
  return outcome.events
    .filter((event) => event.startsWith('close '))
    .map((event) => JSON.parse(event.slice(event.indexOf(' ', 6) + 1)) as string);
}

/** The attributes of the root element, reading `doc` in one piece. */
export function rootAttributes(doc: string): Record<string, string> {
  let attributes: Readonly<Record<string, string>> | null = null;
  const stream = new XmlStream({
    open(_name, depth, attrs) {
      if (depth === 0) attributes = attrs;
      return false;
    },
    close: () => undefined,
  });
  stream.write(doc);
  stream.end();
  if (attributes === null) throw new Error('no root element');
  return attributes;
}

/** Every way of cutting `text` into two pieces, plus the whole text and one piece per character. */
export function everySplit(text: string): string[][] {
  const splits: string[][] = [[text], units(text)];
  for (let cut = 1; cut < text.length; cut++) splits.push([text.slice(0, cut), text.slice(cut)]);
  return splits;
}

/** UTF-16 units, not code points: a surrogate pair can be cut in two, as a stream can cut it. */
export function units(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) out.push(text.charAt(i));
  return out;
}
