/**
 * Links from the app into the XPM web app ("Edit this in XPM", the CSV's link column). Xero documents
 * the client page as `/Client/<integer id>/Detail` (xpm-api.md §2.4), so that form is used whenever the
 * response carried the integer `<ID>`; the UUID form, `/Client/<uuid>/Detail`, is inferred (not
 * documented) and used only when XPM sent no integer id.
 */
import { isUuid, NUMERIC_ID_PREFIX, isNumericXpmId } from './ids';

/** What a client link is built from: the XPM identity and, when XPM sent it, the integer id. */
export interface XpmClientRef {
  readonly xpmId: string;
  readonly xpmNumericId?: string | null;
}

/** The web base as configured, if it is an http(s) URL without credentials; else null. */
function webBase(xpmWebUrl: string): string | null {
  try {
    const url = new URL(xpmWebUrl);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '')
      return null;
  } catch {
    return null;
  }
  return xpmWebUrl.replace(/\/+$/, '');
}

/**
 * The XPM page of a client (its contacts are edited there too), or null when no safe link can be
 * built (an id in neither known form, or a bad base): ids go into the path only after their shape
 * is checked, so nothing can point elsewhere.
 */
export function xpmClientLink(xpmWebUrl: string, client: XpmClientRef): string | null {
  const base = webBase(xpmWebUrl);
  if (base === null) return null;
  const numeric =
    client.xpmNumericId != null && isNumericXpmId(client.xpmNumericId)
      ? client.xpmNumericId
      : client.xpmId.startsWith(NUMERIC_ID_PREFIX) && isNumericXpmId(client.xpmId.slice(NUMERIC_ID_PREFIX.length))
        ? client.xpmId.slice(NUMERIC_ID_PREFIX.length)
        : null;
  const segment = numeric ?? (isUuid(client.xpmId) ? client.xpmId : null);
  return segment === null ? null : `${base}/Client/${segment}/Detail`;
}
