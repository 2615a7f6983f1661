/**
 * Settings → Export's list CSVs (U4): a contact or client whose XPM record is now rejected keeps its
 * last good values, and its row says so in "Rejected in XPM" — the reason codes, as Warnings gives its
 * codes — only while sync keeps the record (not once it is missing in XPM).
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { ContactRejection } from '../../src/domain/records';
import { NO_CONNECTION } from '../../src/domain/connection';
import { type ExportList, listCsv, type ListCsvInput } from '../../src/sync/list-csv';
import { client, contact, logEntry } from '../contracts/records';
import { xcid, xkid } from '../support/ids';

function rejection(code: 'email-invalid' | 'mobile-invalid' | 'partner-missing', field: string): ContactRejection {
  const {
    runId: _r,
    seq: _s,
    at: _a,
    ...issue
  } = logEntry('r1', 0, {
    code,
    field,
    clientId: xcid('x1'),
    contactId: xkid('p1'),
  });
  return { ...issue, firstSeenAt: Date.UTC(2026, 11, 1) };
}

/** The list's rows as header → cell maps. */
function rows(list: ExportList, input: ListCsvInput): Record<string, string>[] {
  const csv = listCsv(list, input).text.slice(1).trimEnd();
  const [header, ...body] = Papa.parse<string[]>(csv, { newline: '\r\n' }).data;
  return body.map((row) => Object.fromEntries((header ?? []).map((name, i) => [name, row[i] ?? ''])));
}

const EMPTY: ListCsvInput = { contacts: [], clients: [], staff: [], connection: NO_CONNECTION };

describe('list CSVs: records XPM now rejects', () => {
  it('a contact row names the reasons XPM now rejects it for, each once; others leave the cell empty', () => {
    const rejected = contact('p1', {
      rejectedInXpm: [
        rejection('email-invalid', 'Email'),
        rejection('mobile-invalid', 'Mobile'),
        rejection('email-invalid', 'Email'),
      ],
    });
    const missing = contact('p2', { missingInXpm: true, rejectedInXpm: [rejection('email-invalid', 'Email')] });
    const [first, second, third] = rows('contacts', { ...EMPTY, contacts: [rejected, missing, contact('p3')] });
    expect(first?.['Rejected in XPM']).toBe('email-invalid; mobile-invalid');
    expect(second?.['Rejected in XPM']).toBe('');
    expect(third?.['Rejected in XPM']).toBe('');
  });

  it('a client row names its own rejections while it is still in XPM', () => {
    const rejected = client('x1', { rejectedInXpm: [rejection('partner-missing', 'Partner')] });
    const missing = client('x2', { missingInXpm: true, rejectedInXpm: [rejection('partner-missing', 'Partner')] });
    const [first, second] = rows('clients', { ...EMPTY, clients: [rejected, missing] });
    expect(first?.['Rejected in XPM']).toBe('partner-missing');
    expect(second?.['Rejected in XPM']).toBe('');
  });
});
