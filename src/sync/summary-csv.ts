/**
 * The CSVs of records to fix (U2): Download Sync Summary's standing fix-list (every record currently
 * not imported, imported with a warning or skipped, with when it was first and last seen), and one
 * run's summary (every record that run did not import), each with why and what to fix.
 * UTF-8 with BOM (Excel opens it correctly), CRLF, every cell quoted, and every cell that a
 * spreadsheet would run as a formula neutralised with a leading apostrophe (reliability.md CSV-1).
 */
import { xpmClientLink } from '../domain/xpm-links';
import Papa from 'papaparse';
import type { RunLogEntry } from '../domain/runs';
import type { FixEntry } from '../domain/fix-list';
import type { RecordIssue } from '../domain/reasons';
import { explainIssue } from '../domain/wording/findings';

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

/** The fix-list's columns (U2): when the problem was first seen, then the run that last saw it. */
export const FIX_LIST_COLUMNS = ['First seen', 'Last seen', ...SUMMARY_COLUMNS.slice(1)] as const;

/** Link to the client's page in XPM (the URL pattern with UUIDs is inferred; see README). */
function recordLink(entry: RecordIssue, xpmWebUrl: string): string {
  if (entry.clientId === null) return '';
  return xpmClientLink(xpmWebUrl, { xpmId: entry.clientId, xpmNumericId: entry.clientNumericId ?? null }) ?? '';
}

/** The cells every row shares after its time columns: the record, the finding and the link. */
function issueCells(entry: RecordIssue, xpmWebUrl: string): string[] {
  const { message, suggestion } = explainIssue(entry);
  return [
    entry.entity,
    entry.contactId ?? entry.staffId ?? entry.clientId ?? '',
    entry.clientName ?? '',
    entry.personName ?? '',
    entry.field ?? '',
    entry.value ?? '',
    entry.code,
    message,
    suggestion,
    recordLink(entry, xpmWebUrl),
  ];
}

/** Rows for a run's rejections and skips (warnings were imported, so they are not listed). */
export function summaryRows(entries: readonly RunLogEntry[], xpmWebUrl: string): string[][] {
  return entries
    .filter((entry) => entry.kind !== 'warning')
    .map((entry) => [new Date(entry.at).toISOString(), ...issueCells(entry, xpmWebUrl)].map(neutraliseCell));
}

const KIND_ORDER: Readonly<Record<RecordIssue['kind'], number>> = { rejection: 0, warning: 1, skip: 2 };
const TEXT_ORDER = new Intl.Collator('en', { sensitivity: 'accent', numeric: true });

/**
 * The standing fix-list in the order an accountant works through it: not imported first, then
 * warnings, then skips; within each, by client name, person and field (stable across downloads).
 */
export function sortFixList(entries: readonly FixEntry[]): FixEntry[] {
  return [...entries].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      TEXT_ORDER.compare(a.clientName ?? '', b.clientName ?? '') ||
      TEXT_ORDER.compare(a.personName ?? '', b.personName ?? '') ||
      TEXT_ORDER.compare(a.field ?? '', b.field ?? '') ||
      TEXT_ORDER.compare(a.code, b.code) ||
      TEXT_ORDER.compare(recordId(a), recordId(b)),
  );
}

function recordId(entry: RecordIssue): string {
  return entry.contactId ?? entry.staffId ?? entry.clientId ?? '';
}

/** Rows of the standing fix-list: every entry, warnings included (U2), with its first- and last-seen times. */
export function fixListRows(entries: readonly FixEntry[], xpmWebUrl: string): string[][] {
  return sortFixList(entries).map((entry) =>
    [
      new Date(entry.firstSeenAt).toISOString(),
      new Date(entry.lastSeenAt).toISOString(),
      ...issueCells(entry, xpmWebUrl),
    ].map(neutraliseCell),
  );
}

function csvText(fields: readonly string[], rows: string[][]): { text: string; rows: number } {
  const body = Papa.unparse(
    { fields: [...fields], data: rows },
    { quotes: true, newline: '\r\n', escapeFormulae: false },
  );
  return { text: `\uFEFF${body}\r\n`, rows: rows.length };
}

/** One run's summary CSV text, BOM included. */
export function summaryCsv(entries: readonly RunLogEntry[], xpmWebUrl: string): { text: string; rows: number } {
  return csvText(SUMMARY_COLUMNS, summaryRows(entries, xpmWebUrl));
}

/** The standing fix-list CSV text, BOM included. */
export function fixListCsv(entries: readonly FixEntry[], xpmWebUrl: string): { text: string; rows: number } {
  return csvText(FIX_LIST_COLUMNS, fixListRows(entries, xpmWebUrl));
}

function fileStamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** `xpm-sync-summary-20261124-031500.csv`: only [A-Za-z0-9._-], so no path tricks in any browser. */
export function summaryFilename(runStartedAt: number): string {
  return `xpm-sync-summary-${fileStamp(runStartedAt)}.csv`;
}
