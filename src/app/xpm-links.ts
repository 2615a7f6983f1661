/** Links into the XPM web app ("Edit this in XPM"); the base comes from the runtime config. */
import type { AppConfig } from '../worker/protocol';

/** The XPM page of a client (its contacts are edited there too). */
export function xpmClientUrl(config: Pick<AppConfig, 'xpmWebUrl'>, clientId: string): string {
  return `${config.xpmWebUrl.replace(/\/+$/, '')}/Client/${encodeURIComponent(clientId)}/Detail`;
}
