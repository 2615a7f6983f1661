/** evaluateStaff (R9) and the evaluation context (R11 lookups, Default Partner). */
import { describe, expect, it } from 'vitest';
import { evaluateStaff, splitStaffName } from '../../../src/sync/evaluate/staff';
import { buildEvaluationContext } from '../../../src/sync/evaluate/context';
import { DEFAULT_SYNC_OPTIONS } from '../../../src/domain/settings';
import { MANAGER, PARTNER, xpmStaff } from './fixtures';
import { words } from '../../support/words';

describe('evaluateStaff (R9)', () => {
  it('splits the name: first name = all but the last word, last name = the last word', () => {
    expect(
      evaluateStaff(xpmStaff({ uuid: 's1', name: '  Mary  Jane\u00a0Watson ', email: ' MJ@Practice.Example ' })),
    ).toEqual({
      staff: { key: 's1', name: 'Mary Jane Watson' },
      fields: {
        id: 's1',
        xpmNumericId: null,
        name: 'Mary Jane Watson',
        firstName: 'Mary Jane',
        lastName: 'Watson',
        email: 'MJ@Practice.Example',
      },
      issues: [],
    });
  });

  it.each([
    ['Jo Bloggs', 'Jo', 'Bloggs'],
    ['Dr Jo van Bloggs', 'Dr Jo van', 'Bloggs'],
  ])('%j → %j + %j', (name, firstName, lastName) => {
    expect(splitStaffName(name)).toEqual({ firstName, lastName });
  });

  it('a one-word name is rejected with last-name-missing on Name', () => {
    const result = evaluateStaff(xpmStaff({ name: 'Cher' }));
    expect(result.fields).toBeNull();
    expect(result.issues).toEqual([
      expect.objectContaining({
        kind: 'rejection',
        code: 'last-name-missing',
        entity: 'staff',
        staffId: 'staff-9',
        clientId: null,
        contactId: null,
        clientName: null,
        personName: 'Cher',
        field: 'Name',
        value: 'Cher',
      }),
    ]);
    expect(words(result.issues[0]).suggestion).toContain('Business → Settings → Staff');
  });

  it('no name: name-missing (only, not also last-name-missing)', () => {
    const result = evaluateStaff(xpmStaff({ name: ' ' }));
    expect(result.issues.map((i) => i.code)).toEqual(['name-missing']);
  });

  it('no email / an invalid email: email-missing / email-invalid', () => {
    expect(evaluateStaff(xpmStaff({ email: '' })).issues.map((i) => [i.code, i.field])).toEqual([
      ['email-missing', 'Email'],
    ]);
    expect(evaluateStaff(xpmStaff({ email: 'sam@practice' })).issues.map((i) => [i.kind, i.code])).toEqual([
      ['rejection', 'email-invalid'],
    ]);
  });

  it('reports every failing field', () => {
    const result = evaluateStaff(xpmStaff({ name: 'Sam', email: 'sam at practice' }));
    expect(result.issues.map((i) => `${i.code}:${i.field}`)).toEqual(['last-name-missing:Name', 'email-invalid:Email']);
    expect(result.fields).toBeNull();
  });

  it('a 1,001-character name or email is field-too-long', () => {
    expect(
      evaluateStaff(xpmStaff({ name: `Sam ${'J'.repeat(997)}` })).issues.map((i) => `${i.code}:${i.field}`),
    ).toEqual(['field-too-long:Name']);
    expect(
      evaluateStaff(xpmStaff({ email: `${'s'.repeat(995)}@x.com` })).issues.map((i) => `${i.code}:${i.field}`),
    ).toEqual(['field-too-long:Email']);
  });
});

describe('buildEvaluationContext', () => {
  it('indexes the valid staff by XPM UUID', () => {
    const ctx = buildEvaluationContext([PARTNER, MANAGER], DEFAULT_SYNC_OPTIONS);
    expect(ctx.staffById.get(PARTNER.id)).toEqual({ staffId: PARTNER.id, name: PARTNER.name, email: PARTNER.email });
    expect(ctx.staffById.size).toBe(2);
    expect(ctx.defaultPartner).toBeNull();
    expect(ctx.options).toBe(DEFAULT_SYNC_OPTIONS);
  });

  it('resolves the Default Partner by email, case-insensitively and trimmed', () => {
    const ctx = buildEvaluationContext([PARTNER, MANAGER], {
      ...DEFAULT_SYNC_OPTIONS,
      defaultPartnerEmail: ' John@PRACTICE.example ',
    });
    expect(ctx.defaultPartner).toEqual({ staffId: MANAGER.id, name: MANAGER.name, email: MANAGER.email });
  });

  it('a Default Partner who is not a synced staff member resolves to null', () => {
    const ctx = buildEvaluationContext([PARTNER], {
      ...DEFAULT_SYNC_OPTIONS,
      defaultPartnerEmail: 'john@practice.example',
    });
    expect(ctx.defaultPartner).toBeNull();
    expect(
      buildEvaluationContext([PARTNER], { ...DEFAULT_SYNC_OPTIONS, defaultPartnerEmail: '  ' }).defaultPartner,
    ).toBeNull();
  });

  it('a repeated staff UUID: the first wins', () => {
    const ctx = buildEvaluationContext([PARTNER, { ...PARTNER, name: 'Other Name' }], DEFAULT_SYNC_OPTIONS);
    expect(ctx.staffById.get(PARTNER.id)?.name).toBe(PARTNER.name);
  });
});
