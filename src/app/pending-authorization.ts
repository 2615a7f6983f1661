/**
 * The PKCE verifier and state kept between leaving for Xero's sign-in page and coming back to
 * /callback. sessionStorage, because it belongs to this tab only and dies with it; one key, read
 * exactly once (taking it deletes it, so a replayed callback finds nothing and sends nothing).
 */
import type { PendingAuthorization } from '../worker/protocol';

export const PENDING_AUTHORIZATION_KEY = 'xpm-contact-sync:pending-authorization';

export function savePendingAuthorization(storage: Storage, pending: PendingAuthorization): void {
  storage.setItem(PENDING_AUTHORIZATION_KEY, JSON.stringify(pending));
}

function isPendingAuthorization(value: unknown): value is PendingAuthorization {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Readonly<Record<string, unknown>>;
  return (
    typeof v['state'] === 'string' &&
    typeof v['codeVerifier'] === 'string' &&
    typeof v['redirectUri'] === 'string' &&
    typeof v['createdAt'] === 'number' &&
    Number.isFinite(v['createdAt'])
  );
}

/** Reads and deletes the pending authorization; null when there is none or it is unreadable. */
export function takePendingAuthorization(storage: Storage): PendingAuthorization | null {
  const raw = storage.getItem(PENDING_AUTHORIZATION_KEY);
  storage.removeItem(PENDING_AUTHORIZATION_KEY);
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return isPendingAuthorization(value) ? value : null;
  } catch {
    return null;
  }
}
