/**
 * Deno Deploy entry: `Deno.serve` with the same handler, configured from the environment (the
 * PROXY_* and XERO_* names in proxy/README.md; PROXY_PORT/PROXY_HOST are ignored here). The proxy's
 * imports omit the `.ts` extension, so bundle first (see README) or enable Deno's sloppy imports.
 */
import { configFromEnv } from '../config';
import { createProxy } from '../proxy';

/** The two members of the Deno namespace this entry uses (this repository has no Deno types). */
declare const Deno: {
  readonly env: { toObject(): Record<string, string> };
  serve(handler: (request: Request) => Promise<Response>): unknown;
};

const result = configFromEnv(Deno.env.toObject());
if (!result.ok) {
  // Failing at start makes the deployment fail visibly instead of serving 500s.
  throw new Error(`proxy: invalid configuration: ${result.variable} ${result.message}`);
}
const { allowedOrigins, identityUpstream, apiUpstream, limits } = result.config;
const handler = createProxy({ allowedOrigins, identityUpstream, apiUpstream, limits });

Deno.serve((request) => handler(request));
