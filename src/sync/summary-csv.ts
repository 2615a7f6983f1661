/**
 * The Download Sync Summary CSV (U2): every record a run did not import, with why and what to fix.
 * UTF-8 with BOM (Excel opens it correctly), CRLF, every cell quoted, and every cell that a
 * spreadsheet would run as a formula neutralised with a leading apostrophe (reliability.md CSV-1).
 */
import { xpmClientLink } from '../domain/xpm-links';
import Papa from 'papaparse';
import type { RunLogEntry } from '../domain/runs';

export const SUMMARY_COLUMNS = [
  'Run time',
  'Entity',
  'XPM id',
  'Client name',
  'Person name',
  'Field',
  'Value',
  'Reason code',
  'Message',
  'Suggestion',
  'Link to XPM',
] as const;

/** First characters that make Excel, LibreOffice or Sheets treat a cell as a formula (OWASP, ASVS). */
const FORMULA_TRIGGER = /^[=+\-@\t\r\n\0]/;

/** Prefixes a formula-leading cell with an apostrophe; applied to every cell, line breaks or not. */
export function neutraliseCell(value: string): string {
  return FORMULA_TRIGGER.test(value) ? `'${value}` : value;
}

/** Link to the client's page in XPM (the URL pattern with UUIDs is inferred; see README). */
function recordLink(entry: RunLogEntry, xpmWebUrl: string): string {
  if (entry.clientId === null) return '';
  return xpmClientLink(xpmWebUrl, { xpmId: entry.clientId, xpmNumericId: entry.clientNumericId ?? null }) ?? '';
}

/** Rows for a run's rejections and skips (warnings were imported, so they are not listed). */
export function summaryRows(entries: readonly RunLogEntry[], xpmWebUrl: string): string[][] {
  return entries
    .filter((entry) => entry.kind !== 'warning')
    .map((entry) =>
      [
        new Date(entry.at).toISOString(),
        entry.entity,
        entry.contactId ?? entry.staffId ?? entry.clientId ?? '',
        entry.clientName ?? '',
        entry.personName ?? '',
        entry.field ?? '',
        entry.value ?? '',
        entry.code,
        entry.message,
        entry.suggestion,
        recordLink(entry, xpmWebUrl),
      ].map(neutraliseCell),
    );
}

/** The CSV text, BOM included. */
export function summaryCsv(entries: readonly RunLogEntry[], xpmWebUrl: string): { text: string; rows: number } {
  const rows = summaryRows(entries, xpmWebUrl);
  const body = Papa.unparse(
    { fields: [...SUMMARY_COLUMNS], data: rows },
    { quotes: true, newline: '\r\n', escapeFormulae: false },
  );
  return { text: `\uFEFF${body}\r\n`, rows: rows.length };
}

/** `xpm-sync-summary-20261124-031500.csv`: only [A-Za-z0-9._-], so no path tricks in any browser. */
export function summaryFilename(runStartedAt: number): string {
  const stamp = new Date(runStartedAt).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `xpm-sync-summary-${stamp}.csv`;
}
