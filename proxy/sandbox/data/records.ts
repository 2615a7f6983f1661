/**
 * Builders for one client record: codes, modification time, tax block, notes, references. The
 * clusters (data/clusters.ts) decide who the clients are; this decides what each record holds.
 */
import type { BillingType, GroupRecord, NoteRecord, Ref, TaxDetails } from './model';
import type { MutableClient, Workbench } from './generator';
import type { TaxJurisdictionPlace } from './places';
import type { Person } from './people';
import { dateOnly, landline } from './people';
import { BILLING_TYPES, FIRST_NAMES, NOTE_FOLDERS, NOTE_SENTENCES, NOTE_TITLES, REFERRAL_SOURCES } from './vocabulary';

/** Modification times spread over the past 18 months… */
const MODIFIED_SPREAD_MS = 540 * 24 * 3600_000;
/** …and are at least an hour old, so a sync started right after launch sees no future-dated records. */
const MIN_MODIFIED_AGE_MS = 3600_000;

function nextCode(bench: Workbench, name: string): string {
  const letters = name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase();
  const prefix = (letters.slice(0, 4) || 'CLNT').padEnd(4, 'X');
  const n = (bench.codeCounters.get(prefix) ?? 0) + 1;
  bench.codeCounters.set(prefix, n);
  return `${prefix}${String(n).padStart(3, '0')}`;
}

function modifiedAt(bench: Workbench): number {
  const age = MIN_MODIFIED_AGE_MS + Math.floor(bench.rng.next() ** 2 * MODIFIED_SPREAD_MS);
  return Math.floor((bench.options.anchor - age) / 1000) * 1000; // whole seconds, like XPM's timestamps
}

export function newGroup(bench: Workbench, name: string): GroupRecord {
  const group = { uuid: bench.rng.uuid(), id: bench.ids.group(), name, taxable: bench.rng.chance(0.3) };
  bench.groups.push(group);
  return group;
}

function taxFor(bench: Workbench, where: TaxJurisdictionPlace, structure: string): TaxDetails {
  const { rng } = bench;
  const business = structure !== 'Individual';
  const gstRegistered = business && structure !== 'Superannuation Fund' && rng.chance(0.8);
  const au = where.jurisdiction === 'AU';
  const nz = where.jurisdiction === 'NZ';
  const abn = rng.digits(11);
  // One literal with every field (no spreads): V8 keeps such objects in fast mode, which matters
  // when 15,000 of them are serialized.
  return {
    jurisdiction: where.jurisdiction,
    taxNumber: where.jurisdiction === 'OTHER' ? '' : `******${rng.digits(3)}`,
    companyNumber:
      structure !== 'Company'
        ? ''
        : au
          ? `${rng.digits(3)} ${rng.digits(3)} ${rng.digits(3)}`
          : nz
            ? rng.digits(7)
            : '',
    businessNumber:
      au && (business || rng.chance(0.1))
        ? `${abn.slice(0, 2)} ${abn.slice(2, 5)} ${abn.slice(5, 8)} ${abn.slice(8)}`
        : nz && business
          ? `94290${abn.slice(0, 8)}`
          : '',
    branchNumber: au && business && rng.chance(0.02) ? '001' : '',
    businessStructure: structure,
    balanceMonth: au ? '6' : nz ? '3' : '12',
    gstRegistered,
    prepareGst: gstRegistered && rng.chance(0.9),
    gstPeriod: !gstRegistered ? '' : au ? rng.pick(GST_PERIODS_AU) : nz ? rng.pick(GST_PERIODS_NZ) : '',
    gstBasis: !gstRegistered ? '' : au ? rng.pick(GST_BASES_AU) : nz ? rng.pick(GST_BASES_NZ) : '',
    provisionalTaxBasis: nz ? rng.pick(PROVISIONAL_TAX_BASES) : '',
    provisionalTaxRatio: '',
    prepareActivityStatement: au && gstRegistered,
    prepareTaxReturn: au && rng.chance(0.95),
    activeAtoClient: au && rng.chance(0.9),
    signedTaxAuthority: nz && rng.chance(0.8),
    taxAgent: nz ? bench.options.practiceName : '',
    agencyStatus: nz ? rng.pick(AGENCY_STATUSES) : '',
    returnType: nz ? (NZ_RETURN_TYPES[structure] ?? 'IR3') : '',
  };
}

/** How many notes a client has: most have a few, some none. */
const NOTE_COUNTS = [0, 1, 1, 2, 2, 3, 3, 4, 5, 6] as const;
const GST_PERIODS_AU = ['Quarterly', 'Quarterly', 'Monthly', 'Annually'] as const;
const GST_PERIODS_NZ = ['2 Monthly', '6 Monthly', 'Monthly'] as const;
const GST_BASES_AU = ['Cash', 'Accrual'] as const;
const GST_BASES_NZ = ['Invoice', 'Payments', 'Hybrid'] as const;
const PROVISIONAL_TAX_BASES = ['Standard', 'Estimate', 'AIM', ''] as const;
const AGENCY_STATUSES = ['Linked', 'Linked', 'Pending'] as const;
const NZ_RETURN_TYPES: Readonly<Record<string, string>> = {
  Individual: 'IR3',
  Company: 'IR4',
  Trust: 'IR6',
  Partnership: 'IR7',
};

/**
 * Note texts by first sentence and length, each made once (flat) and shared: there are only
 * NOTE_SENTENCES × 4 of them, and one copy per note was a fifth of a large practice's memory.
 */
const noteTexts = new Map<number, string>();

/** Consecutive sentences from `start`: a note never repeats itself. */
function noteText(start: number, sentences: number): string {
  const key = start * 8 + sentences;
  let text = noteTexts.get(key);
  if (text === undefined) {
    const parts: string[] = [];
    for (let s = 0; s < sentences; s++) parts.push(NOTE_SENTENCES[(start + s) % NOTE_SENTENCES.length] ?? '');
    text = parts.join(' ');
    noteTexts.set(key, text);
  }
  return text;
}

function notesFor(bench: Workbench): NoteRecord[] {
  const { rng } = bench;
  const count = rng.pick(NOTE_COUNTS);
  const notes: NoteRecord[] = [];
  for (let i = 0; i < count; i++) {
    const sentences = rng.int(1, 4);
    const start = rng.int(0, NOTE_SENTENCES.length - 1);
    const text = noteText(start, sentences);
    notes.push({
      title: rng.pick(NOTE_TITLES),
      text,
      folder: rng.pick(NOTE_FOLDERS),
      date: dateOnly(rng.int(2019, 2025), rng.int(1, 12), rng.int(1, 28)),
      createdBy: rng.pick(bench.staff).name,
    });
  }
  return notes;
}

export interface ClientSeed {
  readonly name: string;
  readonly structure: string;
  readonly where: TaxJurisdictionPlace;
  readonly email: string;
  readonly phone: string;
  readonly address: string;
  readonly person?: Person;
  readonly website?: string;
}

export function newClient(bench: Workbench, seed: ClientSeed): MutableClient {
  const { rng } = bench;
  const code = nextCode(bench, seed.person ? seed.person.lastName + seed.person.firstName : seed.name);
  const exportRoll = rng.next();
  const postal = rng.next();
  const place = seed.where.place;
  const poBox = `PO Box ${rng.int(10, 9999)}`;
  const client: MutableClient = {
    seq: bench.clients.length + 1,
    uuid: rng.uuid(),
    id: bench.ids.client(),
    name: seed.name,
    title: seed.person?.title ?? '',
    gender: seed.person?.gender ?? '',
    firstName: seed.person?.firstName ?? '',
    lastName: seed.person?.lastName ?? '',
    otherName: seed.person && rng.chance(0.1) ? rng.pick(FIRST_NAMES) : '',
    email: seed.email,
    dateOfBirth: seed.person && rng.chance(0.7) ? dateOnly(rng.int(1940, 2004), rng.int(1, 12), rng.int(1, 28)) : '',
    address: seed.address,
    city: seed.address ? place.city : '',
    region: seed.address ? place.region : '',
    postCode: seed.address ? place.postCode : '',
    country:
      seed.address && seed.where.jurisdiction !== 'AU'
        ? place.country
        : seed.address && rng.chance(0.3)
          ? place.country
          : '',
    postalAddress: postal < 0.4 ? seed.address : postal < 0.55 ? poBox : '',
    postalCity: postal < 0.55 ? place.city : '',
    postalRegion: postal < 0.55 ? place.region : '',
    postalPostCode: postal < 0.55 ? place.postCode : '',
    postalCountry: postal < 0.55 && seed.where.jurisdiction !== 'AU' ? place.country : '',
    phone: seed.phone,
    fax: seed.person === undefined && rng.chance(0.05) ? landline(rng, place) : '',
    website: seed.website ?? '',
    referralSource: rng.pick(REFERRAL_SOURCES),
    exportCode: exportRoll < 0.6 ? code : exportRoll < 0.9 ? `${code.slice(0, 3)}${rng.digits(4)}` : '',
    clientCode: code,
    isProspect: false,
    isArchived: false,
    isDeleted: false,
    accountManager: toRef(rng.pick(bench.partners)),
    jobManager: bench.managers.length > 0 && rng.chance(0.7) ? toRef(rng.pick(bench.managers)) : null,
    billingType: rng.chance(0.8) ? (rng.pick(BILLING_TYPES) satisfies BillingType) : null,
    billingClient: null,
    tax: taxFor(bench, seed.where, seed.structure),
    contacts: [],
    notes: notesFor(bench),
    groupUuids: [],
    relationships: [],
    modifiedAt: modifiedAt(bench),
  };
  bench.clients.push(client);
  return client;
}

/** A reference to a staff member or client: both identities and the name, copied as XPM copies them. */
export function toRef(record: Ref): Ref {
  return { uuid: record.uuid, id: record.id, name: record.name };
}

export function relate(bench: Workbench, from: MutableClient, to: MutableClient, type: string, shares = ''): void {
  from.relationships.push({
    uuid: bench.rng.uuid(),
    id: bench.ids.relationship(),
    type,
    relatedClient: toRef(to),
    numberOfShares: shares,
    percentage: shares ? '50.00' : '',
    startDate: dateOnly(bench.rng.int(2005, 2024), bench.rng.int(1, 12), 1),
    endDate: '',
  });
}
