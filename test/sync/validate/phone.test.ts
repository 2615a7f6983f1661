import { describe, expect, it } from 'vitest';
import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import {
  resolveDefaultCountry,
  validateClientPhone,
  validateMobile,
  type PhoneOptions,
} from '../../../src/sync/validate';

const AU: PhoneOptions = { defaultCountry: 'AU', rescueNumbers: false };
const RESCUE: PhoneOptions = { defaultCountry: 'AU', rescueNumbers: true };
const inCountry = (defaultCountry: string, rescueNumbers = false): PhoneOptions => ({ defaultCountry, rescueNumbers });

describe('validateMobile (R2): accepted, stored as E.164', () => {
  it.each([
    ['0412 345 678', '+61412345678'],
    ['0412345678', '+61412345678'],
    ['0412-345-678', '+61412345678'],
    ['0412.345.678', '+61412345678'],
    ['(04) 1234 5678', '+61412345678'],
    ['0412\u2013345\u2013678', '+61412345678'], // en dashes pasted from a word processor
    ['0412\u00a0345\u00a0678', '+61412345678'], // NBSP
    ['  0412 345 678  ', '+61412345678'],
    ['+61 412 345 678', '+61412345678'],
    ['+61 (0) 412 345 678', '+61412345678'],
    ['+61412345678', '+61412345678'],
    ['+64 21 555 0199', '+64215550199'], // FuseSign: an international number written with + and code
    ['+44 7400 123456', '+447400123456'],
    ['0011 64 21 555 0199', '+64215550199'], // AU international dialling prefix
  ])('%j → %j (default AU)', (raw, e164) => {
    expect(validateMobile(raw, AU)).toEqual({ ok: true, value: e164, warning: null });
  });

  it.each(['', '   ', '\u00a0', '\t\n'])('blank %j → no mobile, allowed', (raw) => {
    expect(validateMobile(raw, AU)).toEqual({ ok: true, value: null, warning: null });
  });

  it.each([
    ['NZ', '021 555 0199', '+64215550199'],
    ['NZ', '+61 412 345 678', '+61412345678'],
    ['GB', '07400 123456', '+447400123456'],
    ['GB', '07400 123 456', '+447400123456'],
    ['US', '(201) 555-0123', '+12015550123'], // US numbers are FIXED_LINE_OR_MOBILE: accepted
    ['SG', '8123 4567', '+6581234567'],
  ])('default %s: %j → %j', (country, raw, e164) => {
    expect(validateMobile(raw, inCountry(country))).toEqual({ ok: true, value: e164, warning: null });
  });

  it('reads the default country case-insensitively', () => {
    expect(validateMobile('021 555 0199', inCountry(' nz '))).toEqual({
      ok: true,
      value: '+64215550199',
      warning: null,
    });
  });
});

describe('validateMobile (R2): not a mobile', () => {
  it.each([
    ['(02) 9876 5432', 'FIXED_LINE', '(02) 9876 5432'],
    ['02 9876 5432', 'FIXED_LINE', '(02) 9876 5432'],
    ['+61 2 9876 5432', 'FIXED_LINE', '(02) 9876 5432'],
    ['1300 123 456', 'SHARED_COST', '1300 123 456'],
    ['1800 123 456', 'TOLL_FREE', '1800 123 456'],
    // FuseSign: a NZ mobile written locally is read in the default country (here as a Sydney landline)
    ['021 555 0199', 'FIXED_LINE', '(02) 1555 0199'],
  ])('%j is mobile-not-mobile (%s) with default AU', (raw, type, national) => {
    const result = validateMobile(raw, AU);
    expect(result).toMatchObject({
      ok: false,
      code: 'mobile-not-mobile',
      found: { type, national, isMobile: false },
      country: 'AU',
    });
  });

  it.each([
    ['NZ', '03 234 5678'],
    ['GB', '0121 234 5678'],
  ])('default %s: landline %j is mobile-not-mobile', (country, raw) => {
    expect(validateMobile(raw, inCountry(country))).toMatchObject({ ok: false, code: 'mobile-not-mobile' });
  });
});

describe('validateMobile (R2): invalid', () => {
  it.each([
    ['0411 111 111 (Leanne)', '+61411111111', '(Leanne)'],
    ['mob: 0411 111 111', '+61411111111', 'mob:'],
    // libphonenumber reads an extension as part of the number it finds; E.164 has none
    ['0412 345 678 ext 5', '+61412345678', ''],
    ['0412 345 678 x5', '+61412345678', ''],
    ['0412 345 678;', '+61412345678', ';'],
    ['Leanne 0411111111', '+61411111111', 'Leanne'],
  ])('%j has extra text → mobile-invalid', (raw, e164, notes) => {
    expect(validateMobile(raw, AU)).toMatchObject({
      ok: false,
      code: 'mobile-invalid',
      problem: 'extra-text',
      found: { e164 },
      notes,
      rescuable: true,
    });
  });

  it.each(['ext 5', 'N/A', 'none', '0412/345/678', '++61 412 345 678', '0412+345678', '０４１２３４５６７８'])(
    '%j has characters other than digits, spaces, dashes, dots and brackets → mobile-invalid',
    (raw) => {
      expect(validateMobile(raw, AU)).toMatchObject({ ok: false, code: 'mobile-invalid', problem: 'extra-text' });
    },
  );

  it.each([
    '0412 345 67',
    '0412 345 6789 0',
    '+61 4123',
    '+999 412 345 678',
    '04',
    '---',
    '()',
    '0412345678 0412345678',
    '0061 412 345 678',
  ])('%j is not a valid number → mobile-invalid', (raw) => {
    expect(validateMobile(raw, AU)).toMatchObject({ ok: false, code: 'mobile-invalid', problem: 'not-a-number' });
  });

  it('GB mobile written locally with default AU is not an Australian number', () => {
    expect(validateMobile('07400 123456', AU)).toMatchObject({ ok: false, code: 'mobile-invalid', country: 'AU' });
  });

  it('an unknown default country reads only numbers with + and a country code', () => {
    expect(resolveDefaultCountry('XX')).toBeNull();
    expect(resolveDefaultCountry('')).toBeNull();
    expect(validateMobile('0412 345 678', inCountry('XX'))).toMatchObject({
      ok: false,
      code: 'mobile-invalid',
      country: null,
    });
    expect(validateMobile('+61 412 345 678', inCountry('XX'))).toEqual({
      ok: true,
      value: '+61412345678',
      warning: null,
    });
  });

  it('a 1,001-character mobile is field-too-long (exactly one code)', () => {
    expect(validateMobile('4'.repeat(1001), AU)).toEqual({ ok: false, code: 'field-too-long', length: 1001 });
    expect(validateMobile('4'.repeat(1000), AU)).toMatchObject({ ok: false, code: 'mobile-invalid' });
  });
});

describe('Rescue numbers with notes (R2 option)', () => {
  it('imports the one mobile found, with a mobile-rescued warning', () => {
    expect(validateMobile('0411 111 111 (Leanne)', RESCUE)).toMatchObject({
      ok: true,
      value: '+61411111111',
      warning: 'mobile-rescued',
      found: { e164: '+61411111111', national: '0411 111 111' },
      notes: '(Leanne)',
    });
  });

  it('takes the mobile when the notes also hold a landline', () => {
    expect(validateMobile('0411 111 111 (h: 02 9876 5432)', RESCUE)).toMatchObject({
      ok: true,
      value: '+61411111111',
      warning: 'mobile-rescued',
    });
  });

  it('the same mobile twice is still one number', () => {
    expect(validateMobile('0411 111 111 / +61 411 111 111', RESCUE)).toMatchObject({
      ok: true,
      value: '+61411111111',
      warning: 'mobile-rescued',
    });
  });

  it('rejects as before when the text holds two different mobiles', () => {
    expect(validateMobile('0411 111 111 / 0422 222 222', RESCUE)).toMatchObject({
      ok: false,
      code: 'mobile-invalid',
      rescuable: false,
    });
  });

  it('rejects as before when the only number is a landline (not what a Mobile accepts)', () => {
    expect(validateMobile('(02) 9876 5432 (office)', RESCUE)).toMatchObject({
      ok: false,
      code: 'mobile-invalid',
      rescuable: false,
    });
  });

  it('rejects as before when no valid number is in the text', () => {
    expect(validateMobile('0411 111 11 (Leanne)', RESCUE)).toMatchObject({
      ok: false,
      code: 'mobile-invalid',
      found: null,
    });
  });

  it('does not change numbers that are valid as written', () => {
    expect(validateMobile('0412 345 678', RESCUE)).toEqual({ ok: true, value: '+61412345678', warning: null });
    expect(validateMobile('(02) 9876 5432', RESCUE)).toMatchObject({ ok: false, code: 'mobile-not-mobile' });
  });

  it('off by default: the same text is rejected', () => {
    expect(validateMobile('0411 111 111 (Leanne)', AU)).toMatchObject({ ok: false, code: 'mobile-invalid' });
  });
});

describe('validateClientPhone: the client Phone as the mobile of a client-derived contact (R1b, R2)', () => {
  it('a valid mobile is used', () => {
    expect(validateClientPhone('0412 345 678', AU)).toEqual({ ok: true, value: '+61412345678', warning: null });
  });

  it('a landline gives no mobile and a phone-not-mobile warning', () => {
    expect(validateClientPhone('(02) 9876 5432', AU)).toMatchObject({
      ok: true,
      value: null,
      warning: 'phone-not-mobile',
      found: { type: 'FIXED_LINE' },
    });
    expect(validateClientPhone('1300 123 456', AU)).toMatchObject({
      ok: true,
      value: null,
      warning: 'phone-not-mobile',
    });
  });

  it('blank gives no mobile and no warning', () => {
    expect(validateClientPhone('  ', AU)).toEqual({ ok: true, value: null, warning: null });
  });

  it.each(['call reception', '0411 111 111 (Leanne)', '02 9876 54', '(02) 9876 5432 (reception)'])(
    '%j → mobile-invalid',
    (raw) => {
      expect(validateClientPhone(raw, AU)).toMatchObject({ ok: false, code: 'mobile-invalid' });
    },
  );

  it('rescue: a mobile with notes is rescued', () => {
    expect(validateClientPhone('0411 111 111 (Leanne)', RESCUE)).toMatchObject({
      ok: true,
      value: '+61411111111',
      warning: 'mobile-rescued',
    });
  });

  it('rescue: a landline with notes counts as a landline (no mobile, phone-not-mobile)', () => {
    expect(validateClientPhone('(02) 9876 5432 (reception)', RESCUE)).toMatchObject({
      ok: true,
      value: null,
      warning: 'phone-not-mobile',
      notes: '(reception)',
    });
  });

  it('rescue: text without any valid number is still rejected', () => {
    expect(validateClientPhone('call reception', RESCUE)).toMatchObject({ ok: false, code: 'mobile-invalid' });
  });
});

/**
 * PT-4, after libphonenumber's ExampleNumbersTest: for every country we claim to support, the
 * library's example mobile is accepted and an example fixed-line number is refused as a mobile.
 * The package ships only mobile examples (`libphonenumber-js/mobile/examples`); the fixed-line
 * examples below are Google's metadata examples (PhoneNumberMetadata.xml `fixedLine/exampleNumber`),
 * and each row also asserts the type the library gives it, so a metadata change shows up here.
 * Where fixed-line and mobile numbers are indistinguishable (US, CA, IN's example), the type is
 * FIXED_LINE_OR_MOBILE and R2 accepts it.
 */
const SUPPORTED: ReadonlyArray<{
  country: CountryCode;
  fixedLine: string;
  fixedType: 'FIXED_LINE' | 'FIXED_LINE_OR_MOBILE';
}> = [
  { country: 'AU', fixedLine: '212345678', fixedType: 'FIXED_LINE' },
  { country: 'NZ', fixedLine: '32345678', fixedType: 'FIXED_LINE' },
  { country: 'GB', fixedLine: '1212345678', fixedType: 'FIXED_LINE' },
  { country: 'US', fixedLine: '2015550123', fixedType: 'FIXED_LINE_OR_MOBILE' },
  { country: 'CA', fixedLine: '5062345678', fixedType: 'FIXED_LINE_OR_MOBILE' },
  { country: 'IE', fixedLine: '2212345', fixedType: 'FIXED_LINE' },
  { country: 'SG', fixedLine: '61234567', fixedType: 'FIXED_LINE' },
  { country: 'ZA', fixedLine: '101234567', fixedType: 'FIXED_LINE' },
  { country: 'IN', fixedLine: '7410410123', fixedType: 'FIXED_LINE_OR_MOBILE' },
  { country: 'IN', fixedLine: '1123456789', fixedType: 'FIXED_LINE' }, // Delhi (011) 2345 6789
  { country: 'HK', fixedLine: '21234567', fixedType: 'FIXED_LINE' },
  { country: 'MY', fixedLine: '323856789', fixedType: 'FIXED_LINE' },
  { country: 'PH', fixedLine: '282345678', fixedType: 'FIXED_LINE' },
  { country: 'FJ', fixedLine: '3212345', fixedType: 'FIXED_LINE' },
];

describe('PT-4: libphonenumber example numbers per supported country', () => {
  it.each(SUPPORTED.map((row) => [row.country, row] as const))('%s', (country, row) => {
    const example = getExampleNumber(country, mobileExamples);
    expect(example).toBeDefined();
    if (example === undefined) return;
    const options = inCountry(country);
    // The example mobile, written locally and internationally, is accepted as itself.
    expect(validateMobile(example.formatNational(), options)).toEqual({
      ok: true,
      value: example.number,
      warning: null,
    });
    expect(validateMobile(example.formatInternational(), AU)).toEqual({
      ok: true,
      value: example.number,
      warning: null,
    });

    const fixed = parsePhoneNumberFromString(row.fixedLine, country);
    expect(fixed?.isValid()).toBe(true);
    expect(fixed?.getType()).toBe(row.fixedType);
    if (fixed === undefined) return;
    const result = validateMobile(fixed.formatNational(), options);
    if (row.fixedType === 'FIXED_LINE') {
      expect(result).toMatchObject({ ok: false, code: 'mobile-not-mobile', found: { e164: fixed.number } });
      expect(validateClientPhone(fixed.formatInternational(), AU)).toMatchObject({
        ok: true,
        value: null,
        warning: 'phone-not-mobile',
      });
    } else {
      expect(result).toEqual({ ok: true, value: fixed.number, warning: null });
    }
  });
});
