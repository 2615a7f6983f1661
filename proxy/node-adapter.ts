/**
 * Serves a web-standard fetch handler `(Request) => Promise<Response>` from node:http, streaming in
 * both directions with backpressure. The proxy and the sandbox are written as fetch handlers so the
 * proxy runs unchanged on edge runtimes; this is the only Node-specific piece they share.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, type Duplex } from 'node:stream';

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

/**
 * Why the server refused a request before the handler could see it: Node's HTTP parser rejected the
 * bytes (bare CR/LF, a malformed line, Content-Length with Transfer-Encoding), the headers were over
 * Node's 16 KiB limit or did not arrive in time, the method is one fetch cannot represent (TRACE,
 * TRACK, CONNECT) or the parser does not know, or the client reset the connection mid-request.
 */
export type RejectionReason =
  | 'malformed'
  | 'headers-too-large'
  | 'headers-timeout'
  | 'method-not-supported'
  | 'client-gone';

export interface Rejection {
  readonly reason: RejectionReason;
  /** The method as Node parsed it, or null when parsing failed before it. */
  readonly method: string | null;
}

/**
 * Answers (and may log) a refused request. The response is written straight to the socket, which is
 * then closed; for `client-gone` nothing can be written, but the handler is still called.
 */
export type RejectionHandler = (rejection: Rejection) => Response;

export interface ServeOptions {
  readonly port: number;
  readonly host?: string;
  /** Default: a small JSON error naming the reason, nothing logged. */
  readonly onRejected?: RejectionHandler;
  /** Time for a client to deliver its request line and headers; default DEFAULT_HEADERS_ARRIVAL_MS. */
  readonly headersTimeoutMs?: number;
}

/**
 * Headers are a few KiB and arrive in milliseconds; a client still sending them after a minute is a
 * slow-loris (nginx's default too).
 */
export const DEFAULT_HEADERS_ARRIVAL_MS = 60_000;
/** How often Node checks for clients over the headers limit (its own default); a shorter limit is checked as often as it lasts. */
const CONNECTIONS_CHECK_INTERVAL_MS = 30_000;

/** Status of the default answer to each refusal (the proxy maps them to its own codes instead). */
const REJECTION_STATUS: Readonly<Record<RejectionReason, number>> = Object.freeze({
  malformed: 400,
  'headers-too-large': 431,
  'headers-timeout': 408,
  'method-not-supported': 501,
  'client-gone': 499,
});

const defaultRejection: RejectionHandler = ({ reason }) =>
  new Response(JSON.stringify({ error: reason, message: 'The request was refused before it could be handled.' }), {
    status: REJECTION_STATUS[reason],
    headers: { 'content-type': 'application/json' },
  });

/** Methods fetch refuses to represent (the Fetch standard's forbidden methods). */
const FETCH_FORBIDDEN_METHODS: ReadonlySet<string> = new Set(['CONNECT', 'TRACE', 'TRACK']);
/** An HTTP method token followed by a space: the request line was well formed, the method unknown to Node. */
const METHOD_TOKEN_THEN_SPACE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32} /;
/**
 * A refused client gets this long to read its error before the socket is destroyed. The error is
 * a few hundred bytes; the wait lets the socket close cleanly, so the client is not reset before it
 * has read the answer.
 */
const REFUSED_SOCKET_LINGER_MS = 5_000;

/**
 * Maps a clientError to a reason. For an unknown method, `rawPacket` tells a well-formed request
 * line from garbage (e.g. TLS sent to the plain-HTTP port).
 */
function rejectionReason(error: Error & { code?: unknown; rawPacket?: unknown }): RejectionReason {
  const code = typeof error.code === 'string' ? error.code : '';
  if (code === 'HPE_HEADER_OVERFLOW') return 'headers-too-large';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'headers-timeout';
  // The connection ended (closed or reset) part-way through a request: the client left.
  if (code === 'HPE_INVALID_EOF_STATE') return 'client-gone';
  if (code === 'HPE_INVALID_METHOD') {
    const packet = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.toString('latin1', 0, 64) : '';
    return METHOD_TOKEN_THEN_SPACE.test(packet) ? 'method-not-supported' : 'malformed';
  }
  // Every other parser error is malformed input; anything else (ECONNRESET, EPIPE…) is a broken socket.
  return code.startsWith('HPE_') ? 'malformed' : 'client-gone';
}

/** Writes a small, complete response straight to a socket Node's HTTP layer has given up on, then closes it. */
async function writeRefusal(socket: Duplex, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  if (!socket.writable) return;
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? 'Error'}`];
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length' && name !== 'connection') lines.push(`${name}: ${value}`);
  });
  lines.push(`content-length: ${body.byteLength}`, 'connection: close', '', '');
  socket.end(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]));
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

/** Writes a small, complete response (a refusal) with its length, so the client can read it before the close. */
async function writeSmallResponse(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  headers['content-length'] = String(body.byteLength);
  res.writeHead(response.status, headers);
  res.end(body);
}

/** Starts a server on host:port (port 0 picks a free one). */
export async function serve(handler: FetchHandler, options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const onRejected = options.onRejected ?? defaultRejection;
  /** The request each socket is serving, so a socket error during it is left to that request's own handling. */
  const serving = new WeakMap<Duplex, IncomingMessage>();
  /** Sockets already refused: Node's parser reports every further chunk on them again. */
  const refused = new WeakSet<Duplex>();

  /** The handler's answer to a refusal; a handler that throws gets the default answer instead. */
  const answer = (rejection: Rejection): Response => {
    try {
      return onRejected(rejection);
    } catch {
      return defaultRejection(rejection);
    }
  };

  /**
   * Records a refusal and, when `reply` and the socket can still take it, writes the answer on the
   * raw socket before closing it. Each socket is refused once.
   */
  const refuse = (socket: Duplex, rejection: Rejection, reply: boolean): void => {
    if (refused.has(socket)) return;
    refused.add(socket);
    const response = answer(rejection);
    if (!reply || rejection.reason === 'client-gone' || !socket.writable) {
      socket.destroy();
      return;
    }
    setTimeout(() => socket.destroy(), REFUSED_SOCKET_LINGER_MS).unref();
    writeRefusal(socket, response).catch(() => socket.destroy());
  };

  const headersTimeoutMs = options.headersTimeoutMs ?? DEFAULT_HEADERS_ARRIVAL_MS;
  const connectionsCheckingInterval = Math.min(CONNECTIONS_CHECK_INTERVAL_MS, headersTimeoutMs);
  const server = createServer({ connectionsCheckingInterval }, (req, res) => {
    const controller = new AbortController();
    serving.set(req.socket, req);
    res.on('close', () => {
      if (serving.get(req.socket) === req) serving.delete(req.socket);
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
      const method = (req.method ?? '').toUpperCase();
      const response = answer({
        reason: FETCH_FORBIDDEN_METHODS.has(method) ? 'method-not-supported' : 'malformed',
        method: req.method ?? null,
      });
      res.shouldKeepAlive = false;
      writeSmallResponse(res, response).catch(() => res.destroy());
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
  server.on('clientError', (error: Error, socket: Duplex) => {
    const reason = rejectionReason(error);
    const current = serving.get(socket);
    if (current !== undefined && (reason === 'client-gone' || !current.complete)) {
      // The error belongs to the request being served (its body broke, or the client left): that
      // request ends, and logs, through its own handling once the socket closes.
      socket.destroy();
      return;
    }
    // A bad request pipelined behind one still being answered is logged, but nothing is written:
    // its answer would interleave with the response in progress.
    refuse(socket, { reason, method: null }, current === undefined);
  });
  // CONNECT never reaches the request handler; without a listener Node would drop the socket silently.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    refuse(socket, { reason: 'method-not-supported', method: req.method ?? 'CONNECT' }, true);
  });
  // A multi-minute 165 MB response must not be cut by Node's default timeouts; handlers own their limits.
  server.requestTimeout = 0;
  server.headersTimeout = headersTimeoutMs;
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
