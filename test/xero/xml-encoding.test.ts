/**
 * Bodies in encodings other than UTF-8 (issue M8 item 5): decoded as the bytes declare, in any
 * chunking, or refused with 'xml/unsupported-encoding' — never read as UTF-8 regardless.
 */
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/domain/errors';
import { readClientList } from '../../src/xero/xpm-read';
import { charsetOf, MAX_XML_DECLARATION_BYTES, XmlBodyDecoder } from '../../src/xero/xml-encoding';
import { byteChunks, xmlResponse } from './support/responses';

const NAME = 'Zoë Ærø Çà';
const body = (name = NAME) =>
  `<Response><Status>OK</Status><Clients><Client><Name>${name}</Name></Client></Clients></Response>`;

/** ISO-8859-1 bytes of a string of Latin-1 characters. */
function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => {
    const code = c.charCodeAt(0);
    if (code > 0xff) throw new Error(`not Latin-1: ${c}`);
    return code;
  });
}

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  const units = bom ? `\uFEFF${text}` : text;
  for (let i = 0; i < units.length; i++) view.setUint16(i * 2, units.charCodeAt(i), endian === 'le');
  return out;
}

async function namesOf(pieces: readonly Uint8Array[], contentType = 'text/xml; charset=utf-8'): Promise<string[]> {
  const names: string[] = [];
  await readClientList(xmlResponse(pieces, { headers: { 'content-type': contentType } }), (c) => names.push(c.name));
  return names;
}

async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('decoding the encoding a body declares', () => {
  it.each([1, 2, 5, 13, 64])(
    'reads an ISO-8859-1 declaration as ISO-8859-1 in %i-byte pieces, even under a UTF-8 header',
    async (size) => {
      const bytes = latin1(`<?xml version="1.0" encoding="ISO-8859-1"?>${body()}`);
      expect(await namesOf(byteChunks(bytes, size))).toEqual([NAME]);
    },
  );

  it.each([
    ['windows-1252', 'Zoë “quoted” – €', `<?xml version='1.0' encoding='windows-1252' standalone='yes'?>`],
    ['ISO-8859-15 (€ at 0xA4)', 'Zoë €', '<?xml version="1.0"\n   encoding="iso-8859-15"  ?>'],
  ])('reads %s', async (_, name, declaration) => {
    const encode = (text: string): Uint8Array => {
      // The few characters these tests use that differ from Latin-1.
      const special: Record<string, number> = declaration.includes('1252')
        ? { '“': 0x93, '”': 0x94, '–': 0x96, '€': 0x80 }
        : { '€': 0xa4 };
      return Uint8Array.from(text, (c) => special[c] ?? c.charCodeAt(0));
    };
    expect(await namesOf(byteChunks(encode(`${declaration}${body(name)}`), 3))).toEqual([name]);
  });

  it('uses the Content-Type charset when the body declares nothing', async () => {
    expect(await namesOf([latin1(body())], 'text/xml; charset="ISO-8859-1"')).toEqual([NAME]);
  });

  it.each([
    ['little-endian with a BOM', utf16(body(), 'le', true)],
    ['big-endian with a BOM', utf16(body(), 'be', true)],
    ['little-endian without a BOM, declared', utf16(`<?xml version="1.0" encoding="UTF-16"?>${body()}`, 'le', false)],
    ['big-endian without a BOM, declared', utf16(`<?xml version="1.0" encoding="UTF-16"?>${body()}`, 'be', false)],
  ])('reads UTF-16 %s', async (_, bytes) => {
    expect(await namesOf(byteChunks(bytes, 3))).toEqual([NAME]);
  });

  it('reads UTF-8 declared as UTF-16 (written through a string) as the UTF-8 it is', async () => {
    const bytes = new TextEncoder().encode(`<?xml version="1.0" encoding="utf-16"?>${body()}`);
    expect(await namesOf(byteChunks(bytes, 4))).toEqual([NAME]);
  });

  it('lets a UTF-8 byte-order mark win over a different declaration', async () => {
    const text = new TextEncoder().encode(`<?xml version="1.0" encoding="ISO-8859-1"?>${body()}`);
    expect(await namesOf([Uint8Array.of(0xef, 0xbb, 0xbf), text])).toEqual([NAME]);
  });

  it('reads plain UTF-8 with or without a declaration as before', async () => {
    const utf8 = (text: string) => new TextEncoder().encode(text);
    expect(await namesOf(byteChunks(utf8(body()), 1))).toEqual([NAME]);
    expect(await namesOf(byteChunks(utf8(`<?xml version="1.0" encoding="utf-8"?>${body()}`), 2))).toEqual([NAME]);
    expect(await namesOf(byteChunks(utf8(`<?xml version="1.0"?>${body()}`), 2))).toEqual([NAME]);
  });
});

describe('refusing what cannot be decoded', () => {
  it('refuses an unknown encoding with a clear code, naming it', async () => {
    const declaration = '<?xml version="1.0" encoding="x-mystery-8"?>';
    const error = await failureOf(namesOf(byteChunks(latin1(`${declaration}${body()}`), 7)));
    expect(error.code).toBe('xml/unsupported-encoding');
    expect(error.message).toContain('"x-mystery-8"');
    expect(error.message).toContain('cannot decode');
  });

  it('refuses an encoding browsers map to "replacement" (which would turn the body into one U+FFFD)', async () => {
    // Node's TextDecoder throws for ISO-2022-KR; browsers return the "replacement" decoder instead.
    const Real = globalThis.TextDecoder;
    class BrowserLikeDecoder extends Real {
      override get encoding(): string {
        return 'replacement';
      }
    }
    vi.stubGlobal('TextDecoder', function (this: unknown, label?: string, options?: TextDecoderOptions) {
      return label?.toLowerCase() === 'iso-2022-kr' ? new BrowserLikeDecoder('utf-8') : new Real(label, options);
    });
    try {
      const declaration = '<?xml version="1.0" encoding="ISO-2022-KR"?>';
      const error = await failureOf(namesOf([latin1(`${declaration}${body()}`)]));
      expect(error.code).toBe('xml/unsupported-encoding');
      expect(error.message).toContain('"ISO-2022-KR", which browsers refuse to decode');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('refuses an unknown Content-Type charset', async () => {
    const error = await failureOf(namesOf([latin1(body())], 'text/xml; charset=klingon'));
    expect(error.code).toBe('xml/unsupported-encoding');
  });
});

describe('the decoder on its own', () => {
  it('holds back nothing once decided, and at most the declaration limit before', () => {
    const decoder = new XmlBodyDecoder(null);
    expect(decoder.write(latin1('<?xm'))).toBe('');
    expect(decoder.encoding).toBeNull();
    expect(decoder.write(latin1('l version="1.0" encoding="latin1"?><a>ë'))).toBe(
      '<?xml version="1.0" encoding="latin1"?><a>ë',
    );
    expect(decoder.encoding).toBe('windows-1252'); // the WHATWG name for latin1
    expect(decoder.write(latin1('ü</a>'))).toBe('ü</a>');
  });

  it('gives up looking for the end of a declaration after the limit, leaving it to the parser', () => {
    const decoder = new XmlBodyDecoder(null);
    const padded = `<?xml version="1.0"${' '.repeat(MAX_XML_DECLARATION_BYTES)}`;
    expect(decoder.write(latin1(padded))).toBe(padded);
    expect(decoder.encoding).toBe('utf-8');
  });

  it('decides at the end of a very short body', () => {
    const decoder = new XmlBodyDecoder(null);
    expect(decoder.write(latin1('<a'))).toBe('');
    expect(decoder.end()).toBe('<a');
  });

  it('reads the charset parameter of a Content-Type', () => {
    expect(charsetOf('text/xml; charset=utf-8')).toBe('utf-8');
    expect(charsetOf('text/xml;CHARSET="ISO-8859-1"')).toBe('ISO-8859-1');
    expect(charsetOf('text/xml')).toBeNull();
    expect(charsetOf(null)).toBeNull();
  });
});
