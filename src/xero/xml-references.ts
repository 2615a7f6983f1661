/**
 * Entity and character references (XML 1.0 §4.1, §4.6). With DTDs refused outright (dtd-guard.ts)
 * only the five predefined entities exist, so anything else is an error, never an expansion.
 */
import { isXmlChar } from './xml-chars';
import { malformed, quoted } from './xml-errors';

/**
 * Longest reference body accepted between `&` and `;`: far above the longest sensible one
 * (`#x10FFFF`, 8), while a stray `&` followed by megabytes is rejected instead of buffered.
 */
export const MAX_REFERENCE_CHARS = 32;

const HEX_REFERENCE = /^#x[0-9A-Fa-f]+$/;
const DECIMAL_REFERENCE = /^#[0-9]+$/;

/** What `&body;` stands for; throws 'xml/malformed' for an unknown entity or an illegal character. */
export function decodeReference(body: string): string {
  switch (body) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  let code = Number.NaN;
  if (HEX_REFERENCE.test(body)) code = Number.parseInt(body.slice(2), 16);
  else if (DECIMAL_REFERENCE.test(body)) code = Number.parseInt(body.slice(1), 10);
  else throw malformed(`unknown entity &${quoted(body)}; (only &amp; &lt; &gt; &quot; &apos; and &#…; are allowed)`);
  if (!isXmlChar(code)) throw malformed(`&${quoted(body)}; does not refer to a character XML allows`);
  return String.fromCodePoint(code);
}

/** `raw` with every reference replaced by what it stands for; throws if one is bad or lacks its `;`. */
export function decodeReferences(raw: string): string {
  let amp = raw.indexOf('&');
  if (amp === -1) return raw;
  let out = '';
  let from = 0;
  while (amp !== -1) {
    const semicolon = raw.indexOf(';', amp + 1);
    if (semicolon === -1 || semicolon - amp - 1 > MAX_REFERENCE_CHARS) {
      throw malformed('& that does not start a reference ending in ;');
    }
    out += raw.slice(from, amp) + decodeReference(raw.slice(amp + 1, semicolon));
    from = semicolon + 1;
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}
