/**
 * The two XPM API shapes the sandbox answers in (xpm-api.md §1.1, §2.5, §3):
 * - `3.1`: records identified by `<UUID>` only (3.1 replaced the integer identifiers);
 * - `3.0`: clients carry `<ID>` (an integer) first and `<UUID>` last; contacts, staff, groups and every
 *   reference (AccountManager, JobManager, BillingClient, RelatedClient) carry `<ID>` only.
 *
 * The path's version picks the shape: `/practicemanager/3.0/…` always answers in 3.0;
 * `/practicemanager/3.1/…` answers in the sandbox's current shape — 3.1 unless `--api-shape 3.0` or
 * the runtime switch (`POST /__sandbox/api-shape`) says otherwise, so the unmodified app can be
 * synced against 3.0-shaped data and a practice can "move" between shapes between two syncs.
 */

export const API_SHAPES = ['3.0', '3.1'] as const;
export type ApiShape = (typeof API_SHAPES)[number];

/** What `/practicemanager/3.1/` answers in unless told otherwise: the current documented API. */
export const DEFAULT_API_SHAPE: ApiShape = '3.1';

export function parseApiShape(value: unknown): ApiShape | null {
  return API_SHAPES.find((shape) => shape === value) ?? null;
}

/** `/practicemanager/3.0` or `/practicemanager/3.1`. */
export function xpmBasePath(version: ApiShape): string {
  return `/practicemanager/${version}`;
}

/** The version in a path under `/practicemanager/3.x/` (any case, as ASP.NET routing), or null. */
export function pathVersion(pathname: string): ApiShape | null {
  const match = /^\/practicemanager\/(3\.[01])(?:\/|$)/i.exec(pathname);
  return match ? parseApiShape(match[1]) : null;
}

/** The shape served now: a 3.0 path is always 3.0; a 3.1 path follows the switch. */
export interface ApiShapeSwitch {
  /** The shape `/practicemanager/3.1/` answers in. */
  current: ApiShape;
}
