/**
 * Checks for the inputs every request builder takes, so a bad value fails with 'input/invalid'
 * before it can become a URL or a header.
 */
import { AppError } from '../domain/errors';

/** Visible ASCII only: a token can never add a header line or a space-separated parameter. */
const TOKEN = /^[\x21-\x7e]+$/;

/** Xero access tokens are JWTs of 1–2 KB; 16 KB is far beyond any real one and keeps headers sane. */
export const MAX_ACCESS_TOKEN_CHARS = 16_384;

export function requireToken(accessToken: string): string {
  if (accessToken.length === 0 || accessToken.length > MAX_ACCESS_TOKEN_CHARS || !TOKEN.test(accessToken)) {
    throw new AppError('input/invalid', 'The access token is missing or malformed.');
  }
  return accessToken;
}

/** An absolute http(s) URL without query, fragment or credentials, returned without a trailing slash. */
export function requireBaseUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('input/invalid', `The ${what} is not a valid URL.`);
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    throw new AppError('input/invalid', `The ${what} must be a plain http(s) URL.`);
  }
  return url.href.replace(/\/+$/, '');
}
