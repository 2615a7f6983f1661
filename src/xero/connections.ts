/**
 * `GET /connections` → the tenants this grant may call (xpm-api.md §6.4). Only well-formed entries
 * are kept, each copied field by field into a fresh object.
 */
import { AppError } from '../domain/errors';
import type { XeroConnection } from './types';
import { asTenantId, isUuid } from '../domain/ids';
import { asObject, own, parseJson, readBoundedText } from './json-body';

/** The tenant type of an XPM practice ([R] in xpm-api.md §6.4; accounting organisations are ORGANISATION). */
export const PRACTICE_MANAGER_TENANT_TYPE = 'PRACTICEMANAGER';

/** Tenant names and timestamps are short; a longer value is cut rather than stored whole. */
export const MAX_CONNECTION_TEXT_CHARS = 500;

/** A string field that may be missing or null (→ ''); any other type makes the entry malformed. */
function optionalText(object: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = own(object, key);
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value.slice(0, MAX_CONNECTION_TEXT_CHARS) : undefined;
}

function toConnection(entry: unknown): XeroConnection | null {
  const object = asObject(entry);
  if (object === null) return null;
  const id = own(object, 'id');
  const tenantId = own(object, 'tenantId');
  const tenantType = own(object, 'tenantType');
  if (!isUuid(id) || !isUuid(tenantId)) return null;
  if (typeof tenantType !== 'string' || tenantType === '' || tenantType.length > 64) return null;
  const tenantName = optionalText(object, 'tenantName');
  const createdDateUtc = optionalText(object, 'createdDateUtc');
  const updatedDateUtc = optionalText(object, 'updatedDateUtc');
  if (tenantName === undefined || createdDateUtc === undefined || updatedDateUtc === undefined) return null;
  return { id, tenantId: asTenantId(tenantId), tenantType, tenantName, createdDateUtc, updatedDateUtc };
}

/** The valid connections in `body`; throws 'xpm/unexpected-content' when `body` is not an array. */
export function parseConnections(body: unknown): XeroConnection[] {
  if (!Array.isArray(body)) {
    throw new AppError(
      'xpm/unexpected-content',
      'Xero answered the connections request with something other than a list.',
    );
  }
  const connections: XeroConnection[] = [];
  for (const entry of body as unknown[]) {
    const connection = toConnection(entry);
    if (connection !== null) connections.push(connection);
  }
  return connections;
}

/** The XPM practices among the connections (C2). */
export function practiceConnections(connections: readonly XeroConnection[]): XeroConnection[] {
  return connections.filter((c) => c.tenantType === PRACTICE_MANAGER_TENANT_TYPE);
}

/** Reads a 2xx `GET /connections` response. */
export async function readConnections(response: Response): Promise<XeroConnection[]> {
  if (!response.ok) {
    response.body?.cancel().catch(() => undefined);
    throw new AppError('xpm/http-error', `Xero answered the connections request with HTTP ${response.status}.`, {
      status: response.status,
    });
  }
  const text = await readBoundedText(response);
  const body = text === null ? undefined : parseJson(text);
  return parseConnections(body);
}
