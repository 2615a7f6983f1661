/**
 * Where the worker keeps the Xero tokens (C5): AES-GCM encrypted at rest in IndexedDB with a
 * non-extractable WebCrypto key that never leaves this origin's key store. Script in this origin can
 * still *use* the key (see the README's threat model); what this stops is reading tokens out of a
 * copied profile or a dump of the IndexedDB files, and tokens appearing in plain sight in devtools.
 */
import { AppError } from '../domain/errors';

/** The grant as the worker uses it. Never logged, never sent to the page. */
export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Seconds the access token lives, as Xero said (expires_in). */
  readonly expiresIn: number;
  /** Local time the token response arrived: expiry is timed from this, not from token claims. */
  readonly receivedAt: number;
  readonly scope: string;
}

/** Persistence of opaque values (implemented over the secrets table). */
export interface SecretStore {
  read(key: 'vault-key' | 'grant'): Promise<unknown>;
  write(key: 'vault-key' | 'grant', value: unknown): Promise<void>;
  delete(key: 'vault-key' | 'grant'): Promise<void>;
}

interface SealedGrant {
  readonly v: 1;
  readonly iv: Uint8Array;
  readonly data: ArrayBuffer;
}

const AES_GCM_IV_BYTES = 12; // the GCM standard nonce size

function isSealed(value: unknown): value is SealedGrant {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v['v'] === 1 && v['iv'] instanceof Uint8Array && v['data'] instanceof ArrayBuffer;
}

function isTokenSet(value: unknown): value is TokenSet {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['accessToken'] === 'string' &&
    typeof v['refreshToken'] === 'string' &&
    typeof v['expiresIn'] === 'number' &&
    typeof v['receivedAt'] === 'number' &&
    typeof v['scope'] === 'string'
  );
}

export class TokenVault {
  private key: CryptoKey | null = null;

  constructor(
    private readonly store: SecretStore,
    private readonly subtle: SubtleCrypto = crypto.subtle,
  ) {}

  /** The stored tokens, or null when there are none or they cannot be decrypted. */
  async load(): Promise<TokenSet | null> {
    const sealed = await this.store.read('grant');
    if (!isSealed(sealed)) return null;
    try {
      const key = await this.vaultKey();
      const plain = await this.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(sealed.iv) }, key, sealed.data);
      const parsed: unknown = JSON.parse(new TextDecoder().decode(plain));
      return isTokenSet(parsed) ? parsed : null;
    } catch {
      // A key from another profile or corrupted data: behave as if signed out (the user reconnects).
      return null;
    }
  }

  async save(tokens: TokenSet): Promise<void> {
    const key = await this.vaultKey();
    const iv = crypto.getRandomValues(new Uint8Array(AES_GCM_IV_BYTES));
    const data = await this.subtle.encrypt(
      { name: 'AES-GCM', iv },
      key,
      new TextEncoder().encode(JSON.stringify(tokens)),
    );
    const sealed: SealedGrant = { v: 1, iv, data };
    await this.store.write('grant', sealed);
  }

  async clear(): Promise<void> {
    await this.store.delete('grant');
  }

  private async vaultKey(): Promise<CryptoKey> {
    if (this.key) return this.key;
    const stored = await this.store.read('vault-key');
    if (stored instanceof CryptoKey) {
      this.key = stored;
      return stored;
    }
    try {
      const key = await this.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      await this.store.write('vault-key', key);
      this.key = key;
      return key;
    } catch (error) {
      throw new AppError(
        'storage/failed',
        'The browser could not create the key that protects your Xero sign-in.',
        {},
        { cause: error },
      );
    }
  }
}
