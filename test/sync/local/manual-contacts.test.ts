import { describe, expect, it } from 'vitest';
import {
  checkManualContact,
  clashingContact,
  detachedContact,
  newManualContact,
} from '../../../src/sync/local/manual-contacts';
import { isRemovableClient, isRemovableContact, isRemovableStaff } from '../../../src/domain/record-actions';
import { contact } from '../../contracts/records';
import { lcid } from '../../support/ids';

const AU = { defaultCountry: 'AU' };

describe('manual contact form (R8, same rules as the sync)', () => {
  it('accepts a name, one email and a local mobile, stored as the sync stores them', () => {
    const check = checkManualContact({ name: '  Jo   Smith ', email: ' Jo@X.com ', mobile: '0412 345 678' }, AU);
    expect(check).toEqual({
      ok: true,
      values: { name: 'Jo Smith', email: 'Jo@X.com', mobile: '+61412345678', identityKey: 'jo smith\u0000jo@x.com' },
    });
  });

  it('a blank mobile is allowed', () => {
    const check = checkManualContact({ name: 'Jo Smith', email: 'jo@x.com', mobile: '  ' }, AU);
    expect(check.ok && check.values.mobile).toBeNull();
  });

  it('names every field that is wrong, with its code and what to type instead', () => {
    const check = checkManualContact({ name: '', email: 'jo@x.com; sam@x.com', mobile: '0411 111 111 (Leanne)' }, AU);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.map((p) => [p.field, p.code])).toEqual([
      ['name', 'name-missing'],
      ['email', 'email-invalid'],
      ['mobile', 'mobile-invalid'],
    ]);
    expect(check.problems[0]?.message).toMatch(/^Name is empty: enter the person’s full name/);
    expect(check.problems[1]?.message).toMatch(/^Email ‘jo@x.com; sam@x.com’ holds more than one address: keep one/);
    expect(check.problems[2]?.message).toMatch(
      /^Mobile ‘0411 111 111 \(Leanne\)’ holds text besides a phone number: enter only the number \(e.g. 0411 111 111\)/,
    );
  });

  it('applies the default country: a landline is not a mobile, a foreign local number is invalid', () => {
    const landline = checkManualContact({ name: 'Jo', email: 'jo@x.com', mobile: '02 9876 5432' }, AU);
    expect(!landline.ok && landline.problems[0]).toMatchObject({ field: 'mobile', code: 'mobile-not-mobile' });
    expect(!landline.ok && landline.problems[0]?.message).toMatch(/is a landline in Australia, not a mobile/);
    const uk = checkManualContact({ name: 'Jo', email: 'jo@x.com', mobile: '07911 123456' }, AU);
    expect(!uk.ok && uk.problems[0]?.message).toMatch(/read as numbers in Australia, the default country in Settings/);
    const inUk = checkManualContact(
      { name: 'Jo', email: 'jo@x.com', mobile: '07911 123456' },
      { defaultCountry: 'GB' },
    );
    expect(inUk.ok && inUk.values.mobile).toBe('+447911123456');
  });

  it('a number read as a landline in the default country also says how to write an overseas mobile', () => {
    // A New Zealand mobile typed as New Zealanders write it reads as an Australian landline.
    const nz = checkManualContact({ name: 'Jo', email: 'jo@x.com', mobile: '021 123 4567' }, AU);
    expect(!nz.ok && nz.problems[0]).toMatchObject({ field: 'mobile', code: 'mobile-not-mobile' });
    expect(!nz.ok && nz.problems[0]?.message).toMatch(
      /is a landline in Australia, not a mobile: .*write an overseas number with \+ and the country code \(e\.g\. \+64/,
    );
    // Typed with + and the country code, it was not read in the default country: no overseas advice.
    const ukLandline = checkManualContact({ name: 'Jo', email: 'jo@x.com', mobile: '+44 20 7946 0958' }, AU);
    expect(!ukLandline.ok && ukLandline.problems[0]?.code).toBe('mobile-not-mobile');
    expect(!ukLandline.ok && ukLandline.problems[0]?.message).not.toMatch(/overseas/);
  });

  it('refuses notes beside a number (the form is not a rescue of XPM data)', () => {
    const check = checkManualContact({ name: 'Jo', email: 'jo@x.com', mobile: 'mob 0412 345 678' }, AU);
    expect(!check.ok && check.problems[0]?.code).toBe('mobile-invalid');
  });

  it('a name or email over the field limit is refused as field-too-long', () => {
    const check = checkManualContact({ name: 'J'.repeat(1_001), email: 'jo@x.com', mobile: '' }, AU);
    expect(!check.ok && check.problems[0]).toMatchObject({ field: 'name', code: 'field-too-long' });
  });
});

describe('uniqueness of name + email (R8)', () => {
  const values = { name: 'Jo Smith', email: 'jo@x.com', mobile: null, identityKey: 'jo smith\u0000jo@x.com' };
  const synced = contact('s', { name: 'Jo Smith', email: 'jo@x.com', identityKey: values.identityKey });

  it('a new contact clashes with any contact of the same identity', () => {
    expect(clashingContact(values, null, [synced])).toBe(synced);
    expect(clashingContact(values, null, [])).toBeNull();
  });

  it('an edit keeping its own name and email never clashes; changing to another contact’s does', () => {
    const mine = newManualContact(values, lcid('m'), 1);
    expect(clashingContact(values, mine, [synced, mine])).toBeNull();
    const other = newManualContact({ ...values, name: 'Jo S', identityKey: 'jo s\u0000jo@x.com' }, lcid('o'), 1);
    expect(clashingContact(values, other, [synced])).toBe(synced);
  });
});

describe('detach and removal rules (R4, R5, R6)', () => {
  it('a detached contact is manual, forced manual, findable by no source, and keeps its links for reference', () => {
    const record = contact('a', { missingInXpm: true, warnings: ['duplicate-merged'] });
    const detached = detachedContact(record, 99);
    expect(detached).toMatchObject({
      state: 'manual',
      forcedManual: true,
      sourceKeys: [],
      missingInXpm: false,
      warnings: [],
      updatedAt: 99,
    });
    expect(detached.links).toEqual(record.links);
  });

  it('only stale or missing synced records are removable', () => {
    expect(isRemovableContact(contact('a'))).toBe(false);
    expect(isRemovableContact(contact('a', { stale: 'superseded' }))).toBe(true);
    expect(isRemovableContact(contact('a', { missingInXpm: true }))).toBe(true);
    // A disconnect leaves missing contacts manual, still marked missing: still removable.
    expect(isRemovableContact(contact('a', { state: 'manual', missingInXpm: true }))).toBe(true);
    expect(isRemovableContact(contact('a', { state: 'manual' }))).toBe(false);
    expect(isRemovableClient({ missingInXpm: true })).toBe(true);
    expect(isRemovableClient({ missingInXpm: false })).toBe(false);
    expect(isRemovableStaff({ missingInXpm: true })).toBe(true);
  });
});
