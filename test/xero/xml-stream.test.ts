/**
 * What the streaming XML core guarantees to the record readers, element by element: text exactly as
 * XML 1.0 defines it (entities, CDATA, line ends, white space), attributes, the prolog, and which
 * documents are not well-formed. Chunk boundaries are covered in xml-chunking.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors';
import { MAX_XML_TEXT_CHARS, XmlStream } from '../../src/xero/xml-stream';
import { codeOf, rootAttributes, streamOutcome, textsOf } from './support/xml-events';

/** The text of the single child `<v>` of `<r>`. */
function textOf(inner: string): string {
  return textsOf(`<r><v>${inner}</v></r>`)[0] ?? '';
}

describe('character data', () => {
  it('keeps white space exactly: leading, trailing, only white space', () => {
    expect(textOf('  padded  ')).toBe('  padded  ');
    expect(textOf(' \t\n ')).toBe(' \t\n ');
    expect(textOf('')).toBe('');
    expect(textsOf('<r><v/></r>')).toEqual(['', '']);
  });

  it('normalises CR LF and a lone CR to LF (XML 1.0 §2.11), but keeps &#13; as CR', () => {
    expect(textOf('a\r\nb\rc\n\rd')).toBe('a\nb\nc\n\nd');
    expect(textOf('a&#13;\nb&#xD;')).toBe('a\r\nb\r');
    expect(textOf('\r\n\r\n')).toBe('\n\n');
  });

  it('decodes the five predefined entities and decimal and hex character references', () => {
    expect(textOf('&lt;&gt;&amp;&quot;&apos;')).toBe('<>&"\'');
    expect(textOf('&#65;&#x42;&#x0063;&#0000068;&#x1F600;&#9;')).toBe('ABcD😀\t');
    expect(textOf('&amp;amp;')).toBe('&amp;');
  });

  it('keeps CDATA content verbatim, including markup characters, and normalises its line ends', () => {
    expect(textOf('<![CDATA[<b>&amp; ]] ]> ]]]]>')).toBe('<b>&amp; ]] ]> ]]');
    expect(textOf('<![CDATA[]]>')).toBe('');
    expect(textOf('<![CDATA[a\r\nb]]>')).toBe('a\nb');
  });

  it('joins text around comments, processing instructions and CDATA into one value', () => {
    expect(textOf('a<!-- note -->b<?pi x?>c<![CDATA[d]]>e')).toBe('abcde');
  });

  it('gives an element only its own text, not its children’s', () => {
    expect(textsOf('<r>a<c>inner</c>b</r>')).toEqual(['inner', 'ab']);
  });

  it('keeps characters outside the BMP, U+FFFD and a BOM inside text', () => {
    expect(textOf('😀 \uFFFD \uFEFF 名前')).toBe('😀 \uFFFD \uFEFF 名前');
  });

  it('allows > in text, and ]] when not followed by >', () => {
    expect(textOf('a > b ]] c ]>')).toBe('a > b ]] c ]>');
    expect(textOf(']]&gt;')).toBe(']]>');
  });

  it(`caps collected text at ${MAX_XML_TEXT_CHARS} characters, however it was split`, () => {
    const long = 'x'.repeat(MAX_XML_TEXT_CHARS + 10);
    expect(textOf(long)).toHaveLength(MAX_XML_TEXT_CHARS);
    expect(textOf(`${long.slice(0, 60_000)}<!---->${long.slice(60_000)}&amp;`)).toHaveLength(MAX_XML_TEXT_CHARS);
  });
});

describe('attributes', () => {
  it('hands attributes over in an object with a null prototype', () => {
    const attributes = rootAttributes('<Response api-method="List" b=\'2\'><x/></Response>');
    expect(Object.getPrototypeOf(attributes)).toBeNull();
    expect({ ...attributes }).toEqual({ 'api-method': 'List', b: '2' });
  });

  it('decodes references, turns literal tabs and line ends into spaces, and keeps > and the other quote', () => {
    const attributes = rootAttributes('<r a="&lt;&amp;&#9;x" b="1\t2\n3\r\n4" c=\'say "hi" > 2\' d="it&apos;s"/>');
    expect({ ...attributes }).toEqual({ a: '<&\tx', b: '1 2 3 4', c: 'say "hi" > 2', d: "it's" });
  });

  it('allows white space around = and before the end of the tag', () => {
    expect({ ...rootAttributes('<r a = "1"\n\tb\t=\t\'2\' ></r>') }).toEqual({ a: '1', b: '2' });
    expect({ ...rootAttributes('<r a="1" />') }).toEqual({ a: '1' });
  });

  it.each(['__proto__', 'constructor', 'prototype'])('rejects an attribute named %s as xml/forbidden-name', (name) => {
    // saxes handed these over as own keys of a null-prototype object; the reader now refuses them as
    // it refuses such element names (reliability.md XM-5), so no caller can ever copy one onward.
    expect(codeOf(`<r ${name}="x"/>`)).toBe('xml/forbidden-name');
    expect(codeOf(`<r a="1" ${name}="x"><c/></r>`)).toBe('xml/forbidden-name');
  });

  it.each([
    ['a duplicate attribute', '<r a="1" a="2"/>'],
    ['< in a value', '<r a="x<y"/>'],
    ['no white space between attributes', '<r a="1"b="2"/>'],
    ['an attribute without a value', '<r a/>'],
    ['an attribute without =', '<r a "1"/>'],
    ['an unquoted value', '<r a=1/>'],
    ['an unterminated value', '<r a="1/>'],
    ['an unknown entity in a value', '<r a="&nbsp;"/>'],
    ['a reference without ; in a value', '<r a="&amp"/>'],
    ['a bad attribute name', '<r 1a="1"/>'],
    ['/ not followed by >', '<r a="1"/ >'],
  ])('rejects %s as xml/malformed', (_label, doc) => {
    expect(codeOf(doc)).toBe('xml/malformed');
  });
});

describe('prolog and epilog', () => {
  it('accepts an XML declaration, a BOM, comments, processing instructions and white space around the root', () => {
    const doc =
      '\uFEFF<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<!-- c -->\n<?pi body?>\n<r>x</r>\n<!-- after -->\n<?after?>\n';
    expect(textsOf(doc)).toEqual(['x']);
    expect(textsOf("<?xml version='1.0'?><r/>")).toEqual(['']);
    expect(textsOf('<?xml version="1.0" encoding="UTF-8" ?><r/>')).toEqual(['']);
    expect(textsOf('<?xml version = "1.0"?><r/>')).toEqual(['']);
  });

  it.each([
    ['a declaration after white space', ' <?xml version="1.0"?><r/>'],
    ['a declaration after a comment', '<!-- c --><?xml version="1.0"?><r/>'],
    ['a declaration inside the root', '<r><?xml version="1.0"?></r>'],
    ['a second declaration', '<?xml version="1.0"?><?xml version="1.0"?><r/>'],
    ['a declaration without a version', '<?xml encoding="utf-8"?><r/>'],
    ['a declaration with a bad version', '<?xml version="2.0"?><r/>'],
    ['a declaration with an unquoted version', '<?xml version=1.0?><r/>'],
    ['a declaration with a bad encoding name', '<?xml version="1.0" encoding="utf 8"?><r/>'],
    ['a declaration with a bad standalone value', '<?xml version="1.0" standalone="maybe"?><r/>'],
    ['a declaration in the wrong order', '<?xml encoding="utf-8" version="1.0"?><r/>'],
    ['a declaration with an unknown pseudo-attribute', '<?xml version="1.0" foo="bar"?><r/>'],
    ['a declaration without white space between pseudo-attributes', '<?xml version="1.0"encoding="utf-8"?><r/>'],
    ['a processing instruction named XML in another case', '<r><?XML x?></r>'],
    ['a processing instruction without a target', '<r><? x?></r>'],
    ['a processing instruction with a bad target', '<r><?1x?></r>'],
    ['a processing instruction target followed by a non-space', '<r><?pi$x?></r>'],
    ['an unterminated processing instruction', '<r><?pi x</r>'],
    ['a BOM after the start', '\uFEFF\uFEFF<r/>'],
    ['an entity reference before the root', '&amp;<r/>'],
    ['a character reference to a space after the root', '<r/>&#32;'],
    ['CDATA before the root', '<![CDATA[]]><r/>'],
    ['CDATA after the root', '<r/><![CDATA[ ]]>'],
  ])('rejects %s as xml/malformed', (_label, doc) => {
    expect(codeOf(doc)).toBe('xml/malformed');
  });
});

describe('comments and CDATA', () => {
  it('accepts empty comments and comments holding markup and single dashes', () => {
    expect(textOf('a<!---->b<!-- <x> & - -->c<!--a-b-->d')).toBe('abcd');
  });

  it.each([
    ['-- inside a comment', '<r><!-- a -- b --></r>'],
    ['a comment ending in --->', '<r><!-- a ---></r>'],
    ['<!--->', '<r><!---></r>'],
    ['an unterminated comment', '<r><!-- a </r>'],
    ['an unterminated CDATA section', '<r><![CDATA[ a </r>'],
    ['<! followed by anything else', '<r><!foo></r>'],
    ['a lower-case cdata keyword', '<r><![cdata[x]]></r>'],
    [']]> in text', '<r>a]]>b</r>'],
  ])('rejects %s as xml/malformed', (_label, doc) => {
    expect(codeOf(doc)).toBe('xml/malformed');
  });
});

describe('references and characters', () => {
  it.each([
    ['an unknown entity', '<r>&nbsp;</r>'],
    ['an empty reference', '<r>&;</r>'],
    ['a reference without ;', '<r>&amp </r>'],
    ['a reference cut by the end of the text', '<r>&amp</r>'],
    ['&#0;', '<r>&#0;</r>'],
    ['a reference to a surrogate', '<r>&#xD800;</r>'],
    ['a reference to U+FFFE', '<r>&#xFFFE;</r>'],
    ['a reference past U+10FFFF', '<r>&#x110000;</r>'],
    ['a reference to a control character', '<r>&#1;</r>'],
    ['an upper-case X in a hex reference', '<r>&#X41;</r>'],
    ['a hex reference without digits', '<r>&#x;</r>'],
    ['a decimal reference with a letter', '<r>&#6a;</r>'],
    ['NUL', '<r>\u0000</r>'],
    ['a control character', '<r>\u0001</r>'],
    ['a vertical tab', '<r>\u000B</r>'],
    ['U+FFFE', '<r>\uFFFE</r>'],
    ['U+FFFF', '<r>\uFFFF</r>'],
    ['a lone low surrogate', '<r>\uDC00</r>'],
    ['a control character in a name', '<r\u0001/>'],
    ['a control character in an attribute value', '<r a="\u0001"/>'],
    ['a control character in a comment', '<r><!--\u0001--></r>'],
    ['a control character in CDATA', '<r><![CDATA[\u0001]]></r>'],
    ['a control character in a processing instruction', '<r><?pi \u0001?></r>'],
  ])('rejects %s as xml/malformed', (_label, doc) => {
    expect(codeOf(doc)).toBe('xml/malformed');
  });
});

describe('names and structure', () => {
  it('accepts names with letters from any script, digits, dots, dashes, underscores and colons', () => {
    expect(textsOf('<r><Ñame>1</Ñame><名前>2</名前><a.b-c_d:e>3</a.b-c_d:e><_x>4</_x><:y>5</:y></r>')).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '',
    ]);
  });

  it('accepts white space before the > of a closing tag and self-closing elements anywhere', () => {
    expect(textsOf('<r><a>1</a \n><b/><c /></r >')).toEqual(['1', '', '', '']);
    expect(textsOf('<r/>')).toEqual(['']);
  });

  it.each([
    ['a name starting with a digit', '<r><1a/></r>'],
    ['a name starting with a dash', '<r><-a/></r>'],
    ['a space after <', '<r>< a/></r>'],
    ['an empty tag', '<r><></r>'],
    ['a bad character in a name', '<r><a$b/></r>'],
    ['a space after </', '<r><a></ a></r>'],
    ['an attribute in a closing tag', '<r><a></a b></r>'],
    ['an empty closing tag', '<r><a></></r>'],
    ['a closing tag longer than the open one', '<r><a></ab></r>'],
    ['a closing tag shorter than the open one', '<r><ab></a></r>'],
    ['closing tags in the wrong order', '<r><a><b></a></b></r>'],
    ['a closing tag after the root', '<r/></r>'],
    ['an unclosed child', '<r><a></r>'],
    ['a < in text', '<r>a < b</r>'],
    ['a bare & in text', '<r>a & b</r>'],
    ['text before the root', 'x<r/>'],
    ['an element after the root', '<r/><s/>'],
    ['a tag cut by the end', '<r><a'],
    ['a closing tag cut by the end', '<r></r'],
    ['a lone <', '<'],
  ])('rejects %s as xml/malformed', (_label, doc) => {
    expect(codeOf(doc)).toBe('xml/malformed');
  });
});

describe('errors', () => {
  it('never quotes more than a short piece of the input', () => {
    const long = 'b'.repeat(100_000);
    const docs = [
      `<r a="${long}<"/>`,
      `<r><${long}></${long}x></r>`,
      `<r>&${long};</r>`,
      `<r><!-- ${long} -- --></r>`,
      `<?${long}$ ?><r/>`,
      `${long}<r/>`,
      `<r/>${long}`,
      `<r><![CDATA[${long}`,
    ];
    for (const doc of docs) {
      const outcome = streamOutcome([doc]);
      expect(outcome).toMatchObject({ code: 'xml/malformed' });
      if ('message' in outcome) expect(outcome.message.length).toBeLessThan(300);
    }
  });

  it('throws the same error object again after the first failure, on write and on end', () => {
    const stream = new XmlStream({ open: () => false, close: () => undefined });
    let first: unknown;
    try {
      stream.write('<r></s>');
    } catch (error) {
      first = error;
    }
    expect(first).toBeInstanceOf(AppError);
    expect(() => stream.write('<r/>')).toThrow(first as Error);
    expect(() => stream.end()).toThrow(first as Error);
  });

  it('ends once: a second end() is a no-op, a write after end() is a defect in the caller', () => {
    const stream = new XmlStream({ open: () => false, close: () => undefined });
    stream.write('<r/>');
    stream.end();
    expect(() => stream.end()).not.toThrow();
    expect(() => stream.write('x')).toThrow(expect.objectContaining({ code: 'internal' }));
  });

  it('ignores empty writes', () => {
    expect(streamOutcome(['', '<r>', '', 'x</r>', ''])).toEqual(streamOutcome(['<r>x</r>']));
  });
});

describe('where the reader is stricter or closer to XML 1.0 than saxes was', () => {
  it('rejects a lone high surrogate however it is followed (saxes let one swallow the next character)', () => {
    expect(codeOf('<r>\uD800x</r>')).toBe('xml/malformed');
    expect(codeOf('<r a="\uD800x"/>')).toBe('xml/malformed');
  });

  it('reads a 1.x declaration as XML 1.0, as §2.8 asks (saxes switched to XML 1.1 line ends)', () => {
    expect(textsOf('<?xml version="1.1"?><r>a\u0085b\u2028c</r>')).toEqual(['a\u0085b\u2028c']);
  });

  it('requires white space or ?> after a processing instruction target', () => {
    expect(codeOf('<r><?pi?x?></r>')).toBe('xml/malformed');
  });

  it('rejects a reference of more than 32 characters between & and ;', () => {
    expect(textOf(`&#x${'0'.repeat(28)}41;`)).toBe('A');
    expect(codeOf(`<r>&#x${'0'.repeat(29)}41;</r>`)).toBe('xml/malformed');
  });
});
