/**
 * Chunk-boundary fuzzing: a response arrives in pieces cut anywhere (inside a tag, an entity, a
 * comment, a CDATA section, a CR LF pair or a surrogate pair), and the reader must give the same
 * events, records or error whichever way it was cut (QUALITY.md: parse while downloading).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors';
import type { AppErrorCode } from '../../src/domain/errors';
import { createClientListReader } from '../../src/xero/client-list-reader';
import { createStaffListReader } from '../../src/xero/staff-list-reader';
import { cutsArb, hostileText, splitAt } from './support/arbitraries';
import { fixture } from './support/responses';
import { everySplit, streamResult, units } from './support/xml-events';

/** Enough cases to cover the generators' corners on every run; CI can raise it with FC_NUM_RUNS. */
const RUNS = Number(process.env['FC_NUM_RUNS'] ?? 200);

/** Every construct the reader handles, each of which a cut can land inside. */
const RICH = [
  '\uFEFF<?xml version="1.0" encoding="utf-8"?>\r\n',
  '<!-- prolog - comment - single dashes only -->\n<?pi-before body ?>\n',
  '<Response api-method="List" quoted=\'a "b" &amp; c\' tabbed="1\t2\r\n3">\r\n',
  '  <Status>OK</Status>\r',
  '  <Text>a &lt;b&gt; &amp;amp; &#x1F600; &#128512; 😀 名前 ]] ]> x</Text>\n',
  '  <Data><![CDATA[<raw> & ]]]]><![CDATA[> ]] ]> \r\n done]]></Data>\n',
  '  <Mixed>one<!-- c1 -->two<?pi three?>four<![CDATA[five]]>six<Child a="1"/>seven</Mixed>\n',
  '  <Empty/><Spaced  >  </Spaced  ><Ñame>ü</Ñame><a.b-c_d:e>\r\n\r\n</a.b-c_d:e>\n',
  '</Response>\n<!-- epilog -->\n<?pi-after?>\n',
].join('');

/** Documents each broken in one way, at a point a cut can land near. */
const BROKEN = [
  '<r>a]]>b</r>',
  '<r>a]]]>b</r>',
  '<r>&amp</r>',
  '<r>&#xD800;</r>',
  '<r>&bogus;</r>',
  '<r><!-- a -- b --></r>',
  '<r><!-- a ---></r>',
  '<r><![CDATA[ a ]]</r>',
  '<r a="x<y"/>',
  '<r a="1" a="2"/>',
  '<r a="1"b="2"/>',
  '<r><a></ab></r>',
  '<r><ab></a></r>',
  '<r></r >x',
  '<r/><s/>',
  ' <?xml version="1.0"?><r/>',
  '<?xml version="1.0"?><?xml version="1.0"?><r/>',
  '<r><?XML x?></r>',
  '<r>\uD800</r>',
  '<r>\uD83D</r>\uDE00',
  '<r>😀\uDE00</r>',
  '<r>\u0001</r>',
  '<r>\uFFFE</r>',
  '<r><!foo></r>',
  '<r><a',
  '<r><!-- never ends',
  '<__proto__/>',
  '<r constructor="x"/>',
  '<r><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a></r>',
  '<r>x</r><!DOCTYPE r>',
  '<r a="<!ENTITY">',
  'x<!ENTITY',
];

describe('XmlStream across chunk boundaries', () => {
  it('gives the same events for a rich document cut at every offset and in single UTF-16 units', () => {
    const whole = streamResult([RICH]);
    expect(whole).toHaveProperty('events');
    for (const pieces of everySplit(RICH)) expect(streamResult(pieces)).toEqual(whole);
  });

  it('gives the same events for a rich document cut at many random offsets', () => {
    const whole = streamResult([RICH]);
    fc.assert(
      fc.property(cutsArb(RICH.length), (cuts) => {
        expect(streamResult(splitAt(RICH, cuts))).toEqual(whole);
      }),
      { numRuns: RUNS },
    );
  });

  it.each(BROKEN)('gives the same error for %j cut at every offset', (doc) => {
    const whole = streamResult([doc]);
    expect(whole).toHaveProperty('code');
    for (const pieces of everySplit(doc)) expect(streamResult(pieces)).toEqual(whole);
  });

  it('gives the same events or error for any text, XML-shaped or not, however it is cut', () => {
    fc.assert(
      fc.property(
        hostileText.chain((text) => fc.tuple(fc.constant(text), cutsArb(text.length))),
        ([text, cuts]) => {
          expect(streamResult(splitAt(text, cuts))).toEqual(streamResult([text]));
          expect(streamResult(units(text))).toEqual(streamResult([text]));
        },
      ),
      { numRuns: RUNS * 5 },
    );
  });

  it('keeps a surrogate pair cut between two chunks as one character', () => {
    const pieces = units('<r>😀</r>');
    expect(streamResult(pieces)).toEqual({ events: ['open r@0 {}', 'close r@0 "😀"'] });
  });

  it('treats a CR at the end of a chunk and an LF at the start of the next as one line end', () => {
    expect(streamResult(['<r>a\r', '\nb\r', '\r', '\nc\r', '</r>'])).toEqual({
      events: ['open r@0 {}', 'close r@0 "a\\nb\\n\\nc\\n"'],
    });
  });
});

type ReadResult<T> = { records: T[] } | { code: AppErrorCode };

function readAll<T>(reader: { write(chunk: string): void; end(): unknown }, records: T[], pieces: readonly string[]) {
  try {
    for (const piece of pieces) reader.write(piece);
    reader.end();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code };
    throw error;
  }
  return { records };
}

function clients(pieces: readonly string[]): ReadResult<unknown> {
  const records: unknown[] = [];
  return readAll(
    createClientListReader((c) => records.push(c)),
    records,
    pieces,
  );
}

function staff(pieces: readonly string[]): ReadResult<unknown> {
  const records: unknown[] = [];
  return readAll(
    createStaffListReader((s) => records.push(s)),
    records,
    pieces,
  );
}

describe('record readers across chunk boundaries', () => {
  it.each([
    'client-list-pretty.xml',
    'client-list-detailed.xml',
    'client-get.xml',
    'client-list-empty.xml',
    'truncated.xml',
    'mismatched.xml',
  ])('reads the same clients or error from %s cut at every offset', (name) => {
    const doc = fixture(name);
    const whole = clients([doc]);
    for (const pieces of everySplit(doc)) expect(clients(pieces)).toEqual(whole);
  });

  it.each(['staff-list.xml', 'staff-reasons.xml', 'status-error.xml'])(
    'reads the same staff or error from %s cut at every offset',
    (name) => {
      const doc = fixture(name);
      const whole = staff([doc]);
      for (const pieces of everySplit(doc)) expect(staff(pieces)).toEqual(whole);
    },
  );
});

/** Cuts `text` into pieces of `size` UTF-16 units. */
function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** "Fast" on a shared, noisy machine: re-reading a megabyte tag once per small chunk would take minutes. */
const FAST_MS = 2_000;

describe('long tags and instructions across many chunks', () => {
  const value = `say &quot;hi&quot; > 'there' &amp; ${'v'.repeat(1_000_000)}`;
  const longTag = `<r a="${value}" ${'b'.repeat(300)}="2"><${'n'.repeat(300)}>x</${'n'.repeat(300)}><?${'p'.repeat(300)} ${'?'.repeat(1000)}?></r>`;

  it('reads a megabyte attribute, a long name and a long processing instruction cut into small chunks', () => {
    const whole = streamResult([longTag]);
    expect(whole).toHaveProperty('events');
    for (const size of [7, 64, 255, 256, 257, 4096]) expect(streamResult(pieces(longTag, size))).toEqual(whole);
  });

  it('reads them in time linear in their length however small the chunks', () => {
    const start = performance.now();
    expect(streamResult(pieces(longTag, 64))).toHaveProperty('events');
    expect(performance.now() - start).toBeLessThan(FAST_MS);
  });

  it('reports a fault inside a long unfinished tag before a DTD marker that follows it', () => {
    const doc = `<r a="${'x'.repeat(1000)}<!DOCTYPE r>">`;
    for (const size of [1, 100, 999, 1007, 5000])
      expect(streamResult(pieces(doc, size))).toEqual({ code: 'xml/malformed' });
    expect(streamResult(pieces(`<r a="${'x'.repeat(1000)}"><!DOCTYPE r></r>`, 100))).toEqual({
      code: 'xml/dtd-forbidden',
    });
  });

  it('reports a document that ends inside a long tag, a long closing tag or a long processing instruction', () => {
    for (const doc of [`<r a="${'x'.repeat(1000)}`, `<r></${'r'.repeat(1000)}`, `<r/><?pi ${'x'.repeat(1000)}`]) {
      for (const size of [10, 300, 5000]) expect(streamResult(pieces(doc, size))).toEqual({ code: 'xml/malformed' });
    }
  });
});
