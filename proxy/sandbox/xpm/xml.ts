/**
 * XML text helpers for XPM's response style: one line, no declaration, no whitespace between
 * elements, `Yes`/`No` flags, empty collections self-closing as `<Contacts />` (xpm-api.md §1.3, §2.5).
 */

/** Characters XML 1.0 forbids (C0 controls except tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
const ILLEGAL_XML_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NEEDS_ESCAPE = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * Escapes element text. `&`, `<`, `>` become entities; CR becomes `&#xD;` so it survives a parser's
 * line-end normalisation; characters XML 1.0 cannot carry at all become U+FFFD, so no value a test
 * control stores can ever make the document ill-formed.
 */
export function escapeText(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value
    .replace(ILLEGAL_XML_CHARS, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#xD;');
}

/** `<Name>text</Name>`, emitted even when blank (XPM's rule for plain text fields). */
export function el(name: string, value: string): string {
  return `<${name}>${escapeText(value)}</${name}>`;
}

export function yesNo(flag: boolean): string {
  return flag ? 'Yes' : 'No';
}

/** A collection: `<Name>…</Name>`, or `<Name />` when it has no items. */
export function collection(name: string, items: string): string {
  return items === '' ? `<${name} />` : `<${name}>${items}</${name}>`;
}

/** The `api-method` attribute values seen in real responses (3.0 cassettes), per endpoint. */
export type ApiMethod = 'List' | 'PagedList' | 'Get' | 'Search';

export function responseOpen(method: ApiMethod): string {
  return `<Response api-method="${method}"><Status>OK</Status>`;
}

export const RESPONSE_CLOSE = '</Response>';

/** HTTP 200 with `<Status>ERROR</Status>`: XPM's application-error shape (xpm-api.md §1.4a). */
export function errorEnvelope(method: ApiMethod, description: string): string {
  return `<Response api-method="${method}"><Status>ERROR</Status>${el('ErrorDescription', description)}</Response>`;
}
