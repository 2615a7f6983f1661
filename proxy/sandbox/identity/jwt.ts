/**
 * RS256 JWTs for the sandbox's id_tokens and access tokens, signed with a key generated when the
 * process first needs one and published at the JWKS endpoint, so the app can verify id_tokens the way
 * it verifies Xero's.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** 2048-bit RSA: what Xero's JWKS publishes, and quick enough to generate at start. */
const RSA_MODULUS_BITS = 2048;

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: Readonly<Record<string, string>>;
}

let processKey: SigningKey | null = null;

/**
 * The process's signing key. One per process (not per sandbox) because generating RSA keys costs
 * tens of milliseconds and tests start many sandboxes; a restarted sandbox gets a new key, as a
 * rotated Xero key would be.
 */
export function signingKey(): SigningKey {
  if (processKey) return processKey;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: RSA_MODULUS_BITS });
  const jwk = publicKey.export({ format: 'jwk' });
  const kid = randomBytes(16).toString('hex').toUpperCase();
  processKey = {
    kid,
    privateKey,
    publicJwk: { kty: 'RSA', use: 'sig', alg: 'RS256', kid, n: String(jwk.n), e: String(jwk.e) },
  };
  return processKey;
}

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

export function signJwt(payload: Readonly<Record<string, unknown>>, key: SigningKey = signingKey()): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', kid: key.kid, typ: 'JWT', x5t: key.kid }));
  const body = b64url(JSON.stringify(payload));
  const signature = sign('sha256', Buffer.from(`${header}.${body}`), key.privateKey);
  return `${header}.${body}.${signature.toString('base64url')}`;
}

export function jwks(key: SigningKey = signingKey()): { keys: Readonly<Record<string, string>>[] } {
  return { keys: [key.publicJwk] };
}
