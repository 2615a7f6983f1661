/**
 * The proxy's closed list of error codes. Every response the proxy makes up itself is JSON
 * `{ "error": CODE, "message": text }`, so the app can tell a proxy refusal from an upstream answer.
 */

export const PROXY_ERRORS = {
  PROXY_BAD_REQUEST: {
    status: 400,
    message:
      'The request is not valid HTTP (a malformed request line or header, a bare CR or LF, or both Content-Length and Transfer-Encoding).',
  },
  PROXY_BAD_PATH: {
    status: 400,
    message: 'The request path is not allowed (encoded, dotted or absolute targets are refused).',
  },
  PROXY_ROUTE_NOT_FOUND: { status: 404, message: 'No such route on this proxy.' },
  PROXY_METHOD_NOT_ALLOWED: { status: 405, message: 'This route does not accept that method.' },
  PROXY_METHOD_NOT_SUPPORTED: {
    status: 501,
    message: 'The proxy does not carry this method on any route (only GET, POST, DELETE and OPTIONS).',
  },
  PROXY_BAD_TENANT: {
    status: 400,
    message:
      'The xero-tenant-id header must be one GUID, like 5b1f2c3a-8d4e-4f60-9a71-2c3d4e5f6a7b: the tenantId from GET /connections.',
  },
  PROXY_QUERY_NOT_ALLOWED: { status: 400, message: 'The query string has a parameter this route does not accept.' },
  PROXY_BAD_QUERY: { status: 400, message: 'A query parameter is repeated or has an invalid value.' },
  PROXY_ORIGIN_FORBIDDEN: { status: 403, message: 'This origin may not use the proxy.' },
  PROXY_PREFLIGHT_FORBIDDEN: {
    status: 403,
    message: 'The preflight asked for a method or header this route does not allow.',
  },
  PROXY_BODY_NOT_ALLOWED: { status: 400, message: 'This route takes no request body.' },
  PROXY_BODY_TOO_LARGE: { status: 413, message: 'The request body is larger than this route allows.' },
  PROXY_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'This route accepts only application/x-www-form-urlencoded bodies.',
  },
  PROXY_HEADER_TOO_LARGE: {
    status: 431,
    message: 'A request header, or the request headers together, are larger than the proxy allows.',
  },
  PROXY_REQUEST_TIMEOUT: { status: 408, message: 'The request (its headers or its body) did not arrive in time.' },
  PROXY_TOO_MANY_REQUESTS: {
    status: 429,
    message: 'Too many requests for this practice are in flight; retry shortly.',
  },
  PROXY_UPSTREAM_REDIRECT: { status: 502, message: 'Xero answered with a redirect, which the proxy never follows.' },
  PROXY_UPSTREAM_TOO_LARGE: { status: 502, message: 'The Xero response is larger than the proxy allows.' },
  PROXY_UPSTREAM_TIMEOUT: { status: 504, message: 'Xero did not answer in time.' },
  PROXY_UPSTREAM_UNAVAILABLE: { status: 502, message: 'Xero could not be reached.' },
  // Log-only: the client went away, so nobody reads the response (499 as in nginx).
  PROXY_CLIENT_ABORTED: { status: 499, message: 'The client closed the request.' },
  PROXY_INTERNAL: { status: 500, message: 'The proxy failed unexpectedly.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ProxyErrorCode = keyof typeof PROXY_ERRORS;

export const PROXY_ERROR_CODES = Object.keys(PROXY_ERRORS) as readonly ProxyErrorCode[];

/** The JSON body of a proxy-made error; never contains request data, so it cannot echo a secret. */
export function errorBody(code: ProxyErrorCode): string {
  return JSON.stringify({ error: code, message: PROXY_ERRORS[code].message });
}
