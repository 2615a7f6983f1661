/**
 * Structural equality of plain data (what IndexedDB stores): primitives, arrays and plain objects,
 * independent of key order. `ignore` names top-level keys left out of the comparison.
 */
export function deepEqual(a: unknown, b: unknown, ignore: ReadonlySet<string> = NO_KEYS): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keysA = Object.keys(ra).filter((k) => !ignore.has(k) && ra[k] !== undefined);
  const keysB = Object.keys(rb).filter((k) => !ignore.has(k) && rb[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  for (const key of keysA) {
    if (!Object.hasOwn(rb, key) || !deepEqual(ra[key], rb[key])) return false;
  }
  return true;
}

const NO_KEYS: ReadonlySet<string> = new Set();
