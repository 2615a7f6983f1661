/**
 * Loads the runtime configuration (src/domain/config.ts) once at start, so a bad deployment shows a
 * screen naming the field instead of failing later inside the sign-in flow.
 */
import { CONFIG_URL, type ConfigResult, parseAppConfig } from '../../domain/config';

/** Fetches and checks config.json (no-cache: a deployment may change it without changing the app). */
export async function loadConfig(fetchFn: typeof fetch = fetch): Promise<ConfigResult> {
  let response: Response;
  try {
    response = await fetchFn(CONFIG_URL, { cache: 'no-cache', headers: { accept: 'application/json' } });
  } catch (cause) {
    return {
      ok: false,
      problem: { kind: 'unreachable', detail: cause instanceof Error ? cause.message : String(cause) },
    };
  }
  if (!response.ok) return { ok: false, problem: { kind: 'unreachable', detail: `HTTP ${response.status}` } };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, problem: { kind: 'not-json' } };
  }
  return parseAppConfig(body);
}
