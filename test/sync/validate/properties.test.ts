/** PT-3 / PT-4 properties of the validators (fast-check). Seeds are printed by fast-check on failure. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import {
  normaliseIdentity,
  validateClientPhone,
  validateEmail,
  validateMobile,
  validateName,
  type PhoneOptions,
} from '../../../src/sync/validate';
import { REJECTION_CODES, WARNING_CODES } from '../../../src/domain/reasons';

const RUNS = { numRuns: 500 };
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ maxLength: 1200 }),
);
const phoneText = fc.string({ unit: fc.constantFrom(...'0123456789 +-.()'), maxLength: 24 });
const phoneOptions = fc.record({
  defaultCountry: fc.constantFrom('AU', 'NZ', 'GB', 'US', 'CA', 'IE', 'SG', 'ZA', 'IN', 'au', 'XX', ''),
  rescueNumbers: fc.boolean(),
});

const isRejection = (code: string) => (REJECTION_CODES as readonly string[]).includes(code);
const isWarning = (code: string) => (WARNING_CODES as readonly string[]).includes(code);

describe('validators never throw, are deterministic and give one closed-list code', () => {
  it('validateName', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const result = validateName(raw);
        expect(validateName(raw)).toEqual(result);
        if (result.ok) {
          // idempotent on its own output
          expect(validateName(result.value)).toEqual(result);
        } else {
          expect(isRejection(result.code)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('validateEmail', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.emailAddress()), (raw) => {
        const result = validateEmail(raw);
        expect(validateEmail(raw)).toEqual(result);
        if (result.ok) expect(validateEmail(result.value)).toEqual(result);
        else expect(isRejection(result.code)).toBe(true);
      }),
      RUNS,
    );
  });

  it('validateMobile and validateClientPhone', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, phoneText), phoneOptions, (raw, options: PhoneOptions) => {
        for (const validate of [validateMobile, validateClientPhone]) {
          const result = validate(raw, options);
          expect(validate(raw, options)).toEqual(result);
          if (!result.ok) expect(isRejection(result.code)).toBe(true);
          else if (result.warning !== null) expect(isWarning(result.warning)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('normaliseIdentity holds the separator exactly once', () => {
    fc.assert(
      fc.property(anyText, anyText, (name, email) => {
        expect(normaliseIdentity(name, email).split('\u0000')).toHaveLength(2);
        expect(normaliseIdentity(name, email)).toBe(normaliseIdentity(name, email));
      }),
      RUNS,
    );
  });
});

describe('generated valid values pass', () => {
  it('every fast-check email address is accepted unchanged (RFC 5322 dot-atom)', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        // fast-check may generate domains whose last label is not letters (e.g. `a.b0`), which R2 refuses.
        fc.pre(/\.[a-z]{2,}$/i.test(email));
        expect(validateEmail(email)).toEqual({ ok: true, value: email });
      }),
      RUNS,
    );
  });

  it('an accepted mobile is E.164 that re-parses to itself and is accepted again unchanged', () => {
    fc.assert(
      fc.property(phoneText, phoneOptions, (raw, options: PhoneOptions) => {
        for (const result of [validateMobile(raw, options), validateClientPhone(raw, options)]) {
          if (!result.ok || result.value === null) continue;
          expect(result.value).toMatch(/^\+[1-9]\d{6,14}$/);
          expect(parsePhoneNumberFromString(result.value)?.number).toBe(result.value);
          expect(validateMobile(result.value, options)).toEqual({ ok: true, value: result.value, warning: null });
        }
      }),
      RUNS,
    );
  });

  it('AU mobiles 04xx xxx xxx in any common spelling are accepted', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^4[0-9]{8}$/), fc.constantFrom(' ', '-', '.', ''), (digits, sep) => {
        const e164 = `+61${digits}`;
        const parsed = parsePhoneNumberFromString(e164);
        fc.pre(parsed?.isValid() === true && parsed.getType() === 'MOBILE');
        const local = `0${digits.slice(0, 3)}${sep}${digits.slice(3, 6)}${sep}${digits.slice(6)}`;
        expect(validateMobile(local, { defaultCountry: 'AU', rescueNumbers: false })).toEqual({
          ok: true,
          value: e164,
          warning: null,
        });
      }),
      RUNS,
    );
  });
});

describe('hostile sizes', () => {
  it('1 MB values are refused quickly with field-too-long', () => {
    const huge = `0${'4'.repeat(1_000_000)}`;
    const started = Date.now();
    expect(validateMobile(huge, { defaultCountry: 'AU', rescueNumbers: true })).toEqual({
      ok: false,
      code: 'field-too-long',
      length: huge.length,
    });
    expect(validateClientPhone(huge, { defaultCountry: 'AU', rescueNumbers: true })).toMatchObject({
      code: 'field-too-long',
    });
    expect(validateEmail(`${huge}@x.com`)).toMatchObject({ code: 'field-too-long' });
    expect(validateName(`Jo ${huge}`)).toMatchObject({ code: 'field-too-long' });
    expect(normaliseIdentity(huge, huge)).toHaveLength(huge.length * 2 + 1);
    // generous bound: a linear scan of a few MB, not a regex blow-up
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('lone surrogates and NUL are handled without throwing', () => {
    for (const raw of ['\ud800', 'Jo\udfff Smith', '\u0000', 'jo@x.com\ud800', '0412\ud800345678']) {
      expect(() => validateName(raw)).not.toThrow();
      expect(() => validateEmail(raw)).not.toThrow();
      expect(() => validateMobile(raw, { defaultCountry: 'AU', rescueNumbers: true })).not.toThrow();
      expect(() => normaliseIdentity(raw, raw)).not.toThrow();
    }
    expect(validateEmail('jo@x.com\ud800')).toMatchObject({ ok: false, code: 'email-invalid' });
  });
});
