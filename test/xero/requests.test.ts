/** Request builders and links (xpm-api.md §1.2, §2.2, §6.4). Pure: no request is ever sent. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectionsRequest, deleteConnectionRequest } from '../../src/xero/connection-requests';
import { clientListRequest, formatModifiedSince, staffListRequest } from '../../src/xero/xpm-requests';
import type { XpmCall } from '../../src/xero/xpm-requests';
import { tid } from '../support/ids';

const TENANT = tid('70784a63-d24b-46a9-a4db-0e70a274b056');
const CALL: XpmCall = {
  baseUrl: 'http://localhost:8787/xpm/3.1/',
  accessToken: 'eyJhbGciOi.payload.sig-_',
  tenantId: TENANT,
};

describe('XPM requests', () => {
  it('builds the full detailed client list', () => {
    const request = clientListRequest(CALL);
    expect(request.method).toBe('GET');
    expect(request.url).toBe('http://localhost:8787/xpm/3.1/client.api/list?detailed=true');
    expect(request.headers.get('authorization')).toBe('Bearer eyJhbGciOi.payload.sig-_');
    expect(request.headers.get('xero-tenant-id')).toBe(TENANT);
    expect(request.headers.get('accept')).toBe('text/xml');
    expect(request.redirect).toBe('error');
  });

  it('adds modifiedsince in UTC without milliseconds', () => {
    const request = clientListRequest(CALL, { modifiedSince: Date.UTC(2020, 4, 5, 6, 24, 31, 999) });
    const url = new URL(request.url);
    expect(url.searchParams.get('detailed')).toBe('true');
    expect(url.searchParams.get('modifiedsince')).toBe('2020-05-05T06:24:31');
    expect(request.url).toContain('modifiedsince=2020-05-05T06%3A24%3A31');
  });

  it('accepts a base URL with or without the trailing slash', () => {
    expect(staffListRequest({ ...CALL, baseUrl: 'https://proxy.example/xpm/3.1' }).url).toBe(
      'https://proxy.example/xpm/3.1/staff.api/list',
    );
    expect(staffListRequest(CALL).url).toBe('http://localhost:8787/xpm/3.1/staff.api/list');
  });

  it('passes the abort signal on', () => {
    const controller = new AbortController();
    const request = staffListRequest({ ...CALL, signal: controller.signal });
    controller.abort();
    expect(request.signal.aborted).toBe(true);
  });

  it.each([
    ['a tenant id with a path', { tenantId: tid('../connections') }],
    ['a tenant id with %', { tenantId: tid('%2e%2e') }],
    ['a tenant id that is not a UUID', { tenantId: tid('12345') }],
    ['an empty token', { accessToken: '' }],
    ['a token with a line break', { accessToken: 'abc\r\nX-Evil: 1' }],
    ['a token with a space', { accessToken: 'abc def' }],
    ['a base URL with a query', { baseUrl: 'http://localhost:8787/xpm/3.1/?x=1' }],
    ['a base URL with credentials', { baseUrl: 'http://user:pw@localhost:8787/xpm/3.1/' }],
    ['a non-http base URL', { baseUrl: 'file:///etc/passwd' }],
    ['a relative base URL', { baseUrl: '/xpm/3.1/' }],
  ])('rejects %s as input/invalid', (_label, change) => {
    expect(() => clientListRequest({ ...CALL, ...change })).toThrow(expect.objectContaining({ code: 'input/invalid' }));
  });

  it('never lets the tenant id or token reach a header unless they are safe', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (tenantId, accessToken) => {
        try {
          const request = staffListRequest({ ...CALL, tenantId: tid(tenantId), accessToken });
          expect(request.headers.get('xero-tenant-id')).toMatch(/^[0-9a-f-]{36}$/i);
          expect(request.headers.get('authorization')).toMatch(/^Bearer [\x21-\x7e]+$/);
        } catch (error) {
          expect(error).toMatchObject({ code: 'input/invalid' });
        }
      }),
    );
  });
});

describe('formatModifiedSince', () => {
  it('formats yyyy-MM-ddTHH:mm:ss in UTC', () => {
    expect(formatModifiedSince(Date.UTC(2012, 5, 5, 6, 0, 0))).toBe('2012-06-05T06:00:00');
    expect(formatModifiedSince(0)).toBe('1970-01-01T00:00:00');
    expect(formatModifiedSince(Date.UTC(2026, 0, 1, 23, 59, 59, 500))).toBe('2026-01-01T23:59:59');
  });

  it('rejects times it cannot express', () => {
    for (const ms of [Number.NaN, Infinity, -1, Date.UTC(10000, 0, 1)]) {
      expect(() => formatModifiedSince(ms)).toThrow(expect.objectContaining({ code: 'input/invalid' }));
    }
  });

  it('always has the exact shape and rounds down to the second', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59) }), (ms) => {
        const text = formatModifiedSince(ms);
        expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
        expect(Date.parse(`${text}Z`)).toBe(Math.floor(ms / 1000) * 1000);
      }),
    );
  });
});

describe('connections requests', () => {
  it('lists connections with the bearer token only', () => {
    const request = connectionsRequest('http://localhost:8787/connections', 'tok');
    expect(request.method).toBe('GET');
    expect(request.url).toBe('http://localhost:8787/connections');
    expect(request.headers.get('authorization')).toBe('Bearer tok');
    expect(request.headers.get('xero-tenant-id')).toBeNull();
  });

  it('deletes one connection by id', () => {
    const request = deleteConnectionRequest(
      'http://localhost:8787/connections/',
      'tok',
      'e1eede29-f875-4a5d-8470-17f6a29a88b1',
    );
    expect(request.method).toBe('DELETE');
    expect(request.url).toBe('http://localhost:8787/connections/e1eede29-f875-4a5d-8470-17f6a29a88b1');
  });

  it.each([
    '',
    '../tenants',
    'a/b',
    '%2e%2e',
    '..',
    'e1eede29-f875-4a5d-8470-17f6a29a88b1/..',
    'e1eede29-f875-4a5d-8470-17f6a29a88b1?x',
  ])('refuses to delete connection id %j', (id) => {
    expect(() => deleteConnectionRequest('http://localhost:8787/connections', 'tok', id)).toThrow(
      expect.objectContaining({ code: 'input/invalid' }),
    );
  });
});
