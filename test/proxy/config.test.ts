/**
 * Configuration from environment variables, and the CLI: invalid configuration exits 2 naming the
 * variable; a valid one serves on loopback and stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_HOST, DEFAULT_PORT, ENV_VARIABLES } from '../../proxy/config';

const ORIGINS = { PROXY_ALLOWED_ORIGINS: 'http://localhost:5173, https://contacts.example.com' };

describe('configFromEnv', () => {
  it('applies the documented defaults', () => {
    const result = configFromEnv(ORIGINS);
    expect(result).toEqual({
      ok: true,
      config: {
        port: DEFAULT_PORT,
        host: DEFAULT_HOST,
        allowedOrigins: ['http://localhost:5173', 'https://contacts.example.com'],
        identityUpstream: new URL('https://identity.xero.com'),
        apiUpstream: new URL('https://api.xero.com'),
        limits: {},
      },
    });
    expect(DEFAULT_PORT).toBe(8787);
    expect(DEFAULT_HOST).toBe('127.0.0.1');
  });

  it('reads every variable', () => {
    const result = configFromEnv({
      ...ORIGINS,
      PROXY_PORT: '0',
      PROXY_HOST: '::1',
      XERO_IDENTITY_URL: 'http://127.0.0.1:9400',
      XERO_API_URL: 'http://localhost:9400/',
      PROXY_MAX_BODY_BYTES: '8192',
      PROXY_MAX_RESPONSE_BYTES: '1048576',
      PROXY_HEADERS_TIMEOUT_MS: '1000',
      PROXY_IDLE_TIMEOUT_MS: '2000',
      PROXY_TOTAL_TIMEOUT_MS: '3000',
      PROXY_REQUEST_BODY_TIMEOUT_MS: '4000',
      PROXY_MAX_HEADER_BYTES: '4096',
      PROXY_MAX_CONCURRENT_PER_TENANT: '2',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({ port: 0, host: '::1' });
    expect(result.config.identityUpstream.href).toBe('http://127.0.0.1:9400/');
    expect(result.config.limits).toEqual({
      maxRequestBodyBytes: 8192,
      maxResponseBytes: 1048576,
      headersTimeoutMs: 1000,
      idleTimeoutMs: 2000,
      totalTimeoutMs: 3000,
      requestBodyTimeoutMs: 4000,
      maxHeaderValueBytes: 4096,
      maxConcurrentPerTenant: 2,
    });
    expect(ENV_VARIABLES).toHaveLength(13);
  });

  it.each([
    [{}, 'PROXY_ALLOWED_ORIGINS'],
    [{ PROXY_ALLOWED_ORIGINS: ' , ' }, 'PROXY_ALLOWED_ORIGINS'],
    [{ PROXY_ALLOWED_ORIGINS: '*' }, 'PROXY_ALLOWED_ORIGINS'],
    [{ PROXY_ALLOWED_ORIGINS: 'null' }, 'PROXY_ALLOWED_ORIGINS'],
    [{ PROXY_ALLOWED_ORIGINS: 'https://contacts.example.com/' }, 'PROXY_ALLOWED_ORIGINS'],
    [{ PROXY_ALLOWED_ORIGINS: 'http://contacts.example.com' }, 'PROXY_ALLOWED_ORIGINS'],
    [{ ...ORIGINS, PROXY_PORT: '70000' }, 'PROXY_PORT'],
    [{ ...ORIGINS, PROXY_PORT: 'eighty' }, 'PROXY_PORT'],
    [{ ...ORIGINS, PROXY_HOST: 'a b' }, 'PROXY_HOST'],
    [{ ...ORIGINS, XERO_API_URL: 'not a url' }, 'XERO_API_URL'],
    [{ ...ORIGINS, XERO_API_URL: 'http://api.xero.com' }, 'XERO_API_URL'],
    [{ ...ORIGINS, XERO_IDENTITY_URL: 'http://169.254.169.254' }, 'XERO_IDENTITY_URL'],
    [{ ...ORIGINS, XERO_IDENTITY_URL: 'https://u:p@identity.xero.com' }, 'XERO_IDENTITY_URL'],
    [{ ...ORIGINS, PROXY_MAX_RESPONSE_BYTES: '0' }, 'PROXY_MAX_RESPONSE_BYTES'],
    [{ ...ORIGINS, PROXY_TOTAL_TIMEOUT_MS: '-5' }, 'PROXY_TOTAL_TIMEOUT_MS'],
    [{ ...ORIGINS, PROXY_IDLE_TIMEOUT_MS: '1e3' }, 'PROXY_IDLE_TIMEOUT_MS'],
  ] as const)('%o is refused, naming %s', (env, variable) => {
    const result = configFromEnv(env);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.variable).toBe(variable);
    expect(result.message.length).toBeGreaterThan(5);
  });
});

/** Runs the CLI with the given environment; resolves with its exit code and output. */
function runCli(
  env: Record<string, string>,
  onStdout?: (text: string, kill: () => void) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/cli.ts'], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      onStdout?.(stdout, () => child.kill('SIGTERM'));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the CLI', () => {
  it('exits 2 with a message naming the variable when the configuration is invalid', async () => {
    const { code, stderr } = await runCli({
      PROXY_ALLOWED_ORIGINS: 'https://a.example',
      XERO_API_URL: 'http://evil.example',
    });
    expect(code).toBe(2);
    expect(stderr).toContain('XERO_API_URL');
    const missing = await runCli({});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('PROXY_ALLOWED_ORIGINS');
  });

  it('serves on loopback, logs JSON lines to stdout and stops on SIGTERM', async () => {
    let checked = false;
    let health: number | null = null;
    let output = '';
    let stop: () => void = () => undefined;
    let stopped = false;
    // Stops the proxy (one SIGTERM) once the health check has answered and its log line is out,
    // whichever comes last.
    const stopWhenLogged = () => {
      if (stopped || health === null || !output.includes('"event":"proxy.request"')) return;
      stopped = true;
      stop();
    };
    const result = await runCli({ PROXY_ALLOWED_ORIGINS: 'http://localhost:5173', PROXY_PORT: '0' }, (stdout, kill) => {
      output = stdout;
      stop = kill;
      stopWhenLogged();
      const started = /\{"event":"proxy\.started"[^\n]*\}/.exec(stdout)?.[0];
      if (started === undefined || checked) return;
      checked = true;
      const { url } = JSON.parse(started) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      void fetch(`${url}/healthz`).then(async (response) => {
        await response.text();
        health = response.status;
        stopWhenLogged();
      });
    });
    expect(health).toBe(200);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string });
    expect(lines.map((line) => line.event)).toEqual(['proxy.started', 'proxy.request', 'proxy.stopping']);
  });

  it('PROXY_MAX_RESPONSE_BYTES sets the byte cap: a small cap cuts a body streamed in small chunks', async () => {
    const cap = 64 * 1024;
    const chunk = '<Client><Name>A</Name></Client>'.repeat(32);
    let upstreamClosed = false;
    const upstream = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      const pump = () => {
        while (res.write(chunk)) {
          // keep writing until the socket pushes back
        }
      };
      res.on('drain', pump);
      res.on('close', () => {
        upstreamClosed = true;
      });
      pump();
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    let read: Promise<'broken' | 'complete'> | null = null;
    let stopping = false;
    try {
      const result = await runCli(
        {
          PROXY_ALLOWED_ORIGINS: 'http://localhost:5173',
          PROXY_PORT: '0',
          XERO_API_URL: upstreamUrl,
          PROXY_MAX_RESPONSE_BYTES: String(cap),
        },
        (stdout, kill) => {
          if (/"error":"PROXY_UPSTREAM_TOO_LARGE"/.test(stdout) && !stopping) {
            stopping = true;
            kill();
          }
          const started = /\{"event":"proxy\.started"[^\n]*\}/.exec(stdout)?.[0];
          if (started === undefined || read !== null) return;
          const { url } = JSON.parse(started) as { url: string };
          read = fetch(`${url}/xpm/3.1/client.api/list?detailed=true`, { headers: { origin: 'http://localhost:5173' } })
            .then((response) => response.arrayBuffer())
            .then(
              () => 'complete' as const,
              () => 'broken' as const,
            );
        },
      );
      expect(result.code).toBe(0);
      expect(await read).toBe('broken');
      const request = result.stdout
        .split('\n')
        .filter((line) => line.includes('"event":"proxy.request"'))
        .map((line) => JSON.parse(line) as { error: string; bytesOut: number });
      expect(request).toHaveLength(1);
      expect(request[0]?.error).toBe('PROXY_UPSTREAM_TOO_LARGE');
      expect(request[0]?.bytesOut).toBeLessThanOrEqual(cap);
      expect(request[0]?.bytesOut).toBeGreaterThan(cap / 2);
      expect(upstreamClosed).toBe(true);
    } finally {
      await new Promise<void>((resolve) => {
        upstream.closeAllConnections();
        upstream.close(() => resolve());
      });
    }
  });
});
