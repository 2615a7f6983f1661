/**
 * Example mobiles from the phone metadata, for "e.g." advice. Read when a finding is made (its
 * `exampleMobile` fact) and by the manual-contact form's messages, so the wording of stored
 * findings never needs the metadata.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { getExampleNumber } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { internationalExample } from '../../domain/wording/words';

/** A local mobile as it is written in the default country (e.g. `0412 345 678`), for "e.g." advice. */
export function exampleMobile(country: CountryCode | null): string {
  if (country === null) return internationalExample(null);
  try {
    return getExampleNumber(country, mobileExamples)?.formatNational() ?? internationalExample(country);
  } catch {
    return internationalExample(country);
  }
}
