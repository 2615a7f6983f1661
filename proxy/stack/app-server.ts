/**
 * Serves the built app (dist/) for `npm start`, end-to-end tests and benchmarks: static files with
 * the production security headers (strict CSP, no referrer), the runtime /config.json, and the
 * single-page-app fallback for client-side routes such as /callback.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
// The one config schema of the app (the stack serves the app, so it may use the app's domain core;
// the deployable proxy itself never imports src/).
import { type AppConfig, describeConfigProblem, parseAppConfig } from '../../src/domain/config';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Files whose names change with their content (Vite's hashed assets) may be cached for a year. */
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** Everything else is revalidated so a deploy is seen at once (PWA-3). */
const REVALIDATE = 'no-cache';

/** SEC-1: no inline script, no eval, connections only to this origin and the proxy. */
export function contentSecurityPolicy(proxyOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self' ${proxyOrigin}`,
    "worker-src 'self'",
    "img-src 'self' data:",
    "manifest-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

export function createAppServer(options: { distDir: string; config: AppConfig }) {
  // Checked with the same schema the page and the worker use, so `npm start` can never serve a
  // config.json the app would refuse.
  const checked = parseAppConfig(options.config);
  if (!checked.ok) throw new Error(describeConfigProblem(checked.problem));
  const root = normalize(options.distDir);
  const proxyOrigin = new URL(options.config.proxyUrl).origin;
  const securityHeaders = {
    'content-security-policy': contentSecurityPolicy(proxyOrigin),
    'x-content-type-options': 'nosniff',
    // The OAuth callback URL carries the code and state: never send it on as a Referer.
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'x-frame-options': 'DENY',
  };
  const configBody = JSON.stringify(checked.config, null, 2);

  async function file(path: string): Promise<Uint8Array | null> {
    const resolved = normalize(join(root, path));
    if (resolved !== root && !resolved.startsWith(root + sep)) return null;
    try {
      if (!(await stat(resolved)).isFile()) return null;
      return await readFile(resolved);
    } catch {
      return null;
    }
  }

  function respond(body: Uint8Array | string, type: string, cache: string, status = 200): Response {
    return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
      status,
      headers: { 'content-type': type, 'cache-control': cache, ...securityHeaders },
    });
  }

  return async function handle(request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return respond('Method not allowed', 'text/plain', REVALIDATE, 405);
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url).pathname);
    } catch {
      return respond('Bad request', 'text/plain', REVALIDATE, 400);
    }
    if (pathname.includes('\0')) return respond('Bad request', 'text/plain', REVALIDATE, 400);
    if (pathname === '/config.json')
      return respond(configBody, CONTENT_TYPES['.json'] ?? 'application/json', REVALIDATE);
    const extension = extname(pathname);
    const body = pathname === '/' ? null : await file(pathname);
    if (body) {
      const cache = pathname.startsWith('/assets/') ? IMMUTABLE_CACHE : REVALIDATE;
      return respond(body, CONTENT_TYPES[extension] ?? 'application/octet-stream', cache);
    }
    if (extension !== '' && pathname !== '/') return respond('Not found', 'text/plain', REVALIDATE, 404);
    const index = await file('index.html');
    if (!index) return respond('The app is not built: run `npm run build`.', 'text/plain', REVALIDATE, 503);
    return respond(index, CONTENT_TYPES['.html'] ?? 'text/html', REVALIDATE);
  };
}
