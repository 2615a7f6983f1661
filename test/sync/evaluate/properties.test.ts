/** PT-3 properties of evaluateClient and evaluateStaff over arbitrary XPM records (fast-check). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { evaluateClient } from '../../../src/sync/evaluate/client';
import { evaluateStaff } from '../../../src/sync/evaluate/staff';
import { normaliseIdentity } from '../../../src/sync/validate';
import {
  MAX_ISSUE_VALUE_CHARS,
  REJECTION_CODES,
  SKIP_CODES,
  WARNING_CODES,
  type RecordIssue,
} from '../../../src/domain/reasons';
import type { ClientEvaluation } from '../../../src/sync/evaluate/evaluation';
import type { XpmClient, XpmContact } from '../../../src/xero/types';
import { type XpmClientId, xpmStaffKey } from '../../../src/domain/ids';
import { fixtureKey, xkid } from '../../support/ids';
import { MANAGER, PARTNER, context, staffRef, xpmClient, xpmContact } from './fixtures';
import { words } from '../../support/words';

const RUNS = { numRuns: 300 };

/** Strings that look like what XPM holds, plus anything at all (lone surrogates included). */
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      '  ',
      'Leanne Smith',
      'jo@x.com',
      'jo@x.com (work)',
      'a@x.com; b@x.com',
      '0412 345 678',
      '0411 111 111 (Leanne)',
      '(02) 9876 5432',
      '+64 21 555 0199',
      '007',
      '1E5',
      '0x1F',
      '9007199254740993',
      'Individual',
      'Sole Trader',
      'Company',
      '=HYPERLINK("x")',
      '\u202eevil',
      '\ud800',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 995, maxLength: 1010 }) },
);
const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 25 });
const phoneLike = fc.oneof(
  text,
  digits,
  digits.map((d) => `0${d}`),
  fc.constantFrom('1E5', '0412345678', '00000000000000000000'),
);
const ref = fc.option(
  fc
    .record({ uuid: fc.constantFrom<string>(PARTNER.id, MANAGER.id, 'nobody', '', ' '), name: text })
    .map(({ uuid, name }) => staffRef(uuid, name)),
  { nil: null },
);

const contactArb: fc.Arbitrary<XpmContact> = fc.record({
  key: fc.constant(null),
  uuid: fc.constant(''),
  numericId: fc.constant(''),
  name: text,
  salutation: text,
  addressee: text,
  mobile: phoneLike,
  email: text,
  phone: phoneLike,
  position: text,
  isPrimary: fc.boolean(),
  isDeleted: fc.boolean(),
});

const clientArb: fc.Arbitrary<XpmClient> = fc
  .record({
    uuid: fc.constantFrom('client-1', '00012', '1E5'),
    numericId: fc.constantFrom('', '24097642'),
    name: text,
    title: text,
    firstName: text,
    lastName: text,
    email: text,
    phone: phoneLike,
    fax: phoneLike,
    website: text,
    address: text,
    city: text,
    region: text,
    postCode: phoneLike,
    country: text,
    postalAddress: text,
    postalCity: text,
    postalRegion: text,
    postalPostCode: phoneLike,
    postalCountry: text,
    clientCode: phoneLike,
    exportCode: phoneLike,
    businessNumber: phoneLike,
    businessStructure: text,
    isArchived: fc.boolean(),
    isDeleted: fc.boolean(),
    isProspect: fc.boolean(),
    accountManager: ref,
    jobManager: ref,
    groups: fc.array(fc.record({ uuid: fc.constant('g'), numericId: fc.constant(''), name: text }), { maxLength: 3 }),
    contacts: fc.array(contactArb, { maxLength: 4 }),
  })
  // distinct contact UUIDs, so each person is identifiable in the issues
  .map((client) => ({
    ...client,
    key: fixtureKey<XpmClientId>(client.uuid, client.numericId),
    contacts: client.contacts.map((c, i) => ({ ...c, uuid: `contact-${i}`, key: xkid(`contact-${i}`) })),
  }));

const optionsArb = fc.record({
  defaultCountry: fc.constantFrom('AU', 'NZ', 'GB', 'XX'),
  defaultPartnerEmail: fc.constantFrom(null, PARTNER.email, 'nobody@x.com'),
  includeArchived: fc.boolean(),
  rescueNumbers: fc.boolean(),
});

const KIND_OF_LIST = {
  rejection: REJECTION_CODES as readonly string[],
  warning: WARNING_CODES as readonly string[],
  skip: SKIP_CODES as readonly string[],
};

/** The raw XPM value behind an issue's field, where the field maps to one string. */
function rawValue(client: XpmClient, issue: RecordIssue): string | undefined {
  if (issue.entity === 'contact' && issue.contactId !== null) {
    const contact = client.contacts.find((c) => c.uuid === issue.contactId);
    if (contact === undefined) return undefined;
    return { Name: contact.name, Email: contact.email, Mobile: contact.mobile }[issue.field ?? ''];
  }
  const fields: Record<string, string> = {
    Name: client.name,
    Email: client.email,
    Phone: client.phone,
    Title: client.title,
    Fax: client.fax,
    ClientCode: client.clientCode,
    ExportCode: client.exportCode,
    BusinessNumber: client.businessNumber,
    BusinessStructure: client.businessStructure,
    FirstName: client.firstName,
    LastName: client.lastName,
    Address: client.address,
    City: client.city,
    PostCode: client.postCode,
    PostalAddress: client.postalAddress,
    PostalPostCode: client.postalPostCode,
  };
  return fields[issue.field ?? ''];
}

function checkInvariants(client: XpmClient, result: ClientEvaluation): void {
  const seen = new Set<string>();
  for (const issue of result.issues) {
    // closed list, right kind
    expect(KIND_OF_LIST[issue.kind]).toContain(issue.code);
    expect(issue.clientId).toBe(client.uuid);
    expect(issue.staffId).toBeNull();
    expect(words(issue).message.length).toBeGreaterThan(0);
    expect(words(issue).suggestion.length).toBeGreaterThan(0);
    expect(issue.kind === 'skip').toBe(issue.field === null);
    if (issue.entity === 'client') expect(issue.contactId).toBeNull();
    // each failing field of each record yields exactly one issue
    const key = `${issue.entity}|${issue.contactId ?? '-'}|${issue.field ?? issue.code}`;
    expect(seen.has(key), key).toBe(false);
    seen.add(key);
    // values kept exactly (cut only beyond MAX_ISSUE_VALUE_CHARS)
    const raw = rawValue(client, issue);
    if (raw !== undefined && raw.length <= MAX_ISSUE_VALUE_CHARS) expect(issue.value).toBe(raw);
    if (issue.value !== null) expect(issue.value.length).toBeLessThanOrEqual(MAX_ISSUE_VALUE_CHARS + 60);
  }
  if (result.skipped !== null) {
    expect(result.fields).toBeNull();
    expect(result.contacts).toEqual([]);
    expect(result.issues).toHaveLength(1);
    return;
  }
  if (result.fields !== null) {
    expect(result.issues.filter((i) => i.entity === 'client' && i.kind === 'rejection')).toEqual([]);
    expect(result.fields.codeKey).toBe(result.fields.code.toLowerCase());
  }
  for (const candidate of result.contacts) {
    const { link } = candidate;
    expect(candidate.identityKey).toBe(normaliseIdentity(link.name, link.email));
    expect(link.clientId).toBe(client.uuid);
    if (link.mobile !== null) expect(parsePhoneNumberFromString(link.mobile)?.number).toBe(link.mobile);
    expect(candidate.origin === 'client').toBe(link.contactId === null);
  }
  const fromClient = result.contacts.filter((c) => c.origin === 'client');
  expect(fromClient.length).toBeLessThanOrEqual(result.hasValidContact ? 0 : 1);
  expect(result.contactsRejected).toBe(result.rejectedSourceKeys.length);
  expect(result.contactsSkipped).toBe(result.issues.filter((i) => i.code === 'contact-deleted').length);
  expect(result.deletedContactIds).toHaveLength(result.contactsSkipped);
  // every live XPM contact is either a candidate or rejected
  const live = client.contacts.filter((c) => !c.isDeleted).length;
  const fromContacts = result.contacts.length - fromClient.length;
  const rejectedContacts = result.rejectedSourceKeys.filter((k) => k.startsWith('c:')).length;
  expect(fromContacts + rejectedContacts).toBe(live);
}

describe('evaluateClient over arbitrary clients', () => {
  it('never throws, is deterministic and keeps its invariants', () => {
    fc.assert(
      fc.property(clientArb, optionsArb, (client, options) => {
        const ctx = context(options);
        const result = evaluateClient(client, ctx);
        expect(evaluateClient(client, context(options))).toEqual(result);
        checkInvariants(client, result);
      }),
      RUNS,
    );
  });

  it('keeps phone and ID strings exactly in issue values (leading zeros, 1E5, long digit strings)', () => {
    // none of these is a valid number, so each one is reported with its value
    const exactValues = fc.constantFrom(
      '0412',
      '00412345678',
      '1E5',
      '0x1F',
      '9007199254740993',
      '000000000000000000000000001',
    );
    fc.assert(
      fc.property(exactValues, exactValues, exactValues, (mobile, phone, partner) => {
        const client = xpmClient({
          contacts: [xpmContact({ email: '', mobile })],
          phone,
          accountManager: staffRef(partner, partner),
        });
        const result = evaluateClient(client, context());
        expect(result.issues.find((i) => i.field === 'Mobile')?.value).toBe(mobile);
        expect(result.issues.find((i) => i.field === 'Phone')?.value).toBe(phone);
        expect(result.issues.find((i) => i.field === 'AccountManager')?.value).toBe(partner);
      }),
    );
  });
});

describe('a valid client stays valid, and breaking one field triggers exactly that field’s rule', () => {
  const valid = xpmClient({ phone: '' });

  it('the base client has no issues', () => {
    expect(evaluateClient(valid, context()).issues).toEqual([]);
  });

  const blank = fc.constantFrom('', ' ', '\u00a0', '\t\n');
  const noAt = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes('@') && s.trim() !== '');
  const notes = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 10 });
  type Mutation = readonly [
    string,
    (client: XpmClient) => XpmClient,
    string,
    string,
    RecordIssue['entity'],
    RecordIssue['kind'],
  ];
  const withContact = (client: XpmClient, patch: Partial<XpmContact>): XpmClient => ({
    ...client,
    contacts: client.contacts.map((c) => ({ ...c, ...patch })),
  });
  const mutations: fc.Arbitrary<Mutation> = fc.oneof(
    blank.map(
      (v): Mutation => [
        'contact name',
        (c) => withContact(c, { name: v }),
        'name-missing',
        'Name',
        'contact',
        'rejection',
      ],
    ),
    blank.map(
      (v): Mutation => [
        'contact email',
        (c) => withContact(c, { email: v }),
        'email-missing',
        'Email',
        'contact',
        'rejection',
      ],
    ),
    noAt.map(
      (v): Mutation => [
        'contact email',
        (c) => withContact(c, { email: v }),
        'email-invalid',
        'Email',
        'contact',
        'rejection',
      ],
    ),
    notes.map(
      (v): Mutation => [
        'contact mobile',
        (c) => withContact(c, { mobile: `0412 345 678 ${v}` }),
        'mobile-invalid',
        'Mobile',
        'contact',
        'rejection',
      ],
    ),
    fc.constant<Mutation>([
      'contact mobile',
      (c) => withContact(c, { mobile: '(02) 9876 5432' }),
      'mobile-not-mobile',
      'Mobile',
      'contact',
      'rejection',
    ]),
    blank.map(
      (v): Mutation => ['client name', (c) => ({ ...c, name: v }), 'name-missing', 'Name', 'client', 'rejection'],
    ),
    blank.map(
      (v): Mutation => [
        'client code',
        (c) => ({ ...c, clientCode: v, exportCode: v }),
        'client-code-missing',
        'ClientCode',
        'client',
        'rejection',
      ],
    ),
    blank.map(
      (v): Mutation => [
        'structure',
        (c) => ({ ...c, businessStructure: v }),
        'business-structure-missing',
        'BusinessStructure',
        'client',
        'rejection',
      ],
    ),
    noAt.map(
      (v): Mutation => ['client email', (c) => ({ ...c, email: v }), 'email-invalid', 'Email', 'client', 'warning'],
    ),
    fc.constant<Mutation>([
      'partner',
      (c) => ({ ...c, accountManager: null }),
      'partner-missing',
      'AccountManager',
      'client',
      'rejection',
    ]),
    fc.constant<Mutation>([
      'partner',
      (c) => ({ ...c, accountManager: staffRef('x', 'X') }),
      'partner-not-found',
      'AccountManager',
      'client',
      'rejection',
    ]),
    fc.constant<Mutation>([
      'title',
      (c) => ({ ...c, title: 'T'.repeat(1001) }),
      'field-too-long',
      'Title',
      'client',
      'rejection',
    ]),
  );

  it('each mutation yields exactly one issue, of that field and code', () => {
    fc.assert(
      fc.property(mutations, ([, mutate, code, field, entity, kind]) => {
        const issues = evaluateClient(mutate(valid), context()).issues;
        expect(issues.map((i) => [i.kind, i.code, i.field, i.entity])).toEqual([[kind, code, field, entity]]);
      }),
      RUNS,
    );
  });
});

describe('evaluateStaff over arbitrary staff', () => {
  it('never throws, is deterministic, one closed-list issue per failing field', () => {
    fc.assert(
      fc.property(
        fc
          .record({ uuid: text, numericId: text, name: text, email: text, phone: text, mobile: text })
          .map((s) => ({ ...s, key: xpmStaffKey(s.uuid, s.numericId) })),
        (staff) => {
          const result = evaluateStaff(staff);
          expect(evaluateStaff(staff)).toEqual(result);
          expect(result.fields === null).toBe(result.issues.length > 0);
          const fields = result.issues.map((i) => i.field);
          expect(new Set(fields).size).toBe(fields.length);
          for (const issue of result.issues) {
            expect(REJECTION_CODES as readonly string[]).toContain(issue.code);
            expect(issue.kind).toBe('rejection');
            expect(issue.staffId).toBe(staff.key);
            const raw = issue.field === 'Name' ? staff.name : issue.field === 'Email' ? staff.email : staff.uuid;
            if (raw.length <= MAX_ISSUE_VALUE_CHARS) expect(issue.value).toBe(raw);
          }
          if (result.fields !== null) {
            expect(`${result.fields.firstName} ${result.fields.lastName}`).toBe(result.fields.name);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('hostile sizes', () => {
  it('a client whose every field is 1 MB is evaluated quickly, with values cut and marked', () => {
    const huge = `0${'9'.repeat(1_000_000)}`;
    const client = xpmClient({
      name: huge,
      email: huge,
      phone: huge,
      clientCode: huge,
      address: huge,
      contacts: [xpmContact({ name: huge, email: huge, mobile: huge })],
    });
    const started = Date.now();
    const result = evaluateClient(client, context({ rescueNumbers: true }));
    expect(Date.now() - started).toBeLessThan(5_000);
    checkInvariants(client, result);
    const value = result.issues[0]?.value ?? '';
    expect(value.startsWith(huge.slice(0, MAX_ISSUE_VALUE_CHARS))).toBe(true);
    expect(value).toMatch(/… \[\d+ more characters not shown\]$/);
    expect(result.issues[0]?.clientName?.length).toBeLessThan(MAX_ISSUE_VALUE_CHARS + 60);
    expect(words(result.issues[0]).message.length).toBeLessThan(400);
  });
});
