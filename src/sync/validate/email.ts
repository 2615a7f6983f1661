/**
 * Email addresses (PRODUCT.md R2). One address only, nothing else in the field.
 *
 * Accepted shape (a practical subset of RFC 5322 `addr-spec`, extended for international mail):
 * - local part: dot-separated atoms of RFC 5322 `atext` (A–Z a–z 0–9 ! # $ % & ' * + - / = ? ^ _ `
 *   { | } ~) plus letters, marks and digits of any script (RFC 6531/6532, EAI); no quoted strings,
 *   comments or IP-literal domains (nobody types those into XPM, and mail clients mangle them);
 * - exactly one `@`;
 * - domain: at least two dot-separated labels of letters, marks, digits (any script, IDN) and inner
 *   hyphens; no empty label, no label starting or ending with a hyphen; the top-level label is 2+
 *   letters, or an ASCII punycode label (`xn--…`) for an IDN top-level domain.
 */
import { isTooLong } from '../../domain/text';
import type { EmailProblem } from '../../domain/findings';

/** RFC 5321 §4.5.3.1.1: longer local parts are undeliverable. */
const MAX_LOCAL_PART_CHARS = 64;
/** RFC 5321 §4.5.3.1.3 path limit minus the angle brackets: the longest address mail can carry. */
const MAX_ADDRESS_CHARS = 254;
/** RFC 1035 §2.3.4: a DNS label holds at most 63 octets. */
const MAX_LABEL_CHARS = 63;

const LOCAL_ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\p{L}\p{M}\p{N}]+$/u;
const DOMAIN_LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;
const LETTER_TLD = /^\p{L}{2,}$/u;
const PUNYCODE_TLD = /^xn--[a-z0-9-]+$/i;
/** Characters that separate an address from other text: white space, list separators, brackets. */
const SEPARATORS = /[\s,;<>()[\]"]+/u;
const LIST_SEPARATOR = /[,;]/u;
const WHITE_SPACE = /\s/u;

/** Why a non-blank email was refused (declared with the other facts a finding keeps). */
export type { EmailProblem };

export type EmailCheck =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly code: 'email-missing' }
  | {
      readonly ok: false;
      readonly code: 'email-invalid';
      readonly problem: EmailProblem;
      /** Valid addresses found inside the text (for advice such as "keep only jo@x.com"). */
      readonly addresses: readonly string[];
    }
  | { readonly ok: false; readonly code: 'field-too-long'; readonly length: number };

type Shape = 'ok' | 'no-at' | 'local-part' | 'domain' | 'too-long';

/** Checks one candidate address that holds no white space or separators. */
function shapeOf(address: string): Shape {
  const at = address.indexOf('@');
  if (at < 0) return 'no-at';
  if (address.indexOf('@', at + 1) >= 0) return 'local-part';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local === '' || !local.split('.').every((atom) => LOCAL_ATOM.test(atom))) return 'local-part';
  const labels = domain.split('.');
  const tld = labels[labels.length - 1] ?? '';
  if (
    labels.length < 2 ||
    !labels.every((label) => label.length <= MAX_LABEL_CHARS && DOMAIN_LABEL.test(label)) ||
    !(LETTER_TLD.test(tld) || PUNYCODE_TLD.test(tld))
  ) {
    return 'domain';
  }
  if (local.length > MAX_LOCAL_PART_CHARS || address.length > MAX_ADDRESS_CHARS) return 'too-long';
  return 'ok';
}

function validAddressesIn(text: string): string[] {
  return text.split(SEPARATORS).filter((token) => token !== '' && shapeOf(token) === 'ok');
}

/**
 * Validates an email (R2): trimmed; blank → `email-missing`; more than MAX_FIELD_CHARS →
 * `field-too-long`; anything but exactly one address → `email-invalid`. The case is kept.
 */
export function validateEmail(raw: string): EmailCheck {
  const email = raw.trim();
  if (email === '') return { ok: false, code: 'email-missing' };
  if (isTooLong(email)) return { ok: false, code: 'field-too-long', length: email.length };
  if (!SEPARATORS.test(email)) {
    const shape = shapeOf(email);
    if (shape === 'ok') return { ok: true, value: email };
    return { ok: false, code: 'email-invalid', problem: shape, addresses: [] };
  }
  const addresses = validAddressesIn(email);
  const atCount = email.split('@').length - 1;
  const several = addresses.length > 1 || (atCount > 1 && (LIST_SEPARATOR.test(email) || WHITE_SPACE.test(email)));
  return { ok: false, code: 'email-invalid', problem: several ? 'several-addresses' : 'extra-text', addresses };
}
