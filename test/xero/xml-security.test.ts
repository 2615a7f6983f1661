/**
 * Hostile XML (reliability.md XM-4, XM-5, §10 rows 1–6): each input fails fast with its own code
 * and leaves Object.prototype alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors';
import type { AppErrorCode } from '../../src/domain/errors';
import { createClientListReader } from '../../src/xero/client-list-reader';
import { MAX_XML_DEPTH } from '../../src/xero/xml-stream';
import { parseClientListXml } from '../../src/xero/xpm-read';
import { fixture, prototypeUntouched } from './support/responses';

/** Feeds `pieces` then ends; returns the AppError code, the elapsed ms and how many clients came out. */
function run(pieces: readonly string[]): { code: AppErrorCode | 'none'; ms: number; clients: number; message: string } {
  let clients = 0;
  const reader = createClientListReader(() => {
    clients++;
  });
  const start = performance.now();
  try {
    for (const piece of pieces) reader.write(piece);
    reader.end();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, ms: performance.now() - start, clients, message: error.message };
  }
  return { code: 'none', ms: performance.now() - start, clients, message: '' };
}

const OK = '<Response api-method="List"><Status>OK</Status><Clients>';

/**
 * "Fast" on a shared, noisy machine (the suite must pass beside two CPU-bound processes): an entity
 * expansion or a deep recursion would take minutes, so the bound still tells them apart.
 */
const FAST_MS = 5_000;

afterEach(() => {
  expect(prototypeUntouched()).toBe(true);
});

describe('DTDs and entities', () => {
  it('rejects billion laughs before any expansion', () => {
    const result = run([fixture('billion-laughs.xml')]);
    expect(result.code).toBe('xml/dtd-forbidden');
    expect(result.ms).toBeLessThan(FAST_MS);
  });

  it('rejects an external SYSTEM entity', () => {
    expect(run([fixture('external-entity.xml')]).code).toBe('xml/dtd-forbidden');
  });

  it('rejects DOCTYPE and ENTITY in any letter case', () => {
    expect(run(['<!doctype Response><Response/>']).code).toBe('xml/dtd-forbidden');
    expect(run(['<!DocType Response><Response/>']).code).toBe('xml/dtd-forbidden');
    expect(run(['<Response><!entity x "y"></Response>']).code).toBe('xml/dtd-forbidden');
  });

  it('rejects a DOCTYPE split across two chunks, at every split point', () => {
    const doc = fixture('external-entity.xml');
    const at = doc.indexOf('<!DOCTYPE');
    for (let cut = at; cut <= at + '<!DOCTYPE'.length; cut++) {
      expect(run([doc.slice(0, cut), doc.slice(cut)]).code).toBe('xml/dtd-forbidden');
    }
  });

  it('rejects a lower-case DOCTYPE or a bare ENTITY split across two chunks, at every split point', () => {
    // The parser alone would call these merely malformed: only the guard sees the split marker.
    for (const doc of ['<!doctype Response><Response/>', '<Response><!ENTITY x "y"></Response>']) {
      const at = doc.indexOf('<!');
      for (let cut = at + 1; cut < at + 8; cut++) {
        expect(run([doc.slice(0, cut), doc.slice(cut)]).code).toBe('xml/dtd-forbidden');
      }
    }
  });

  it('reports the first problem in document order, however the stream is split (fast-check counterexample)', () => {
    expect(run(['x<!ENTITY']).code).toBe('xml/malformed');
    expect(run(['x', '<!ENTITY']).code).toBe('xml/malformed');
    expect(run(['<a b="<!ENTITY">']).code).toBe('xml/malformed');
    expect(run(['<a b="<!EN', 'TITY">']).code).toBe('xml/malformed');
  });

  it('rejects a DOCTYPE dribbled in one character per chunk', () => {
    expect(run([...'<!DOCTYPE x [<!ENTITY a "b">]><Response/>']).code).toBe('xml/dtd-forbidden');
  });

  it('rejects a quadratic blow-up and a numeric-entity flood inside a DTD', () => {
    const big = 'a'.repeat(50_000);
    const quadratic = `<!DOCTYPE r [<!ENTITY a "${big}">]><Response><Status>OK</Status><Clients><Client><Name>${'&a;'.repeat(10_000)}</Name></Client></Clients></Response>`;
    const flood = `<!DOCTYPE r [<!ENTITY a "${'&#x41;'.repeat(100_000)}">]><Response/>`;
    for (const doc of [quadratic, flood]) {
      const result = run([doc]);
      expect(result.code).toBe('xml/dtd-forbidden');
      expect(result.ms).toBeLessThan(FAST_MS);
    }
  });

  it('never expands an undeclared entity: it is malformed', () => {
    expect(run([`${OK}<Client><Name>&xxe;</Name></Client></Clients></Response>`]).code).toBe('xml/malformed');
    expect(run([`${OK}<Client><Name>&constructor;</Name></Client></Clients></Response>`]).code).toBe('xml/malformed');
  });
});

describe('dangerous element names', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('rejects <%s> as xml/forbidden-name', (name) => {
    const result = run([
      `${OK}<Client><UUID>a</UUID><${name}><polluted>yes</polluted></${name}></Client></Clients></Response>`,
    ]);
    expect(result.code).toBe('xml/forbidden-name');
  });

  it('rejects the fixture with a __proto__ tag', () => {
    expect(run([fixture('forbidden-name-proto.xml')]).code).toBe('xml/forbidden-name');
  });

  it('rejects a forbidden name as the root and as a self-closing tag', () => {
    expect(run(['<__proto__/>']).code).toBe('xml/forbidden-name');
    expect(run([`${OK}<Client><constructor/></Client></Clients></Response>`]).code).toBe('xml/forbidden-name');
  });

  it('treats toString and hasOwnProperty as ordinary unknown elements', () => {
    const clients = parseClientListXml(
      `${OK}<Client><toString>x</toString><hasOwnProperty>y</hasOwnProperty><Name>N</Name></Client></Clients></Response>`,
    );
    expect(clients[0]?.name).toBe('N');
    expect(Object.keys(clients[0] ?? {})).not.toContain('toString');
  });
});

describe('size and shape limits', () => {
  it('rejects nesting 10,000 deep quickly', () => {
    const result = run([`<Response>${'<a>'.repeat(10_000)}`]);
    expect(result.code).toBe('xml/too-deep');
    expect(result.ms).toBeLessThan(FAST_MS);
  });

  it(`accepts exactly ${MAX_XML_DEPTH} levels and rejects one more`, () => {
    const nest = (levels: number): string =>
      `<Response><Status>OK</Status><Clients>${'<a>'.repeat(levels - 2)}${'</a>'.repeat(levels - 2)}</Clients></Response>`;
    expect(run([nest(MAX_XML_DEPTH)]).code).toBe('none');
    expect(run([nest(MAX_XML_DEPTH + 1)]).code).toBe('xml/too-deep');
  });

  it('keeps error messages short however long the offending name is', () => {
    const name = `A${'b'.repeat(100_000)}`;
    const result = run([`${OK}<Client><${name}>x</${name}x></Client></Clients></Response>`]);
    expect(result.code).toBe('xml/malformed');
    expect(result.message.length).toBeLessThan(300);
  });
});

describe('malformed documents', () => {
  it('rejects a body truncated mid-element, after handing out only complete clients', () => {
    const result = run([fixture('truncated.xml')]);
    expect(result.code).toBe('xml/malformed');
    expect(result.clients).toBe(1);
  });

  it('rejects a mismatched close tag without handing out the client it closes', () => {
    const result = run([fixture('mismatched.xml')]);
    expect(result.code).toBe('xml/malformed');
    expect(result.clients).toBe(0);
  });

  it('does not hand out a client whose </Client> actually closes the list', () => {
    const result = run([`${OK}<Client><UUID>a</UUID></Clients></Response>`]);
    expect(result.code).toBe('xml/malformed');
    expect(result.clients).toBe(0);
  });

  it.each([
    ['empty body', ''],
    ['only white space', '  \n '],
    ['closing tag without opener', '<Response><Status>OK</Status></Clients></Response>'],
    ['text after the root', '<Response><Status>OK</Status><Clients/></Response>trailing'],
    ['second root', '<Response><Status>OK</Status><Clients/></Response><Response/>'],
    ['unclosed root', '<Response><Status>OK</Status><Clients/>'],
    ['bare ampersand', '<Response><Status>OK & fine</Status></Response>'],
    ['attribute without quotes', '<Response api-method=List><Status>OK</Status></Response>'],
    ['JSON', '{"Status":"OK"}'],
  ])('rejects %s as xml/malformed', (_label, doc) => {
    expect(run([doc]).code).toBe('xml/malformed');
  });

  it('keeps failing with the same error after the first failure', () => {
    const reader = createClientListReader(() => undefined);
    expect(() => reader.write('<Response></Other>')).toThrow(expect.objectContaining({ code: 'xml/malformed' }));
    expect(() => reader.write('<Status>OK</Status>')).toThrow(expect.objectContaining({ code: 'xml/malformed' }));
    expect(() => reader.end()).toThrow(expect.objectContaining({ code: 'xml/malformed' }));
  });
});
