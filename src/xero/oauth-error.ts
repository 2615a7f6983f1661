/**
 * The token endpoint's error body, RFC 6749 §5.2: `{"error":"invalid_grant","error_description":"…"}`
 * (xpm-api.md §6.3). `invalid_grant` on refresh means the grant is gone: reconnect (C5).
 */
import { asObject, own, parseJson, readBoundedText } from './json-body';

export interface OAuthErrorBody {
  readonly error: string;
  /** '' when absent. */
  readonly errorDescription: string;
}

/** Descriptions are one sentence; longer input is cut before it reaches a log or the UI. */
export const MAX_OAUTH_DESCRIPTION_CHARS = 300;

/** RFC 6749 §5.2: the error code is printable ASCII except `"` and `\`. */
const ERROR_CODE = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,64}$/;

/** The error body, or null when `body` is not one. */
export function parseOAuthError(body: unknown): OAuthErrorBody | null {
  const object = asObject(body);
  if (object === null) return null;
  const error = own(object, 'error');
  if (typeof error !== 'string' || !ERROR_CODE.test(error)) return null;
  const description = own(object, 'error_description');
  return {
    error,
    errorDescription: typeof description === 'string' ? description.slice(0, MAX_OAUTH_DESCRIPTION_CHARS) : '',
  };
}

/** Reads a token-endpoint error response; null when its body is not an OAuth error. Never throws. */
export async function readOAuthError(response: Response): Promise<OAuthErrorBody | null> {
  const text = await readBoundedText(response);
  return text === null ? null : parseOAuthError(parseJson(text));
}

export function isInvalidGrant(body: OAuthErrorBody | null): boolean {
  return body?.error === 'invalid_grant';
}
