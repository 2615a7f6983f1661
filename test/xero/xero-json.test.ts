/** Xero's JSON bodies: 401/403 problems and GET /connections (OAuth errors are oauth4webapi's job). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors';
import { parseConnections, practiceConnections, readConnections } from '../../src/xero/connections';
import { MAX_JSON_BODY_BYTES, readBoundedText } from '../../src/xero/json-body';
import type { XeroConnection } from '../../src/xero/types';
import { parseXeroProblem, readXeroProblem } from '../../src/xero/xero-problem';
import { prototypeUntouched } from './support/responses';
import { tid } from '../support/ids';

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('Xero problem bodies (401/403)', () => {
  it('classifies an expired token', async () => {
    const response = json(
      {
        Type: null,
        Title: 'Unauthorized',
        Status: 401,
        Detail: 'TokenExpired: token expired at 04/29/2020 09:22:02',
        Instance: 'f5a8a3c4-1b2d-4e6f-8a9b-0c1d2e3f4a5b',
        Extensions: {},
      },
      401,
    );
    expect(await readXeroProblem(response)).toEqual({
      kind: 'token-expired',
      status: 401,
      title: 'Unauthorized',
      detail: 'TokenExpired: token expired at 04/29/2020 09:22:02',
      instance: 'f5a8a3c4-1b2d-4e6f-8a9b-0c1d2e3f4a5b',
    });
  });

  it('reads lower-case and mixed-case keys', () => {
    expect(parseXeroProblem({ title: 'Unauthorized', status: 401, detail: 'TokenExpired: x' }).kind).toBe(
      'token-expired',
    );
    expect(parseXeroProblem({ DETAIL: 'tokenexpired: x', sTaTuS: '401' })).toMatchObject({
      kind: 'token-expired',
      status: 401,
    });
  });

  it('tells a bad token (401) from a bad tenant (403) with the same detail', () => {
    const body = { Title: 'Unauthorized', Status: 401, Detail: 'AuthenticationUnsuccessful' };
    expect(parseXeroProblem(body, 401).kind).toBe('authentication-unsuccessful');
    expect(parseXeroProblem({ ...body, Title: 'Forbidden', Status: 403 }, 403).kind).toBe('forbidden');
    expect(parseXeroProblem({ ...body, Status: 403 }).kind).toBe('forbidden');
  });

  it('classifies a missing scope, on 401 or 403', () => {
    expect(parseXeroProblem({ Detail: 'AuthorizationUnsuccessful' }, 401).kind).toBe('authorization-unsuccessful');
    expect(parseXeroProblem({ Detail: 'AuthorizationUnsuccessful' }, 403).kind).toBe('authorization-unsuccessful');
  });

  it('prefers the HTTP status and falls back to other', () => {
    expect(parseXeroProblem({ Status: 401, Detail: 'ServiceNotAvailable' }, 503)).toMatchObject({
      kind: 'other',
      status: 503,
    });
    expect(parseXeroProblem('not an object', 401)).toEqual({
      kind: 'other',
      status: 401,
      title: '',
      detail: '',
      instance: '',
    });
    expect(parseXeroProblem(null, 403).kind).toBe('forbidden');
  });

  it('survives an empty, HTML or huge body', async () => {
    expect((await readXeroProblem(new Response(null, { status: 401 }))).kind).toBe('other');
    expect((await readXeroProblem(new Response('<html>oops</html>', { status: 403 }))).kind).toBe('forbidden');
    const huge = JSON.stringify({ Detail: `TokenExpired ${'x'.repeat(MAX_JSON_BODY_BYTES)}` });
    expect(await readXeroProblem(new Response(huge, { status: 401 }))).toMatchObject({ kind: 'other', detail: '' });
  });

  it('caps long texts and ignores non-string fields', () => {
    const problem = parseXeroProblem({ Detail: `TokenExpired ${'x'.repeat(10_000)}`, Title: 42, Instance: { a: 1 } });
    expect(problem.detail).toHaveLength(300);
    expect(problem.title).toBe('');
    expect(problem.instance).toBe('');
  });

  it('never throws on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }), (value, status) => {
        const problem = parseXeroProblem(value, status);
        expect([
          'token-expired',
          'authentication-unsuccessful',
          'authorization-unsuccessful',
          'forbidden',
          'other',
        ]).toContain(problem.kind);
      }),
    );
  });
});

const PRACTICE = {
  id: 'e1eede29-f875-4a5d-8470-17f6a29a88b1',
  authEventId: 'd99ecdfe-391d-43d2-b834-17636ba90e8d',
  tenantId: tid('70784a63-d24b-46a9-a4db-0e70a274b056'),
  tenantType: 'PRACTICEMANAGER',
  tenantName: 'Example Practice',
  createdDateUtc: '2026-01-10T08:15:30.1234567',
  updatedDateUtc: '2026-01-10T08:15:30.1234567',
};

const ORGANISATION = {
  ...PRACTICE,
  id: '3f5b8a2c-6d7e-4f90-a1b2-c3d4e5f60718',
  tenantId: tid('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'),
  tenantType: 'ORGANISATION',
  tenantName: 'Example Accounting Org',
};

describe('GET /connections', () => {
  it('copies only the known fields of each connection', async () => {
    const connections = await readConnections(json([{ ...PRACTICE, extra: 'ignored' }]));
    expect(connections).toEqual<XeroConnection[]>([
      {
        id: PRACTICE.id,
        tenantId: PRACTICE.tenantId,
        tenantType: 'PRACTICEMANAGER',
        tenantName: 'Example Practice',
        createdDateUtc: '2026-01-10T08:15:30.1234567',
        updatedDateUtc: '2026-01-10T08:15:30.1234567',
      },
    ]);
    expect(Object.keys(connections[0] ?? {})).not.toContain('authEventId');
  });

  it('does not pollute Object.prototype through a "__proto__" key in the JSON text', async () => {
    const text = `[${JSON.stringify(PRACTICE).slice(0, -1)},"__proto__":{"polluted":"yes"}}]`;
    const connections = await readConnections(new Response(text, { headers: { 'content-type': 'application/json' } }));
    expect(connections).toHaveLength(1);
    expect(prototypeUntouched()).toBe(true);
  });

  it('skips malformed entries and keeps the rest', () => {
    const body = [
      PRACTICE,
      null,
      'text',
      [],
      { ...PRACTICE, id: '../../etc' },
      { ...PRACTICE, tenantId: 12 },
      { ...PRACTICE, tenantType: '' },
      { ...PRACTICE, tenantName: 7 },
      { ...PRACTICE, createdDateUtc: { date: 1 } },
      ORGANISATION,
    ];
    expect(parseConnections(body).map((c) => c.id)).toEqual([PRACTICE.id, ORGANISATION.id]);
  });

  it('reads a missing or null name or date as ""', () => {
    const [connection] = parseConnections([
      { id: PRACTICE.id, tenantId: PRACTICE.tenantId, tenantType: 'PRACTICEMANAGER', tenantName: null },
    ]);
    expect(connection).toEqual({
      id: PRACTICE.id,
      tenantId: PRACTICE.tenantId,
      tenantType: 'PRACTICEMANAGER',
      tenantName: '',
      createdDateUtc: '',
      updatedDateUtc: '',
    });
  });

  it('keeps only XPM practices when filtering', () => {
    const connections = parseConnections([
      ORGANISATION,
      PRACTICE,
      { ...ORGANISATION, tenantType: 'PRACTICE', id: '11111111-2222-4333-8444-555555555555' },
    ]);
    expect(practiceConnections(connections).map((c) => c.tenantName)).toEqual(['Example Practice']);
    expect(practiceConnections([])).toEqual([]);
  });

  it('rejects a body that is not a list', async () => {
    for (const body of [{ connections: [] }, 'x', null]) {
      expect(() => parseConnections(body)).toThrow(expect.objectContaining({ code: 'xpm/unexpected-content' }));
    }
    await expect(readConnections(new Response('<html></html>', { status: 200 }))).rejects.toMatchObject({
      code: 'xpm/unexpected-content',
    });
  });

  it('rejects a non-2xx response with its status', async () => {
    const error = await readConnections(json({ Title: 'Unauthorized' }, 401)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).detail.status).toBe(401);
  });
});

describe('bounded body reading', () => {
  it('returns null past the limit and the text within it', async () => {
    expect(await readBoundedText(new Response('abcdef'), 5)).toBeNull();
    expect(await readBoundedText(new Response('abcde'), 5)).toBe('abcde');
    expect(await readBoundedText(new Response(null))).toBe('');
  });
});
