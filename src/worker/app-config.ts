/** Validation of the runtime configuration (public/config.json) before the worker uses it. */
import { AppError } from '../shared/errors';
import type { AppConfig } from './protocol';

const FIELDS = ['clientId', 'proxyUrl', 'authorizeUrl', 'issuer', 'xpmWebUrl', 'upstreamLabel'] as const;
const URL_FIELDS: ReadonlySet<string> = new Set(['proxyUrl', 'authorizeUrl', 'issuer', 'xpmWebUrl']);

/** Checks every field, naming the first bad one, and returns a fresh object with only known fields. */
export function parseAppConfig(value: unknown): AppConfig {
  if (typeof value !== 'object' || value === null)
    throw new AppError('input/invalid', 'config.json is not a JSON object.');
  const source = value as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const field of FIELDS) {
    const v = source[field];
    if (typeof v !== 'string' || v.trim() === '')
      throw new AppError('input/invalid', `config.json: "${field}" is missing or empty.`);
    if (URL_FIELDS.has(field)) {
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        throw new AppError('input/invalid', `config.json: "${field}" is not a URL ("${v.slice(0, 100)}").`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new AppError('input/invalid', `config.json: "${field}" must be an http(s) URL.`);
    }
    out[field] = v.trim();
  }
  return {
    clientId: out['clientId'] ?? '',
    proxyUrl: out['proxyUrl'] ?? '',
    authorizeUrl: out['authorizeUrl'] ?? '',
    issuer: out['issuer'] ?? '',
    xpmWebUrl: out['xpmWebUrl'] ?? '',
    upstreamLabel: out['upstreamLabel'] ?? '',
  };
}
