/**
 * Xero's gateway error shape: a JSON "problem" body with PascalCase keys whose `Instance` is the
 * correlation id (xpm-api.md §1.4b). Used by the XPM endpoints and `/connections`.
 */
import { formatUsDateTime } from '../clock';
import { statusText } from '../http';

export interface Problem {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly wwwAuthenticate?: string;
}

export const AUTHENTICATION_UNSUCCESSFUL: Problem = {
  status: 401,
  title: 'Unauthorized',
  detail: 'AuthenticationUnsuccessful',
  wwwAuthenticate: 'Bearer error=invalid_token',
};

export function tokenExpired(expiredAt: number): Problem {
  return {
    status: 401,
    title: 'Unauthorized',
    detail: `TokenExpired: token expired at ${formatUsDateTime(expiredAt)}`,
    wwwAuthenticate: 'Bearer error=invalid_token',
  };
}

/** Seen on the Accounting API for a token without the scope (xpm-api.md §1.4b); the sandbox uses it for XPM too. */
export const INSUFFICIENT_SCOPE: Problem = {
  status: 401,
  title: 'Unauthorized',
  detail: 'AuthorizationUnsuccessful',
  wwwAuthenticate: 'insufficient_scope',
};

/** A missing, unknown or unconnected `xero-tenant-id`. */
export const FORBIDDEN_TENANT: Problem = { status: 403, title: 'Forbidden', detail: 'AuthenticationUnsuccessful' };

export const SERVICE_NOT_AVAILABLE: Problem = {
  status: 503,
  title: 'Service Unavailable',
  detail: 'ServiceNotAvailable',
};

export function problemResponse(
  problem: Problem,
  correlationId: string,
  headers: Record<string, string> = {},
): Response {
  const body = {
    Type: null,
    Title: problem.title,
    Status: problem.status,
    Detail: problem.detail,
    Instance: correlationId,
    Extensions: {},
  };
  return new Response(JSON.stringify(body), {
    status: problem.status,
    statusText: statusText(problem.status),
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'xero-correlation-id': correlationId,
      ...(problem.wwwAuthenticate ? { 'www-authenticate': problem.wwwAuthenticate } : {}),
      ...headers,
    },
  });
}

/** The bearer token from an `Authorization` header, or null. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
