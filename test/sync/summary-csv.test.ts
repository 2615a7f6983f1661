import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import {
  FIX_LIST_COLUMNS,
  fixListCsv,
  neutraliseCell,
  sortFixList,
  SUMMARY_COLUMNS,
  summaryCsv,
  summaryFilename,
} from '../../src/sync/summary-csv';
import type { RunLogEntry } from '../../src/domain/runs';
import type { FixEntry } from '../../src/domain/fix-list';
import { rid, xcid, xkid } from '../support/ids';
import { storedWords } from '../contracts/records';

function entry(overrides: Partial<RunLogEntry> = {}): RunLogEntry {
  return {
    runId: rid('r1'),
    seq: 0,
    at: Date.UTC(2026, 10, 24, 3, 15, 0),
    kind: 'rejection',
    code: 'mobile-invalid',
    entity: 'contact',
    clientId: xcid('5b1f2c3a-8d4e-4f60-9a71-2c3d4e5f6a7b'),
    contactId: xkid('contact-1'),
    staffId: null,
    clientName: 'Acme Pty Ltd',
    personName: 'Leanne Smith',
    field: 'Mobile',
    value: '0411 111 111 (Leanne)',
    wording: storedWords('Mobile is not a valid number', 'Put only the number in Mobile'),
    ...overrides,
  };
}

const parse = (text: string) =>
  Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { newline: '\r\n', skipEmptyLines: true }).data;

describe('Download Sync Summary CSV', () => {
  it('starts with a BOM, uses CRLF, quotes every cell and has the documented columns', () => {
    const { text, rows } = summaryCsv([entry()], 'https://practicemanager.xero.com/');
    expect(text.startsWith('\uFEFF"Run time","Entity","XPM id"')).toBe(true);
    expect(text.split('\r\n').filter((l) => l !== '')).toHaveLength(2);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(rows).toBe(1);
    const [header, row] = parse(text);
    expect(header).toEqual([...SUMMARY_COLUMNS]);
    expect(row).toEqual([
      '2026-11-24T03:15:00.000Z',
      'contact',
      'contact-1',
      'Acme Pty Ltd',
      'Leanne Smith',
      'Mobile',
      '0411 111 111 (Leanne)',
      'mobile-invalid',
      'Mobile is not a valid number',
      'Put only the number in Mobile',
      'https://practicemanager.xero.com/Client/5b1f2c3a-8d4e-4f60-9a71-2c3d4e5f6a7b/Detail',
    ]);
  });

  it('lists rejections and skips but not warnings (those were imported)', () => {
    const { rows } = summaryCsv(
      [
        entry(),
        entry({ kind: 'warning', code: 'phone-not-mobile', seq: 1 }),
        entry({ kind: 'skip', code: 'client-archived', seq: 2, contactId: null }),
      ],
      'https://x.example',
    );
    expect(rows).toBe(2);
  });

  it.each([
    ['=1+1\nx'],
    ['@SUM(A1)\r\n'],
    ['\n=cmd'],
    ['-2+3'],
    ['+61 412 345 678'],
    ['\tindent'],
    ['\rcarriage'],
    ['\u0000nul'],
    ['=HYPERLINK("http://evil.example","click")'],
  ])('neutralises a formula-leading cell %j, line breaks included', (value) => {
    const { text } = summaryCsv([entry({ value, personName: value })], 'https://x.example');
    const row = parse(text)[1];
    expect(row?.[6]).toBe(`'${value}`);
    expect(row?.[4]).toBe(`'${value}`);
  });

  it('keeps quotes, commas, RTL overrides and line breaks inside a cell', () => {
    const value = 'He said "hi", then\r\nleft \u202Eevil';
    const { text } = summaryCsv([entry({ value })], 'https://x.example');
    expect(parse(text)[1]?.[6]).toBe(value);
  });

  it('round-trips any cell and never leaves a formula trigger at the start of a cell (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { minLength: 1, maxLength: 4 }), (values) => {
        const entries = values.map((value, seq) => entry({ value, wording: storedWords(value), seq }));
        const { text } = summaryCsv(entries, 'https://x.example');
        const [, ...rows] = parse(text);
        expect(rows).toHaveLength(values.length);
        rows.forEach((row, i) => {
          expect(row).toHaveLength(SUMMARY_COLUMNS.length);
          expect(row[6]).toBe(neutraliseCell(values[i] ?? ''));
          for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r\n\0]/);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('encodes lone surrogates as U+FFFD in the downloaded bytes', async () => {
    const { text } = summaryCsv([entry({ value: 'a\uD800b' })], 'https://x.example');
    const bytes = new Uint8Array(await new Blob([text]).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('a\uFFFDb');
  });

  it('names the file with safe characters and the run time only', () => {
    const name = summaryFilename(Date.UTC(2026, 10, 24, 3, 15, 9));
    expect(name).toBe('xpm-sync-summary-20261124-031509.csv');
    expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
  });
});

describe('the standing fix-list CSV (Download Sync Summary)', () => {
  const FIRST = Date.UTC(2026, 10, 20, 1, 0, 0);
  const LAST = Date.UTC(2026, 10, 24, 3, 15, 0);
  function fix(overrides: Partial<FixEntry> = {}): FixEntry {
    const { runId: _r, seq: _s, at: _a, ...issue } = entry();
    return { ...issue, firstSeenAt: FIRST, lastSeenAt: LAST, lastRunId: rid('r9'), ...overrides };
  }

  it('has first-seen and last-seen columns, lists warnings too, and neutralises formula cells', () => {
    const { text, rows } = fixListCsv(
      [
        fix({ kind: 'warning', code: 'phone-not-mobile', field: 'Phone', value: '=HYPERLINK("x")' }),
        fix({ contactId: xkid('contact-2'), personName: 'Adam Able' }),
      ],
      'https://practicemanager.xero.com/',
    );
    expect(rows).toBe(2);
    expect(text.startsWith('\uFEFF"First seen","Last seen","Entity","XPM id"')).toBe(true);
    const [header, a, b] = parse(text);
    expect(header).toEqual([...FIX_LIST_COLUMNS]);
    expect(header).not.toContain('Run time');
    // Not imported before warnings; then by client and person.
    expect(a?.slice(0, 2)).toEqual([new Date(FIRST).toISOString(), new Date(LAST).toISOString()]);
    expect(a?.[FIX_LIST_COLUMNS.indexOf('Person name')]).toBe('Adam Able');
    expect(b?.[FIX_LIST_COLUMNS.indexOf('Reason code')]).toBe('phone-not-mobile');
    expect(b?.[FIX_LIST_COLUMNS.indexOf('Value')]).toBe(`'=HYPERLINK("x")`);
  });

  it('orders rows the same whatever order the entries come in', () => {
    const entries = [
      fix({ kind: 'skip', code: 'client-archived', clientName: 'Zed', field: null, value: null }),
      fix({ clientName: 'Beta', personName: 'B' }),
      fix({ clientName: 'alpha', personName: 'A' }),
      fix({ kind: 'warning', code: 'mobile-rescued', clientName: 'Alpha' }),
    ];
    const names = (list: FixEntry[]) => sortFixList(list).map((e) => `${e.kind}:${e.clientName}`);
    expect(names(entries)).toEqual(['rejection:alpha', 'rejection:Beta', 'warning:Alpha', 'skip:Zed']);
    expect(names([...entries].reverse())).toEqual(names(entries));
  });

  it('an empty fix-list is a header-only file', () => {
    const { text, rows } = fixListCsv([], 'https://x.example');
    expect(rows).toBe(0);
    expect(parse(text)).toEqual([[...FIX_LIST_COLUMNS]]);
  });
});
