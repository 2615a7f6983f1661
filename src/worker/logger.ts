/**
 * The worker's structured log. Callers pass event names and plain fields only — never tokens, codes,
 * verifiers or URLs with query strings (C5, OA-6) — so the console cannot leak a secret.
 */
import type { LogFields, Logger } from '../sync/ports';

export function consoleLogger(verbose: boolean): Logger {
  const line = (level: string, event: string, fields?: LogFields) => JSON.stringify({ level, event, ...fields });
  return {
    info: (event, fields) => {
      if (verbose) console.info(line('info', event, fields));
    },
    warn: (event, fields) => console.warn(line('warn', event, fields)),
    error: (event, fields) => console.error(line('error', event, fields)),
  };
}
