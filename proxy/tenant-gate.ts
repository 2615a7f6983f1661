/**
 * A per-tenant cap on upstream calls in flight (PX-5): Xero allows 5 concurrent calls per practice,
 * so a sixth would only earn a 429 from Xero. The count lives in memory for one proxy instance
 * (one Node process, or one edge isolate): it is a guard rail, not a global rate limiter.
 */
export class TenantGate {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly maxPerTenant: number) {}

  /** Takes a slot for the tenant; returns its release function, or null when the tenant is at the cap. */
  tryAcquire(tenantId: string): (() => void) | null {
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
