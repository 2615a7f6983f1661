/**
 * Raw access to the secrets table. Only the worker's token vault uses it (an architecture test keeps
 * the page from importing it); values are already encrypted, except the non-extractable key itself.
 */
import type { AppDB } from './db';

export const SECRET_KEYS = ['vault-key', 'grant'] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

export async function readSecret(db: AppDB, key: SecretKey): Promise<unknown> {
  return (await db.secrets.get(key))?.value;
}

export async function writeSecret(db: AppDB, key: SecretKey, value: unknown): Promise<void> {
  await db.secrets.put({ key, value });
}

export async function deleteSecret(db: AppDB, key: SecretKey): Promise<void> {
  await db.secrets.delete(key);
}
