/**
 * Properties of the engine over random, messy practices (S7): idempotent, independent of batch
 * size, and a run interrupted at any commit followed by a rerun leaves the store of a clean run.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { XpmClient, XpmContact } from '../../src/xero/types';
import { Harness, canonicalContacts } from './engine-harness';
import { PARTNER, staffRef, xpmClient, xpmContact } from './evaluate/fixtures';

const PEOPLE = [
  { name: 'Jo Smith', email: 'jo@x.com' },
  { name: 'JO SMITH', email: 'Jo@X.com' },
  { name: 'Sam Lee', email: 'sam@x.com' },
  { name: 'Ana Ngata', email: 'ana@y.co.nz' },
  { name: '', email: 'nobody@x.com' },
  { name: 'Bad Email', email: 'a@x.com; b@x.com' },
];
const MOBILES = ['', '0412 000 001', '0412 000 002', '(02) 9876 5432', '0411 111 111 (Leanne)', '+64 21 555 0199'];

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

const practiceArb: fc.Arbitrary<XpmClient[]> = fc
  .integer({ min: 0, max: 12 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => clientArb(i))));

describe('engine properties', () => {
  it('a second run over the same data changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(practiceArb, async (clients) => {
        const h = new Harness();
        await h.sync(clients);
        const first = h.store.records();
        const counts = await h.sync(clients);
        expect(h.store.records()).toEqual(first);
        expect(counts.contact.imported + counts.contact.updated).toBe(0);
        expect(counts.client.imported + counts.client.updated).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('an incremental run over unchanged data changes nothing either (the direct-lookup path)', async () => {
    await fc.assert(
      fc.asyncProperty(practiceArb, async (clients) => {
        const h = new Harness();
        await h.sync(clients);
        const first = h.store.records();
        const counts = await h.sync(clients, { full: false, batchSize: 3 });
        expect(h.store.records()).toEqual(first);
        expect(counts.contact.imported + counts.contact.updated).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('the result does not depend on the batch size', async () => {
    await fc.assert(
      fc.asyncProperty(practiceArb, fc.integer({ min: 1, max: 5 }), async (clients, batchSize) => {
        const whole = new Harness();
        await whole.sync(clients);
        const batched = new Harness();
        await batched.sync(clients, { batchSize });
        expect(batched.store.records()).toEqual(whole.store.records());
        expect(batched.store.log.map((e) => e.code)).toEqual(whole.store.log.map((e) => e.code));
      }),
      { numRuns: 60 },
    );
  });

  it('a run that fails at any commit, then runs again, leaves the store of a clean run', async () => {
    await fc.assert(
      fc.asyncProperty(practiceArb, fc.integer({ min: 1, max: 8 }), async (clients, failAt) => {
        const clean = new Harness();
        await clean.sync(clients, { batchSize: 2 });

        let armed = true;
        const crashed = new Harness({
          beforeCommit: (n) => {
            if (armed && n === failAt) {
              armed = false;
              throw new Error('simulated crash');
            }
          },
        });
        await crashed.sync(clients, { batchSize: 2 }).catch(() => undefined);
        armed = false; // when failAt is past the run's last commit the first run simply succeeded
        await crashed.sync(clients, { batchSize: 2 });
        expect(canonicalContacts(crashed.contacts())).toEqual(canonicalContacts(clean.contacts()));
        const stripClient = ({ createdAt: _c, updatedAt: _u, ...rest }: { createdAt: number; updatedAt: number }) =>
          rest;
        expect(crashed.store.records().clients.map(stripClient)).toEqual(
          clean.store.records().clients.map(stripClient),
        );
      }),
      { numRuns: 60 },
    );
  });
});
