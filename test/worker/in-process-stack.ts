/**
 * The whole server side in one process, with no sockets: the sandbox behind the real CORS proxy, and
 * a fetch for the worker that adds the page's Origin like a browser does. Plus a "browser" that fills
 * in the sandbox's sign-in and consent pages.
 */
import { createSandbox, MAIN_PRACTICE_NAME, type Sandbox } from '../../proxy/sandbox';
import { createProxy } from '../../proxy/proxy';

export const APP_ORIGIN = 'http://localhost:4173';
export const PROXY_ORIGIN = 'http://localhost:4174';
/** The sandbox's nominal origin (also the OAuth issuer); requests never leave the process. */
export const SANDBOX_ORIGIN = 'http://127.0.0.1:4175';

export interface InProcessStack {
  readonly sandbox: Sandbox;
  /** What the worker uses as fetch: proxy-bound requests, with the page's Origin. */
  readonly appFetch: typeof fetch;
  readonly proxyLog: string[];
  /**
   * Resolves when the proxy and the sandbox are handling no request (so the counts are final). It
   * sees the requests already sent: after a run has ended the app sends none for it (the token
   * refresh of its other call included), so after the run's result nothing is still to come.
   */
  idle(): Promise<void>;
  /** Completes Xero's sign-in and consent for an authorize URL; returns the callback URL. */
  consent(authorizeUrl: string, organisations?: readonly string[]): Promise<string>;
  config: {
    clientId: string;
    proxyUrl: string;
    authorizeUrl: string;
    issuer: string;
    xpmWebUrl: string;
    upstreamLabel: string;
  };
}

export function inProcessStack(
  options: {
    clients?: number;
    seed?: number /** The sandbox's base clock (default Date.now): Xero's time. */;
    now?: () => number;
  } = {},
): InProcessStack {
  const sandbox = createSandbox({
    clients: options.clients ?? 60,
    seed: options.seed ?? 3,
    testControls: true,
    ...(options.now ? { now: options.now } : {}),
  });
  // Requests the proxy and the sandbox are still working on. The sandbox counts a request when its
  // handler returns, which can be after the app gave up on it (the proxy answers an aborted request
  // at once, and a run that failed does not wait for its other request): idle() waits for both.
  const inFlight = new Set<Promise<Response>>();
  let wakeWhenIdle: Array<() => void> = [];
  const track = (pending: Promise<Response>): Promise<Response> => {
    inFlight.add(pending);
    const settle = () => {
      inFlight.delete(pending);
      if (inFlight.size > 0) return;
      const wake = wakeWhenIdle;
      wakeWhenIdle = [];
      for (const resolve of wake) resolve();
    };
    pending.then(settle, settle);
    return pending;
  };
  const toSandbox = (request: Request): Promise<Response> =>
    track(sandbox.handler(new Request(request.url.replace(/^http:\/\/127\.0\.0\.1:4175/, SANDBOX_ORIGIN), request)));
  const idle = (): Promise<void> =>
    inFlight.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => wakeWhenIdle.push(resolve));
  const proxyLog: string[] = [];
  const proxy = createProxy({
    allowedOrigins: [APP_ORIGIN],
    identityUpstream: new URL(SANDBOX_ORIGIN),
    apiUpstream: new URL(SANDBOX_ORIGIN),
    fetch: (input, init) => toSandbox(new Request(input, init)),
    log: (entry) => proxyLog.push(JSON.stringify(entry)),
  });
  const appFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (!request.url.startsWith(PROXY_ORIGIN))
      throw new TypeError(`the app may only reach the proxy, not ${new URL(request.url).origin}`);
    const headers = new Headers(request.headers);
    headers.set('origin', APP_ORIGIN);
    return track(proxy(new Request(request, { headers })));
  };

  async function consent(
    authorizeUrl: string,
    organisations: readonly string[] = [MAIN_PRACTICE_NAME],
  ): Promise<string> {
    const form = (fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) body.append(k, value);
      return {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
        redirect: 'manual' as const,
      };
    };
    const signInPage = await (await sandbox.handler(new Request(authorizeUrl))).text();
    const flow = /name="flow" value="([^"]+)"/.exec(signInPage)?.[1] ?? '';
    const consentPage = await (
      await sandbox.handler(
        new Request(
          `${SANDBOX_ORIGIN}/identity/connect/authorize/login`,
          form({ flow, email: 'accountant@example.com', password: 'x' }),
        ),
      )
    ).text();
    const consentFlow = /name="flow" value="([^"]+)"/.exec(consentPage)?.[1] ?? '';
    const boxes = [...consentPage.matchAll(/name="tenant" value="([^"]+)"><label for="[^"]+">([^<]*)<\/label>/g)];
    const tenants = organisations.map((name) => boxes.find((m) => m[2] === name)?.[1] ?? `missing:${name}`);
    const allowed = await sandbox.handler(
      new Request(
        `${SANDBOX_ORIGIN}/identity/connect/authorize/consent`,
        form({ flow: consentFlow, action: 'allow', tenant: tenants }),
      ),
    );
    const location = allowed.headers.get('location');
    if (!location) throw new Error(`consent gave HTTP ${allowed.status} without a redirect`);
    return location;
  }

  return {
    sandbox,
    appFetch,
    proxyLog,
    idle,
    consent,
    config: {
      clientId: 'xpm-contact-sync-sandbox',
      proxyUrl: PROXY_ORIGIN,
      authorizeUrl: `${SANDBOX_ORIGIN}/identity/connect/authorize`,
      issuer: SANDBOX_ORIGIN,
      xpmWebUrl: SANDBOX_ORIGIN,
      upstreamLabel: 'Sandbox',
    },
  };
}
