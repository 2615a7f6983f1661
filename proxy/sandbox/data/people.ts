/**
 * Builders for people, phone numbers, emails and addresses. Formats are the ones Australian and New
 * Zealand data entry produces: spaced and unspaced mobiles, bracketed area codes, `+61` and local forms.
 */
import type { Rng } from './prng';
import type { Place, TaxJurisdictionPlace } from './places';
import {
  FIRST_NAMES,
  LAST_NAMES,
  NZ_EMAIL_DOMAINS,
  PERSONAL_EMAIL_DOMAINS,
  STREET_NAMES,
  STREET_TYPES,
} from './vocabulary';

export interface Person {
  readonly firstName: string;
  readonly lastName: string;
  readonly name: string;
  readonly email: string;
  readonly mobile: string;
  readonly gender: 'Male' | 'Female' | '';
  readonly title: string;
}

/** Letters only, lower case, for email local parts and domains (`O'Brien` → `obrien`). */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** An Australian mobile in one of the ways people type them. */
export function auMobile(rng: Rng): string {
  const body = `4${rng.int(0, 3)}${rng.digits(7)}`; // 040x–043x: ranges allocated to mobiles
  const style = rng.int(0, 9);
  if (style < 5) return `0${body.slice(0, 3)} ${body.slice(3, 6)} ${body.slice(6)}`;
  if (style < 7) return `0${body}`;
  if (style < 9) return `+61 ${body.slice(0, 3)} ${body.slice(3, 6)} ${body.slice(6)}`;
  return `+61${body}`;
}

/** A landline for a place, e.g. `(02) 9876 5432`. */
export function landline(rng: Rng, place: Place): string {
  const rest = rng.digits(7);
  return `${place.landlinePrefix}${rest.slice(0, 3)} ${rest.slice(3)}`;
}

/** A mobile for someone living in a place: local numbers for AU, foreign ones for NZ/UK/other. */
export function mobileFor(rng: Rng, jurisdiction: TaxJurisdictionPlace, withPlus: boolean): string {
  if (jurisdiction.jurisdiction === 'AU') return auMobile(rng);
  const digits = rng.digits(7);
  switch (jurisdiction.place.country) {
    case 'New Zealand': {
      const prefix = rng.pick(['21', '22', '27']);
      return withPlus
        ? `+64 ${prefix} ${digits.slice(0, 3)} ${digits.slice(3)}`
        : `0${prefix} ${digits.slice(0, 3)} ${digits.slice(3)}`;
    }
    case 'United Kingdom':
      return withPlus
        ? `+44 79${digits.slice(0, 2)} ${digits.slice(2)}${rng.digits(1)}`
        : `079${digits.slice(0, 2)} ${digits.slice(2)}${rng.digits(1)}`;
    case 'Singapore':
      return withPlus ? `+65 9${digits.slice(0, 3)} ${digits.slice(3)}` : `9${digits.slice(0, 3)} ${digits.slice(3)}`;
    default:
      return withPlus ? `+1 415 555 01${digits.slice(0, 2)}` : `(415) 555-01${digits.slice(0, 2)}`;
  }
}

export function newPerson(rng: Rng, jurisdiction: TaxJurisdictionPlace, lastName?: string, withPlus = true): Person {
  const firstName = rng.pick(FIRST_NAMES);
  const last = lastName ?? rng.pick(LAST_NAMES);
  const gender = rng.pick(['Male', 'Female', ''] as const);
  const title =
    gender === 'Male'
      ? rng.pick(['Mr', 'Mr', 'Dr', ''])
      : gender === 'Female'
        ? rng.pick(['Ms', 'Mrs', 'Miss', 'Dr', ''])
        : '';
  const domains = jurisdiction.place.country === 'New Zealand' ? NZ_EMAIL_DOMAINS : PERSONAL_EMAIL_DOMAINS;
  const local = rng.pick([
    `${slug(firstName)}.${slug(last)}`,
    `${slug(firstName)}${slug(last)}${rng.int(1, 99)}`,
    `${slug(firstName).charAt(0)}${slug(last)}`,
    `${slug(firstName)}_${slug(last)}`,
  ]);
  return {
    firstName,
    lastName: last,
    name: `${firstName} ${last}`,
    email: `${local || 'client'}@${rng.pick(domains)}`,
    mobile: mobileFor(rng, jurisdiction, withPlus),
    gender,
    title,
  };
}

export function streetAddress(rng: Rng): string {
  const unit = rng.chance(0.2) ? `${rng.int(1, 40)}/` : '';
  return `${unit}${rng.int(1, 420)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_TYPES)}`;
}

/**
 * Each date string made once and shared: a practice holds a few dates per client from a few thousand
 * distinct days, and one copy per use cost ~2 MB per 15,000 clients. Bounded by the days in the
 * generator's ranges (under 35,000).
 */
const dates = new Map<number, string>();

/** `yyyy-MM-ddT00:00:00`, the list format of XPM dates. */
export function dateOnly(year: number, month: number, day: number): string {
  const key = year * 10_000 + month * 100 + day;
  let date = dates.get(key);
  if (date === undefined) {
    date = [year, '-', String(month).padStart(2, '0'), '-', String(day).padStart(2, '0'), 'T00:00:00'].join('');
    dates.set(key, date);
  }
  return date;
}
