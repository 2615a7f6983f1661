/** evaluateClient: skips (R1), which people become contacts (R1a, R1b) and their validation (R2). */
import { describe, expect, it } from 'vitest';
import { evaluateClient } from '../../../src/sync/evaluate/client';
import { normaliseIdentity } from '../../../src/sync/validate';
import type { RecordIssue } from '../../../src/domain/reasons';
import { context, xpmClient, xpmContact } from './fixtures';
import { words } from '../../support/words';

const codes = (issues: readonly RecordIssue[]) => issues.map((i) => `${i.kind}:${i.code}:${i.field ?? '-'}`);

describe('skips', () => {
  it('a deleted client is skipped with client-deleted and nothing else is evaluated or listed', () => {
    const client = xpmClient({
      isDeleted: true,
      isArchived: true,
      name: '',
      contacts: [xpmContact(), xpmContact({ uuid: 'c2', isDeleted: true })],
    });
    const result = evaluateClient(client, context({ includeArchived: true }));
    expect(result).toMatchObject({
      skipped: 'deleted',
      fields: null,
      contacts: [],
      hasValidContact: false,
      rejectedSourceKeys: [],
      deletedContactIds: [],
      contactsRejected: 0,
      contactsSkipped: 0,
    });
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({
      kind: 'skip',
      code: 'client-deleted',
      entity: 'client',
      clientId: 'client-1',
      contactId: null,
      field: null,
      value: null,
    });
  });

  it('an archived client is skipped when archived clients are not included, but its people count as seen', () => {
    const client = xpmClient({
      isArchived: true,
      contacts: [xpmContact(), xpmContact({ uuid: 'c2', email: '' }), xpmContact({ uuid: 'c3', isDeleted: true })],
    });
    const result = evaluateClient(client, context({ includeArchived: false }));
    expect(result.skipped).toBe('archived');
    expect(result.fields).toBeNull();
    expect(result.contacts).toEqual([]);
    expect(result.rejectedSourceKeys).toEqual(['c:contact-1', 'c:c2', 'k:client-1']);
    expect(result.deletedContactIds).toEqual(['c3']);
    expect(codes(result.issues)).toEqual(['skip:client-archived:-']);
  });

  it('an archived client is evaluated normally when archived clients are included', () => {
    const result = evaluateClient(xpmClient({ isArchived: true }), context({ includeArchived: true }));
    expect(result.skipped).toBeNull();
    expect(result.fields?.archived).toBe(true);
    expect(result.contacts).toHaveLength(1);
    expect(result.issues).toEqual([]);
  });
});

describe('R1a: the client’s XPM contacts', () => {
  it('a contact with a name, a valid email and a valid mobile becomes a candidate', () => {
    const result = evaluateClient(xpmClient({ name: '  Acme   Pty Ltd ' }), context());
    expect(result.hasValidContact).toBe(true);
    expect(result.issues).toEqual([]);
    expect(result.contacts).toEqual([
      {
        altSourceKeys: [],
        link: {
          sourceKey: 'c:contact-1',
          contactId: 'contact-1',
          clientId: 'client-1',
          clientName: 'Acme Pty Ltd',
          isPrimary: true,
          name: 'Leanne Smith',
          email: 'leanne@acme.example',
          mobile: '+61412345678',
          warnings: [],
        },
        identityKey: normaliseIdentity('Leanne Smith', 'leanne@acme.example'),
        origin: 'contact',
      },
    ]);
  });

  it('normalises the name, trims the email (keeping its case) and keeps XPM order', () => {
    const client = xpmClient({
      contacts: [
        xpmContact({
          uuid: 'a',
          name: ' Leanne\u00a0 Smith ',
          email: ' Leanne@Acme.Example ',
          mobile: '',
          isPrimary: false,
        }),
        xpmContact({ uuid: 'b', name: 'Bob Jones', email: 'bob@acme.example', mobile: '+64 21 555 0199' }),
      ],
    });
    const result = evaluateClient(client, context());
    expect(
      result.contacts.map((c) => [c.link.contactId, c.link.name, c.link.email, c.link.mobile, c.link.isPrimary]),
    ).toEqual([
      ['a', 'Leanne Smith', 'Leanne@Acme.Example', null, false],
      ['b', 'Bob Jones', 'bob@acme.example', '+64215550199', true],
    ]);
    expect(result.contacts[0]?.identityKey).toBe('leanne smith\u0000leanne@acme.example');
  });

  it('a deleted contact is skipped (contact-deleted) and listed as deleted', () => {
    const client = xpmClient({ contacts: [xpmContact({ uuid: 'gone', isDeleted: true }), xpmContact()] });
    const result = evaluateClient(client, context());
    expect(result.deletedContactIds).toEqual(['gone']);
    expect(result.contactsSkipped).toBe(1);
    expect(result.issues).toEqual([
      expect.objectContaining({
        kind: 'skip',
        code: 'contact-deleted',
        entity: 'contact',
        contactId: 'gone',
        field: null,
      }),
    ]);
    expect(result.contacts.map((c) => c.link.contactId)).toEqual(['contact-1']);
  });

  it('FuseSign: "0411 111 111 (Leanne)" rejects the contact, which still counts as valid (no fallback)', () => {
    const client = xpmClient({ contacts: [xpmContact({ mobile: '0411 111 111 (Leanne)' })] });
    const result = evaluateClient(client, context());
    expect(result.hasValidContact).toBe(true);
    expect(result.contacts).toEqual([]);
    expect(result.rejectedSourceKeys).toEqual(['c:contact-1']);
    expect(result.contactsRejected).toBe(1);
    expect(result.issues).toEqual([
      expect.objectContaining({
        kind: 'rejection',
        code: 'mobile-invalid',
        entity: 'contact',
        clientId: 'client-1',
        contactId: 'contact-1',
        staffId: null,
        clientName: 'Acme Pty Ltd',
        personName: 'Leanne Smith',
        field: 'Mobile',
        value: '0411 111 111 (Leanne)',
      }),
    ]);
  });

  it('FuseSign: a landline in Mobile is mobile-not-mobile', () => {
    const result = evaluateClient(xpmClient({ contacts: [xpmContact({ mobile: '(02) 9876 5432' })] }), context());
    expect(codes(result.issues)).toEqual(['rejection:mobile-not-mobile:Mobile']);
    expect(result.hasValidContact).toBe(true);
  });

  it('FuseSign: +64 21 555 0199 is accepted, 021 555 0199 with default AU is not', () => {
    const client = xpmClient({
      contacts: [
        xpmContact({ uuid: 'a', mobile: '+64 21 555 0199' }),
        xpmContact({ uuid: 'b', name: 'Bob', mobile: '021 555 0199' }),
      ],
    });
    const au = evaluateClient(client, context());
    expect(au.contacts.map((c) => c.link.mobile)).toEqual(['+64215550199']);
    expect(codes(au.issues)).toEqual(['rejection:mobile-not-mobile:Mobile']);
    const nz = evaluateClient(client, context({ defaultCountry: 'NZ' }));
    expect(nz.contacts.map((c) => c.link.mobile)).toEqual(['+64215550199', '+64215550199']);
  });

  it('FuseSign: emails with notes or several addresses are rejected', () => {
    const client = xpmClient({
      contacts: [
        xpmContact({ uuid: 'a', email: 'jo@x.com (work)' }),
        xpmContact({ uuid: 'b', email: 'a@x.com; b@x.com' }),
        xpmContact({ uuid: 'c', email: 'a@x.com, b@x.com' }),
        xpmContact({ uuid: 'd', email: 'Jo <jo@x.com>' }),
      ],
      email: '',
    });
    const result = evaluateClient(client, context());
    expect(codes(result.issues)).toEqual([
      'rejection:email-invalid:Email',
      'rejection:email-invalid:Email',
      'rejection:email-invalid:Email',
      'rejection:email-invalid:Email',
      // no valid contact → the client's own details are tried (and its email is blank)
      'rejection:email-missing:Email',
    ]);
    expect(result.hasValidContact).toBe(false);
    expect(result.rejectedSourceKeys).toEqual(['c:a', 'c:b', 'c:c', 'c:d', 'k:client-1']);
  });

  it('reports every failing field of a person but counts the person once', () => {
    const client = xpmClient({ contacts: [xpmContact({ name: '  ', email: 'nope', mobile: 'mob 0411' })], phone: '' });
    const result = evaluateClient(client, context());
    expect(codes(result.issues)).toEqual([
      'rejection:name-missing:Name',
      'rejection:email-invalid:Email',
      'rejection:mobile-invalid:Mobile',
    ]);
    expect(result.issues.every((i) => i.contactId === 'contact-1' && i.personName === null)).toBe(true);
    expect(result.contactsRejected).toBe(1);
    // no valid contact, so the client's own details became a contact
    expect(result.contacts.map((c) => c.origin)).toEqual(['client']);
  });

  it('a mobile rescued from notes is imported with a mobile-rescued warning on the link and in the issues', () => {
    const client = xpmClient({ contacts: [xpmContact({ mobile: '0411 111 111 (Leanne)' })] });
    const result = evaluateClient(client, context({ rescueNumbers: true }));
    expect(result.contacts[0]?.link).toMatchObject({ mobile: '+61411111111', warnings: ['mobile-rescued'] });
    expect(result.issues).toEqual([
      expect.objectContaining({
        kind: 'warning',
        code: 'mobile-rescued',
        field: 'Mobile',
        value: '0411 111 111 (Leanne)',
      }),
    ]);
    expect(result.contactsRejected).toBe(0);
  });

  it('a 1,001-character contact name is field-too-long on Name (and the contact is not valid)', () => {
    const name = 'L'.repeat(1001);
    const result = evaluateClient(xpmClient({ contacts: [xpmContact({ name })], phone: '' }), context());
    expect(codes(result.issues)).toEqual(['rejection:field-too-long:Name']);
    expect(result.issues[0]?.value).toBe(name);
    expect(result.hasValidContact).toBe(false);
    expect(result.contacts.map((c) => c.origin)).toEqual(['client']);
  });

  it('a too-long mobile rejects the contact, which still counts as valid', () => {
    const result = evaluateClient(xpmClient({ contacts: [xpmContact({ mobile: '4'.repeat(1001) })] }), context());
    expect(codes(result.issues)).toEqual(['rejection:field-too-long:Mobile']);
    expect(result.hasValidContact).toBe(true);
    expect(result.contacts).toEqual([]);
  });
});

describe('R1b: the client’s own details when no contact is valid', () => {
  it('a client with no contacts: Name, Email and a mobile Phone make one client-derived candidate', () => {
    const client = xpmClient({ contacts: [], phone: '0412 345 678' });
    const result = evaluateClient(client, context());
    expect(result.hasValidContact).toBe(false);
    expect(result.issues).toEqual([]);
    expect(result.contacts).toEqual([
      {
        altSourceKeys: [],
        link: {
          sourceKey: 'k:client-1',
          contactId: null,
          clientId: 'client-1',
          clientName: 'Acme Pty Ltd',
          isPrimary: false,
          name: 'Acme Pty Ltd',
          email: 'accounts@acme.example',
          mobile: '+61412345678',
          warnings: [],
        },
        identityKey: normaliseIdentity('Acme Pty Ltd', 'accounts@acme.example'),
        origin: 'client',
      },
    ]);
  });

  it('a landline Phone: imported with no mobile and a phone-not-mobile warning', () => {
    const result = evaluateClient(xpmClient({ contacts: [], phone: '(02) 9876 5432' }), context());
    expect(result.contacts[0]?.link).toMatchObject({ mobile: null, warnings: ['phone-not-mobile'] });
    expect(result.issues).toEqual([
      expect.objectContaining({
        kind: 'warning',
        code: 'phone-not-mobile',
        entity: 'contact',
        contactId: null,
        field: 'Phone',
        value: '(02) 9876 5432',
        personName: 'Acme Pty Ltd',
      }),
    ]);
  });

  it('a blank Phone: no mobile, no warning', () => {
    const result = evaluateClient(xpmClient({ contacts: [], phone: '' }), context());
    expect(result.contacts[0]?.link).toMatchObject({ mobile: null, warnings: [] });
    expect(result.issues).toEqual([]);
  });

  it('a Phone with notes rejects the fallback (mobile-invalid on Phone) unless rescue is on', () => {
    const client = xpmClient({ contacts: [], phone: '0411 111 111 (Leanne)' });
    const off = evaluateClient(client, context());
    expect(codes(off.issues)).toEqual(['rejection:mobile-invalid:Phone']);
    expect(off.rejectedSourceKeys).toEqual(['k:client-1']);
    expect(off.contactsRejected).toBe(1);
    const on = evaluateClient(client, context({ rescueNumbers: true }));
    expect(on.contacts[0]?.link).toMatchObject({ mobile: '+61411111111', warnings: ['mobile-rescued'] });
    expect(codes(on.issues)).toEqual(['warning:mobile-rescued:Phone']);
  });

  it('contacts all without email: their rejections are reported and the fallback is used', () => {
    const client = xpmClient({
      contacts: [xpmContact({ uuid: 'a', email: '' }), xpmContact({ uuid: 'b', name: 'Bob', email: '  ' })],
      phone: '0412 345 678',
    });
    const result = evaluateClient(client, context());
    expect(codes(result.issues)).toEqual(['rejection:email-missing:Email', 'rejection:email-missing:Email']);
    expect(result.rejectedSourceKeys).toEqual(['c:a', 'c:b']);
    expect(result.contactsRejected).toBe(2);
    expect(result.contacts.map((c) => [c.origin, c.link.sourceKey, c.link.mobile])).toEqual([
      ['client', 'k:client-1', '+61412345678'],
    ]);
  });

  it('is not used when a valid contact exists, even if that contact is rejected for its mobile', () => {
    const client = xpmClient({ contacts: [xpmContact({ mobile: 'ask reception' })] });
    const result = evaluateClient(client, context());
    expect(result.contacts).toEqual([]);
    expect(result.rejectedSourceKeys).toEqual(['c:contact-1']);
  });

  it('a failing fallback reports each failing client field under entity contact, and lists k:<client>', () => {
    const client = xpmClient({ contacts: [], name: '12345', email: 'info at acme', phone: 'reception' });
    const result = evaluateClient(client, context());
    const fallback = result.issues.filter((i) => i.entity === 'contact');
    expect(codes(fallback)).toEqual([
      'rejection:name-missing:Name',
      'rejection:email-invalid:Email',
      'rejection:mobile-invalid:Phone',
    ]);
    expect(fallback.every((i) => i.contactId === null && i.clientId === 'client-1')).toBe(true);
    expect(result.rejectedSourceKeys).toEqual(['k:client-1']);
    expect(result.contactsRejected).toBe(1);
    for (const issue of fallback) {
      expect(words(issue).suggestion).toContain('add a contact with a name');
      expect(words(issue).suggestion).toContain('Client → Contacts');
    }
  });

  it('a client with no email and no contacts: email-missing suggests adding a contact or the client email', () => {
    const result = evaluateClient(xpmClient({ contacts: [], email: '' }), context());
    expect(result.issues).toEqual([
      expect.objectContaining({ code: 'email-missing', entity: 'contact', field: 'Email' }),
    ]);
    expect(words(result.issues[0]).suggestion).toBe(
      "In XPM add a contact with a name and email to client ‘Acme Pty Ltd’ (Client → Contacts), or fill in the client's own Email (client ‘Acme Pty Ltd’ → Edit).",
    );
  });
});

describe('client and contacts are evaluated independently', () => {
  it('a rejected client (no partner) still yields its contacts', () => {
    const result = evaluateClient(xpmClient({ accountManager: null }), context());
    expect(result.fields).toBeNull();
    expect(codes(result.issues)).toEqual(['rejection:partner-missing:AccountManager']);
    expect(result.contacts).toHaveLength(1);
  });

  it('a client whose people are all rejected is still a client record', () => {
    const result = evaluateClient(xpmClient({ contacts: [xpmContact({ email: 'x' })], email: '' }), context());
    expect(result.fields).not.toBeNull();
    expect(result.contacts).toEqual([]);
  });

  it('issues list the client record first, then contacts in XPM order, then the fallback', () => {
    const client = xpmClient({
      clientCode: '',
      exportCode: '',
      email: 'bad',
      contacts: [xpmContact({ uuid: 'a', email: '' }), xpmContact({ uuid: 'b', isDeleted: true })],
    });
    const result = evaluateClient(client, context());
    // The client is rejected (no code), so its dropped email is not a warning of its own (§4.3).
    expect(result.issues.map((i) => `${i.entity}:${i.contactId ?? '-'}:${i.code}`)).toEqual([
      'client:-:client-code-missing',
      'contact:a:email-missing',
      'contact:b:contact-deleted',
      'contact:-:email-invalid',
    ]);
  });
});
