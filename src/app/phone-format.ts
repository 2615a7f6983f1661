/**
 * Mobile numbers as people write them. Contacts store mobiles in E.164 (+61412345678); the page
 * shows a number of the default country in its national format (0412 345 678) and other countries'
 * numbers in international format (+64 21 234 5678), keeping the E.164 value for hover, copy and
 * tel: links.
 *
 * A small table of the common national formats instead of libphonenumber-js: its metadata would
 * more than double the page's JavaScript (the library belongs to the worker, see countries.ts).
 * Numbers of countries not listed here, and numbers that fit no listed pattern, are shown exactly as
 * stored — never reformatted wrongly.
 */

/** One numbering pattern of a country: which national significant numbers it covers and how to write them. */
interface Pattern {
  /** The national significant number (after the country code). */
  readonly match: RegExp;
  /** How the digits are grouped, e.g. [3, 3, 3] for 412 345 678. */
  readonly groups: readonly number[];
  /** National format puts the trunk prefix and first group in brackets: (02) 1234 5678. */
  readonly areaInBrackets?: boolean;
}

interface NumberingPlan {
  readonly callingCode: string;
  /** Dialled before a national number inside the country ('0'), or '' where there is none. */
  readonly trunkPrefix: string;
  readonly patterns: readonly Pattern[];
  /** A whole-number national format, where grouping alone cannot express it (North America). */
  readonly national?: (digits: string) => string | null;
}

const AU: NumberingPlan = {
  callingCode: '61',
  trunkPrefix: '0',
  patterns: [
    { match: /^[45]\d{8}$/, groups: [3, 3, 3] }, // mobiles: 0412 345 678
    { match: /^[2378]\d{8}$/, groups: [1, 4, 4], areaInBrackets: true }, // (02) 1234 5678
  ],
};

const NZ: NumberingPlan = {
  callingCode: '64',
  trunkPrefix: '0',
  patterns: [
    { match: /^2\d{7}$/, groups: [2, 3, 3] }, // 021 123 456
    { match: /^2\d{8}$/, groups: [2, 3, 4] }, // 021 234 5678
    { match: /^2\d{9}$/, groups: [2, 4, 4] }, // 021 1234 5678
    { match: /^[34679]\d{7}$/, groups: [1, 3, 4] }, // 03 123 4567
  ],
};

const GB: NumberingPlan = {
  callingCode: '44',
  trunkPrefix: '0',
  patterns: [
    { match: /^7\d{9}$/, groups: [4, 6] }, // 07700 900123
    { match: /^2\d{9}$/, groups: [2, 4, 4] }, // 020 7946 0018
    { match: /^1\d{9}$/, groups: [4, 6] }, // 01632 960123
  ],
};

const IE: NumberingPlan = {
  callingCode: '353',
  trunkPrefix: '0',
  patterns: [{ match: /^8[3-9]\d{7}$/, groups: [2, 3, 4] }], // 085 123 4567
};

const ZA: NumberingPlan = {
  callingCode: '27',
  trunkPrefix: '0',
  patterns: [{ match: /^[1-9]\d{8}$/, groups: [2, 3, 4] }], // 071 123 4567
};

const SG: NumberingPlan = {
  callingCode: '65',
  trunkPrefix: '',
  patterns: [{ match: /^[3689]\d{7}$/, groups: [4, 4] }], // 8123 4567
};

const NANP: NumberingPlan = {
  callingCode: '1',
  trunkPrefix: '',
  patterns: [{ match: /^[2-9]\d{2}[2-9]\d{6}$/, groups: [3, 3, 4] }], // +1 201 555 0123
  national: (digits) =>
    /^[2-9]\d{2}[2-9]\d{6}$/.test(digits) ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` : null,
};

/** The numbering plans known here, by ISO country (the Settings page's default country). */
const PLANS: Readonly<Record<string, NumberingPlan>> = { AU, NZ, GB, IE, ZA, SG, US: NANP, CA: NANP };

/** Calling codes are prefix-free, so at most one plan matches a number. */
const BY_CALLING_CODE: readonly NumberingPlan[] = [...new Set(Object.values(PLANS))];

const E164 = /^\+[1-9]\d{6,14}$/;

function grouped(digits: string, groups: readonly number[]): string[] {
  const parts: string[] = [];
  let at = 0;
  for (const size of groups) {
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  return parts;
}

function planOf(e164: string): { readonly plan: NumberingPlan; readonly digits: string } | null {
  for (const plan of BY_CALLING_CODE)
    if (e164.startsWith(`+${plan.callingCode}`)) return { plan, digits: e164.slice(plan.callingCode.length + 1) };
  return null;
}

/**
 * An E.164 mobile for display: national format when it belongs to `defaultCountry`, else
 * international format; unchanged when its country or pattern is not known here.
 */
export function formatMobile(e164: string, defaultCountry: string): string {
  if (!E164.test(e164)) return e164;
  const found = planOf(e164);
  if (found === null) return e164;
  const { plan, digits } = found;
  const pattern = plan.patterns.find((p) => p.match.test(digits));
  if (pattern === undefined) return e164;
  const parts = grouped(digits, pattern.groups);
  if (PLANS[defaultCountry.toUpperCase()] !== plan) return `+${plan.callingCode} ${parts.join(' ')}`;
  const whole = plan.national?.(digits);
  if (whole !== undefined && whole !== null) return whole;
  const [first = '', ...rest] = parts;
  const area = `${plan.trunkPrefix}${first}`;
  return [pattern.areaInBrackets ? `(${area})` : area, ...rest].join(' ');
}
