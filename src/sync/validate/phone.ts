/**
 * Mobile numbers (PRODUCT.md R2) with libphonenumber-js and its full ("max") metadata, which
 * tells mobiles from landlines for every country, not only for AU (toolchain.md §4).
 *
 * A contact's Mobile:
 * - blank → allowed, no mobile;
 * - only digits, white space, dashes, dots, brackets and one leading `+` may appear; anything else
 *   (`0411 111 111 (Leanne)`, `ext 5`, `mob:`) is extra text → `mobile-invalid`;
 * - parsed as a whole (`extract: false`) against the default country (numbers without `+`), it must
 *   be `isValid()` and of type MOBILE, FIXED_LINE_OR_MOBILE or unknown; a valid number of another
 *   type (a landline, 1300, toll-free, …) → `mobile-not-mobile`; anything else → `mobile-invalid`;
 * - stored as E.164.
 * A client's Phone used as the mobile of a client-derived contact (R1b): a valid mobile is used; a
 * valid non-mobile number gives no mobile and a `phone-not-mobile` warning; blank gives no mobile;
 * anything else → `mobile-invalid`.
 * "Rescue numbers with notes": when the strict reading fails, the text is searched for numbers
 * (libphonenumber's findPhoneNumbersInText, the successor of findNumbers); exactly one distinct valid
 * mobile found → imported with a `mobile-rescued` warning. For a client Phone, a text holding only
 * valid non-mobile numbers then counts as a non-mobile phone (`phone-not-mobile`).
 */
import {
  findPhoneNumbersInText,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type NumberType,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { assertNever } from '../../domain/assert-never';
import { collapseWhiteSpace, isTooLong } from '../../domain/text';
import type { NumberProblem } from '../../domain/findings';

/** The characters a bare number may be written with (R2); `\p{Pd}` covers en/em dashes pasted from Word. */
const NUMBER_ONLY = /^\+?[0-9\s\p{Pd}.()]*$/u;

/** A number libphonenumber found, in the forms the wording layer needs. */
export interface FoundNumber {
  readonly e164: string;
  /** As it would be written locally, e.g. `0411 111 111`. */
  readonly national: string;
  readonly type: NumberType;
  readonly isMobile: boolean;
  /** The country the number belongs to, when the metadata says. */
  readonly country: CountryCode | null;
}

export interface PhoneOptions {
  /** ISO 3166-1 alpha-2; unsupported or blank means "no default": only `+` numbers can be valid. */
  readonly defaultCountry: string;
  readonly rescueNumbers: boolean;
}

/** Why a non-blank number was refused as `mobile-invalid` (declared with the other facts a finding keeps). */
export type { NumberProblem };

interface Refused {
  readonly ok: false;
  readonly code: 'mobile-invalid';
  readonly problem: NumberProblem;
  /** The first valid number found inside the text (for advice), even when rescue is off. */
  readonly found: FoundNumber | null;
  /** The text around the numbers found (e.g. `(Leanne)`), white space collapsed. */
  readonly notes: string;
  readonly country: CountryCode | null;
  /** Exactly one distinct mobile is in the text: "Rescue numbers with notes" would import it. */
  readonly rescuable: boolean;
}

interface TooLong {
  readonly ok: false;
  readonly code: 'field-too-long';
  readonly length: number;
}

export type MobileCheck =
  | { readonly ok: true; readonly value: string | null; readonly warning: null }
  | {
      readonly ok: true;
      readonly value: string;
      readonly warning: 'mobile-rescued';
      readonly found: FoundNumber;
      readonly notes: string;
    }
  | Refused
  | {
      readonly ok: false;
      readonly code: 'mobile-not-mobile';
      readonly found: FoundNumber;
      readonly country: CountryCode | null;
    }
  | TooLong;

export type PhoneAsMobileCheck =
  | Exclude<MobileCheck, { code: 'mobile-not-mobile' }>
  | {
      readonly ok: true;
      readonly value: null;
      readonly warning: 'phone-not-mobile';
      readonly found: FoundNumber;
      readonly notes: string;
    };

/** The default country as libphonenumber wants it, or null when the setting is not a known country. */
export function resolveDefaultCountry(setting: string): CountryCode | null {
  const code = setting.trim().toUpperCase();
  return isSupportedCountry(code) ? code : null;
}

function isMobileType(type: NumberType): boolean {
  // undefined: valid, but the metadata has no type for it; R2 gives it the benefit of the doubt.
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' || type === undefined;
}

/** Formatting is the slow part of libphonenumber, so this runs only for numbers an issue will show. */
function describe(number: PhoneNumber, type: NumberType = number.getType()): FoundNumber {
  return {
    e164: number.number,
    national: number.formatNational(),
    type,
    isMobile: isMobileType(type),
    country: number.country ?? null,
  };
}

/** The whole text as one valid number; libphonenumber is fenced so no input can make us throw. */
function parseWhole(text: string, country: CountryCode | null): Extract<Reading, { kind: 'mobile' | 'other' }> | null {
  try {
    const number = parsePhoneNumberFromString(text, { defaultCountry: country ?? undefined, extract: false });
    if (number === undefined || !number.isValid()) return null;
    const type = number.getType();
    return isMobileType(type)
      ? { kind: 'mobile', e164: number.number }
      : { kind: 'other', found: describe(number, type), country };
  } catch {
    return null;
  }
}

interface Search {
  readonly numbers: readonly FoundNumber[];
  readonly notes: string;
}

function search(text: string, country: CountryCode | null): Search {
  try {
    const matches = findPhoneNumbersInText(text, { defaultCountry: country ?? undefined });
    const numbers: FoundNumber[] = [];
    let notes = '';
    let from = 0;
    for (const match of matches) {
      if (!match.number.isValid()) continue;
      numbers.push(describe(match.number));
      notes += ` ${text.slice(from, match.startsAt)}`;
      from = match.endsAt;
    }
    return { numbers, notes: collapseWhiteSpace(`${notes} ${text.slice(from)}`) };
  } catch {
    return { numbers: [], notes: collapseWhiteSpace(text) };
  }
}

/** What the text holds, before the mobile/phone rules are applied. */
type Reading =
  | { readonly kind: 'blank' }
  | { readonly kind: 'too-long'; readonly length: number }
  /** The whole text is a valid mobile (or fixed-line-or-mobile, or of unknown type). */
  | { readonly kind: 'mobile'; readonly e164: string }
  /** The whole text is a valid number of another type (landline, 1300, …). */
  | { readonly kind: 'other'; readonly found: FoundNumber; readonly country: CountryCode | null }
  | {
      readonly kind: 'unreadable';
      readonly problem: NumberProblem;
      readonly numbers: readonly FoundNumber[];
      readonly notes: string;
      readonly country: CountryCode | null;
    };

function read(raw: string, defaultCountry: string): Reading {
  const text = raw.trim();
  if (text === '') return { kind: 'blank' };
  if (isTooLong(text)) return { kind: 'too-long', length: text.length };
  const country = resolveDefaultCountry(defaultCountry);
  const bare = NUMBER_ONLY.test(text);
  const whole = bare ? parseWhole(text, country) : null;
  if (whole !== null) return whole;
  const { numbers, notes } = search(text, country);
  return { kind: 'unreadable', problem: bare ? 'not-a-number' : 'extra-text', numbers, notes, country };
}

type Unreadable = Extract<Reading, { kind: 'unreadable' }>;

/** The single mobile a rescue may take: exactly one distinct valid mobile in the text. */
function rescuable(reading: Unreadable): FoundNumber | null {
  const seen = new Map<string, FoundNumber>();
  for (const n of reading.numbers) if (n.isMobile && !seen.has(n.e164)) seen.set(n.e164, n);
  const [only, ...others] = seen.values();
  return only !== undefined && others.length === 0 ? only : null;
}

function refuse(reading: Unreadable): Refused {
  return {
    ok: false,
    code: 'mobile-invalid',
    problem: reading.problem,
    found: reading.numbers[0] ?? null,
    notes: reading.notes,
    country: reading.country,
    rescuable: rescuable(reading) !== null,
  };
}

/** Validates a contact's Mobile (R2). */
export function validateMobile(raw: string, options: PhoneOptions): MobileCheck {
  const reading = read(raw, options.defaultCountry);
  switch (reading.kind) {
    case 'too-long':
      return { ok: false, code: 'field-too-long', length: reading.length };
    case 'blank':
      return { ok: true, value: null, warning: null };
    case 'mobile':
      return { ok: true, value: reading.e164, warning: null };
    case 'other':
      return { ok: false, code: 'mobile-not-mobile', found: reading.found, country: reading.country };
    case 'unreadable': {
      const rescued = options.rescueNumbers ? rescuable(reading) : null;
      return rescued === null
        ? refuse(reading)
        : { ok: true, value: rescued.e164, warning: 'mobile-rescued', found: rescued, notes: reading.notes };
    }
    default:
      return assertNever(reading, 'phone reading');
  }
}

/** Validates a client's Phone as the mobile of the client-derived contact (R1b, R2). */
export function validateClientPhone(raw: string, options: PhoneOptions): PhoneAsMobileCheck {
  const reading = read(raw, options.defaultCountry);
  switch (reading.kind) {
    case 'too-long':
      return { ok: false, code: 'field-too-long', length: reading.length };
    case 'blank':
      return { ok: true, value: null, warning: null };
    case 'mobile':
      return { ok: true, value: reading.e164, warning: null };
    case 'other':
      return { ok: true, value: null, warning: 'phone-not-mobile', found: reading.found, notes: '' };
    case 'unreadable': {
      if (!options.rescueNumbers) return refuse(reading);
      const rescued = rescuable(reading);
      if (rescued !== null) {
        return { ok: true, value: rescued.e164, warning: 'mobile-rescued', found: rescued, notes: reading.notes };
      }
      // Only non-mobile numbers with notes: what a bare landline in Phone would give.
      const [first] = reading.numbers;
      return first === undefined
        ? refuse(reading)
        : { ok: true, value: null, warning: 'phone-not-mobile', found: first, notes: reading.notes };
    }
    default:
      return assertNever(reading, 'phone reading');
  }
}
