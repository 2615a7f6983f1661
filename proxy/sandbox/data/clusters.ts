/**
 * The clusters a practice's clients come in: a family (individuals, their trust, company and super
 * fund, sharing contacts and a group), a business with its owners and office staff, a lone individual.
 * A person who appears under several clients is mostly one contact linked to each (XPM's many-to-many
 * contacts), sometimes a duplicate record of the same person, sometimes left off.
 */
import type { ContactRecord } from './model';
import type { Mutable, MutableClient, Workbench } from './generator';
import { MESS_RATES } from './mess';
import type { TaxJurisdictionPlace } from './places';
import { pickLocation } from './places';
import type { Person } from './people';
import { auMobile, landline, newPerson, slug, streetAddress } from './people';
import { newClient, newGroup, relate, toRef } from './records';
import { BUSINESS_TRADES, BUSINESS_WORDS, LAST_NAMES, POSITIONS_COMPANY } from './vocabulary';

/** A person's contact record, created on first use; later appearances link it, duplicate it or skip it. */
interface PersonContact {
  readonly person: Person;
  contact: Mutable<ContactRecord> | null;
}

function personContact(person: Person): PersonContact {
  return { person, contact: null };
}

/**
 * A new person whose email no other generated person has: two John Smiths do not share a mailbox.
 * Without this, chance collisions of name and email grow with the square of the practice's size and
 * a 50,000-client practice would hold twice the share of "duplicate people" a 2,000-client one has.
 * The number added is counted, not drawn, so the random stream (and every other value) is unchanged.
 */
export function freshPerson(bench: Workbench, where: TaxJurisdictionPlace, lastName?: string, withPlus = true): Person {
  const person = newPerson(bench.rng, where, lastName, withPlus);
  if (!bench.personEmails.has(person.email)) {
    bench.personEmails.add(person.email);
    return person;
  }
  const at = person.email.indexOf('@');
  let n = 2;
  while (bench.personEmails.has(`${person.email.slice(0, at)}${n}${person.email.slice(at)}`)) n += 1;
  const email = `${person.email.slice(0, at)}${n}${person.email.slice(at)}`;
  bench.personEmails.add(email);
  return { ...person, email };
}

export function createContact(bench: Workbench, person: Person, salutation: string): Mutable<ContactRecord> {
  const contact: Mutable<ContactRecord> = {
    uuid: bench.rng.uuid(),
    id: bench.ids.contact(),
    name: person.name,
    salutation,
    addressee: `${person.title ? `${person.title} ` : ''}${person.firstName.charAt(0)} ${person.lastName}`,
    mobile: bench.rng.chance(0.85) ? person.mobile : '',
    email: person.email,
    phone: '',
    isDeleted: false,
  };
  bench.contacts.push(contact);
  bench.contactsByUuid.set(contact.uuid, contact);
  return contact;
}

/**
 * Links a person to a client. The first appearance creates the contact; later ones mostly link the
 * same contact (many-to-many), sometimes create a duplicate record of the same person (same name and
 * email, new UUID, perhaps another mobile), sometimes leave the person off.
 */
function linkPerson(
  bench: Workbench,
  client: MutableClient,
  pc: PersonContact,
  position: string,
  isPrimary: boolean,
): void {
  const { rng } = bench;
  if (pc.contact === null) {
    pc.contact = createContact(bench, pc.person, pc.person.firstName);
    client.contacts.push({ contactUuid: pc.contact.uuid, isPrimary, position });
    return;
  }
  const r = rng.next();
  if (r < MESS_RATES.sharedContact) {
    if (!client.contacts.some((l) => l.contactUuid === pc.contact?.uuid)) {
      client.contacts.push({ contactUuid: pc.contact.uuid, isPrimary, position });
    }
  } else if (r < MESS_RATES.sharedContact + MESS_RATES.duplicatePerson) {
    const copy = createContact(bench, pc.person, pc.contact.salutation);
    if (rng.chance(0.5)) copy.mobile = auMobile(rng);
    client.contacts.push({ contactUuid: copy.uuid, isPrimary: rng.chance(0.5), position }); // IsPrimary may differ too
  }
}

/** An individual client; most carry themselves as their one contact, some have none. */
export function addIndividual(
  bench: Workbench,
  person: Person,
  where: TaxJurisdictionPlace,
  pc = personContact(person),
  address?: string,
): MutableClient {
  const { rng } = bench;
  const phoneRoll = rng.next();
  const client = newClient(bench, {
    name: rng.chance(0.05) ? `${person.lastName}, ${person.firstName}` : person.name,
    structure: 'Individual',
    where,
    email: person.email,
    phone: phoneRoll < 0.5 ? person.mobile : phoneRoll < 0.7 ? landline(rng, where.place) : '',
    address: address ?? (rng.chance(0.85) ? streetAddress(rng) : ''),
    person,
  });
  if (rng.chance(0.8)) linkPerson(bench, client, pc, '', true);
  return client;
}

/** A household: one or two individuals and often a trust, a company and a super fund around them. */
export function addFamily(bench: Workbench): void {
  const { rng } = bench;
  const where = pickLocation(rng, bench.options.catchment);
  const lastName = rng.pick(LAST_NAMES);
  const address = streetAddress(rng);
  const withPlus = rng.chance(MESS_RATES.internationalWithPlus);
  const a = personContact(freshPerson(bench, where, lastName, withPlus));
  const b = rng.chance(0.65) ? personContact(freshPerson(bench, where, lastName, withPlus)) : null;
  const members: MutableClient[] = [];
  const clientA = addIndividual(bench, a.person, where, a, address);
  members.push(clientA);
  let clientB: MutableClient | null = null;
  if (b && rng.chance(0.8)) {
    clientB = addIndividual(bench, b.person, where, b, address);
    members.push(clientB);
    relate(bench, clientA, clientB, 'Spouse');
    if (rng.chance(0.3)) linkPerson(bench, clientA, b, 'Spouse', false);
  }
  const people = b ? [a, b] : [a];
  const suffix = where.jurisdiction === 'AU' ? 'Pty Ltd' : where.jurisdiction === 'NZ' ? 'Limited' : 'Ltd';
  if (rng.chance(0.35)) {
    const trust = newClient(bench, {
      name: rng.pick([
        `${lastName} Family Trust`,
        `The ${a.person.firstName} ${lastName} Trust`,
        `${lastName} Discretionary Trust`,
      ]),
      structure: 'Trust',
      where,
      email: a.person.email,
      phone: '',
      address,
    });
    for (const [i, pc] of people.entries()) {
      linkPerson(bench, trust, pc, 'Trustee', i === 0);
      relate(bench, trust, i === 0 ? clientA : (clientB ?? clientA), 'Trustee');
    }
    // Adult children appear as beneficiaries with their own contact details.
    const children = rng.pick([0, 0, 1, 2]);
    for (let i = 0; i < children; i++)
      linkPerson(bench, trust, personContact(freshPerson(bench, where, lastName, withPlus)), 'Beneficiary', false);
    if (clientB && rng.chance(0.2)) clientB.billingClient = toRef(trust);
    members.push(trust);
  }
  if (rng.chance(0.2)) {
    const company = newClient(bench, {
      name: `${rng.pick([lastName, rng.pick(BUSINESS_WORDS)])} ${rng.pick(BUSINESS_TRADES)} ${suffix}`,
      structure: 'Company',
      where,
      email: `accounts@${slug(lastName)}${slug(rng.pick(BUSINESS_TRADES))}.com.au`,
      phone: landline(rng, where.place),
      address: streetAddress(rng),
    });
    for (const [i, pc] of people.entries()) linkPerson(bench, company, pc, 'Director', i === 0);
    relate(bench, company, clientA, 'Director');
    relate(bench, company, clientA, 'Shareholder', String(rng.int(1, 100) * 10));
    members.push(company);
  }
  if (rng.chance(0.15)) {
    const fund = newClient(bench, {
      name: `${lastName} ${rng.pick(['Superannuation Fund', 'Family Super Fund', 'Super Fund'])}`,
      structure: 'Superannuation Fund',
      where,
      email: a.person.email,
      phone: '',
      address,
    });
    for (const [i, pc] of people.entries()) linkPerson(bench, fund, pc, 'Member', i === 0);
    members.push(fund);
  }
  if (members.length > 1 && rng.chance(0.8)) {
    const group = newGroup(bench, `${lastName} Family`);
    for (const member of members) member.groupUuids.push(group.uuid);
  }
}

/** A business client: a company, sole trader or partnership with its owners and office staff as contacts. */
export function addBusiness(bench: Workbench): void {
  const { rng } = bench;
  const where = pickLocation(rng, bench.options.catchment);
  const withPlus = rng.chance(MESS_RATES.internationalWithPlus);
  const word = rng.pick(BUSINESS_WORDS);
  const trade = rng.pick(BUSINESS_TRADES);
  const domain = `${slug(word)}${slug(trade)}.com.au`;
  const roll = rng.next();
  const owner = freshPerson(bench, where, undefined, withPlus);
  let client: MutableClient;
  if (roll < 0.55) {
    const suffix = where.jurisdiction === 'AU' ? 'Pty Ltd' : where.jurisdiction === 'NZ' ? 'Limited' : 'Ltd';
    client = newClient(bench, {
      name: `${word} ${trade} ${suffix}`,
      structure: 'Company',
      where,
      email: rng.chance(0.7) ? `${rng.pick(['accounts', 'admin', 'info', 'office'])}@${domain}` : owner.email,
      phone: rng.chance(0.15) ? `1300 ${rng.digits(3)} ${rng.digits(3)}` : landline(rng, where.place),
      address: streetAddress(rng),
      website: rng.chance(0.6) ? `https://www.${domain}` : '',
    });
    linkPerson(bench, client, personContact(owner), rng.pick(['Director', 'Managing Director', 'Owner']), true);
    const extra = rng.int(1, 5);
    for (let i = 0; i < extra; i++) {
      const staffer = freshPerson(bench, where, undefined, withPlus);
      const contact = createContact(bench, staffer, staffer.firstName);
      if (rng.chance(0.5)) contact.email = `${slug(staffer.firstName)}@${domain}`;
      if (rng.chance(0.3)) contact.phone = landline(rng, where.place);
      client.contacts.push({ contactUuid: contact.uuid, isPrimary: false, position: rng.pick(POSITIONS_COMPANY) });
    }
  } else if (roll < 0.8) {
    client = newClient(bench, {
      name: rng.chance(0.5) ? `${owner.name} ${trade}` : `${owner.name} t/as ${word} ${trade}`,
      structure: 'Sole Trader',
      where,
      email: owner.email,
      phone: rng.chance(0.6) ? owner.mobile : landline(rng, where.place),
      address: streetAddress(rng),
      person: owner,
    });
    if (rng.chance(0.7)) linkPerson(bench, client, personContact(owner), 'Owner', true);
  } else if (roll < 0.95) {
    const partner = freshPerson(bench, where, undefined, withPlus);
    client = newClient(bench, {
      name: `${owner.lastName} & ${partner.lastName} ${trade}`,
      structure: 'Partnership',
      where,
      email: `partners@${domain}`,
      phone: landline(rng, where.place),
      address: streetAddress(rng),
    });
    linkPerson(bench, client, personContact(owner), 'Partner', true);
    linkPerson(bench, client, personContact(partner), 'Partner', false);
  } else {
    client = newClient(bench, {
      name: `${word} ${rng.pick(['Community Association', 'Sports Club', 'Arts Society', 'Residents Association'])} Inc`,
      structure: rng.pick(['Incorporated Association', 'Not For Profit']),
      where,
      email: `treasurer@${domain}`,
      phone: '',
      address: rng.chance(0.5) ? streetAddress(rng) : '',
    });
    linkPerson(bench, client, personContact(owner), 'Treasurer', true);
  }
  if (rng.chance(0.1)) {
    const group =
      bench.groups.length > 0 && rng.chance(0.5) ? rng.pick(bench.groups) : newGroup(bench, `${word} Network`);
    client.groupUuids.push(group.uuid);
  }
}
