/**
 * Wording of the mobile and phone findings (R2): `mobile-invalid`, `mobile-not-mobile`,
 * `phone-not-mobile` and `mobile-rescued`, for a contact's Mobile or a client's Phone (R1b).
 */
import { assertNever } from '../assert-never';
import type { Explanation, Finding, FoundNumber, Place, RegionCode } from '../findings';
import {
  capitalise,
  clientRef,
  countryName,
  fallbackAdvice,
  fallbackIntro,
  internationalExample,
  readingOf,
  q,
  subjectOf,
  whereInXpm,
} from './words';

type PhoneFinding = Extract<
  Finding,
  { code: 'mobile-invalid' | 'mobile-not-mobile' | 'phone-not-mobile' | 'mobile-rescued' }
>;

function overseasHint(country: RegionCode | null): string {
  return `If it is an overseas number, write it with + and the country code, e.g. ${internationalExample(country)}.`;
}

/** "checked as a number in Australia" — or why no country could be applied. */
function checkedAs(country: RegionCode | null): string {
  return country === null
    ? 'no valid default country is set in Settings, so only numbers starting with + and the country code can be read'
    : `numbers without + are read as numbers in ${countryName(country)}`;
}

/** "put only the number in Mobile (e.g. 0411 111 111); move notes like ‘(Leanne)’ to Position". */
function onlyTheNumber(field: string, example: string, notes: string, notesGoTo: string): string {
  const move = notes === '' ? `move any notes to ${notesGoTo}` : `move notes like ${q(notes)} to ${notesGoTo}`;
  return `put only the number in ${field} (e.g. ${example}); ${move}`;
}

function shown(found: FoundNumber): string {
  return `${found.national} (${found.e164})`;
}

function invalid(finding: Extract<PhoneFinding, { code: 'mobile-invalid' }>, place: Place, value: string): Explanation {
  const field = place.kind === 'contact' ? 'Mobile' : 'Phone';
  const example = finding.found?.isMobile ? finding.found.national : finding.exampleMobile;
  const extraText = finding.problem === 'extra-text';
  const what = extraText
    ? `${field} ${q(value.trim())} holds text besides a phone number`
    : `${field} ${q(value.trim())} is not a valid phone number (${checkedAs(finding.country)})`;
  // `fix` completes "… and …" / "or …"; `more` holds whole sentences that follow it.
  const fix = extraText
    ? onlyTheNumber(field, example, finding.notes, place.kind === 'contact' ? 'Position' : "the client's Notes")
    : `correct ${field}: write the full number, e.g. ${example}, or clear it if there is none`;
  const more = [
    extraText ? '' : overseasHint(finding.country),
    finding.rescuable
      ? 'Or turn on ‘Rescue numbers with notes’ in Settings to import the number and ignore the notes.'
      : '',
  ]
    .filter((sentence) => sentence !== '')
    .map((sentence) => ` ${sentence}`)
    .join('');
  switch (place.kind) {
    case 'contact':
      return {
        message: `${what}, so ${subjectOf(place)} was not imported.`,
        suggestion: `${whereInXpm(place)} and ${fix}.${more}`,
      };
    case 'client-details':
      return {
        message: `${fallbackIntro(place.client)}, but its ${what}.`,
        suggestion: `${fallbackAdvice(place.client, `correct the client's own Phone: ${fix}`, true)}${more}`,
      };
    case 'client':
    case 'staff':
      return { message: `${capitalise(what)}.`, suggestion: `${whereInXpm(place)} and ${fix}.${more}` };
    default:
      return assertNever(place, 'place');
  }
}

function notMobile(
  finding: Extract<PhoneFinding, { code: 'mobile-not-mobile' }>,
  place: Place,
  value: string,
): Explanation {
  const reading = readingOf(
    value,
    finding.found.national,
    finding.found.type,
    finding.found.country ?? finding.country,
  );
  return {
    message: `Mobile ${q(value.trim())} of ${subjectOf(place)} is ${reading}, not a mobile, so the contact was not imported.`,
    suggestion: `${whereInXpm(place)}: move this number to Phone and put their mobile number in Mobile, or leave Mobile blank. ${overseasHint(finding.country)}`,
  };
}

function phoneNotMobile(
  finding: Extract<PhoneFinding, { code: 'phone-not-mobile' }>,
  place: Place,
  value: string,
): Explanation {
  const client = place.kind === 'client-details' ? clientRef(place.client) : subjectOf(place);
  const notes = finding.notes === '' ? '' : ` (besides the notes ${q(finding.notes)})`;
  return {
    message: `${capitalise(client)} has no contact with a name and a valid email, so a contact was created from its own details; its Phone ${q(value.trim())} is ${readingOf(value, finding.found.national, finding.found.type, finding.found.country)}${notes}, so that contact has no mobile.`,
    suggestion: `To give the contact a mobile, add a contact with a name, email and mobile to ${client} in XPM (Client → Contacts).`,
  };
}

function rescued(finding: Extract<PhoneFinding, { code: 'mobile-rescued' }>, place: Place, value: string): Explanation {
  const field = place.kind === 'contact' ? 'Mobile' : 'Phone';
  const notesGoTo = place.kind === 'contact' ? 'Position' : "the client's Notes";
  return {
    message: `${field} ${q(value.trim())} of ${subjectOf(place)} holds notes besides the number; ${shown(finding.found)} was imported because ‘Rescue numbers with notes’ is on.`,
    suggestion: `${whereInXpm(place)} and ${onlyTheNumber(field, finding.found.national, finding.notes, notesGoTo)}.`,
  };
}

/** The message and suggestion for a phone finding. */
export function explainPhone(finding: PhoneFinding, place: Place, value: string): Explanation {
  switch (finding.code) {
    case 'mobile-invalid':
      return invalid(finding, place, value);
    case 'mobile-not-mobile':
      return notMobile(finding, place, value);
    case 'phone-not-mobile':
      return phoneNotMobile(finding, place, value);
    case 'mobile-rescued':
      return rescued(finding, place, value);
    default:
      return assertNever(finding, 'phone finding');
  }
}
