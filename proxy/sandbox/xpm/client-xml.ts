/**
 * Serializes clients in XPM's shapes (xpm-api.md §2.5, §8.1). How much of a client (`ClientDetail`):
 * - `base`: paged-list items — no Contacts, Notes, Groups, Relationships and only the base tax fields;
 * - `list`: `client.api/list` without `detailed` — base plus Contacts;
 * - `detailed`: `list?detailed=true` and `get/{id}` — the full tax block, Contacts, Notes, Groups, Relationships.
 *
 * Which identifiers (`ApiShape`, xpm/api-shape.ts):
 * - `3.1`: `<UUID>` first, and UUIDs in every reference, contact and group;
 * - `3.0`: `<ID>` first and `<UUID>` last (the recorded 3.0 order); contacts, groups, relationships
 *   and references carry `<ID>` only, and a contact's elements come in 3.0's recorded order
 *   (`ID, Name, Mobile, Email, Phone, Position, Salutation, Addressee, IsPrimary`), followed by
 *   `IsDeleted` — the recordings predate soft-deleted contacts (2023), and without it a deleted
 *   contact would look live (an assumption, README "Assumptions").
 *
 * A client is built as a list of pieces joined once: a flat string encodes quickly, where `+=`
 * would build a rope of hundreds of nodes per client. The encoded fragments are cached per client,
 * detail and shape within a byte budget (ClientFragmentCache).
 */
import type {
  ClientRecord,
  ContactLink,
  ContactRecord,
  GroupRecord,
  NoteRecord,
  Ref,
  RelationshipRecord,
  TaxDetails,
} from '../data/model';
import type { ApiShape } from './api-shape';
import { escapeText, yesNo } from './xml';

export type ClientDetail = 'base' | 'list' | 'detailed';

/** What a client's XML refers to outside the record itself. */
export interface ClientXmlContext {
  contact(uuid: string): ContactRecord | undefined;
  group(uuid: string): GroupRecord | undefined;
}

interface Tag {
  readonly open: string;
  readonly close: string;
  readonly empty: string;
}

function tag(name: string): Tag {
  return { open: `<${name}>`, close: `</${name}>`, empty: `<${name} />` };
}

/** Every element name the client XML uses, with its tags made once. */
const T = {
  ID: tag('ID'),
  UUID: tag('UUID'),
  Name: tag('Name'),
  Title: tag('Title'),
  Gender: tag('Gender'),
  FirstName: tag('FirstName'),
  LastName: tag('LastName'),
  OtherName: tag('OtherName'),
  Email: tag('Email'),
  DateOfBirth: tag('DateOfBirth'),
  Address: tag('Address'),
  City: tag('City'),
  Region: tag('Region'),
  PostCode: tag('PostCode'),
  Country: tag('Country'),
  PostalAddress: tag('PostalAddress'),
  PostalCity: tag('PostalCity'),
  PostalRegion: tag('PostalRegion'),
  PostalPostCode: tag('PostalPostCode'),
  PostalCountry: tag('PostalCountry'),
  Phone: tag('Phone'),
  Fax: tag('Fax'),
  Website: tag('Website'),
  ReferralSource: tag('ReferralSource'),
  ExportCode: tag('ExportCode'),
  ClientCode: tag('ClientCode'),
  IsProspect: tag('IsProspect'),
  IsArchived: tag('IsArchived'),
  IsDeleted: tag('IsDeleted'),
  AccountManager: tag('AccountManager'),
  JobManager: tag('JobManager'),
  Type: tag('Type'),
  CostMarkup: tag('CostMarkup'),
  PaymentTerm: tag('PaymentTerm'),
  PaymentDay: tag('PaymentDay'),
  BillingClient: tag('BillingClient'),
  TaxNumber: tag('TaxNumber'),
  CompanyNumber: tag('CompanyNumber'),
  BusinessNumber: tag('BusinessNumber'),
  BranchNumber: tag('BranchNumber'),
  BusinessStructure: tag('BusinessStructure'),
  BalanceMonth: tag('BalanceMonth'),
  GSTRegistered: tag('GSTRegistered'),
  PrepareGST: tag('PrepareGST'),
  GSTPeriod: tag('GSTPeriod'),
  GSTBasis: tag('GSTBasis'),
  ProvisionalTaxBasis: tag('ProvisionalTaxBasis'),
  ProvisionalTaxRatio: tag('ProvisionalTaxRatio'),
  PrepareActivityStatement: tag('PrepareActivityStatement'),
  PrepareTaxReturn: tag('PrepareTaxReturn'),
  ActiveAtoClient: tag('ActiveAtoClient'),
  SignedTaxAuthority: tag('SignedTaxAuthority'),
  TaxAgent: tag('TaxAgent'),
  AgencyStatus: tag('AgencyStatus'),
  ReturnType: tag('ReturnType'),
  Contacts: tag('Contacts'),
  Contact: tag('Contact'),
  Salutation: tag('Salutation'),
  Addressee: tag('Addressee'),
  Mobile: tag('Mobile'),
  IsPrimary: tag('IsPrimary'),
  Position: tag('Position'),
  Notes: tag('Notes'),
  Note: tag('Note'),
  Text: tag('Text'),
  Folder: tag('Folder'),
  Date: tag('Date'),
  CreatedBy: tag('CreatedBy'),
  Groups: tag('Groups'),
  Group: tag('Group'),
  Relationships: tag('Relationships'),
  Relationship: tag('Relationship'),
  RelatedClient: tag('RelatedClient'),
  NumberOfShares: tag('NumberOfShares'),
  Percentage: tag('Percentage'),
  StartDate: tag('StartDate'),
  EndDate: tag('EndDate'),
  Client: tag('Client'),
} as const;

/** `<X>text</X>`, emitted even when blank (XPM's rule for plain text fields). */
function text(out: string[], t: Tag, value: string): void {
  out.push(t.open, escapeText(value), t.close);
}

function flag(out: string[], t: Tag, value: boolean): void {
  out.push(t.open, yesNo(value), t.close);
}

/** The record's identifier in the shape: `<UUID>` in 3.1, `<ID>` in 3.0. */
function identity(out: string[], record: { readonly uuid: string; readonly id: number }, shape: ApiShape): void {
  if (shape === '3.0') out.push(T.ID.open, String(record.id), T.ID.close);
  else out.push(T.UUID.open, record.uuid, T.UUID.close);
}

/** A reference object, omitted when unset (xpm-api.md §2.5 rule 2). */
function ref(out: string[], t: Tag, value: Ref | null, shape: ApiShape): void {
  if (value === null) return;
  out.push(t.open);
  identity(out, value, shape);
  text(out, T.Name, value.name);
  out.push(t.close);
}

function taxXml(out: string[], tax: TaxDetails | null, detailed: boolean): void {
  if (tax === null) return; // the whole block is absent for some clients (xpm-api.md §2.5 rule 3)
  text(out, T.TaxNumber, tax.taxNumber);
  text(out, T.CompanyNumber, tax.companyNumber);
  text(out, T.BusinessNumber, tax.businessNumber);
  if (tax.branchNumber !== '') text(out, T.BranchNumber, tax.branchNumber);
  if (!detailed) return;
  text(out, T.BusinessStructure, tax.businessStructure);
  text(out, T.BalanceMonth, tax.balanceMonth);
  flag(out, T.GSTRegistered, tax.gstRegistered);
  flag(out, T.PrepareGST, tax.prepareGst);
  text(out, T.GSTPeriod, tax.gstPeriod);
  text(out, T.GSTBasis, tax.gstBasis);
  text(out, T.ProvisionalTaxBasis, tax.provisionalTaxBasis);
  text(out, T.ProvisionalTaxRatio, tax.provisionalTaxRatio);
  if (tax.jurisdiction === 'AU') {
    flag(out, T.PrepareActivityStatement, tax.prepareActivityStatement);
    flag(out, T.PrepareTaxReturn, tax.prepareTaxReturn);
    flag(out, T.ActiveAtoClient, tax.activeAtoClient);
  } else if (tax.jurisdiction === 'NZ') {
    flag(out, T.SignedTaxAuthority, tax.signedTaxAuthority);
    text(out, T.TaxAgent, tax.taxAgent);
    text(out, T.AgencyStatus, tax.agencyStatus);
    text(out, T.ReturnType, tax.returnType);
  }
}

function contactXml(out: string[], link: ContactLink, contact: ContactRecord, shape: ApiShape): void {
  out.push(T.Contact.open);
  if (shape === '3.0') {
    identity(out, contact, shape);
    text(out, T.Name, contact.name);
    text(out, T.Mobile, contact.mobile);
    text(out, T.Email, contact.email);
    text(out, T.Phone, contact.phone);
    text(out, T.Position, link.position);
    text(out, T.Salutation, contact.salutation);
    text(out, T.Addressee, contact.addressee);
    flag(out, T.IsPrimary, link.isPrimary);
    flag(out, T.IsDeleted, contact.isDeleted);
  } else {
    identity(out, contact, shape);
    text(out, T.Name, contact.name);
    text(out, T.Salutation, contact.salutation);
    text(out, T.Addressee, contact.addressee);
    text(out, T.Mobile, contact.mobile);
    text(out, T.Email, contact.email);
    text(out, T.Phone, contact.phone);
    flag(out, T.IsDeleted, contact.isDeleted);
    flag(out, T.IsPrimary, link.isPrimary);
    text(out, T.Position, link.position);
  }
  out.push(T.Contact.close);
}

function noteXml(out: string[], note: NoteRecord): void {
  out.push(T.Note.open);
  text(out, T.Title, note.title);
  text(out, T.Text, note.text);
  text(out, T.Folder, note.folder);
  text(out, T.Date, note.date);
  text(out, T.CreatedBy, note.createdBy);
  out.push(T.Note.close);
}

function relationshipXml(out: string[], r: RelationshipRecord, shape: ApiShape): void {
  out.push(T.Relationship.open);
  identity(out, r, shape);
  text(out, T.Type, r.type);
  ref(out, T.RelatedClient, r.relatedClient, shape);
  text(out, T.NumberOfShares, r.numberOfShares);
  text(out, T.Percentage, r.percentage);
  text(out, T.StartDate, r.startDate);
  text(out, T.EndDate, r.endDate);
  out.push(T.Relationship.close);
}

/** A collection: `<Name>…</Name>`, or `<Name />` when it has no items (xpm-api.md §2.5 rule 4). */
function collection(out: string[], t: Tag, write: () => void): void {
  const at = out.length;
  out.push(t.open);
  const before = out.length;
  write();
  if (out.length === before) out[at] = t.empty;
  else out.push(t.close);
}

/** One `<Client>…</Client>` with the given detail, in the given API shape. */
export function clientXml(
  client: ClientRecord,
  detail: ClientDetail,
  shape: ApiShape,
  context: ClientXmlContext,
): string {
  const detailed = detail === 'detailed';
  const out: string[] = [T.Client.open];
  identity(out, client, shape);
  text(out, T.Name, client.name);
  text(out, T.Title, client.title);
  text(out, T.Gender, client.gender);
  text(out, T.FirstName, client.firstName);
  text(out, T.LastName, client.lastName);
  text(out, T.OtherName, client.otherName);
  if (client.email !== '') text(out, T.Email, client.email); // blank client Email is omitted (real 3.0 behaviour)
  text(out, T.DateOfBirth, client.dateOfBirth);
  text(out, T.Address, client.address);
  text(out, T.City, client.city);
  text(out, T.Region, client.region);
  text(out, T.PostCode, client.postCode);
  text(out, T.Country, client.country);
  text(out, T.PostalAddress, client.postalAddress);
  text(out, T.PostalCity, client.postalCity);
  text(out, T.PostalRegion, client.postalRegion);
  text(out, T.PostalPostCode, client.postalPostCode);
  text(out, T.PostalCountry, client.postalCountry);
  text(out, T.Phone, client.phone);
  text(out, T.Fax, client.fax);
  text(out, T.Website, client.website);
  text(out, T.ReferralSource, client.referralSource);
  text(out, T.ExportCode, client.exportCode);
  text(out, T.ClientCode, client.clientCode);
  flag(out, T.IsProspect, client.isProspect);
  flag(out, T.IsArchived, client.isArchived);
  flag(out, T.IsDeleted, client.isDeleted);
  ref(out, T.AccountManager, client.accountManager, shape);
  ref(out, T.JobManager, client.jobManager, shape);
  const type = client.billingType;
  if (type !== null) {
    out.push(T.Type.open);
    text(out, T.Name, type.name);
    text(out, T.CostMarkup, type.costMarkup);
    text(out, T.PaymentTerm, type.paymentTerm);
    text(out, T.PaymentDay, type.paymentDay);
    out.push(T.Type.close);
  }
  ref(out, T.BillingClient, client.billingClient, shape);
  taxXml(out, client.tax, detailed);
  if (detail !== 'base') {
    collection(out, T.Contacts, () => {
      for (const link of client.contacts) {
        const contact = context.contact(link.contactUuid);
        if (contact) contactXml(out, link, contact, shape);
      }
    });
  }
  if (detailed) {
    collection(out, T.Notes, () => {
      for (const note of client.notes) noteXml(out, note);
    });
    collection(out, T.Groups, () => {
      for (const uuid of client.groupUuids) {
        const group = context.group(uuid);
        if (!group) continue;
        out.push(T.Group.open);
        identity(out, group, shape);
        text(out, T.Name, group.name);
        out.push(T.Group.close);
      }
    });
    collection(out, T.Relationships, () => {
      for (const r of client.relationships) relationshipXml(out, r, shape);
    });
  }
  // 3.0 named the client's UUID last, after its integer ID (xpm-api.md §2.5).
  if (shape === '3.0') out.push(T.UUID.open, client.uuid, T.UUID.close);
  out.push(T.Client.close);
  return out.join('');
}

/** What the fragment cache needs from the practice besides the XML context. */
export interface FragmentSource extends ClientXmlContext {
  /** The current record for a UUID (to find cached fragments of replaced or removed clients). */
  client(uuid: string): ClientRecord | undefined;
  /** Changes whenever the practice changes. */
  version(): number;
}

/**
 * The bytes the fragment caches of all practices may hold together. 64 MiB holds every fragment of
 * the default 2,000-client practice in all six variants (~35 MB) and 40% of a 50,000-client detailed
 * list; beyond it fragments are serialized on each request (still ~100 MB/s), which keeps the
 * sandbox to a few hundred MB at any size (README "Performance").
 */
export const DEFAULT_FRAGMENT_CACHE_BYTES = 64 * 1024 * 1024;

/** A byte budget shared by the practices' caches. */
export class FragmentBudget {
  used = 0;
  constructor(readonly limit: number) {}
}

interface CacheEntry {
  readonly record: ClientRecord;
  /** One slot per detail × shape (see slot()). */
  readonly fragments: (Uint8Array | undefined)[];
  bytes: number;
}

const DETAILS: readonly ClientDetail[] = ['base', 'list', 'detailed'];
const SLOTS = DETAILS.length * 2;

function slot(detail: ClientDetail, shape: ApiShape): number {
  return DETAILS.indexOf(detail) * 2 + (shape === '3.0' ? 0 : 1);
}

const encoder = new TextEncoder();

/**
 * Encoded client fragments by client, detail and shape. An entry remembers the record object it was
 * made from: records are replaced, never changed (data/model.ts), so a replaced record misses and
 * its old fragments are dropped. Fragments are kept while the budget allows; past it they are
 * encoded per request and not kept. When the budget is full, entries of clients that were replaced
 * or removed since are swept first (once per change of the practice, so a full cache costs nothing).
 */
export class ClientFragmentCache {
  private readonly entries = new Map<string, CacheEntry>();
  private sweptAtVersion = -1;

  constructor(
    private readonly source: FragmentSource,
    private readonly budget: FragmentBudget,
  ) {}

  get(client: ClientRecord, detail: ClientDetail, shape: ApiShape): Uint8Array {
    let entry = this.entries.get(client.uuid);
    if (entry && entry.record !== client) {
      this.drop(client.uuid, entry);
      entry = undefined;
    }
    const index = slot(detail, shape);
    const cached = entry?.fragments[index];
    if (cached) return cached;
    const bytes = encoder.encode(clientXml(client, detail, shape, this.source));
    if (!this.fits(bytes.byteLength)) return bytes;
    if (!entry) {
      entry = { record: client, fragments: new Array<Uint8Array | undefined>(SLOTS), bytes: 0 };
      this.entries.set(client.uuid, entry);
    }
    entry.fragments[index] = bytes;
    entry.bytes += bytes.byteLength;
    this.budget.used += bytes.byteLength;
    return bytes;
  }

  /** Bytes this cache holds. */
  get heldBytes(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.bytes;
    return total;
  }

  private fits(bytes: number): boolean {
    if (this.budget.used + bytes <= this.budget.limit) return true;
    this.sweep();
    return this.budget.used + bytes <= this.budget.limit;
  }

  /** Drops the fragments of clients that were replaced or removed since they were cached. */
  private sweep(): void {
    const version = this.source.version();
    if (version === this.sweptAtVersion) return;
    this.sweptAtVersion = version;
    for (const [uuid, entry] of this.entries) {
      if (this.source.client(uuid) !== entry.record) this.drop(uuid, entry);
    }
  }

  private drop(uuid: string, entry: CacheEntry): void {
    this.entries.delete(uuid);
    this.budget.used -= entry.bytes;
  }
}
