/**
 * Wording of the problems the New contact / Edit form shows (R8): each names the field, what is wrong
 * with the value typed and what to type instead. The checks are the sync's own (src/sync/validate), so a
 * value the form accepts is one a sync would accept too.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { assertNever } from '../../domain/assert-never';
import { MAX_FIELD_CHARS } from '../../domain/reasons';
import type { EmailProblem } from '../validate/email';
import type { FoundNumber } from '../validate/phone';
import { formatWholeNumber } from '../../domain/text';
import { countryName, internationalExample, numberKind, q } from '../../domain/wording/words';
import { exampleMobile } from './example-mobile';

/** What the form found wrong, with the facts its sentence needs. */
export type ManualFinding =
  | { readonly code: 'name-missing'; readonly blank: boolean }
  | { readonly code: 'email-missing' }
  | { readonly code: 'email-invalid'; readonly problem: EmailProblem; readonly addresses: readonly string[] }
  | {
      readonly code: 'mobile-invalid';
      readonly extraText: boolean;
      readonly found: FoundNumber | null;
      readonly country: CountryCode | null;
    }
  | { readonly code: 'mobile-not-mobile'; readonly found: FoundNumber; readonly country: CountryCode | null }
  | { readonly code: 'field-too-long'; readonly length: number }
  /** Another contact already has this name and email (R8). */
  | { readonly code: 'contact-exists'; readonly name: string; readonly email: string; readonly synced: boolean };

export type ManualField = 'name' | 'email' | 'mobile';

const LABEL: Readonly<Record<ManualField, string>> = { name: 'Name', email: 'Email', mobile: 'Mobile' };

function emailText(problem: EmailProblem, addresses: readonly string[]): string {
  switch (problem) {
    case 'several-addresses':
      return addresses[0] === undefined
        ? 'holds more than one address: keep one address and create a separate contact for each other person'
        : `holds more than one address: keep one (e.g. ${q(addresses[0])}) and create a separate contact for each other person`;
    case 'extra-text':
      return addresses[0] === undefined
        ? 'holds text besides the address: enter only the email address, with no names or notes'
        : `holds text besides the address: enter only ${q(addresses[0])}`;
    case 'no-at':
      return 'is not an email address (it has no @): enter one complete address such as jo@example.com';
    case 'local-part':
      return 'has an invalid part before the @: it cannot be empty, start or end with a dot, or have two dots in a row';
    case 'domain':
      return 'has an invalid domain after the @: it needs at least one dot, no empty parts, and must end in letters (e.g. example.com.au)';
    case 'too-long':
      return 'is longer than an email address can be: enter one complete address such as jo@example.com';
    default:
      return assertNever(problem, 'email problem');
  }
}

/** One sentence naming the field, the value and the fix. */
export function manualProblemMessage(field: ManualField, finding: ManualFinding, value: string): string {
  const label = LABEL[field];
  const typed = value.trim();
  switch (finding.code) {
    case 'name-missing':
      return finding.blank
        ? 'Name is empty: enter the person’s full name (e.g. Leanne Smith).'
        : `Name ${q(typed)} has no letters: enter the person’s full name (e.g. Leanne Smith).`;
    case 'email-missing':
      return 'Email is empty: enter the person’s email address (e.g. jo@example.com). A contact needs a name and an email.';
    case 'email-invalid':
      return `Email ${q(typed)} ${emailText(finding.problem, finding.addresses)}.`;
    case 'mobile-invalid': {
      const example = finding.found?.isMobile ? finding.found.national : exampleMobile(finding.country);
      if (finding.extraText)
        return `Mobile ${q(typed)} holds text besides a phone number: enter only the number (e.g. ${example}), or leave Mobile blank.`;
      const readAs =
        finding.country === null
          ? 'no valid default country is set in Settings, so only numbers starting with + and the country code can be read'
          : `numbers without + are read as numbers in ${countryName(finding.country)}, the default country in Settings`;
      return `Mobile ${q(typed)} is not a valid phone number (${readAs}): enter the full number (e.g. ${example}), write an overseas number with + and the country code (e.g. ${internationalExample(finding.country)}), or leave Mobile blank.`;
    }
    case 'mobile-not-mobile': {
      // A number typed without + was read in the default country: an overseas mobile written the local
      // way ("021 123 4567" in New Zealand) reads as a landline here, so say how to write it.
      const overseas = typed.startsWith('+')
        ? ''
        : `, write an overseas number with + and the country code (e.g. ${internationalExample(finding.country)}),`;
      return `Mobile ${q(typed)} is ${numberKind(finding.found.type)}${finding.found.country === null ? '' : ` in ${countryName(finding.found.country)}`}, not a mobile: enter a mobile number (e.g. ${exampleMobile(finding.country)})${overseas} or leave Mobile blank.`;
    }
    case 'field-too-long':
      return `${label} is ${formatWholeNumber(finding.length)} characters long; the limit is ${formatWholeNumber(MAX_FIELD_CHARS)}: shorten it.`;
    case 'contact-exists':
      return `Another contact already has this name and email: ${q(finding.name)} (${finding.email}, ${finding.synced ? 'synced from XPM' : 'manual'}). Change the name or the email, or edit that contact instead.`;
    default:
      return assertNever(finding, 'manual finding');
  }
}
