/**
 * The seeded practice generator: staff, client groups, clients and contacts for a realistic practice
 * of any size, the same for the same seed and size. Clients come in clusters (data/clusters.ts) built
 * from records (data/records.ts); the mess of data/mess.ts is then added at its documented rates and
 * guaranteed at least once (data/mess-apply.ts).
 */
import type {
  ClientRecord,
  ContactLink,
  ContactRecord,
  GroupRecord,
  NoteRecord,
  PracticeData,
  Ref,
  RelationshipRecord,
  StaffRecord,
} from './model';
import { addBusiness, addFamily, addIndividual, freshPerson } from './clusters';
import { addMess } from './mess-apply';
import type { Catchment, TaxJurisdictionPlace } from './places';
import { pickLocation } from './places';
import { auMobile, landline, newPerson, slug } from './people';
import type { Rng } from './prng';
import { createRng } from './prng';
import { AU_PLACES, NZ_PLACES } from './vocabulary';
import type { XpmIds } from './xpm-ids';
import { generatedIds } from './xpm-ids';

/** Practices staff roughly one person per 80 clients. */
const CLIENTS_PER_STAFF = 80;
/** Even a tiny practice has partners, managers and admin staff. */
const MIN_STAFF = 6;
/** Former staff still named as AccountManager on a few clients (the `unknown-partner` mess). */
const FORMER_STAFF = 2;

export interface GenerateOptions {
  readonly seed: number | string;
  readonly clients: number;
  /** Generated modification times lie before this instant (ms); the sandbox passes its start time. */
  readonly anchor: number;
  readonly practiceName: string;
  /** Staff email domain. */
  readonly practiceDomain: string;
  readonly catchment: Catchment;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type MutableClient = Omit<Mutable<ClientRecord>, 'contacts' | 'notes' | 'groupUuids' | 'relationships'> & {
  contacts: Mutable<ContactLink>[];
  notes: NoteRecord[];
  groupUuids: string[];
  relationships: RelationshipRecord[];
};

/** The generator's working state, shared with the mess pass. */
export interface Workbench {
  readonly rng: Rng;
  /** XPM's numeric ids, from a stream of their own (data/xpm-ids.ts). */
  readonly ids: XpmIds;
  readonly options: GenerateOptions;
  readonly staff: Mutable<StaffRecord>[];
  readonly formerStaff: readonly Ref[];
  readonly partners: readonly StaffRecord[];
  readonly managers: readonly StaffRecord[];
  readonly groups: GroupRecord[];
  readonly contacts: Mutable<ContactRecord>[];
  readonly contactsByUuid: Map<string, Mutable<ContactRecord>>;
  readonly clients: MutableClient[];
  readonly codeCounters: Map<string, number>;
  /** Every email a generated person has, so no two people share one by chance (clusters.ts freshPerson). */
  readonly personEmails: Set<string>;
}

/** Generates a practice; pure for a given options object. */
export function generatePractice(options: GenerateOptions): PracticeData {
  const rng = createRng(`${options.seed}:${options.practiceName}`);
  const ids = generatedIds(`${options.seed}:${options.practiceName}`);
  const staffCount = Math.max(MIN_STAFF, Math.round(options.clients / CLIENTS_PER_STAFF));
  const staff = generateStaff(rng, ids, staffCount, options);
  const partnerCount = Math.max(2, Math.ceil(staffCount / 4));
  const bench: Workbench = {
    rng,
    ids,
    options,
    staff,
    formerStaff: Array.from({ length: FORMER_STAFF }, () => {
      const person = newPerson(rng, home(rng, options.catchment));
      return { uuid: rng.uuid(), id: ids.staff(), name: person.name };
    }),
    // The staff member without an email is a partner on a few clients, as happens when a partner's
    // XPM login was set up without one.
    partners: staff.slice(0, partnerCount).concat(staff.filter((s) => s.email === '').slice(0, 1)),
    managers: staff.slice(partnerCount),
    groups: [],
    contacts: [],
    contactsByUuid: new Map(),
    clients: [],
    codeCounters: new Map(),
    personEmails: new Set(),
  };
  while (bench.clients.length < options.clients) {
    const r = rng.next();
    if (r < 0.55) addFamily(bench);
    else if (r < 0.85) addBusiness(bench);
    else
      addIndividual(
        bench,
        freshPerson(bench, pickLocation(rng, options.catchment)),
        pickLocation(rng, options.catchment),
      );
  }
  bench.clients.length = options.clients; // the last cluster may overshoot
  const mess = addMess(bench);
  // Drop contacts no client links to any more (cut by the overshoot trim or by the mess pass).
  const linked = new Set(bench.clients.flatMap((c) => c.contacts.map((l) => l.contactUuid)));
  const grouped = new Set(bench.clients.flatMap((c) => c.groupUuids));
  for (const client of bench.clients) trimArrays(client);
  return {
    staff,
    groups: bench.groups.filter((g) => grouped.has(g.uuid)),
    contacts: bench.contacts.filter((c) => linked.has(c.uuid)),
    clients: bench.clients.slice(),
    mess,
  };
}

/**
 * Replaces a client's lists with exact-size copies: an array grown by push keeps room for ~16 more
 * items, which over four lists per client was ~0.5 KB of a 3 KB client.
 */
function trimArrays(client: MutableClient): void {
  client.contacts = client.contacts.slice();
  client.notes = client.notes.slice();
  client.groupUuids = client.groupUuids.slice();
  client.relationships = client.relationships.slice();
}

function home(rng: Rng, catchment: Catchment): TaxJurisdictionPlace {
  return catchment.home === 'AU'
    ? { jurisdiction: 'AU', place: rng.pick(AU_PLACES) }
    : { jurisdiction: 'NZ', place: rng.pick(NZ_PLACES) };
}

function generateStaff(rng: Rng, ids: XpmIds, count: number, options: GenerateOptions): Mutable<StaffRecord>[] {
  const staff: Mutable<StaffRecord>[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    let person = newPerson(rng, home(rng, options.catchment));
    while (used.has(person.name)) person = newPerson(rng, home(rng, options.catchment));
    used.add(person.name);
    staff.push({
      uuid: rng.uuid(),
      id: ids.staff(),
      name: person.name,
      email: `${slug(person.firstName)}.${slug(person.lastName)}@${options.practiceDomain}`,
      phone: rng.chance(0.5) ? landline(rng, home(rng, options.catchment).place) : '',
      mobile: rng.chance(0.7) ? auMobile(rng) : '',
      address: '',
      payrollCode: rng.chance(0.6)
        ? `${person.firstName.charAt(0)}${person.lastName.charAt(0)}${String(i + 1).padStart(2, '0')}`.toUpperCase()
        : '',
    });
  }
  // The mess every practice has: an admin login without an email, and someone known by one name.
  const noEmail = staff[count - 1];
  if (noEmail) noEmail.email = '';
  const oneWord = staff[count - 2];
  if (oneWord) {
    const first = oneWord.name.split(' ')[0] ?? oneWord.name;
    oneWord.name = first;
    oneWord.email = `${slug(first)}@${options.practiceDomain}`;
  }
  return staff;
}
