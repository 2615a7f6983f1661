/**
 * The practice (tenant) a request is for, and a per-tenant cap on upstream calls in flight (PX-5):
 * Xero allows 5 concurrent calls per practice, so a sixth would only earn a 429 from Xero. The count
 * lives in memory for one proxy instance (one Node process, or one edge isolate): it is a guard rail,
 * not a global rate limiter.
 *
 * A tenant id is a GUID (xpm-api.md §1.2: the tenantId from GET /connections). Anything else is
 * refused, and a valid one is lower-cased before it is counted, hashed for the log or forwarded, so
 * `ABC…` and `abc…` are one practice everywhere: changing the case cannot buy more slots.
 */

/** A tenant id that passed `readTenantId`: a GUID in lower case. Only these reach the gate. */
export type TenantId = string & { readonly __brand: 'TenantId' };

/** 8-4-4-4-12 hex digits, nothing around them (no braces, no spaces inside, no second value). */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TenantRead =
  /** No xero-tenant-id header: routes that need one get Xero's own 403 (the token and connection routes take none). */
  | { readonly ok: true; readonly id: null }
  | { readonly ok: true; readonly id: TenantId }
  /** Present but not a GUID (wrong shape, too long, empty, several values joined by a comma). */
  | { readonly ok: false };

/** Reads the xero-tenant-id header value (as `Headers.get` returns it, surrounding spaces already trimmed). */
export function readTenantId(value: string | null): TenantRead {
  if (value === null) return { ok: true, id: null };
  if (!GUID.test(value)) return { ok: false };
  return { ok: true, id: value.toLowerCase() as TenantId };
}

export class TenantGate {
  private readonly inFlight = new Map<TenantId, number>();

  constructor(private readonly maxPerTenant: number) {}

  /** Takes a slot for the tenant; returns its release function, or null when the tenant is at the cap. */
  tryAcquire(tenantId: TenantId): (() => void) | null {
    const count = this.inFlight.get(tenantId) ?? 0;
    if (count >= this.maxPerTenant) return null;
    this.inFlight.set(tenantId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = (this.inFlight.get(tenantId) ?? 1) - 1;
      if (now <= 0) this.inFlight.delete(tenantId);
      else this.inFlight.set(tenantId, now);
    };
  }
}
