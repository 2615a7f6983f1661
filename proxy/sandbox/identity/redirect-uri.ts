/**
 * Which redirect URIs the sandbox accepts: loopback URLs on any port (the app in development, tests,
 * the built app on `npm start`) and an exact list given in the options. Xero checks registered URIs
 * exactly; a sandbox that cannot know the app's port accepts any loopback one instead. An invalid URI
 * is never redirected to (RFC 6749 §4.1.2.1): the user sees an error page.
 */

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isAllowedRedirectUri(uri: string, exact: readonly string[]): boolean {
  if (exact.includes(uri)) return true;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '' || url.hash !== '') return false;
  return LOOPBACK_HOSTS.has(url.hostname);
}
