/**
 * Links from the app into the XPM web app ("edit this in XPM", the CSV's link column).
 */
import { requireUuid } from './ids';
import { requireBaseUrl } from './request-inputs';

/** XPM's web app; the practice signs in there with its own Xero login. */
export const XPM_WEB_BASE = 'https://practicemanager.xero.com';

/**
 * `${webBase}/Client/${uuid}/Detail`. The documented WebUrl uses the old integer id
 * (`/Client/123/Detail`, xpm-api.md §2.4); that the same path accepts a v3.1 UUID is inferred, not
 * confirmed. Where a `get/{uuid}` response supplied its WebUrl, prefer that.
 */
export function xpmClientWebUrl(webBase: string, clientUuid: string): string {
  return `${requireBaseUrl(webBase, 'XPM web address')}/Client/${requireUuid(clientUuid, 'client id')}/Detail`;
}
