import { describe, expect, it } from 'vitest';
import { generatePractice } from '../../proxy/sandbox/data/generator';
import type { GenerateOptions } from '../../proxy/sandbox/data/generator';
import type { ClientView, PracticeView } from '../../proxy/sandbox';
import { MESS_KINDS } from '../../proxy/sandbox';
import { T0, makeSandbox } from './helpers';

const options = (overrides: Partial<GenerateOptions> = {}): GenerateOptions => ({
  seed: 1,
  clients: 300,
  anchor: T0,
  practiceName: 'Harbourside Accounting',
  practiceDomain: 'harbourside.example',
  catchment: { home: 'AU', crossTasman: 0.05, overseas: 0.02 },
  ...overrides,
});

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ILLEGAL_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

describe('determinism', () => {
  it('the same seed and size give identical data; another seed gives other data', () => {
    expect(generatePractice(options())).toEqual(generatePractice(options()));
    const other = generatePractice(options({ seed: 2 }));
    const base = generatePractice(options());
    expect(other.clients.map((c) => c.uuid)).not.toEqual(base.clients.map((c) => c.uuid));
    expect(other.clients.map((c) => c.name)).not.toEqual(base.clients.map((c) => c.name));
  });

  it('two sandboxes with the same seed serve the same practices, with the same tenant ids', () => {
    const a = makeSandbox({ seed: 7 });
    const b = makeSandbox({ seed: 7 });
    expect(a.controls.data()).toEqual(b.controls.data());
    expect(a.controls.data('Kauri Partners')).toEqual(b.controls.data('Kauri Partners'));
    expect(a.state.organisations).toEqual(b.state.organisations);
    expect(makeSandbox({ seed: 8 }).state.mainPractice.store.tenantId).not.toBe(a.state.mainPractice.store.tenantId);
  });
});

describe('the default 2,000-client practice', () => {
  const sandbox = makeSandbox({ clients: 2000 });
  const data: PracticeView = sandbox.controls.data();
  const clients: readonly ClientView[] = data.clients;
  const contacts = clients.flatMap((c) => c.contacts.map((k) => ({ ...k, client: c.uuid })));
  const count = (predicate: (c: ClientView) => boolean): number => clients.filter(predicate).length;

  it('has the size, staffing and identifiers of a real practice', () => {
    expect(clients).toHaveLength(2000);
    expect(data.staff).toHaveLength(25); // one per 80 clients
    const ids = [
      ...clients.map((c) => c.uuid),
      ...data.contacts.map((c) => c.uuid),
      ...data.staff.map((s) => s.uuid),
      ...data.groups.map((g) => g.uuid),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V4);
    const structures = new Set(clients.map((c) => c.businessStructure));
    for (const s of ['Individual', 'Company', 'Trust', 'Partnership', 'Sole Trader', 'Superannuation Fund'])
      expect(structures).toContain(s);
    expect(contacts.length / clients.length).toBeGreaterThan(1);
    expect(count((c) => c.country === 'New Zealand')).toBeGreaterThan(0);
    expect(count((c) => c.country === 'United Kingdom')).toBeGreaterThan(0);
    expect(count((c) => c.postCode === '0800')).toBeGreaterThan(0); // leading zeros stay strings
  });

  it('spreads modification times over past months, all before start and on whole seconds', () => {
    const times = clients.map((c) => Date.parse(c.modifiedAt));
    expect(Math.max(...times)).toBeLessThanOrEqual(T0 - 3_600_000);
    expect(Math.min(...times)).toBeLessThan(T0 - 300 * 86_400_000);
    for (const t of times) expect(t % 1000).toBe(0);
  });

  it('contains every kind of mess from PRODUCT.md §7 (checked independently of the generator)', () => {
    const staffIds = new Set(data.staff.map((s) => s.uuid));
    const links = new Map<string, number>();
    for (const k of contacts) links.set(k.uuid, (links.get(k.uuid) ?? 0) + 1);
    const people = new Map<string, typeof contacts>();
    for (const k of contacts) {
      if (k.name === '' || k.email === '') continue;
      const key = `${k.name.toLowerCase()}|${k.email.toLowerCase()}`;
      people.set(key, [...(people.get(key) ?? []), k]);
    }
    const duplicates = [...people.values()].filter((group) => new Set(group.map((k) => k.uuid)).size > 1);
    const texts = [
      ...contacts.flatMap((k) => [k.name, k.position]),
      ...clients.flatMap((c) => [c.name, ...c.notes.map((n) => n.text)]),
    ];
    const found: Record<string, number> = {
      'note in a mobile field': contacts.filter((k) => /\d\s*\([A-Za-z][^)]*\)$/.test(k.mobile)).length,
      'note in a client phone field': count((c) => /\d\s*\([A-Za-z][^)]*\)$/.test(c.phone)),
      'landline in a mobile field': contacts.filter((k) => /^\(0[2378]\) \d{4} \d{4}$/.test(k.mobile)).length,
      'contact without email': contacts.filter((k) => k.email === '' && !k.isDeleted).length,
      'client without email': count((c) => c.email === ''),
      'several emails in one field': contacts.filter((k) => (k.email.match(/@/g) ?? []).length > 1).length,
      'email with a note': contacts.filter((k) => /@\S+ \(/.test(k.email)).length,
      'international number with +': contacts.filter((k) => /^\+(?!61)\d/.test(k.mobile)).length,
      'international number without +': contacts.filter((k) => /^(02[127] |079)/.test(k.mobile)).length,
      'archived client': count((c) => c.isArchived),
      'deleted client': count((c) => c.isDeleted),
      'client without contacts': count((c) => c.contacts.length === 0),
      'contact shared between clients': [...links.values()].filter((n) => n > 1).length,
      'missing partner': count((c) => c.accountManager === null),
      'partner not among staff': count((c) => c.accountManager !== null && !staffIds.has(c.accountManager.uuid)),
      'individual missing first or last name': count(
        (c) => c.businessStructure === 'Individual' && (c.firstName === '' || c.lastName === ''),
      ),
      'deleted contact': contacts.filter((k) => k.isDeleted).length,
      'duplicate person': duplicates.length,
      'duplicate person with another mobile': duplicates.filter((g) => new Set(g.map((k) => k.mobile)).size > 1).length,
      'duplicate person with another IsPrimary': duplicates.filter((g) => new Set(g.map((k) => k.isPrimary)).size > 1)
        .length,
      'formula-looking text': texts.filter((t) => /^[=+\-@]/.test(t)).length,
      'formula-looking position': contacts.filter((k) => /^[=+\-@]/.test(k.position)).length,
      ampersand: texts.filter((t) => t.includes('&')).length,
      'angle bracket': texts.filter((t) => t.includes('<')).length,
      quote: texts.filter((t) => t.includes('"')).length,
      'non-Latin name': contacts.filter((k) =>
        /[\u0370-\u03FF\u0400-\u04FF\u3040-\u30FF\u4E00-\u9FFF\uAC00-\uD7AF]/.test(k.name),
      ).length,
      diacritics: texts.filter((t) => /[\u00C0-\u024F]/.test(t)).length,
      'right-to-left text': contacts.filter((k) => /[\u0590-\u08FF]/.test(k.name)).length,
      'ClientCode blank, ExportCode set': count((c) => c.clientCode === '' && c.exportCode !== ''),
      'neither code': count((c) => c.clientCode === '' && c.exportCode === ''),
      'no business structure': count((c) => c.businessStructure === null),
      'multi-line postal address': count((c) => c.postalAddress.includes('\n')),
      'contact without a name': contacts.filter((k) => k.name.trim() === '').length,
      'value over 1,000 characters': contacts.filter((k) => k.position.length > 1000).length,
      'staff without email': data.staff.filter((s) => s.email === '').length,
      'staff with a one-word name': data.staff.filter((s) => !s.name.includes(' ')).length,
      prospect: count((c) => c.isProspect),
    };
    const missing = Object.entries(found)
      .filter(([, n]) => n === 0)
      .map(([k]) => k);
    expect(missing).toEqual([]);
  });

  it('keeps each kind of mess at a realistic rate', () => {
    const share = (n: number): number => n / clients.length;
    expect(share(count((c) => c.isArchived))).toBeGreaterThan(0.02);
    expect(share(count((c) => c.isArchived))).toBeLessThan(0.08);
    expect(share(count((c) => c.isDeleted))).toBeLessThan(0.05);
    expect(share(count((c) => c.accountManager === null))).toBeLessThan(0.06);
    expect(share(count((c) => c.contacts.length === 0))).toBeLessThan(0.35);
    // Most clients would import cleanly: a name, a code and a partner.
    expect(
      share(count((c) => c.name !== '' && (c.clientCode !== '' || c.exportCode !== '') && c.accountManager !== null)),
    ).toBeGreaterThan(0.9);
  });

  it('never generates a character XML 1.0 cannot carry', () => {
    expect(ILLEGAL_XML.test(JSON.stringify(data))).toBe(false);
  });

  it('the generator’s own census agrees that every kind is present', () => {
    for (const kind of MESS_KINDS) expect(data.mess[kind], kind).toBeGreaterThan(0);
  });
});

describe('a tiny practice', () => {
  it('still has at least one of every kind of mess', () => {
    const small = generatePractice(options({ clients: 25, seed: 'tiny' }));
    expect(small.clients).toHaveLength(25);
    expect(small.staff).toHaveLength(6);
    for (const kind of MESS_KINDS) expect(small.mess[kind], kind).toBeGreaterThan(0);
  });

  it('has every kind of mess at 25 clients, whatever the seed', () => {
    for (let seed = 0; seed < 40; seed++) {
      const practice = generatePractice(
        options({ clients: 25, seed, catchment: { home: seed % 2 ? 'AU' : 'NZ', crossTasman: 0.1, overseas: 0.03 } }),
      );
      expect(
        MESS_KINDS.filter((kind) => (practice.mess[kind] ?? 0) === 0),
        `seed ${seed}`,
      ).toEqual([]);
    }
  });

  it('an empty practice is possible', () => {
    expect(generatePractice(options({ clients: 0 })).clients).toEqual([]);
  });
});
