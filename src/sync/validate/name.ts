/**
 * Person and client names (PRODUCT.md R2, R9, R10) and the contact identity key (R3).
 */
import { collapseWhiteSpace, isTooLong } from '../../domain/text';

/** At least one letter of any script: a value of digits or punctuation only is not a name. */
const LETTER = /\p{L}/u;

export type NameCheck =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly code: 'name-missing'; readonly blank: boolean }
  | { readonly ok: false; readonly code: 'field-too-long'; readonly length: number };

/**
 * A person's name (R2): white space collapsed and trimmed; valid when non-empty and containing a
 * letter. Returns the normalised display name.
 */
export function validateName(raw: string): NameCheck {
  const name = collapseWhiteSpace(raw);
  if (name === '') return { ok: false, code: 'name-missing', blank: true };
  if (isTooLong(name)) return { ok: false, code: 'field-too-long', length: name.length };
  if (!LETTER.test(name)) return { ok: false, code: 'name-missing', blank: false };
  return { ok: true, value: name };
}

/**
 * Control characters (C0/C1, NUL included) count as white space in the identity key, so the
 * separator below can never occur inside either part and the key stays unambiguous.
 */
const IDENTITY_SPACE_RUN = /[\s\p{Cc}]+/gu;

/** Joins name and email in the identity key; it cannot survive IDENTITY_SPACE_RUN in either part. */
const IDENTITY_SEPARATOR = '\u0000';

function identityPart(value: string): string {
  // NFC first so composed and decomposed spellings agree; toLowerCase is locale-independent
  // (unlike toLocaleLowerCase); NFC again because lower-casing can leave a decomposed sequence.
  return value.normalize('NFC').toLowerCase().normalize('NFC').replace(IDENTITY_SPACE_RUN, ' ').trim();
}

/**
 * The contact identity key (R3): NFC, lower case, white space collapsed and trimmed, name and email
 * joined by a separator that cannot occur in either part. Used by the reconciler for matching.
 */
export function normaliseIdentity(name: string, email: string): string {
  return `${identityPart(name)}${IDENTITY_SEPARATOR}${identityPart(email)}`;
}
