/**
 * Serves a web-standard fetch handler `(Request) => Promise<Response>` from node:http, streaming in
 * both directions with backpressure. The proxy and the sandbox are written as fetch handlers so the
 * proxy runs unchanged on edge runtimes; this is the only Node-specific piece they share.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

export type FetchHandler = (request: Request, info: RequestInfo) => Promise<Response>;

export interface RequestInfo {
  /** The peer address as node saw it (no proxy headers are trusted). */
  readonly remoteAddress: string;
  /**
   * The request target exactly as received, before URL parsing: `new Request()` resolves `..`,
   * `%2e%2e` and backslashes, so a handler that must reject them (the proxy, PX-1) needs the raw form.
   */
  readonly rawTarget: string;
}

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  close(): Promise<void>;
}

/** Methods whose requests may carry a body. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    const value = req.rawHeaders[i + 1];
    if (name !== undefined && value !== undefined && !name.startsWith(':')) headers.append(name, value);
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (BODY_METHODS.has(method)) {
    init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  // req.url is the raw request target; an absolute-form target is kept as-is for the handler to judge.
  const target = req.url ?? '/';
  let url: string;
  try {
    url = /^[a-z][a-z0-9+.-]*:\/\//i.test(target)
      ? target
      : new URL(origin).origin + (target.startsWith('/') ? target : `/${target}`);
    new URL(url);
  } catch {
    url = `${origin}/__invalid-request-target__`;
  }
  return new Request(url, init);
}

async function writeResponse(res: ServerResponse, response: Response, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return; // never produced by our handlers; dropped defensively
    headers[name] = value;
  });
  res.writeHead(response.status, response.statusText, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  let finished = false;
  try {
    for (;;) {
      if (signal.aborted) break;
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        break;
      }
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    res.end();
  } catch {
    // The body stream failed mid-way (upstream cut, limit hit): end the connection abruptly so the
    // client sees a broken body rather than a short, seemingly complete one.
    res.destroy();
  } finally {
    // The client left or the body failed: cancel the handler's stream so its source stops producing.
    if (!finished) reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** Starts a server on host:port (port 0 picks a free one). */
export async function serve(handler: FetchHandler, options: { port: number; host?: string }): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const address = server.address() as AddressInfo;
    const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    const info: RequestInfo = { remoteAddress: req.socket.remoteAddress ?? '', rawTarget: req.url ?? '' };
    let request: Request;
    try {
      request = toRequest(req, origin, controller.signal);
    } catch {
      // A request fetch cannot represent (TRACE, TRACK): the client's fault, not a server failure.
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'bad-request', message: 'The request method or target is not supported.' }));
      return;
    }
    void (async () => {
      try {
        const response = await handler(request, info);
        await writeResponse(res, response, controller.signal);
      } catch (error) {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'internal', message: 'The server failed to handle the request.' }));
        } else {
          res.destroy();
        }
        if (!controller.signal.aborted)
          console.error(JSON.stringify({ event: 'handler-failed', error: String(error) }));
      }
    })();
  });
  // A multi-minute 50 MB response must not be cut by Node's default timeouts; handlers own their limits.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    // An IPv6 literal needs brackets in a URL (`http://[::1]:8787`).
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
