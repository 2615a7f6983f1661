/**
 * Which character encoding an XPM response is in, decided from its first bytes while it streams
 * (issue M8 item 5). XPM sends UTF-8, but a body in another encoding must be decoded as that
 * encoding or refused: never read as UTF-8 regardless, which turns "Zoë" in ISO-8859-1 into "Zo\uFFFD".
 *
 * The order follows XML 1.0 Appendix F: a byte-order mark; else UTF-16 recognised from `<?` in
 * two-byte units; else the XML declaration's `encoding`; else the Content-Type charset; else UTF-8.
 * The declaration wins over the header because it travels with the bytes it describes. One
 * exception: a UTF-16 declaration on bytes that are plainly not UTF-16 (a known .NET habit when a
 * document is written through a string) is ignored. Any encoding the platform's TextDecoder knows
 * is read; others are refused with 'xml/unsupported-encoding'.
 */
import { AppError } from '../domain/errors';
import { clip } from './xml-stream';

/**
 * Bytes kept back while looking for the end of an XML declaration: a real one is about 60 bytes;
 * whitespace may pad it, but a "declaration" longer than this is left for the parser to reject.
 */
export const MAX_XML_DECLARATION_BYTES = 1024;

const LT = 0x3c;
const QUESTION = 0x3f;
const GT = 0x3e;
const XML_DECLARATION_START = [0x3c, 0x3f, 0x78, 0x6d, 0x6c]; // "<?xml"

/** The `encoding` pseudo-attribute of an XML declaration (XML 1.0 [80]–[81]). */
const ENCODING_DECLARATION =
  /^<\?xml\s+version\s*=\s*(["'])[^"']*\1\s+encoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\2/;

/** The charset parameter of a Content-Type, or null. */
export function charsetOf(contentType: string | null): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1] ?? null;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function unsupported(label: string, why: string): AppError {
  return new AppError(
    'xml/unsupported-encoding',
    `The XPM response is in the character encoding "${clip(label, 40)}", which ${why}, so it was not read.`,
  );
}

/** A TextDecoder for `label`, or a refusal naming it. Invalid bytes become U+FFFD. */
function decoderFor(label: string): TextDecoder {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    throw unsupported(label, 'this app cannot decode');
  }
  // The WHATWG "replacement" encoding stands for ones browsers refuse to decode (e.g. ISO-2022-KR):
  // it would turn the whole body into one U+FFFD.
  if (decoder.encoding === 'replacement') throw unsupported(label, 'browsers refuse to decode');
  return decoder;
}

const isUtf16 = (decoder: TextDecoder): boolean => decoder.encoding.startsWith('utf-16');

type Sniffed = { readonly decided: false } | { readonly decided: true; readonly decoder: TextDecoder };

/**
 * The encoding from the first bytes of the body, or `decided: false` while more are needed to
 * tell. `complete` means there are no more bytes: decide with what there is.
 */
function sniff(head: Uint8Array, headerCharset: string | null, complete: boolean): Sniffed {
  const undecided: Sniffed = { decided: false };
  if (head.byteLength < 4 && !complete) return undecided;
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { decided: true, decoder: decoderFor('utf-8') };
  if (startsWith(head, [0xfe, 0xff]) || startsWith(head, [0x00, LT, 0x00, QUESTION]))
    return { decided: true, decoder: decoderFor('utf-16be') };
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [LT, 0x00, QUESTION, 0x00]))
    return { decided: true, decoder: decoderFor('utf-16le') };

  const fallback = (): Sniffed => {
    const decoder = headerCharset === null ? decoderFor('utf-8') : decoderFor(headerCharset);
    // A UTF-16 charset on bytes that are not UTF-16 (no BOM, no two-byte `<?`) is wrong about them.
    return { decided: true, decoder: isUtf16(decoder) ? decoderFor('utf-8') : decoder };
  };
  const prefix = head.subarray(0, XML_DECLARATION_START.length);
  if (!startsWith(prefix, XML_DECLARATION_START.slice(0, prefix.byteLength))) return fallback();
  if (prefix.byteLength < XML_DECLARATION_START.length) return complete ? fallback() : undecided;

  const end = head.subarray(0, MAX_XML_DECLARATION_BYTES).findIndex((b, i) => b === QUESTION && head[i + 1] === GT);
  if (end === -1) return complete || head.byteLength >= MAX_XML_DECLARATION_BYTES ? fallback() : undecided;
  // Up to here the bytes are ASCII in every encoding this branch can see; latin1 reads them 1:1.
  const declaration = new TextDecoder('latin1').decode(head.subarray(0, end + 2));
  const label = ENCODING_DECLARATION.exec(declaration)?.[3];
  if (label === undefined) return fallback();
  const decoder = decoderFor(label);
  return isUtf16(decoder) ? fallback() : { decided: true, decoder };
}

/**
 * Decodes a streamed XML body in the encoding its first bytes declare. write() returns '' until
 * enough bytes arrived to decide (at most MAX_XML_DECLARATION_BYTES), then the text so far.
 */
export class XmlBodyDecoder {
  private decoder: TextDecoder | null = null;
  private head = new Uint8Array(0);

  constructor(private readonly headerCharset: string | null) {}

  /** The encoding in use (WHATWG name), or null while it is still being decided. */
  get encoding(): string | null {
    return this.decoder?.encoding ?? null;
  }

  write(chunk: Uint8Array): string {
    if (this.decoder !== null) return this.decoder.decode(chunk, { stream: true });
    const head = new Uint8Array(this.head.byteLength + chunk.byteLength);
    head.set(this.head);
    head.set(chunk, this.head.byteLength);
    const sniffed = sniff(head, this.headerCharset, false);
    if (!sniffed.decided) {
      this.head = head;
      return '';
    }
    this.decoder = sniffed.decoder;
    this.head = new Uint8Array(0);
    return sniffed.decoder.decode(head, { stream: true });
  }

  end(): string {
    if (this.decoder === null) {
      const sniffed = sniff(this.head, this.headerCharset, true);
      if (!sniffed.decided) return '';
      this.decoder = sniffed.decoder;
      return sniffed.decoder.decode(this.head);
    }
    return this.decoder.decode();
  }
}
