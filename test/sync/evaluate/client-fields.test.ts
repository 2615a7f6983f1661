/** evaluateClient: the client record (R10) and its partner and manager (R11). */
import { describe, expect, it } from 'vitest';
import { evaluateClient } from '../../../src/sync/evaluate/client';
import { requiresPersonNames } from '../../../src/sync/evaluate/client-record';
import type { RecordIssue } from '../../../src/domain/reasons';
import { MANAGER, PARTNER, context, staffRef, xpmClient, xpmContact } from './fixtures';
import { words } from '../../support/words';

const clientIssues = (issues: readonly RecordIssue[]) =>
  issues.filter((i) => i.entity === 'client').map((i) => `${i.kind}:${i.code}:${i.field ?? '-'}`);

describe('R10 mapping', () => {
  it('maps every field of a complete client', () => {
    const client = xpmClient({
      name: ' Acme\u00a0 Pty Ltd ',
      title: ' Mr ',
      email: ' Accounts@Acme.Example ',
      phone: ' (02) 9876 5432 ',
      fax: ' 02 9876 5433',
      clientCode: ' ACME01 ',
      exportCode: 'EXP-9',
      address: 'Level 3\r\n12 Quay Street',
      postalAddress: 'PO Box 100\nShortland Street',
      businessNumber: ' 12 345 678 901 ',
      businessStructure: ' Company ',
      isProspect: true,
      groups: [
        { uuid: 'g1', numericId: '', name: ' Family ' },
        { uuid: 'g2', numericId: '', name: 'VIP' },
      ],
      contacts: [
        xpmContact({ uuid: 'a', isPrimary: false, salutation: 'Bob' }),
        xpmContact({ uuid: 'b', isPrimary: true, isDeleted: true, salutation: 'Deleted' }),
        xpmContact({ uuid: 'c', isPrimary: true, salutation: ' Dear Leanne ' }),
      ],
    });
    const result = evaluateClient(client, context());
    expect(clientIssues(result.issues)).toEqual([]);
    expect(result.fields).toEqual({
      code: 'ACME01',
      codeKey: 'acme01',
      legalName: 'Acme Pty Ltd',
      title: 'Mr',
      email: 'Accounts@Acme.Example',
      phone: '(02) 9876 5432',
      fax: '02 9876 5433',
      partner: { staffId: PARTNER.id, name: PARTNER.name, email: PARTNER.email },
      manager: { staffId: MANAGER.id, name: MANAGER.name, email: MANAGER.email },
      residential: {
        line1: 'Level 3',
        line2: '12 Quay Street',
        line3: '',
        suburb: 'Sydney',
        state: 'NSW',
        postcode: '2000',
        country: 'Australia',
      },
      postal: {
        line1: 'PO Box 100',
        line2: 'Shortland Street',
        line3: '',
        suburb: 'Sydney',
        state: 'NSW',
        postcode: '2001',
        country: 'Australia',
      },
      group: 'Family',
      groups: ['Family', 'VIP'],
      abn: '12 345 678 901',
      entityType: 'Company',
      firstName: '',
      lastName: '',
      salutation: 'Dear Leanne',
      archived: false,
      prospect: true,
      warnings: [],
    });
  });

  it('splits addresses on any line break; lines beyond three join line 3; blank lines are dropped', () => {
    const client = xpmClient({ address: 'Suite 1\r\n\r\nLevel 2\rBuilding C\nEast Wing\n  Rear  ', postalAddress: '' });
    const fields = evaluateClient(client, context()).fields;
    expect(fields?.residential).toMatchObject({
      line1: 'Suite 1',
      line2: 'Level 2',
      line3: 'Building C, East Wing, Rear',
    });
    expect(fields?.postal).toMatchObject({ line1: '', line2: '', line3: '' });
  });

  it('keeps postcodes and numbers exactly (leading zeros)', () => {
    const fields = evaluateClient(
      xpmClient({ postCode: '0800', businessNumber: '007', clientCode: '1E5' }),
      context(),
    ).fields;
    expect(fields).toMatchObject({ residential: { postcode: '0800' }, abn: '007', code: '1E5', codeKey: '1e5' });
  });

  it('uses ExportCode when ClientCode is blank', () => {
    const fields = evaluateClient(xpmClient({ clientCode: '  ', exportCode: ' HVT001 ' }), context()).fields;
    expect(fields).toMatchObject({ code: 'HVT001', codeKey: 'hvt001' });
  });

  it('no code at all: client-code-missing on ClientCode', () => {
    const result = evaluateClient(xpmClient({ clientCode: '', exportCode: ' ' }), context());
    expect(result.fields).toBeNull();
    expect(clientIssues(result.issues)).toEqual(['rejection:client-code-missing:ClientCode']);
  });

  it('no name: name-missing on Name', () => {
    const result = evaluateClient(xpmClient({ name: '  ' }), context());
    expect(result.fields).toBeNull();
    expect(clientIssues(result.issues)).toEqual(['rejection:name-missing:Name']);
  });

  it('an invalid client email is dropped with an email-invalid warning; the client is imported', () => {
    const result = evaluateClient(xpmClient({ email: 'a@x.com; b@x.com' }), context());
    expect(result.fields).toMatchObject({ email: '', warnings: ['email-invalid'] });
    expect(result.issues).toEqual([
      expect.objectContaining({
        kind: 'warning',
        code: 'email-invalid',
        entity: 'client',
        field: 'Email',
        value: 'a@x.com; b@x.com',
      }),
    ]);
  });

  it('a blank client email is fine (optional)', () => {
    const result = evaluateClient(xpmClient({ email: '' }), context());
    expect(result.fields).toMatchObject({ email: '', warnings: [] });
  });

  it('no business structure: business-structure-missing', () => {
    const result = evaluateClient(xpmClient({ businessStructure: ' ' }), context());
    expect(clientIssues(result.issues)).toEqual(['rejection:business-structure-missing:BusinessStructure']);
  });

  it('an Individual without FirstName is rejected with first-name-missing', () => {
    const result = evaluateClient(
      xpmClient({ businessStructure: 'Individual', firstName: '', lastName: 'Smith' }),
      context(),
    );
    expect(result.fields).toBeNull();
    expect(clientIssues(result.issues)).toEqual(['rejection:first-name-missing:FirstName']);
  });

  it('a Sole Trader without either name gets both issues', () => {
    const result = evaluateClient(
      xpmClient({ businessStructure: 'sole  trader', firstName: ' ', lastName: '' }),
      context(),
    );
    expect(clientIssues(result.issues)).toEqual([
      'rejection:first-name-missing:FirstName',
      'rejection:last-name-missing:LastName',
    ]);
  });

  it('an Individual with both names keeps them', () => {
    const result = evaluateClient(
      xpmClient({ businessStructure: 'INDIVIDUAL', firstName: ' Jo ', lastName: ' Smith ' }),
      context(),
    );
    expect(result.fields).toMatchObject({ entityType: 'INDIVIDUAL', firstName: 'Jo', lastName: 'Smith' });
  });

  it('other structures do not need first and last names', () => {
    expect(evaluateClient(xpmClient({ businessStructure: 'Trust' }), context()).fields).not.toBeNull();
  });

  it.each([
    ['Individual', true],
    ['individual', true],
    [' Individual ', true],
    ['Sole Trader', true],
    ['sole-trader', true],
    ['Sole_Trader', true],
    ['SoleTrader', true],
    ['Sole\u00a0Trader', true],
    ['Company', false],
    ['Individuals', false],
    ['Sole Proprietor', false],
    ['Partnership', false],
    ['', false],
  ])('requiresPersonNames(%j) is %s', (structure, expected) => {
    expect(requiresPersonNames(structure)).toBe(expected);
  });

  it('salutation comes from the first non-deleted primary contact, else is empty', () => {
    const none = xpmClient({ contacts: [xpmContact({ isPrimary: false })] });
    expect(evaluateClient(none, context()).fields?.salutation).toBe('');
    const noContacts = xpmClient({ contacts: [] });
    expect(evaluateClient(noContacts, context()).fields?.salutation).toBe('');
  });

  it('no groups: group is null', () => {
    expect(evaluateClient(xpmClient({ groups: [] }), context()).fields).toMatchObject({ group: null, groups: [] });
  });

  it('reports ALL failing client fields, one issue each (a rejected client has no warnings)', () => {
    const result = evaluateClient(
      xpmClient({ name: '', clientCode: '', exportCode: '', accountManager: null, businessStructure: '', email: 'x@' }),
      context(),
    );
    expect(clientIssues(result.issues)).toEqual([
      'rejection:name-missing:Name',
      'rejection:client-code-missing:ClientCode',
      'rejection:partner-missing:AccountManager',
      'rejection:business-structure-missing:BusinessStructure',
    ]);
  });

  it('any mapped value over 1,000 characters is field-too-long naming that field', () => {
    const long = 'x'.repeat(1001);
    const result = evaluateClient(
      xpmClient({
        name: long,
        title: long,
        phone: long,
        fax: long,
        clientCode: long,
        city: long,
        postalAddress: `PO Box 1\n${long}`,
        businessNumber: long,
        businessStructure: long,
        firstName: long,
        groups: [
          { uuid: 'g', numericId: '', name: long },
          { uuid: 'h', numericId: '', name: long },
        ],
        contacts: [xpmContact({ salutation: long })],
      }),
      context(),
    );
    expect(result.fields).toBeNull();
    expect(clientIssues(result.issues)).toEqual([
      'rejection:field-too-long:Name',
      'rejection:field-too-long:Title',
      'rejection:field-too-long:Phone',
      'rejection:field-too-long:Fax',
      'rejection:field-too-long:ClientCode',
      'rejection:field-too-long:City',
      'rejection:field-too-long:PostalAddress',
      'rejection:field-too-long:Group',
      'rejection:field-too-long:BusinessNumber',
      'rejection:field-too-long:BusinessStructure',
      'rejection:field-too-long:FirstName',
      'rejection:field-too-long:Salutation',
    ]);
    const name = result.issues.find((i) => i.field === 'Name' && i.entity === 'client');
    expect(name?.value).toBe(long);
    expect(words(name).message).toContain('1,001 characters');
  });

  it('an ExportCode over 1,000 characters is reported on ExportCode', () => {
    const result = evaluateClient(xpmClient({ clientCode: '', exportCode: 'E'.repeat(1001) }), context());
    expect(clientIssues(result.issues)).toEqual(['rejection:field-too-long:ExportCode']);
  });
});

describe('R11 partner and manager', () => {
  it('no partner and no Default Partner: partner-missing (value null)', () => {
    const result = evaluateClient(xpmClient({ accountManager: null }), context());
    expect(result.fields).toBeNull();
    expect(result.issues).toEqual([
      expect.objectContaining({ kind: 'rejection', code: 'partner-missing', field: 'AccountManager', value: null }),
    ]);
    expect(words(result.issues[0]).suggestion).toContain('Partner');
    expect(words(result.issues[0]).suggestion).toContain('Default Partner in Settings');
  });

  it('a client rejected for its partner is not also reported as "imported without an email"', () => {
    const result = evaluateClient(xpmClient({ accountManager: null, email: 'accounts@acme' }), context());
    expect(result.fields).toBeNull();
    expect(clientIssues(result.issues)).toEqual(['rejection:partner-missing:AccountManager']);
    for (const issue of result.issues) expect(words(issue).message).not.toMatch(/imported without/);
    // Once the partner is there, the client is imported and the dropped email is its warning.
    const imported = evaluateClient(
      xpmClient({ accountManager: null, email: 'accounts@acme' }),
      context({ defaultPartnerEmail: PARTNER.email }),
    );
    expect(clientIssues(imported.issues)).toEqual(['warning:email-invalid:Email']);
    expect(words(imported.issues[0]).message).toContain('was imported without an email');
  });

  it('a reference with a blank UUID and name counts as no partner', () => {
    const result = evaluateClient(xpmClient({ accountManager: staffRef(' ', '') }), context());
    expect(clientIssues(result.issues)).toEqual(['rejection:partner-missing:AccountManager']);
  });

  it('no partner with a Default Partner among the synced staff: the default is used (staffId null marks it)', () => {
    const result = evaluateClient(
      xpmClient({ accountManager: null }),
      context({ defaultPartnerEmail: ' JO@Practice.Example ' }),
    );
    expect(result.issues).toEqual([]);
    expect(result.fields?.partner).toEqual({ staffId: null, name: PARTNER.name, email: PARTNER.email });
  });

  it('a Default Partner that is not a synced staff member does not help: partner-missing says so', () => {
    const result = evaluateClient(
      xpmClient({ accountManager: null }),
      context({ defaultPartnerEmail: 'boss@elsewhere.example' }),
    );
    expect(clientIssues(result.issues)).toEqual(['rejection:partner-missing:AccountManager']);
    expect(words(result.issues[0]).message).toContain('boss@elsewhere.example');
  });

  it('a partner who is not among the synced staff: partner-not-found with their name as the value', () => {
    const result = evaluateClient(
      xpmClient({ accountManager: staffRef('ghost-uuid', 'Ghost Partner') }),
      context({ defaultPartnerEmail: PARTNER.email }),
    );
    expect(result.fields).toBeNull();
    expect(result.issues).toEqual([
      expect.objectContaining({
        kind: 'rejection',
        code: 'partner-not-found',
        field: 'AccountManager',
        value: 'Ghost Partner',
      }),
    ]);
    expect(words(result.issues[0]).message).toContain('ghost-uuid');
    expect(words(result.issues[0]).suggestion).toContain('Business → Settings → Staff');
  });

  it('a manager who is not among the synced staff is simply null (optional)', () => {
    const result = evaluateClient(xpmClient({ jobManager: staffRef('nobody', 'Nobody') }), context());
    expect(result.issues).toEqual([]);
    expect(result.fields?.manager).toBeNull();
  });

  it('no manager: null', () => {
    expect(evaluateClient(xpmClient({ jobManager: null }), context()).fields?.manager).toBeNull();
  });
});
