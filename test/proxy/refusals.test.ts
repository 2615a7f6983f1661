/**
 * PX-6 for requests the handler never sees: Node's HTTP parser or the adapter refuses them (bare CR
 * or LF, headers over 16 KiB, Content-Length with Transfer-Encoding, TRACE, CONNECT, slow or reset
 * clients). Each still gets the proxy's JSON error with a closed `PROXY_*` code and leaves exactly
 * one log line, without secrets. Driven over real sockets against a real Node server on loopback.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROXY_ERROR_CODES } from '../../proxy/errors';
import { formatLogLine, type ProxyLogEntry } from '../../proxy/log';
import { startProxy, type RunningProxy } from '../../proxy/server';
import { APP_ORIGIN, spyFetch, TENANT_ID, waitFor, xmlOk } from './helpers';

const MARKER = `MARKER-SECRET-${Math.random().toString(36).slice(2)}`;
/** Short, so the slow-loris case ends quickly; Node checks the limit as often as it lasts. */
const HEADERS_ARRIVAL_MS = 200;

const spy = spyFetch(() => xmlOk());
const logs: ProxyLogEntry[] = [];
let proxy: RunningProxy;

beforeAll(async () => {
  proxy = await startProxy({
    port: 0,
    allowedOrigins: [APP_ORIGIN],
    fetch: spy.fetch,
    log: (entry) => logs.push(entry),
    requestHeadersTimeoutMs: HEADERS_ARRIVAL_MS,
  });
});

afterAll(async () => {
  await proxy.close();
});

beforeEach(() => {
  spy.calls.length = 0;
  logs.length = 0;
});

interface RawAnswer {
  readonly status: number;
  readonly text: string;
  readonly body: { error?: string; message?: string } | null;
}

/**
 * Opens a socket, lets `drive` write to it, and resolves with what came back once the server
 * closes the connection (status 0 when nothing did).
 */
function exchange(drive: (socket: Socket) => void): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(proxy.port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const json = text.slice(text.indexOf('\r\n\r\n') + 4);
      let body: RawAnswer['body'] = null;
      try {
        body = JSON.parse(json) as RawAnswer['body'];
      } catch {
        body = null;
      }
      resolve({ status, text, body });
    });
    socket.on('connect', () => drive(socket));
  });
}

const send = (bytes: string | Buffer) => exchange((socket) => socket.write(bytes));

const SECRET_HEADERS = [
  `Authorization: Bearer ${MARKER}-access`,
  `Xero-Tenant-Id: ${TENANT_ID}`,
  `Cookie: session=${MARKER}-cookie`,
  `Origin: ${APP_ORIGIN}`,
  'Host: 127.0.0.1',
].join('\r\n');

/** The single log line for the request, checked for secrets and, unless `handled`, for a refusal's shape. */
async function theLogLine(handled = false): Promise<ProxyLogEntry> {
  await waitFor(() => logs.length >= 1);
  expect(logs).toHaveLength(1);
  const entry = logs[0] as ProxyLogEntry;
  const line = formatLogLine(entry);
  expect(line).not.toContain('MARKER-SECRET');
  expect(line).not.toContain('Bearer');
  expect(line).not.toContain(TENANT_ID);
  expect(line).not.toMatch(/[\r\n]/);
  if (handled) return entry;
  expect(PROXY_ERROR_CODES).toContain(entry.error);
  expect(entry).toMatchObject({ event: 'proxy.request', route: 'unknown', upstreamStatus: null, tenant: null });
  return entry;
}

interface Case {
  readonly name: string;
  readonly bytes: string | Buffer;
  readonly status: number;
  readonly code: string;
  /** The method the log line names: `(unparsed)` when the parser never read one. */
  readonly method: string;
}

const CASES: readonly Case[] = [
  {
    name: 'a bare LF inside a header value',
    bytes: `GET /xpm/3.1/staff.api/list HTTP/1.1\r\n${SECRET_HEADERS}\r\nX-Split: a\nInjected: ${MARKER}\r\n\r\n`,
    status: 400,
    code: 'PROXY_BAD_REQUEST',
    method: '(unparsed)',
  },
  {
    name: 'a bare CR inside a header value',
    bytes: `GET /xpm/3.1/staff.api/list HTTP/1.1\r\n${SECRET_HEADERS}\r\nX-Split: a\rInjected: ${MARKER}\r\n\r\n`,
    status: 400,
    code: 'PROXY_BAD_REQUEST',
    method: '(unparsed)',
  },
  {
    name: 'bare LF line endings',
    bytes: `GET /xpm/3.1/staff.api/list HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer ${MARKER}\n\n`,
    status: 400,
    code: 'PROXY_BAD_REQUEST',
    method: '(unparsed)',
  },
  {
    name: 'headers over 16 KiB',
    bytes: `GET /xpm/3.1/staff.api/list HTTP/1.1\r\n${SECRET_HEADERS}\r\nX-Pad: ${MARKER}${'x'.repeat(20 * 1024)}\r\n\r\n`,
    status: 431,
    code: 'PROXY_HEADER_TOO_LARGE',
    method: '(unparsed)',
  },
  {
    name: 'Content-Length together with Transfer-Encoding (request smuggling)',
    bytes: `POST /oauth/token HTTP/1.1\r\n${SECRET_HEADERS}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 40\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nrefresh_token=${MARKER}`,
    status: 400,
    code: 'PROXY_BAD_REQUEST',
    method: '(unparsed)',
  },
  {
    name: 'two different Content-Lengths',
    bytes: `POST /oauth/token HTTP/1.1\r\n${SECRET_HEADERS}\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab`,
    status: 400,
    code: 'PROXY_BAD_REQUEST',
    method: '(unparsed)',
  },
  {
    name: 'a NUL byte in a header value',
    bytes: `GET /xpm/3.1/staff.api/list HTTP/1.1\r\n${SECRET_HEADERS}\r\nX-Nul: a\u0000${MARKER}\r\n\r\n`,
    status: 400,
    code: 'PROXY_BAD_REQUEST',
    method: '(unparsed)',
  },
  {
    name: 'TRACE (fetch cannot represent it)',
    bytes: `TRACE /xpm/3.1/staff.api/list HTTP/1.1\r\n${SECRET_HEADERS}\r\n\r\n`,
    status: 501,
    code: 'PROXY_METHOD_NOT_SUPPORTED',
    method: 'TRACE',
  },
  {
    name: 'TRACK (a method Node does not know either)',
    bytes: `TRACK /xpm/3.1/staff.api/list HTTP/1.1\r\n${SECRET_HEADERS}\r\n\r\n`,
    status: 501,
    code: 'PROXY_METHOD_NOT_SUPPORTED',
    method: '(unparsed)',
  },
  {
    name: 'CONNECT (never reaches a request handler)',
    bytes: `CONNECT api.xero.com:443 HTTP/1.1\r\nHost: api.xero.com:443\r\nProxy-Authorization: Basic ${MARKER}\r\n\r\n`,
    status: 501,
    code: 'PROXY_METHOD_NOT_SUPPORTED',
    method: 'CONNECT',
  },
  {
    name: 'a method Node does not know',
    bytes: `BREW /xpm/3.1/staff.api/list HTTP/1.1\r\n${SECRET_HEADERS}\r\n\r\n`,
    status: 501,
    code: 'PROXY_METHOD_NOT_SUPPORTED',
    method: '(unparsed)',
  },
  {
    name: 'TLS sent to the plain-HTTP port',
    bytes: Buffer.from('16030100a5010000a10303', 'hex'),
    status: 400,
    code: 'PROXY_BAD_REQUEST',
    method: '(unparsed)',
  },
  {
    name: 'an invalid HTTP version',
    bytes: `GET /xpm/3.1/staff.api/list HTTP/9.9\r\n${SECRET_HEADERS}\r\n\r\n`,
    status: 400,
    code: 'PROXY_BAD_REQUEST',
    method: '(unparsed)',
  },
];

describe('requests Node or the adapter refuse still get a PROXY_* answer and one log line', () => {
  it.each(CASES)('$name → $status $code', async ({ bytes, status, code, method }) => {
    const answer = await send(bytes);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error: code });
    expect(answer.text).toMatch(/\r\ncontent-type: application\/json/i);
    expect(answer.text).toMatch(/\r\nx-content-type-options: nosniff/i);
    expect(answer.text).not.toContain(MARKER);
    const entry = await theLogLine();
    expect(entry).toMatchObject({ status, error: code, method });
    expect(spy.calls).toHaveLength(0);
  });

  it('a client still sending its headers after the limit → 408 PROXY_REQUEST_TIMEOUT', async () => {
    const answer = await exchange((socket) => {
      socket.write(`GET /xpm/3.1/staff.api/list HTTP/1.1\r\nAuthorization: Bearer ${MARKER}\r\nX-Slow: `);
    });
    expect(answer.status).toBe(408);
    expect(answer.body).toMatchObject({ error: 'PROXY_REQUEST_TIMEOUT' });
    expect(await theLogLine()).toMatchObject({ status: 408, error: 'PROXY_REQUEST_TIMEOUT' });
    expect(spy.calls).toHaveLength(0);
  });

  it.each(['resets', 'closes'] as const)(
    'a client that %s the connection mid-headers is logged as PROXY_CLIENT_ABORTED',
    async (how) => {
      const answer = await exchange((socket) => {
        socket.write(`GET /xpm/3.1/staff.api/list HTTP/1.1\r\nAuthorization: Bearer ${MARKER}\r\n`, () => {
          if (how === 'resets') socket.resetAndDestroy();
          else socket.end();
        });
      });
      expect(answer.status).toBe(0);
      expect(await theLogLine()).toMatchObject({ status: 499, error: 'PROXY_CLIENT_ABORTED', method: '(unparsed)' });
      expect(spy.calls).toHaveLength(0);
    },
  );

  it('a malformed request pipelined behind a good one gets its own line; the good one keeps its own', async () => {
    await send(
      `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /xpm/3.1/staff.api/list HTTP/1.1\r\nX-Split: a\nb: ${MARKER}\r\n\r\n`,
    );
    await waitFor(() => logs.length === 2);
    expect(logs.map((entry) => entry.error).sort()).toEqual(['PROXY_BAD_REQUEST', null]);
    expect(logs.find((entry) => entry.error === null)).toMatchObject({ route: 'healthz', status: 200 });
    for (const entry of logs) expect(formatLogLine(entry)).not.toContain(MARKER);
    expect(spy.calls).toHaveLength(0);
  });

  it('a well-formed request on the same server is unaffected', async () => {
    const answer = await send(`GET /xpm/3.1/staff.api/list HTTP/1.1\r\n${SECRET_HEADERS}\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBe(200);
    expect(await theLogLine(true)).toMatchObject({ route: 'xpm-staff-list', error: null, method: 'GET' });
    expect(spy.calls).toHaveLength(1);
  });
});
