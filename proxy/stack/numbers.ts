/** Argument parsing shared by the stack's command-line entry points: a bad value stops with its name. */
export function parsePort(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw new Error(`${name} must be a port number between 1 and 65535 (got "${value}").`);
  return port;
}

export function parseCount(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number (got "${value}").`);
  return Number(value);
}
