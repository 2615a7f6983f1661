/** Argument parsing shared by the stack's command-line entry points: a bad value stops with its name. */
/** The highest TCP port. */
const MAX_PORT = 65535;

export function parsePort(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') {
    // A default derived from another port (PROXY_PORT = PORT+1) can fall outside the range.
    if (fallback < 1 || fallback > MAX_PORT)
      throw new Error(
        `${name} is not set and its default, ${fallback}, is not a port number: set ${name} to a port between 1 and ${MAX_PORT}, or choose a lower PORT.`,
      );
    return fallback;
  }
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > MAX_PORT)
    throw new Error(`${name} must be a port number between 1 and ${MAX_PORT} (got "${value}").`);
  return port;
}

export function parseCount(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number (got "${value}").`);
  return Number(value);
}
