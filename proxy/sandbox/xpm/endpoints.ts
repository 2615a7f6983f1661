/**
 * The five XPM read endpoints the sandbox serves, as bodies made of parts (cached client fragments
 * plus the envelope) for the streaming layer, in either API shape (xpm/api-shape.ts). Each returns
 * either a body or the error to send: an XPM application error (HTTP 200 + Status ERROR) or a 400
 * problem (paged-list parameters).
 */
import type { Practice } from '../context';
import type { ClientRecord, GroupRecord, StaffRecord } from '../data/model';
import type { ApiShape } from './api-shape';
import { xpmBasePath } from './api-shape';
import { utf8 } from './body-stream';
import type { ClientDetail } from './client-xml';
import { decodePageToken, encodePageToken, parsePageSize } from './paging';
import { parseModifiedSince } from './modified-since';
import type { Problem } from './problems';
import type { ApiMethod } from './xml';
import { RESPONSE_CLOSE, collection, el, errorEnvelope, responseOpen, yesNo } from './xml';

export type XpmEndpoint =
  | 'client.api/list'
  | 'client.api/paged-list'
  | 'client.api/get'
  | 'staff.api/list'
  | 'clientgroup.api/list';

export type EndpointResult =
  | { readonly kind: 'xml'; readonly method: ApiMethod; readonly parts: Iterable<Uint8Array> }
  | { readonly kind: 'app-error'; readonly method: ApiMethod; readonly description: string }
  | { readonly kind: 'problem'; readonly problem: Problem };

export interface EndpointRequest {
  readonly endpoint: XpmEndpoint;
  /** Query parameters by lower-cased name. */
  readonly query: ReadonlyMap<string, string>;
  /** The identifier of `get/{identifier}`, as written in the path. */
  readonly identifier: string | null;
  /** Public origin for WebUrl and pagination links. */
  readonly origin: string;
  /** The version in the request's path: pagination links point back at it. */
  readonly pathVersion: ApiShape;
  /** The shape to answer in. */
  readonly shape: ApiShape;
}

function* clientsBody(
  practice: Practice,
  method: ApiMethod,
  clients: readonly ClientRecord[],
  detail: ClientDetail,
  shape: ApiShape,
  tail: string,
): Generator<Uint8Array> {
  if (clients.length === 0) {
    yield utf8(`${responseOpen(method)}<Clients />${tail}${RESPONSE_CLOSE}`);
    return;
  }
  yield utf8(`${responseOpen(method)}<Clients>`);
  for (const client of clients) yield practice.fragments.get(client, detail, shape);
  yield utf8(`</Clients>${tail}${RESPONSE_CLOSE}`);
}

function parseDetailed(value: string | undefined): boolean | null {
  if (value === undefined) return false;
  const v = value.toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : null;
}

function list(practice: Practice, req: EndpointRequest): EndpointResult {
  const detailed = parseDetailed(req.query.get('detailed'));
  if (detailed === null)
    return { kind: 'app-error', method: 'List', description: 'The detailed parameter must be true or false' };
  const since = req.query.get('modifiedsince');
  let clients = practice.store.listClients();
  if (since !== undefined) {
    const sinceMs = parseModifiedSince(since);
    if (sinceMs === null) {
      return {
        kind: 'app-error',
        method: 'List',
        description: 'The modifiedsince parameter must be a date and time in the format yyyy-MM-ddTHH:mm:ss',
      };
    }
    clients = clients.filter((c) => c.modifiedAt >= sinceMs);
  }
  return {
    kind: 'xml',
    method: 'List',
    parts: clientsBody(practice, 'List', clients, detailed ? 'detailed' : 'list', req.shape, ''),
  };
}

function pagedList(practice: Practice, req: EndpointRequest): EndpointResult {
  const pageSize = parsePageSize(req.query.get('pagesize'));
  if (pageSize === null)
    return {
      kind: 'problem',
      problem: { status: 400, title: 'Bad Request', detail: 'pageSize must be a whole number from 1 to 500' },
    };
  const token = req.query.get('pagetoken');
  const after = token === undefined ? 0 : decodePageToken(token);
  if (after === null)
    return { kind: 'problem', problem: { status: 400, title: 'Bad Request', detail: 'The pageToken is not valid' } };
  const page: ClientRecord[] = [];
  let more = false;
  for (const client of practice.store.listClients()) {
    if (client.seq <= after || client.isArchived || client.isDeleted) continue; // non-archived, non-deleted only
    if (page.length === pageSize) {
      more = true;
      break;
    }
    page.push(client);
  }
  const base = `${req.origin}${xpmBasePath(req.pathVersion)}/client.api/paged-list`;
  const last = page[page.length - 1];
  const next = more && last ? el('Next', `${base}?pageToken=${encodePageToken(last.seq)}&pageSize=${pageSize}`) : '';
  const pagination = `<Pagination><Links>${el('First', `${base}?pageSize=${pageSize}`)}${next}</Links></Pagination>`;
  return {
    kind: 'xml',
    method: 'PagedList',
    parts: clientsBody(practice, 'PagedList', page, 'base', req.shape, pagination),
  };
}

const UUID_FORM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A positive integer that fits XPM's 32-bit ids (longer digit strings are simply unknown). */
const ID_FORM = /^[1-9]\d{0,9}$/;

/**
 * The client a `get/{identifier}` names. 3.1 addresses clients by UUID only (it replaced the
 * integer ids, xpm-api.md §1.1); 3.0 by its integer id (as recorded), and the sandbox also accepts
 * a UUID there, so a reader holding either identity can fetch the record.
 */
function clientFor(practice: Practice, identifier: string | null, shape: ApiShape): ClientRecord | undefined {
  if (identifier === null) return undefined;
  if (UUID_FORM.test(identifier)) return practice.store.getClient(identifier.toLowerCase());
  if (shape === '3.0' && ID_FORM.test(identifier)) return practice.store.getClientById(Number(identifier));
  return undefined;
}

function get(practice: Practice, req: EndpointRequest): EndpointResult {
  const client = clientFor(practice, req.identifier, req.shape);
  if (!client) return { kind: 'app-error', method: 'Get', description: 'Invalid client identifier' };
  // 3.1 puts WebUrl before the client (xpm-api.md §2.4); the recorded 3.0 answer has none.
  const webUrl = req.shape === '3.0' ? '' : el('WebUrl', `${req.origin}/Client/${client.uuid}/Detail`);
  return {
    kind: 'xml',
    method: 'Get',
    parts: [
      utf8(`${responseOpen('Get')}${webUrl}`),
      practice.fragments.get(client, 'detailed', req.shape),
      utf8(RESPONSE_CLOSE),
    ],
  };
}

/** `<UUID>` in 3.1, `<ID>` in 3.0 (a 3.0 staff member or group has no UUID: xpm-api.md §3, §2.5). */
function identityXml(record: { readonly uuid: string; readonly id: number }, shape: ApiShape): string {
  return shape === '3.0' ? el('ID', String(record.id)) : el('UUID', record.uuid);
}

function staffXml(s: StaffRecord, shape: ApiShape): string {
  return `<Staff>${identityXml(s, shape)}${el('Name', s.name)}${el('Email', s.email)}${el('Phone', s.phone)}${el('Mobile', s.mobile)}${el('Address', s.address)}${el('PayrollCode', s.payrollCode)}</Staff>`;
}

function groupXml(g: GroupRecord, shape: ApiShape): string {
  return `<Group>${identityXml(g, shape)}${el('Name', g.name)}${el('Taxable', yesNo(g.taxable))}</Group>`;
}

function staffList(practice: Practice, shape: ApiShape): EndpointResult {
  const items = practice.store
    .listStaff()
    .map((s) => staffXml(s, shape))
    .join('');
  return {
    kind: 'xml',
    method: 'List',
    parts: [utf8(`${responseOpen('List')}${collection('StaffList', items)}${RESPONSE_CLOSE}`)],
  };
}

function groupList(practice: Practice, shape: ApiShape): EndpointResult {
  const items = practice.store
    .listGroups()
    .map((g) => groupXml(g, shape))
    .join('');
  return {
    kind: 'xml',
    method: 'List',
    parts: [utf8(`${responseOpen('List')}${collection('Groups', items)}${RESPONSE_CLOSE}`)],
  };
}

export function runEndpoint(practice: Practice, req: EndpointRequest): EndpointResult {
  switch (req.endpoint) {
    case 'client.api/list':
      return list(practice, req);
    case 'client.api/paged-list':
      return pagedList(practice, req);
    case 'client.api/get':
      return get(practice, req);
    case 'staff.api/list':
      return staffList(practice, req.shape);
    case 'clientgroup.api/list':
      return groupList(practice, req.shape);
  }
}

export function appErrorBody(method: ApiMethod, description: string): Uint8Array {
  return utf8(errorEnvelope(method, description));
}
