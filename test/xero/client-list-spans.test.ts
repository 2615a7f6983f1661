import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../src/domain/errors';
import type { XpmClientId } from '../../src/domain/ids';
import {
  type ClientRead,
  ClientListSpanReader,
  type ClientSpanPolicy,
  isWholeClientSpan,
  MAX_SPAN_CHARS,
} from '../../src/xero/client-list-spans';
import { parseClientListXml } from '../../src/xero/xpm-read';
import { createClientListReader } from '../../src/xero/client-list-reader';
import { MAX_XML_TEXT_CHARS } from '../../src/xero/xml-stream';
import type { XpmClient } from '../../src/xero/types';
import { EMPTY_CLIENT, EMPTY_CONTACT, clientListXml, clientXml } from './support/xml-writer';
import { fixture } from './support/responses';
import { xcid, xkid } from '../support/ids';

const list = (clients: string): string =>
  `<Response api-method="List"><Status>OK</Status><Clients>${clients}</Clients></Response>`;

function client(n: number, extra: Partial<XpmClient> = {}): XpmClient {
  const uuid = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const contactUuid = `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    ...EMPTY_CLIENT,
    key: xcid(uuid),
    uuid,
    name: `Client ${n} & Sons`,
    email: `client${n}@example.com`,
    contacts: [{ ...EMPTY_CONTACT, key: xkid(contactUuid), uuid: contactUuid, name: `Person ${n}`, isPrimary: true }],
    ...extra,
  };
}

/**
 * A policy whose "hash" is the element's text itself, so a test sees exactly what it was asked
 * about; it knows the texts in `known` (by the client id they stand for).
 */
class TextPolicy implements ClientSpanPolicy {
  readonly asked: string[] = [];
  constructor(private readonly known: ReadonlyMap<string, XpmClientId> = new Map()) {}
  judge(text: string): { hash: string; known: XpmClientId | null } {
    this.asked.push(text);
    return { hash: text, known: this.known.get(text) ?? null };
  }
}

/** A policy that claims to know every element it is asked about: what the reader may leave out at all. */
class KnowsEverything implements ClientSpanPolicy {
  readonly asked: string[] = [];
  judge(text: string): { hash: string; known: XpmClientId | null } {
    this.asked.push(text);
    return { hash: text, known: xcid('00000000-0000-4000-8000-999999999999') };
  }
}

function read(xml: string, policy: ClientSpanPolicy, cut: (xml: string) => string[] = (x) => [x]): ClientRead[] {
  const reads: ClientRead[] = [];
  const reader = new ClientListSpanReader(policy, (r) => reads.push(r));
  for (const piece of cut(xml)) reader.write(piece);
  reader.end();
  return reads;
}

const every = (size: number) => (xml: string) => {
  const out: string[] = [];
  for (let i = 0; i < xml.length; i += size) out.push(xml.slice(i, i + size));
  return out;
};

/** What a test compares: a parsed client with its hash, or the id of one left out. */
const shape = (r: ClientRead) => ('known' in r ? { known: r.known } : { client: r.client, spanHash: r.spanHash });

function elementTexts(xml: string): string[] {
  return [...xml.matchAll(/<Client>[\s\S]*?<\/Client>/g)].map((m) => m[0]);
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'no error';
}

describe('client list span reader', () => {
  const clients = Array.from({ length: 12 }, (_, i) => client(i + 1));
  const xml = clientListXml(clients);
  const texts = elementTexts(xml);

  it('reads what the plain reader reads, each client with its own element as its hash, however the stream is cut', () => {
    const expected = parseClientListXml(xml).map((c, i) => ({ client: c, spanHash: texts[i] ?? null }));
    expect(expected).toHaveLength(12);
    for (const size of [1, 2, 3, 7, 8, 9, 10, 64, 333, xml.length]) {
      expect(read(xml, new TextPolicy(), every(size)).map(shape), `chunks of ${size}`).toEqual(expected);
    }
  });

  it('reads the recorded detailed list as the plain reader does', () => {
    const detailed = fixture('client-list-detailed.xml');
    const plain = parseClientListXml(detailed);
    for (let cut = 0; cut <= detailed.length; cut += 17) {
      const reads = read(detailed, new TextPolicy(), (x) => [x.slice(0, cut), x.slice(cut)]);
      expect(reads.map((r) => ('client' in r ? r.client : r))).toEqual(plain);
    }
  });

  it('leaves out exactly the elements the policy knows, in document order, however the stream is cut', () => {
    const known = new Map<string, XpmClientId>([
      [texts[1] ?? '', xcid(clients[1]?.uuid ?? '')],
      [texts[2] ?? '', xcid(clients[2]?.uuid ?? '')],
      [texts[11] ?? '', xcid(clients[11]?.uuid ?? '')],
    ]);
    const plain = parseClientListXml(xml);
    const expected = plain.map((c, i) =>
      i === 1 || i === 2 || i === 11 ? { known: c.key } : { client: c, spanHash: texts[i] ?? null },
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 40 }), (sizes) => {
        const cut = (x: string) => {
          const out: string[] = [];
          let at = 0;
          for (let i = 0; at < x.length; i++) {
            const size = sizes[i % sizes.length] ?? 1;
            out.push(x.slice(at, at + size));
            at += size;
          }
          return out;
        };
        expect(read(xml, new TextPolicy(known), cut).map(shape)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('reports a fault after a left-out element at its place in the whole document', () => {
    const broken = `${xml.slice(0, xml.lastIndexOf('</Clients>'))}<Client><Name>x</Nme></Client></Clients></Response>`;
    const plainFault = codeOf(() => parseClientListXml(broken));
    expect(plainFault).toMatch(/^xml\/malformed: .*at character \d+/);
    const known = new Map(texts.map((t, i) => [t, xcid(clients[i]?.uuid ?? '')]));
    for (const size of [5, 100, broken.length]) {
      expect(codeOf(() => read(broken, new TextPolicy(known), every(size)))).toBe(plainFault);
    }
  });

  it('counts the line ends of a left-out element as the parser does, so fault positions stay the same', () => {
    const crlf = clientListXml([client(1, { address: 'Level 2\r\n12 Quay St\rTown' }), client(2)]).replaceAll(
      '&#13;',
      '\r',
    );
    const broken = `${crlf.slice(0, crlf.lastIndexOf('</Clients>'))}<Client><Name>x</Nme></Client></Clients></Response>`;
    const [first] = elementTexts(broken);
    expect(first).toContain('\r\n');
    const plainFault = codeOf(() => parseClientListXml(broken));
    expect(plainFault).toMatch(/at character \d+/);
    const known = new Map([[first ?? '', xcid(client(1).uuid)]]);
    for (const size of [9, 100, broken.length]) {
      expect(codeOf(() => read(broken, new TextPolicy(known), every(size)))).toBe(plainFault);
    }
  });

  it('holds an element dribbled in small pieces in linear time (it was quadratic)', () => {
    const big = clientListXml([
      client(1, {
        contacts: Array.from({ length: 600 }, (_, i) => ({
          ...EMPTY_CONTACT,
          key: xkid(`20000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
          uuid: `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          name: `Person ${i} ${'x'.repeat(60)}`,
        })),
      }),
    ]);
    const [element] = elementTexts(big);
    expect(element?.length).toBeGreaterThan(MAX_SPAN_CHARS / 2);
    expect(element?.length).toBeLessThan(MAX_SPAN_CHARS);
    const pieces = every(16)(big);
    const time = (run: () => void): number => {
      const started = performance.now();
      run();
      return performance.now() - started;
    };
    const plain = () => {
      const reader = createClientListReader(() => undefined);
      for (const piece of pieces) reader.write(piece);
      reader.end();
    };
    const spans = () => {
      const reader = new ClientListSpanReader(new TextPolicy(), () => undefined);
      for (const piece of pieces) reader.write(piece);
      reader.end();
    };
    plain();
    spans(); // warm both up
    // Linear, the span reader costs about what the plain one does (0.9× here); holding by joining each
    // piece cost 48× on this element (and grows with its length): a wide margin for a busy machine.
    // The fastest of five each: a pause of a busy machine hits one run, not all five.
    const fastest = (run: () => void) => Math.min(...Array.from({ length: 5 }, () => time(run)));
    const ratio = fastest(spans) / Math.max(1, fastest(plain));
    expect(ratio).toBeLessThan(12);
  });

  it('scans a large chunk of unclosed <Client> opens in linear time (it was quadratic)', () => {
    const doc = `<Response><Status>OK</Status><Clients><!--${'<Client>'.repeat(80_000)}--></Clients></Response>`;
    const time = (run: () => void): number => {
      const started = performance.now();
      run();
      return performance.now() - started;
    };
    const plain = time(() => {
      const reader = createClientListReader(() => undefined);
      reader.write(doc);
      reader.end();
    });
    const policy = new TextPolicy();
    const spans = time(() => expect(read(doc, policy)).toEqual([]));
    // Linear, both take a few milliseconds; searching for `</Client>` again after each open took 9.7 s.
    expect(spans).toBeLessThan(50 * Math.max(5, plain));
    expect(policy.asked).toEqual([]);
  });

  it('a document cut short after known elements is still refused', () => {
    const known = new Map(texts.map((t, i) => [t, xcid(clients[i]?.uuid ?? '')]));
    for (const end of [xml.indexOf('</Clients>'), xml.indexOf('</Clients>') - 5, xml.lastIndexOf('<Client>') + 3]) {
      const fault = codeOf(() => read(xml.slice(0, end), new TextPolicy(known), every(50)));
      expect(fault, `cut at ${end}`).toMatch(/^xml\/malformed: /);
      expect(fault, `cut at ${end}`).toBe(codeOf(() => parseClientListXml(xml.slice(0, end))));
    }
  });

  describe('asks only about whole client elements in their place', () => {
    const one = clientXml(client(1));

    it.each([
      ['a client inside a comment', list(`<!-- ${one} -->${one}`), 1],
      [
        'a CDATA section holding </Client>',
        list(`<Client><UUID>${client(2).uuid}</UUID><Notes><![CDATA[</Client>]]></Notes></Client>${one}`),
        1,
      ],
      ['a processing instruction', list(`<Client><?x </Client>?><UUID>${client(2).uuid}</UUID></Client>${one}`), 1],
      ['a nested <Client>', list(`<Client><Client></Client><UUID>${client(2).uuid}</UUID></Client>${one}`), 1],
      ['a client with attributes', list(`<Client a="1"><UUID>${client(2).uuid}</UUID></Client>${one}`), 1],
      ['a client outside <Clients>', `<Response><Status>OK</Status>${one}</Response>`, 0],
      [
        'a client under another parent',
        `<Response><Status>OK</Status><Other><Clients>${one}</Clients></Other></Response>`,
        0,
      ],
      ['clients before the status', `<Response><Clients>${one}</Clients><Status>OK</Status></Response>`, 0],
    ])('%s', (_, doc, wholeInPlace) => {
      const policy = new KnowsEverything();
      const plain = codeOf(() => parseClientListXml(doc));
      let reads: ClientRead[] = [];
      const outcome = codeOf(() => {
        reads = read(doc, policy, every(7));
      });
      expect(outcome).toBe(plain);
      // Only the plain, whole `<Client>` elements in place were asked about (and so could be left out).
      expect(policy.asked).toEqual(Array.from({ length: wholeInPlace }, () => one));
      expect(reads.filter((r) => 'known' in r)).toHaveLength(wholeInPlace);
    });

    it('an element holding `<!`, `<?` or another <Client is not whole', () => {
      expect(isWholeClientSpan(one)).toBe(true);
      expect(isWholeClientSpan('<Client><ClientCode>1</ClientCode><Client-x/></Client>')).toBe(true);
      for (const span of [
        '<Client><!-- --></Client>',
        '<Client><?pi?></Client>',
        '<Client><Client></Client>',
        '<Client><Client ></Client>',
        '<Client><Client/></Client>',
      ]) {
        expect(isWholeClientSpan(span), span).toBe(false);
      }
    });

    it('tells a whole element as a character-by-character reading of XML names would', () => {
      // The reference: every `<!`, `<?`, and each `<Client` followed by a character that ends a name.
      const nameChar = (c: string) => c >= '\u0080' || /[A-Za-z0-9._:-]/.test(c);
      const reference = (span: string) => {
        if (span.indexOf('<!', 1) !== -1 || span.indexOf('<?', 1) !== -1) return false;
        for (let at = span.indexOf('<Client', 1); at !== -1; at = span.indexOf('<Client', at + 1)) {
          if (!nameChar(span.charAt(at + 7))) return false;
        }
        return true;
      };
      const piece = fc.constantFrom(
        '<',
        '!',
        '?',
        '<Client',
        'Client',
        '>',
        '/',
        ' ',
        '\t',
        'é',
        '-',
        '.',
        ':',
        '_',
        '1',
        'x',
        '\n',
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
          const span = `<Client>${pieces.join('')}</Client>`;
          expect(isWholeClientSpan(span)).toBe(reference(span));
        }),
        { numRuns: 3000 },
      );
      expect(isWholeClientSpan('<Client><Clienté/></Client>')).toBe(true);
      expect(isWholeClientSpan('<Client><Client\t/></Client>')).toBe(false);
    });

    it('an error status is reported, nothing asked', () => {
      const policy = new KnowsEverything();
      const doc = `<Response><Status>ERROR</Status><ErrorDescription>No</ErrorDescription><Clients>${one}</Clients></Response>`;
      expect(codeOf(() => read(doc, policy))).toBe(codeOf(() => parseClientListXml(doc)));
      expect(policy.asked).toEqual([]);
    });
  });

  it('an element longer than the hold limit is parsed as it comes, without a hash; the next is asked about', () => {
    const long = client(1, { name: 'L'.repeat(MAX_SPAN_CHARS + 10) });
    const doc = clientListXml([long, client(2), client(3)]);
    const [, second, third] = elementTexts(doc);
    const policy = new TextPolicy(new Map([[third ?? '', xcid(client(3).uuid)]]));
    const brief = (r: ClientRead) =>
      'known' in r ? { known: r.known } : { uuid: r.client.uuid, name: r.client.name.length, hash: r.spanHash?.length };
    for (const size of [64 * 1024, doc.length]) {
      expect(read(doc, policy, every(size)).map(brief)).toEqual([
        { uuid: client(1).uuid, name: MAX_XML_TEXT_CHARS, hash: undefined }, // a text is cut at its own cap
        { uuid: client(2).uuid, name: 'Client 2 & Sons'.length, hash: second?.length },
        { known: xcid(client(3).uuid) },
      ]);
    }
  });
});
