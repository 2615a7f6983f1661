/**
 * The XML declaration (XML 1.0 §2.8): `<?xml version="1.x" encoding="…" standalone="yes|no"?>`,
 * pseudo-attributes in that order, only at the very start of the document. The body is already
 * decoded text by then, so the encoding name is checked for form only.
 */
import { malformed } from './xml-errors';

const S = '[ \\t\\n]';
const quotedValue = (pattern: string): string => `(?:"${pattern}"|'${pattern}')`;
/** §2.8 XMLDecl after the target, with `?>` removed. A 1.x version other than 1.0 is read as 1.0, as §2.8 asks of a 1.0 processor. */
const DECLARATION_BODY = new RegExp(
  `^${S}+version${S}*=${S}*${quotedValue('1\\.[0-9]+')}` +
    `(?:${S}+encoding${S}*=${S}*${quotedValue('[A-Za-z][A-Za-z0-9._-]*')})?` +
    `(?:${S}+standalone${S}*=${S}*${quotedValue('(?:yes|no)')})?${S}*$`,
);

/** Throws 'xml/malformed' unless `body` (what follows `<?xml` up to `?>`) is a valid declaration. */
export function checkDeclaration(body: string): void {
  if (!DECLARATION_BODY.test(body)) {
    throw malformed('the XML declaration must be <?xml version="1.0" [encoding="…"] [standalone="yes|no"]?>');
  }
}
