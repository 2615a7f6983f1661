/**
 * The client record of one XPM client (PRODUCT.md R10) and its partner and manager (R11).
 * Every failing field is reported (one issue each); a client with any rejection has no fields, and
 * no warnings (those describe an imported record).
 */
import type { XpmClient, XpmStaffRef } from '../../xero/types';
import type { ClientFields, EvaluationContext } from './evaluation';
import { makeIssue, type Observed, type Subject } from './issues';
import type { ClientName, Place } from '../../domain/findings';
import type { Address, StaffLink } from '../../domain/records';
import type { RecordIssue, WarningCode } from '../../domain/reasons';
import { collapseWhiteSpace, isTooLong } from '../../domain/text';
import { validateEmail } from '../validate/email';
import { numericXpmId } from '../../domain/ids';

/** Lines 1–3 of an address (R10); the Active model has three, so further lines join the third. */
const ADDRESS_LINES = 3;
/** Joins address lines beyond the third into line 3, the way they would be written on one line. */
const EXTRA_LINE_JOINER = ', ';
const LINE_BREAK = /\r\n|\n|\r/;

/**
 * Business structures that make First Name and Last Name required (R10), compared after lower-casing
 * and removing white space, hyphens and underscores: "Individual", "Sole Trader", "sole-trader",
 * "SOLE  TRADER", "SoleTrader" all count.
 */
const PERSON_STRUCTURES: ReadonlySet<string> = new Set(['individual', 'soletrader']);

/** True when a Business Structure requires the client's First Name and Last Name. */
export function requiresPersonNames(entityType: string): boolean {
  return PERSON_STRUCTURES.has(entityType.toLowerCase().replace(/[\s_\-\p{Pd}]+/gu, ''));
}

/** The client's display name and code for issue wording (the code as R10 chooses it). */
export function clientNameOf(client: XpmClient): ClientName {
  return { name: collapseWhiteSpace(client.name), code: chosenCode(client).value, id: client.key ?? client.uuid };
}

/** ClientCode, else ExportCode (R10), trimmed, with the XPM field it came from. */
function chosenCode(client: XpmClient): {
  readonly value: string;
  readonly field: 'ClientCode' | 'ExportCode';
  readonly raw: string;
} {
  const clientCode = client.clientCode.trim();
  if (clientCode !== '' || client.exportCode.trim() === '')
    return { value: clientCode, field: 'ClientCode', raw: client.clientCode };
  return { value: client.exportCode.trim(), field: 'ExportCode', raw: client.exportCode };
}

/** An XPM staff reference counts as set when it carries a UUID, an ID or a name. */
function isSet(ref: XpmStaffRef | null): ref is XpmStaffRef {
  return ref !== null && (ref.uuid.trim() !== '' || ref.numericId.trim() !== '' || ref.name.trim() !== '');
}

/** The staff member a reference names, among this run's valid staff (by UUID, or by ID in 3.0). */
function staffOf(ref: XpmStaffRef, ctx: EvaluationContext): StaffLink | undefined {
  return ref.key === null ? undefined : ctx.staffById.get(ref.key);
}

function splitLines(raw: string): string[] {
  return raw
    .split(LINE_BREAK)
    .map((line) => collapseWhiteSpace(line))
    .filter((line) => line !== '');
}

export interface ClientMapping {
  readonly fields: ClientFields | null;
  readonly issues: readonly RecordIssue[];
}

/** The client record itself as the subject of an issue. */
export function clientSubject(client: XpmClient, name: ClientName): Subject {
  return {
    entity: 'client',
    clientId: client.key,
    clientNumericId: numericXpmId(client.numericId),
    contactId: null,
    staffId: null,
    clientName: name.name,
    personName: '',
  };
}

/** Maps a client that is neither deleted nor skipped as archived to its client-record fields. */
export function mapClient(client: XpmClient, ctx: EvaluationContext): ClientMapping {
  const name = clientNameOf(client);
  const subject = clientSubject(client, name);
  const place: Place = { kind: 'client', client: name };
  const issues: RecordIssue[] = [];
  const warnings: WarningCode[] = [];
  let rejected = false;
  const report = (field: string, value: string | null, finding: Observed) => {
    const issue = makeIssue(subject, place, field, value, finding);
    issues.push(issue);
    if (issue.kind === 'rejection') rejected = true;
    if (issue.kind === 'warning' && finding.code === 'email-invalid') warnings.push('email-invalid');
  };
  /** A value imported from `field`: its mapped form, or '' after reporting field-too-long. */
  const text = (field: string, raw: string, mapped: string = raw.trim()): string => {
    if (!isTooLong(mapped)) return mapped;
    report(field, raw, { code: 'field-too-long', length: mapped.length });
    return '';
  };
  const address = (fields: AddressFields): Address => {
    const lines = splitLines(fields.lines.raw);
    const mapped = [lines[0] ?? '', lines[1] ?? '', lines.slice(ADDRESS_LINES - 1).join(EXTRA_LINE_JOINER)];
    const tooLong = mapped.find(isTooLong);
    if (tooLong !== undefined)
      report(fields.lines.field, fields.lines.raw, { code: 'field-too-long', length: tooLong.length });
    const [line1 = '', line2 = '', line3 = ''] = tooLong === undefined ? mapped : [];
    return {
      line1,
      line2,
      line3,
      suburb: text(fields.suburb.field, fields.suburb.raw),
      state: text(fields.state.field, fields.state.raw),
      postcode: text(fields.postcode.field, fields.postcode.raw),
      country: text(fields.country.field, fields.country.raw),
    };
  };

  // In the order of the R10 table, so issues come out in a stable, readable order.
  const legalName = text('Name', client.name, name.name);
  if (name.name === '') report('Name', client.name, { code: 'name-missing', blank: true });
  const title = text('Title', client.title);
  const email = clientEmail(client.email, report);
  const phone = text('Phone', client.phone);
  const fax = text('Fax', client.fax);
  const chosen = chosenCode(client);
  const code = text(chosen.field, chosen.raw, chosen.value);
  if (chosen.value === '') report('ClientCode', client.clientCode, { code: 'client-code-missing' });
  const partner = partnerOf(client, ctx, report);
  const manager = isSet(client.jobManager) ? (staffOf(client.jobManager, ctx) ?? null) : null;
  const residential = address({
    lines: { field: 'Address', raw: client.address },
    suburb: { field: 'City', raw: client.city },
    state: { field: 'Region', raw: client.region },
    postcode: { field: 'PostCode', raw: client.postCode },
    country: { field: 'Country', raw: client.country },
  });
  const postal = address({
    lines: { field: 'PostalAddress', raw: client.postalAddress },
    suburb: { field: 'PostalCity', raw: client.postalCity },
    state: { field: 'PostalRegion', raw: client.postalRegion },
    postcode: { field: 'PostalPostCode', raw: client.postalPostCode },
    country: { field: 'PostalCountry', raw: client.postalCountry },
  });
  const groups = client.groups.map((group) => collapseWhiteSpace(group.name)).filter((group) => group !== '');
  const longGroup = client.groups.find((group) => isTooLong(collapseWhiteSpace(group.name)));
  if (longGroup !== undefined)
    report('Group', longGroup.name, { code: 'field-too-long', length: collapseWhiteSpace(longGroup.name).length });
  const abn = text('BusinessNumber', client.businessNumber);
  const entityType = text('BusinessStructure', client.businessStructure, collapseWhiteSpace(client.businessStructure));
  if (collapseWhiteSpace(client.businessStructure) === '')
    report('BusinessStructure', client.businessStructure, { code: 'business-structure-missing' });
  const firstName = text('FirstName', client.firstName, collapseWhiteSpace(client.firstName));
  const lastName = text('LastName', client.lastName, collapseWhiteSpace(client.lastName));
  if (requiresPersonNames(entityType)) {
    if (collapseWhiteSpace(client.firstName) === '')
      report('FirstName', client.firstName, { code: 'first-name-missing', entityType });
    if (collapseWhiteSpace(client.lastName) === '')
      report('LastName', client.lastName, { code: 'last-name-missing', entityType });
  }
  const primary = client.contacts.find((contact) => contact.isPrimary && !contact.isDeleted);
  const salutation = primary === undefined ? '' : text('Salutation', primary.salutation);

  // Warnings say how a record was imported (§4.3): a client that is not imported carries only its
  // rejections, as a rejected contact does (its rescued mobile is not reported either).
  if (rejected || partner === null) return { fields: null, issues: issues.filter((i) => i.kind !== 'warning') };
  return {
    fields: {
      code,
      codeKey: code.toLowerCase(),
      legalName,
      title,
      email,
      phone,
      fax,
      partner,
      manager,
      residential,
      postal,
      group: groups[0] ?? null,
      groups,
      abn,
      entityType,
      firstName,
      lastName,
      salutation,
      archived: client.isArchived,
      prospect: client.isProspect,
      warnings,
    },
    issues,
  };
}

interface AddressFields {
  readonly lines: { readonly field: string; readonly raw: string };
  readonly suburb: { readonly field: string; readonly raw: string };
  readonly state: { readonly field: string; readonly raw: string };
  readonly postcode: { readonly field: string; readonly raw: string };
  readonly country: { readonly field: string; readonly raw: string };
}

type Report = (field: string, value: string | null, finding: Observed) => void;

/** The client's own email is optional (R10): blank stays '', invalid is dropped with a warning. */
function clientEmail(raw: string, report: Report): string {
  const checked = validateEmail(raw);
  if (checked.ok) return checked.value;
  if (checked.code !== 'email-missing') report('Email', raw, checked);
  return '';
}

/**
 * R11: the AccountManager among the synced staff; when XPM has none, the Default Partner (marked
 * by staffId null, see StaffLink); else `partner-missing`. Null after reporting a rejection.
 */
function partnerOf(client: XpmClient, ctx: EvaluationContext, report: Report): StaffLink | null {
  const ref = client.accountManager;
  if (!isSet(ref)) {
    if (ctx.defaultPartner !== null) return { ...ctx.defaultPartner, staffId: null };
    report('AccountManager', null, { code: 'partner-missing', defaultPartnerEmail: ctx.options.defaultPartnerEmail });
    return null;
  }
  const staff = staffOf(ref, ctx);
  if (staff !== undefined) return staff;
  report('AccountManager', ref.name, {
    code: 'partner-not-found',
    partnerName: collapseWhiteSpace(ref.name),
    partnerId: ref.uuid.trim() !== '' ? ref.uuid : ref.numericId,
  });
  return null;
}
