/** How the XML reader reports a document that is not well-formed, without echoing hostile input. */
import { AppError } from '../domain/errors';

/** Longest piece of parser detail quoted in an error message, so hostile input is never echoed at length. */
const MAX_XML_ERROR_DETAIL_CHARS = 120;

/** Longest element, attribute or reference name quoted inside a detail, so a detail keeps room for what went wrong. */
const MAX_XML_QUOTED_NAME_CHARS = 40;

/** Quotes at most MAX_XML_ERROR_DETAIL_CHARS of untrusted text. */
export function clip(text: string, max = MAX_XML_ERROR_DETAIL_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** A name from the document, shortened for an error detail. */
export function quoted(name: string): string {
  return clip(name, MAX_XML_QUOTED_NAME_CHARS);
}

export function malformed(detail: string): AppError {
  return new AppError('xml/malformed', `The XPM response is not well-formed XML (${clip(detail)}).`);
}
