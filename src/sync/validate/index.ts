/**
 * The per-field validators of PRODUCT.md R2 (names, emails, mobiles) and the contact identity key
 * (R3), in one import. Each validator is total and deterministic, and a failing field yields
 * exactly one reason code.
 */
import { isSupportedCountry } from 'libphonenumber-js/max';

export { validateName, normaliseIdentity, type NameCheck } from './name';
export { validateEmail, type EmailCheck, type EmailProblem } from './email';
export {
  validateMobile,
  validateClientPhone,
  resolveDefaultCountry,
  type FoundNumber,
  type MobileCheck,
  type NumberProblem,
  type PhoneAsMobileCheck,
  type PhoneOptions,
} from './phone';
export { collapseWhiteSpace } from '../../domain/text';

/** True for an ISO 3166-1 alpha-2 code (upper case) that the phone metadata knows (Settings, CLI). */
export function isSupportedCountryCode(code: string): boolean {
  return isSupportedCountry(code);
}
