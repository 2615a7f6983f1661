/**
 * Adds the mess of data/mess.ts to a freshly generated practice: first at the documented rates, then
 * a pass that forces one example of any kind the dice left out (small practices, unlucky seeds).
 */
import type { Mutable, MutableClient, Workbench } from './generator';
import type { ContactRecord } from './model';
import type { MessKind } from './mess';
import { MESS_KINDS, MESS_RATES, TOO_LONG_FIELD_LENGTH } from './mess';
import { countMess } from './mess-census';
import { landline } from './people';
import {
  AU_PLACES,
  DIACRITIC_NAMES,
  FORMULA_TEXTS,
  MARKUP_NAMES,
  NON_LATIN_NAMES,
  RTL_NAMES,
  STREET_NAMES,
} from './vocabulary';

/** How many times the forcing pass looks for kinds still missing. */
const FORCING_ROUNDS = 3;

/** Applies the mess and returns the census of every kind. */
export function addMess(bench: Workbench): Record<MessKind, number> {
  const linked = linkedContacts(bench);
  for (const client of bench.clients) messUpClient(bench, client);
  for (const contact of linked) messUpContact(bench, contact);
  const forcing: Forcing = { bench, claimed: new WeakSet() };
  let counts = countMess(bench);
  // Forced examples claim the records they use so later ones leave them alone; a second round
  // catches anything a tiny practice still lacks.
  for (let round = 0; round < FORCING_ROUNDS; round++) {
    const missing = MESS_KINDS.filter((kind) => counts[kind] === 0);
    if (missing.length === 0) break;
    for (const kind of missing) force(forcing, kind);
    counts = countMess(bench);
  }
  return counts;
}

function linkedContacts(bench: Workbench): Mutable<ContactRecord>[] {
  const ids = new Set(bench.clients.flatMap((c) => c.contacts.map((l) => l.contactUuid)));
  return bench.contacts.filter((c) => ids.has(c.uuid));
}

function messUpClient(bench: Workbench, client: MutableClient): void {
  const { rng } = bench;
  const r = rng.next();
  if (r < MESS_RATES.deleted) client.isDeleted = true;
  else if (r < MESS_RATES.deleted + MESS_RATES.archived) client.isArchived = true;
  else if (r < MESS_RATES.deleted + MESS_RATES.archived + MESS_RATES.prospect) client.isProspect = true;
  if (rng.chance(MESS_RATES.clientMissingEmail)) client.email = '';
  else if (rng.chance(MESS_RATES.severalEmails / 2))
    client.email = `${client.email}; ${client.email.replace(/^[^@]*/, 'accounts')}`;
  const p = rng.next();
  if (p < MESS_RATES.missingPartner) client.accountManager = null;
  else if (p < MESS_RATES.missingPartner + MESS_RATES.unknownPartner)
    client.accountManager = { ...rng.pick(bench.formerStaff) };
  if (client.tax?.businessStructure === 'Individual' && rng.chance(MESS_RATES.individualMissingName)) {
    if (rng.chance(0.5)) client.firstName = '';
    else client.lastName = '';
  }
  const c = rng.next();
  if (c < MESS_RATES.codeMissing) {
    client.clientCode = '';
    client.exportCode = '';
  } else if (c < MESS_RATES.codeMissing + MESS_RATES.codeExportOnly) {
    client.exportCode = client.exportCode || client.clientCode;
    client.clientCode = '';
  }
  if (rng.chance(MESS_RATES.businessStructureMissing)) client.tax = null;
  if (rng.chance(MESS_RATES.multiLinePostalAddress)) multiLinePostal(bench, client);
  if (rng.chance(MESS_RATES.markupCharacters)) client.name = rng.pick(MARKUP_NAMES);
  if (client.phone !== '' && rng.chance(MESS_RATES.phoneWithNote / 3)) client.phone = `${client.phone} (after hours)`;
  if (rng.chance(MESS_RATES.formulaText)) formulaNote(bench, client);
  for (const [i, link] of client.contacts.entries()) {
    if (rng.chance(MESS_RATES.formulaText / 2)) client.contacts[i] = { ...link, position: rng.pick(FORMULA_TEXTS) };
    else if (rng.chance(MESS_RATES.fieldTooLong)) client.contacts[i] = { ...link, position: tooLong() };
  }
}

function messUpContact(bench: Workbench, contact: Mutable<ContactRecord>): void {
  const { rng } = bench;
  if (rng.chance(MESS_RATES.deletedContact)) contact.isDeleted = true;
  if (rng.chance(MESS_RATES.contactMissingEmail)) contact.email = '';
  else if (rng.chance(MESS_RATES.severalEmails))
    contact.email = `${contact.email}; ${contact.email.replace(/^[^@]*/, 'home')}`;
  else if (rng.chance(MESS_RATES.emailWithText))
    contact.email = `${contact.email} (${rng.pick(['work', 'home', 'old'])})`;
  if (contact.mobile !== '') {
    const m = rng.next();
    if (m < MESS_RATES.phoneWithNote) contact.mobile = `${contact.mobile} (${contact.name.split(' ')[0] || 'mobile'})`;
    else if (m < MESS_RATES.phoneWithNote + MESS_RATES.landlineInMobile)
      contact.mobile = landline(rng, rng.pick(AU_PLACES));
  }
  const n = rng.next();
  if (n < MESS_RATES.contactMissingName) contact.name = '';
  else if (n < MESS_RATES.contactMissingName + MESS_RATES.nonLatinName)
    contact.name = rng.pick(rng.chance(0.5) ? NON_LATIN_NAMES : DIACRITIC_NAMES);
  else if (n < MESS_RATES.contactMissingName + MESS_RATES.nonLatinName + MESS_RATES.rtlText)
    contact.name = rng.pick(RTL_NAMES);
}

function multiLinePostal(bench: Workbench, client: MutableClient): void {
  const { rng } = bench;
  client.postalAddress = rng.pick([
    `Level ${rng.int(1, 30)}\n${rng.int(1, 300)} ${rng.pick(STREET_NAMES)} Street`,
    `C/- ${client.name}\nPO Box ${rng.int(10, 9999)}`,
    `Suite ${rng.int(1, 20)}\n${rng.int(1, 300)} ${rng.pick(STREET_NAMES)} Road\nBusiness Park`,
  ]);
  client.postalCity ||= client.city;
}

function formulaNote(bench: Workbench, client: MutableClient): void {
  const { rng } = bench;
  client.notes.push({
    title: 'Fees',
    text: rng.pick(FORMULA_TEXTS),
    folder: 'General',
    date: '2024-07-01T00:00:00',
    createdBy: rng.pick(bench.staff).name,
  });
}

function tooLong(): string {
  return 'Director; also handles payroll, BAS and all correspondence with the bank. '
    .repeat(20)
    .slice(0, TOO_LONG_FIELD_LENGTH);
}

/** Candidates for forcing, picked with the generator's own stream so the result stays deterministic. */
function activeClients(bench: Workbench): MutableClient[] {
  return bench.clients.filter((c) => !c.isDeleted && !c.isArchived);
}

/** The forcing pass's state: records it already changed, so one forced example never overwrites another. */
interface Forcing {
  readonly bench: Workbench;
  readonly claimed: WeakSet<object>;
}

function claim<T extends object>(f: Forcing, candidates: readonly T[]): T | undefined {
  const free = candidates.filter((c) => !f.claimed.has(c));
  if (free.length === 0) return undefined;
  const picked = f.bench.rng.pick(free);
  f.claimed.add(picked);
  return picked;
}

/** An unclaimed clean contact, or (in a tiny practice that ran out) a new one on `client`. */
function cleanContact(f: Forcing, client: MutableClient): Mutable<ContactRecord> {
  const { bench } = f;
  const found = claim(
    f,
    linkedContacts(bench).filter((c) => !c.isDeleted && c.name !== '' && c.email !== '' && !c.email.includes(' ')),
  );
  if (found) return found;
  const contact: Mutable<ContactRecord> = {
    uuid: bench.rng.uuid(),
    id: bench.ids.contact(),
    name: 'Pat Example',
    salutation: 'Pat',
    addressee: 'P Example',
    mobile: '0412 000 000',
    email: `pat.example${bench.contacts.length}@example.com`,
    phone: '',
    isDeleted: false,
  };
  f.claimed.add(contact);
  bench.contacts.push(contact);
  bench.contactsByUuid.set(contact.uuid, contact);
  client.contacts.push({ contactUuid: contact.uuid, isPrimary: client.contacts.length === 0, position: '' });
  return contact;
}

function clientWithContacts(f: Forcing): MutableClient | undefined {
  return claim(
    f,
    activeClients(f.bench).filter((c) => c.contacts.length > 0),
  );
}

/** Puts one example of `kind` in the practice. */
function force(f: Forcing, kind: MessKind): void {
  const { bench } = f;
  const { rng } = bench;
  const clients = activeClients(bench);
  const client = claim(f, clients) ?? clients[0];
  if (!client) return;
  const contact = (): Mutable<ContactRecord> => cleanContact(f, client);
  switch (kind) {
    case 'phone-with-note': {
      const c = contact();
      c.mobile = `0411 111 111 (${c.name.split(' ')[0] ?? 'Leanne'})`;
      return;
    }
    case 'landline-in-mobile':
      contact().mobile = '(02) 9876 5432';
      return;
    case 'contact-missing-email':
      contact().email = '';
      return;
    case 'client-missing-email':
      client.email = '';
      return;
    case 'several-emails': {
      const c = contact();
      c.email = `${c.email}; ${c.email.replace(/^[^@]*/, 'home')}`;
      return;
    }
    case 'email-with-text': {
      const c = contact();
      c.email = `${c.email} (work)`;
      return;
    }
    case 'international-with-plus':
      contact().mobile = '+64 21 123 4567';
      return;
    case 'international-without-plus':
      contact().mobile = '021 123 4567';
      return;
    case 'archived-client':
      client.isArchived = true;
      return;
    case 'deleted-client':
      client.isDeleted = true;
      return;
    case 'prospect-client':
      client.isProspect = true;
      return;
    case 'client-without-contacts':
      client.contacts = [];
      return;
    case 'shared-contact':
    case 'duplicate-person': {
      const from = clientWithContacts(f);
      const first = from?.contacts[0];
      const source = first ? bench.contactsByUuid.get(first.contactUuid) : undefined;
      const others = clients.filter((c) => c !== from && !c.contacts.some((l) => l.contactUuid === first?.contactUuid));
      const to = claim(f, others) ?? others[0];
      if (!source || !to) return;
      f.claimed.add(source);
      if (kind === 'shared-contact') {
        to.contacts.push({ contactUuid: source.uuid, isPrimary: false, position: 'Trustee' });
        return;
      }
      const copy = {
        ...source,
        uuid: rng.uuid(),
        id: bench.ids.contact(),
        name: source.name || 'Pat Example',
        email: source.email || 'pat@example.com',
        isDeleted: false,
      };
      if (!source.name || !source.email)
        Object.assign(source, { name: copy.name, email: copy.email, isDeleted: false });
      f.claimed.add(copy);
      bench.contacts.push(copy);
      bench.contactsByUuid.set(copy.uuid, copy);
      to.contacts.push({ contactUuid: copy.uuid, isPrimary: true, position: '' });
      return;
    }
    case 'missing-partner':
      client.accountManager = null;
      return;
    case 'unknown-partner':
      client.accountManager = { ...rng.pick(bench.formerStaff) };
      return;
    case 'individual-missing-name': {
      const person = clients.find((c) => c.tax?.businessStructure === 'Individual');
      if (person) person.lastName = '';
      return;
    }
    case 'deleted-contact':
      contact().isDeleted = true;
      return;
    case 'formula-text':
      formulaNote(bench, client);
      return;
    case 'markup-characters':
      client.name = rng.pick(MARKUP_NAMES);
      return;
    case 'non-latin-name':
      contact().name = rng.pick(NON_LATIN_NAMES);
      return;
    case 'rtl-text':
      contact().name = rng.pick(RTL_NAMES);
      return;
    case 'code-export-only':
      client.exportCode ||= client.clientCode || 'EXP0001';
      client.clientCode = '';
      return;
    case 'code-missing':
      client.clientCode = '';
      client.exportCode = '';
      return;
    case 'business-structure-missing':
      client.tax = null;
      return;
    case 'contact-missing-name':
      contact().name = '';
      return;
    case 'field-too-long': {
      const c = contact();
      const holder = bench.clients.find((cl) => cl.contacts.some((l) => l.contactUuid === c.uuid));
      if (holder)
        holder.contacts = holder.contacts.map((l) => (l.contactUuid === c.uuid ? { ...l, position: tooLong() } : l));
      return;
    }
    case 'multi-line-postal-address':
      multiLinePostal(bench, client);
      return;
    case 'staff-missing-email':
    case 'staff-one-word-name':
      return; // always made by generateStaff
  }
}
