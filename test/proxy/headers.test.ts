/**
 * PX-4 header hygiene and PX-2 redirects: only allowlisted headers cross the proxy in either
 * direction, the rate-limit headers and Date are readable by the app, and a 3xx is never followed.
 */
import { describe, expect, it } from 'vitest';
import { EXPOSED_RESPONSE_HEADERS } from '../../proxy/cors';
import { APP_ORIGIN, CONNECTION_ID, corsVisibleHeaders, makeProxy, readJson, TENANT_ID, xmlOk } from './helpers';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('PX-4 response headers', () => {
  it('keeps only the allowlist: Set-Cookie, hop-by-hop, server banners and encodings are stripped', async () => {
    const proxy = makeProxy({
      respond: () =>
        xmlOk('<Response><Status>OK</Status></Response>', {
          'set-cookie': 'ARRAffinity=abc; Path=/; HttpOnly',
          'set-cookie2': 'legacy=1',
          connection: 'keep-alive',
          'keep-alive': 'timeout=5',
          'proxy-authenticate': 'Basic',
          'proxy-connection': 'keep-alive',
          trailer: 'x-checksum',
          upgrade: 'h2c',
          server: 'Kestrel',
          'x-powered-by': 'ASP.NET',
          'strict-transport-security': 'max-age=31536000',
          'access-control-allow-origin': '*',
          'access-control-allow-credentials': 'true',
          location: 'http://169.254.169.254/',
          'content-disposition': 'attachment',
          pragma: 'no-cache',
          expires: '0',
          date: 'Tue, 24 Nov 2026 03:00:00 GMT',
          'retry-after': '22',
          'x-minlimit-remaining': '59',
          'x-daylimit-remaining': '4987',
          'x-appminlimit-remaining': '9999',
          'x-rate-limit-problem': 'minute',
          'xero-correlation-id': 'c0ffee00-0000-4000-8000-000000000000',
          'www-authenticate': 'Bearer error=invalid_token',
          'cache-control': 'max-age=0, no-cache, no-store',
        }),
    });
    const response = await proxy.send('/xpm/3.1/staff.api/list', { headers: { 'xero-tenant-id': TENANT_ID } });
    const names: string[] = [];
    response.headers.forEach((_, name) => {
      names.push(name);
    });
    expect(names.sort()).toEqual(
      [
        'access-control-allow-origin',
        'access-control-expose-headers',
        'cache-control',
        'content-security-policy',
        'content-type',
        'date',
        'referrer-policy',
        'retry-after',
        'vary',
        'www-authenticate',
        'x-appminlimit-remaining',
        'x-content-type-options',
        'x-daylimit-remaining',
        'x-minlimit-remaining',
        'x-rate-limit-problem',
        'xero-correlation-id',
      ].sort(),
    );
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('<Response><Status>OK</Status></Response>');
  });

  it('keeps an honest Content-Length, drops it (and Content-Encoding) for an encoded body', async () => {
    const plain = makeProxy({ respond: () => xmlOk('12345', { 'content-length': '5' }) });
    const plainResponse = await plain.send('/xpm/3.1/staff.api/list');
    expect(plainResponse.headers.get('content-length')).toBe('5');

    const encoded = makeProxy({
      respond: () => xmlOk('decoded body', { 'content-encoding': 'gzip', 'content-length': '3' }),
    });
    const encodedResponse = await encoded.send('/xpm/3.1/staff.api/list');
    expect(encodedResponse.headers.get('content-length')).toBeNull();
    expect(encodedResponse.headers.get('content-encoding')).toBeNull();
    expect(await encodedResponse.text()).toBe('decoded body');
  });

  it('token and revocation answers are never cacheable', async () => {
    const proxy = makeProxy({
      respond: () =>
        new Response('{"access_token":"a","refresh_token":"r"}', {
          headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=3600' },
        }),
    });
    for (const path of ['/oauth/token', '/oauth/revoke']) {
      const response = await proxy.send(path, {
        method: 'POST',
        body: 'grant_type=refresh_token&refresh_token=r',
        headers: FORM,
      });
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it("an API answer without Cache-Control gets no-store; Xero's own Cache-Control is kept", async () => {
    const bare = makeProxy({ respond: () => xmlOk() });
    expect((await bare.send('/xpm/3.1/staff.api/list')).headers.get('cache-control')).toBe('no-store');
    const xero = makeProxy({ respond: () => xmlOk('x', { 'cache-control': 'max-age=0, no-cache, no-store' }) });
    expect((await xero.send('/xpm/3.1/staff.api/list')).headers.get('cache-control')).toBe(
      'max-age=0, no-cache, no-store',
    );
  });

  it('a 429 passes through with its empty body, and a browser script can read Retry-After and the limits', async () => {
    const proxy = makeProxy({
      respond: () =>
        new Response(null, {
          status: 429,
          headers: {
            'retry-after': '22',
            'x-rate-limit-problem': 'minute',
            'x-minlimit-remaining': '0',
            'x-daylimit-remaining': '4539',
            'x-appminlimit-remaining': '9938',
            'content-length': '0',
            date: 'Tue, 24 Nov 2026 03:00:00 GMT',
          },
        }),
    });
    const response = await proxy.send('/xpm/3.1/client.api/list?detailed=true', {
      headers: { 'xero-tenant-id': TENANT_ID },
    });
    expect(response.status).toBe(429);
    expect(await response.text()).toBe('');
    const visible = corsVisibleHeaders(response, APP_ORIGIN);
    for (const name of [
      'retry-after',
      'x-rate-limit-problem',
      'x-minlimit-remaining',
      'x-daylimit-remaining',
      'x-appminlimit-remaining',
      'date',
    ]) {
      expect(visible.has(name), name).toBe(true);
    }
    expect(response.headers.get('retry-after')).toBe('22');
    expect(EXPOSED_RESPONSE_HEADERS.split(', ')).toEqual(
      expect.arrayContaining([
        'Retry-After',
        'X-MinLimit-Remaining',
        'X-DayLimit-Remaining',
        'X-AppMinLimit-Remaining',
        'X-Rate-Limit-Problem',
        'Date',
        'Xero-Correlation-Id',
      ]),
    );
    expect(proxy.logs[0]).toMatchObject({ status: 429, upstreamStatus: 429, error: null });
  });

  it('upstream 401/403 JSON problem bodies and 200 + Status ERROR pass through unchanged', async () => {
    const problem =
      '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"TokenExpired: token expired","Instance":"x","Extensions":{}}';
    const proxy = makeProxy({
      respond: (call) =>
        call.url.includes('staff')
          ? new Response(problem, {
              status: 401,
              headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer error=invalid_token' },
            })
          : xmlOk(
              '<Response api-method="Get"><Status>ERROR</Status><ErrorDescription>Invalid client identifier</ErrorDescription></Response>',
            ),
    });
    const unauthorized = await proxy.send('/xpm/3.1/staff.api/list');
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('www-authenticate')).toBe('Bearer error=invalid_token');
    expect(await unauthorized.text()).toBe(problem);
    const logical = await proxy.send('/xpm/3.1/clientgroup.api/list');
    expect(logical.status).toBe(200);
    expect(await logical.text()).toContain('<Status>ERROR</Status>');
  });

  it('DELETE /connections/{id} passes a 204 with no body', async () => {
    const proxy = makeProxy({ respond: () => new Response(null, { status: 204 }) });
    const response = await proxy.send(`/connections/${CONNECTION_ID}`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer t' },
    });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(proxy.logs[0]).toMatchObject({ route: 'connections-delete', status: 204, upstreamStatus: 204 });
  });
});

describe('PX-4 request headers', () => {
  it('forwards only authorization, xero-tenant-id, accept (and content-type on forms) plus a fixed User-Agent', async () => {
    const proxy = makeProxy();
    await proxy.send('/xpm/3.1/staff.api/list', {
      headers: {
        authorization: 'Bearer a',
        'xero-tenant-id': TENANT_ID,
        cookie: 'a=1; b=2',
        'content-type': 'text/plain',
        'x-forwarded-for': '1.2.3.4',
        'x-forwarded-host': 'evil.example',
        'x-real-ip': '1.2.3.4',
        'xero-features': 'practice-strict-content-type',
        'if-none-match': '"etag"',
        range: 'bytes=0-10',
        'user-agent': 'curl/8',
      },
    });
    expect(proxy.calls[0]?.headers).toEqual({
      authorization: 'Bearer a',
      'xero-tenant-id': TENANT_ID,
      'user-agent': 'xpm-contact-sync-proxy/0.1',
    });
  });

  it('an over-long header → 431 with no upstream call', async () => {
    const proxy = makeProxy();
    const response = await proxy.send('/xpm/3.1/staff.api/list', {
      headers: { authorization: `Bearer ${'x'.repeat(9000)}` },
    });
    expect(response.status).toBe(431);
    expect(await readJson(response)).toMatchObject({ error: 'PROXY_HEADER_TOO_LARGE' });
    expect(proxy.calls).toHaveLength(0);
  });
});

describe('PX-2 redirects are never followed', () => {
  it.each([301, 302, 303, 307, 308])(
    'upstream %i → 502 PROXY_UPSTREAM_REDIRECT after exactly one call, made with redirect: manual',
    async (status) => {
      const proxy = makeProxy({
        respond: () =>
          new Response('moved', {
            status,
            headers: { location: 'http://169.254.169.254/latest/meta-data/', 'set-cookie': 's=1' },
          }),
      });
      for (const [path, init] of [
        ['/xpm/3.1/client.api/list', {}],
        ['/oauth/token', { method: 'POST', body: 'grant_type=x', headers: FORM }],
      ] as const) {
        const before = proxy.calls.length;
        const response = await proxy.send(path, init);
        expect(response.status).toBe(502);
        expect(await readJson(response)).toMatchObject({ error: 'PROXY_UPSTREAM_REDIRECT' });
        expect(response.headers.get('location')).toBeNull();
        expect(response.headers.get('set-cookie')).toBeNull();
        expect(proxy.calls.length - before).toBe(1);
        expect(proxy.calls.at(-1)?.redirect).toBe('manual');
      }
      expect(proxy.calls.every((call) => !call.url.includes('169.254'))).toBe(true);
      expect(proxy.logs.map((entry) => entry.error)).toEqual(['PROXY_UPSTREAM_REDIRECT', 'PROXY_UPSTREAM_REDIRECT']);
      expect(proxy.logs[0]?.upstreamStatus).toBe(status);
    },
  );
});
