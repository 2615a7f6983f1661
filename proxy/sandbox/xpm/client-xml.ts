/**
 * Serializes clients in XPM v3.1's shapes (xpm-api.md §2.5, §8.1):
 * - `base`: paged-list items — no Contacts, Notes, Groups, Relationships and only the base tax fields;
 * - `list`: `client.api/list` without `detailed` — base plus Contacts;
 * - `detailed`: `list?detailed=true` and `get/{uuid}` — the full tax block, Contacts, Notes, Groups, Relationships.
 *
 * Serialized fragments are cached per record object (records are replaced, never changed, so a
 * replaced record simply misses the cache), which is what lets a 50 MB list be served again quickly.
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
import { collection, el, yesNo } from './xml';

export type ClientShape = 'base' | 'list' | 'detailed';

/** What a client's XML refers to outside the record itself. */
export interface ClientXmlContext {
  contact(uuid: string): ContactRecord | undefined;
  group(uuid: string): GroupRecord | undefined;
}

function ref(name: string, value: Ref | null): string {
  return value === null ? '' : `<${name}>${el('UUID', value.uuid)}${el('Name', value.name)}</${name}>`;
}

function taxXml(tax: TaxDetails | null, detailed: boolean): string {
  if (tax === null) return ''; // the whole block is absent for some clients (xpm-api.md §2.5 rule 3)
  let xml =
    el('TaxNumber', tax.taxNumber) + el('CompanyNumber', tax.companyNumber) + el('BusinessNumber', tax.businessNumber);
  if (tax.branchNumber !== '') xml += el('BranchNumber', tax.branchNumber);
  if (!detailed) return xml;
  xml +=
    el('BusinessStructure', tax.businessStructure) +
    el('BalanceMonth', tax.balanceMonth) +
    el('GSTRegistered', yesNo(tax.gstRegistered)) +
    el('PrepareGST', yesNo(tax.prepareGst)) +
    el('GSTPeriod', tax.gstPeriod) +
    el('GSTBasis', tax.gstBasis) +
    el('ProvisionalTaxBasis', tax.provisionalTaxBasis) +
    el('ProvisionalTaxRatio', tax.provisionalTaxRatio);
  if (tax.jurisdiction === 'AU') {
    xml +=
      el('PrepareActivityStatement', yesNo(tax.prepareActivityStatement)) +
      el('PrepareTaxReturn', yesNo(tax.prepareTaxReturn)) +
      el('ActiveAtoClient', yesNo(tax.activeAtoClient));
  } else if (tax.jurisdiction === 'NZ') {
    xml +=
      el('SignedTaxAuthority', yesNo(tax.signedTaxAuthority)) +
      el('TaxAgent', tax.taxAgent) +
      el('AgencyStatus', tax.agencyStatus) +
      el('ReturnType', tax.returnType);
  }
  return xml;
}

function contactXml(link: ContactLink, contact: ContactRecord): string {
  return (
    '<Contact>' +
    el('UUID', contact.uuid) +
    el('Name', contact.name) +
    el('Salutation', contact.salutation) +
    el('Addressee', contact.addressee) +
    el('Mobile', contact.mobile) +
    el('Email', contact.email) +
    el('Phone', contact.phone) +
    el('IsDeleted', yesNo(contact.isDeleted)) +
    el('IsPrimary', yesNo(link.isPrimary)) +
    el('Position', link.position) +
    '</Contact>'
  );
}

function noteXml(note: NoteRecord): string {
  return `<Note>${el('Title', note.title)}${el('Text', note.text)}${el('Folder', note.folder)}${el('Date', note.date)}${el('CreatedBy', note.createdBy)}</Note>`;
}

function relationshipXml(r: RelationshipRecord): string {
  return (
    '<Relationship>' +
    el('UUID', r.uuid) +
    el('Type', r.type) +
    ref('RelatedClient', r.relatedClient) +
    el('NumberOfShares', r.numberOfShares) +
    el('Percentage', r.percentage) +
    el('StartDate', r.startDate) +
    el('EndDate', r.endDate) +
    '</Relationship>'
  );
}

/** One `<Client>…</Client>` in the given shape. */
export function clientXml(client: ClientRecord, shape: ClientShape, context: ClientXmlContext): string {
  const detailed = shape === 'detailed';
  let xml =
    '<Client>' +
    el('UUID', client.uuid) +
    el('Name', client.name) +
    el('Title', client.title) +
    el('Gender', client.gender) +
    el('FirstName', client.firstName) +
    el('LastName', client.lastName) +
    el('OtherName', client.otherName) +
    (client.email === '' ? '' : el('Email', client.email)) + // blank client Email is omitted (real 3.0 behaviour)
    el('DateOfBirth', client.dateOfBirth) +
    el('Address', client.address) +
    el('City', client.city) +
    el('Region', client.region) +
    el('PostCode', client.postCode) +
    el('Country', client.country) +
    el('PostalAddress', client.postalAddress) +
    el('PostalCity', client.postalCity) +
    el('PostalRegion', client.postalRegion) +
    el('PostalPostCode', client.postalPostCode) +
    el('PostalCountry', client.postalCountry) +
    el('Phone', client.phone) +
    el('Fax', client.fax) +
    el('Website', client.website) +
    el('ReferralSource', client.referralSource) +
    el('ExportCode', client.exportCode) +
    el('ClientCode', client.clientCode) +
    el('IsProspect', yesNo(client.isProspect)) +
    el('IsArchived', yesNo(client.isArchived)) +
    el('IsDeleted', yesNo(client.isDeleted)) +
    ref('AccountManager', client.accountManager) +
    ref('JobManager', client.jobManager);
  if (client.billingType !== null) {
    const t = client.billingType;
    xml += `<Type>${el('Name', t.name)}${el('CostMarkup', t.costMarkup)}${el('PaymentTerm', t.paymentTerm)}${el('PaymentDay', t.paymentDay)}</Type>`;
  }
  xml += ref('BillingClient', client.billingClient) + taxXml(client.tax, detailed);
  if (shape !== 'base') {
    let contacts = '';
    for (const link of client.contacts) {
      const contact = context.contact(link.contactUuid);
      if (contact) contacts += contactXml(link, contact);
    }
    xml += collection('Contacts', contacts);
  }
  if (detailed) {
    xml += collection('Notes', client.notes.map(noteXml).join(''));
    let groups = '';
    for (const uuid of client.groupUuids) {
      const group = context.group(uuid);
      if (group) groups += `<Group>${el('UUID', group.uuid)}${el('Name', group.name)}</Group>`;
    }
    xml += collection('Groups', groups);
    xml += collection('Relationships', client.relationships.map(relationshipXml).join(''));
  }
  return `${xml}</Client>`;
}

const encoder = new TextEncoder();

/** Encoded fragments per record object and shape; a replaced record is a new key. */
export class ClientFragmentCache {
  private readonly cache = new WeakMap<ClientRecord, Partial<Record<ClientShape, Uint8Array>>>();

  constructor(private readonly context: ClientXmlContext) {}

  get(client: ClientRecord, shape: ClientShape): Uint8Array {
    let entry = this.cache.get(client);
    if (!entry) {
      entry = {};
      this.cache.set(client, entry);
    }
    let bytes = entry[shape];
    if (!bytes) {
      bytes = encoder.encode(clientXml(client, shape, this.context));
      entry[shape] = bytes;
    }
    return bytes;
  }
}
