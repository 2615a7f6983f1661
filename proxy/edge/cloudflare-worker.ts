/**
 * Cloudflare Workers entry: the same handler, configured from the Worker's environment variables
 * (the PROXY_* and XERO_* names in proxy/README.md; PROXY_PORT/PROXY_HOST are ignored here).
 * Bundle and deploy with wrangler: `main = "proxy/edge/cloudflare-worker.ts"` in wrangler.toml.
 */
import { configFromEnv } from '../config';
import { errorBody } from '../errors';
import { createProxy, type ProxyHandler } from '../proxy';

/** Worker bindings: plain-text variables arrive as strings. */
type WorkerEnv = Readonly<Record<string, string | undefined>>;

/** One handler per isolate, built on the first request (bindings are not available earlier). */
let handler: ProxyHandler | null = null;

function build(env: WorkerEnv): ProxyHandler | null {
  const result = configFromEnv(env);
  if (!result.ok) {
    console.error(JSON.stringify({ event: 'proxy.misconfigured', variable: result.variable, message: result.message }));
    return null;
  }
  const { allowedOrigins, identityUpstream, apiUpstream, limits } = result.config;
  return createProxy({ allowedOrigins, identityUpstream, apiUpstream, limits });
}

export default {
  async fetch(request: Request, env: WorkerEnv): Promise<Response> {
    handler ??= build(env);
    if (handler === null) {
      return new Response(errorBody('PROXY_INTERNAL'), {
        status: 500,
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
    }
    return handler(request);
  },
};
