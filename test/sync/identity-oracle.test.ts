/**
 * An oracle the engine's identity handling cannot fool (issue M11): over generated XPM responses —
 * contacts with a UUID, with only XPM 3.0's integer <ID>, or with neither; people repeated across
 * clients — the plan holds exactly one contact per distinct normalised (name, email) of a valid person
 * (or of a client's own details when it has no valid person), counted here without the engine. No
 * source key is ever empty, and a person without any id is rejected as id-missing, never merged.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planImport } from '../../src/sync/plan';
import { parseClientListXml, parseStaffListXml } from '../../src/xero/xpm-read';
import { DEFAULT_SYNC_OPTIONS } from '../../src/domain/settings';
import { clientListXml, EMPTY_CLIENT, EMPTY_CONTACT, staffListXml } from '../xero/support/xml-writer';
import type { XpmClient, XpmContact, XpmStaff } from '../../src/xero/types';
import { testUuid } from '../support/ids';

const PARTNER: XpmStaff = {
  key: null,
  uuid: testUuid('partner'),
  numericId: '',
  name: 'Pat Partner',
  email: 'pat@practice.example',
  phone: '',
  mobile: '',
};

/** People by (name, email); some repeat with other case and spacing, some are not valid people. */
const PEOPLE = [
  { name: 'Jo Smith', email: 'jo@x.example', valid: true },
  { name: 'JO  SMITH', email: 'Jo@X.example', valid: true }, // the same person as Jo Smith (R3)
  { name: 'Sam Lee', email: 'sam@x.example', valid: true },
  { name: 'Ana Ngata', email: 'ana@y.example', valid: true },
  { name: 'Ravi Patel', email: 'ravi@z.example', valid: true },
  { name: '', email: 'noname@x.example', valid: false },
  { name: 'No Email', email: '', valid: false },
  { name: 'Two Emails', email: 'a@x.example; b@x.example', valid: false },
] as const;
/** Blank is allowed; a valid AU mobile; notes make a mobile invalid (the person is still valid for R1b). */
const MOBILES = [
  { value: '', ok: true },
  { value: '0412 345 678', ok: true },
  { value: '0412 345 678 (Jo)', ok: false },
] as const;

type IdScheme = 'uuid' | 'numeric' | 'none';

interface GeneratedContact {
  readonly person: number;
  readonly mobile: number;
  readonly id: IdScheme;
  readonly deleted: boolean;
  /** Index among the people so that the same person keeps the same XPM id across clients. */
  readonly seq: number;
}

const contactArb = fc.record({
  person: fc.integer({ min: 0, max: PEOPLE.length - 1 }),
  mobile: fc.integer({ min: 0, max: MOBILES.length - 1 }),
  id: fc.constantFrom<IdScheme>('uuid', 'numeric', 'none'),
  deleted: fc.boolean(),
  seq: fc.integer({ min: 0, max: 3 }),
});

const clientArb = fc.record({
  contacts: fc.array(contactArb, { maxLength: 4 }),
  ownPerson: fc.integer({ min: 0, max: PEOPLE.length - 1 }),
  phone: fc.constantFrom('', '0412 999 888', 'call me'),
});

function xpmContact(c: GeneratedContact): XpmContact {
  const person = PEOPLE[c.person] ?? PEOPLE[0];
  const label = `${c.person}-${c.seq}`;
  return {
    ...EMPTY_CONTACT,
    uuid: c.id === 'uuid' ? testUuid(`contact-${label}`) : '',
    numericId: c.id === 'numeric' ? String(1_000_000 + c.person * 10 + c.seq) : '',
    name: person.name,
    email: person.email,
    mobile: MOBILES[c.mobile]?.value ?? '',
    isDeleted: c.deleted,
  };
}

function identity(name: string, email: string): string {
  return `${name.trim().replace(/\s+/g, ' ').toLowerCase()}|${email.trim().toLowerCase()}`;
}

/** The client's own details as the generator writes them (a nameless person's client gets a name). */
function ownDetails(g: { ownPerson: number }, i: number): { name: string; email: string } {
  const own = PEOPLE[g.ownPerson] ?? PEOPLE[0];
  return { name: own.name === '' ? `Client ${i}` : own.name, email: own.email };
}

/** The emails of PEOPLE that are one valid address. */
const VALID_EMAILS: ReadonlySet<string> = new Set([
  'jo@x.example',
  'Jo@X.example',
  'sam@x.example',
  'ana@y.example',
  'ravi@z.example',
  'noname@x.example',
]);

/** The oracle: distinct identities of imported people, without the engine. */
function expectedContacts(
  clients: ReadonlyArray<{ contacts: readonly GeneratedContact[]; ownPerson: number; phone: string }>,
): number {
  const identities = new Set<string>();
  for (const client of clients) {
    // A contact XPM lists twice under one client (the same id) is read once, from its first copy (M8).
    const read = new Set<string>();
    const firstCopies = client.contacts.filter((c) => {
      if (c.id === 'none') return true;
      const key = `${c.id}:${c.person}-${c.seq}`;
      if (read.has(key)) return false;
      read.add(key);
      return true;
    });
    const live = firstCopies.filter((c) => !c.deleted);
    const valid = live.filter((c) => PEOPLE[c.person]?.valid);
    for (const c of valid) {
      const person = PEOPLE[c.person];
      if (person && c.id !== 'none' && MOBILES[c.mobile]?.ok) identities.add(identity(person.name, person.email));
    }
    if (valid.length === 0) {
      const own = ownDetails(client, clients.indexOf(client));
      if (VALID_EMAILS.has(own.email) && client.phone !== 'call me') identities.add(identity(own.name, own.email));
    }
  }
  return identities.size;
}

describe('identity oracle (M11)', () => {
  it('one contact per distinct valid person, whatever ids XPM sends; no empty source keys', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(clientArb, { minLength: 1, maxLength: 8 }), async (generated) => {
        const clients: XpmClient[] = generated.map((g, i) => {
          const own = ownDetails(g, i);
          return {
            ...EMPTY_CLIENT,
            uuid: testUuid(`client-${i}`),
            name: own.name,
            email: own.email,
            phone: g.phone,
            clientCode: `C${i}`,
            businessStructure: 'Company',
            accountManager: { key: null, uuid: PARTNER.uuid, numericId: '', name: PARTNER.name },
            contacts: g.contacts.map(xpmContact),
          };
        });
        // Through the real readers, so the identities are derived where production derives them.
        const plan = await planImport(
          { staff: parseStaffListXml(staffListXml([PARTNER])), clients: parseClientListXml(clientListXml(clients)) },
          DEFAULT_SYNC_OPTIONS,
        );
        const oracle = expectedContacts(generated);
        expect(plan.contacts).toHaveLength(oracle);
        for (const contact of plan.contacts) {
          for (const source of contact.sources) {
            expect(source.clientId).not.toBe('');
            expect(source.contactId).not.toBe('');
          }
        }
        const withoutId = generated.flatMap((g) => g.contacts.filter((c) => !c.deleted && c.id === 'none')).length;
        expect(plan.rejected.filter((r) => r.reason === 'id-missing')).toHaveLength(withoutId);
      }),
      {
        numRuns: 200,
        // Found by this property once contacts repeated under one client were read once (M8): the same
        // contact twice, first with a mobile that has notes, then with none.
        examples: [
          [
            [
              {
                contacts: [
                  { person: 4, mobile: 2, id: 'uuid', deleted: false, seq: 2 },
                  { person: 4, mobile: 0, id: 'uuid', deleted: false, seq: 2 },
                ],
                ownPerson: 0,
                phone: '',
              },
              { contacts: [], ownPerson: 0, phone: '' },
            ],
          ],
        ],
      },
    );
  });
});
