/** Random, messy practices for the engine's property tests (shared UUIDs, bad fields, deleted and archived). */
import fc from 'fast-check';
import type { XpmClient, XpmContact } from '../../src/xero/types';
import { PARTNER, staffRef, xpmClient, xpmContact } from './evaluate/fixtures';

/** People of the random practices (the span equivalence test adds one). */
export const PEOPLE = [
  { name: 'Jo Smith', email: 'jo@x.com' },
  { name: 'JO SMITH', email: 'Jo@X.com' },
  { name: 'Sam Lee', email: 'sam@x.com' },
  { name: 'Ana Ngata', email: 'ana@y.co.nz' },
  { name: '', email: 'nobody@x.com' },
  { name: 'Bad Email', email: 'a@x.com; b@x.com' },
];
export const MOBILES = [
  '',
  '0412 000 001',
  '0412 000 002',
  '(02) 9876 5432',
  '0411 111 111 (Leanne)',
  '+64 21 555 0199',
];

// The same UUID always carries the same person: an XPM contact shared between clients is one record.
const contactArb: fc.Arbitrary<XpmContact> = fc
  .record({ id: fc.integer({ min: 1, max: 8 }), isPrimary: fc.boolean(), isDeleted: fc.boolean() })
  .map(({ id, isPrimary, isDeleted }) => {
    const person = PEOPLE[id % PEOPLE.length] ?? { name: '', email: '' };
    return xpmContact({
      uuid: `c${id}`,
      name: person.name,
      email: person.email,
      mobile: MOBILES[id % MOBILES.length] ?? '',
      isPrimary,
      isDeleted,
    });
  });

const clientArb = (index: number): fc.Arbitrary<XpmClient> =>
  fc
    .record({
      contacts: fc.array(contactArb, { maxLength: 3 }),
      code: fc.constantFrom('', 'ABC', `C${index}`),
      email: fc.constantFrom('', 'office@acme.com', 'bad'),
      phone: fc.constantFrom('', '0412 999 999', '(02) 9876 5432'),
      deleted: fc.boolean(),
      archived: fc.boolean(),
      partner: fc.boolean(),
    })
    .map((r) =>
      xpmClient({
        uuid: `client-${index}`,
        name: `Client ${index}`,
        clientCode: r.code,
        email: r.email,
        phone: r.phone,
        isDeleted: r.deleted && index % 5 === 0,
        isArchived: r.archived && index % 4 === 0,
        accountManager: r.partner ? staffRef(PARTNER.id, PARTNER.name) : null,
        contacts: dedupeById(r.contacts),
      }),
    );

function dedupeById(contacts: readonly XpmContact[]): XpmContact[] {
  const seen = new Set<string>();
  return contacts.filter((c) => {
    if (seen.has(c.uuid)) return false;
    seen.add(c.uuid);
    return true;
  });
}

export const practiceArb: fc.Arbitrary<XpmClient[]> = fc
  .integer({ min: 0, max: 12 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => clientArb(i))));
