/**
 * Joins the XML core, the XPM envelope and one record scope (clients or staff) into a streaming
 * reader: write(chunk) as text arrives, end() once, records handed to a callback along the way.
 */
import type { XmlHandler } from './xml-stream';
import { XmlStream } from './xml-stream';
import { XpmEnvelope } from './xpm-envelope';
import type { XpmEnvelopeSummary } from './xpm-envelope';

/** Knows where one kind of record sits in the document and builds it from element events. */
export interface RecordScope<T> {
  /** Same contract as XmlHandler.open; called for every element. */
  open(name: string, depth: number): boolean;
  /** Same as XmlHandler.close; returns the finished record when its element closed, else null. */
  close(name: string, depth: number, text: string): T | null;
  /** Throws when the document, though well-formed and OK, did not contain this kind of payload. */
  finish(): void;
}

/** What end() reports about a document that was read completely. */
export interface XpmReadSummary extends XpmEnvelopeSummary {
  /** Records handed to the callback. */
  readonly count: number;
}

/**
 * Records are handed out after the chunk holding their closing tag parsed without error (a fault
 * later in the same chunk still withholds them), and only once the envelope said OK. A document can still fail after earlier records were delivered (truncation), so callers treat
 * records as provisional until end() returns.
 */
export class XpmRecordReader<T> {
  protected readonly xml: XmlStream;
  protected readonly envelope = new XpmEnvelope();
  private readonly scope: RecordScope<T>;
  private readonly onRecord: (record: T) => void;
  /** Records completed and not yet handed out (a subclass may add to them in document order). */
  protected pending: T[] = [];
  private count = 0;

  constructor(scope: RecordScope<T>, onRecord: (record: T) => void) {
    this.scope = scope;
    this.onRecord = onRecord;
    const { envelope } = this;
    const handler: XmlHandler = {
      open: (name, depth, attributes) => {
        const envelopeText = depth <= 1 && envelope.open(name, depth, attributes);
        return scope.open(name, depth) || envelopeText;
      },
      close: (name, depth, text) => {
        const record = scope.close(name, depth, text);
        if (record !== null) this.pending.push(record);
        if (depth <= 1) envelope.close(name, depth, text);
      },
    };
    this.xml = new XmlStream(handler);
  }

  /** Parses the next piece of the document and hands out the records it completed. */
  write(chunk: string): void {
    this.xml.write(chunk);
    this.flush();
  }

  /** Ends the document; throws if it was malformed, an XPM error, or not this kind of response. */
  end(): XpmReadSummary {
    this.xml.end();
    const summary = this.envelope.finish();
    this.scope.finish();
    this.flush();
    return { ...summary, count: this.count };
  }

  /** Records handed to the callback so far. */
  protected get handedOut(): number {
    return this.count;
  }

  protected flush(): void {
    if (this.pending.length === 0 || !this.envelope.ok) return;
    const batch = this.pending;
    this.pending = [];
    this.count += batch.length;
    for (const record of batch) this.onRecord(record);
  }
}
