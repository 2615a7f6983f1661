/**
 * How the engine sends each XPM request (S8, S9): at most MAX_ATTEMPTS tries with capped exponential
 * backoff and full jitter for network errors, 408, 429 and 5xx; one token refresh after a 401 and a
 * single retry; a 429 waits for Retry-After, or pauses the run when the wait is too long. Responses
 * of the CORS proxy itself (JSON `{ error: "PROXY_…" }`) are told apart from Xero's.
 */
import { AppError } from '../../domain/errors';
import type { RunWait } from '../../domain/runs';
import { readRateLimitHeaders, type RateLimitHeaders } from '../../xero/rate-limit-headers';
import { readXeroProblem } from '../../xero/xero-problem';
import { asObject, parseJson, readBoundedText } from '../../xero/json-body';
import type { Clock, HttpPort, TokenSource } from '../ports';

/** S9: at most 5 attempts per request. */
export const MAX_ATTEMPTS = 5;
/** First retry waits up to this long (full jitter: a random share of it). */
export const BACKOFF_BASE_MS = 1_000;
/** Backoff growth stops here so a run's retries take minutes, not hours. */
export const BACKOFF_CAP_MS = 30_000;
/** S8: a rate-limit wait longer than this ends the run as paused instead of sleeping. */
export const MAX_RATE_LIMIT_WAIT_MS = 15 * 60_000;
/** S9: statuses worth retrying; other 4xx are not. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export interface RequestPolicyEnv {
  readonly http: HttpPort;
  readonly tokens: TokenSource;
  readonly clock: Clock;
  /** Uniform in [0, 1): the jitter source (seeded in tests). */
  readonly random: () => number;
}

/** What the caller learns about every request it makes through the policy. */
export interface ResponseObserver {
  /**
   * Called as each attempt is handed to the network, retries and the retry after a token refresh
   * included: what Xero counts against the practice's limits. Counting responses instead misses an
   * attempt whose connection dropped before the answer, and one whose answer arrived after the run
   * had already ended (the other list failed first), though Xero counted both (issue M8 item 5).
   * Callers that count nothing (the connections call, the preview) leave it out.
   */
  onSent?(): void;
  /** Every response, successful or not (rate-limit headers, the server's Date). */
  onResponse(response: Response, limits: RateLimitHeaders): void;
  /** Before each wait between attempts: what is awaited and until when (S6 progress). */
  onWait?(wait: RunWait): void;
}

/** Full jitter: uniform in [0, min(cap, base · 2^(attempt-1))]. */
export function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** A proxy-generated error body, if this response is one. */
async function proxyErrorCode(response: Response): Promise<string | null> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.toLowerCase().includes('json')) return null;
  const text = await readBoundedText(response.clone()).catch(() => null);
  const body = text === null ? null : asObject(parseJson(text));
  const code = body?.['error'];
  return typeof code === 'string' && code.startsWith('PROXY_') ? code : null;
}

function describe(what: string): string {
  return what === 'client.api/list' ? 'the client list' : what === 'staff.api/list' ? 'the staff list' : what;
}

/**
 * Sends `build(token)` until it succeeds or the policy gives up. Returns a 2xx response with its body
 * unread. `what` names the call in messages (e.g. 'client.api/list').
 */
export async function sendXpmRequest(
  env: RequestPolicyEnv,
  what: string,
  build: (accessToken: string, signal: AbortSignal) => Request,
  signal: AbortSignal,
  observer: ResponseObserver,
): Promise<Response> {
  let token = await env.tokens.accessToken(signal);
  let refreshed = false;
  let attempt = 0;
  /** Waits before the next attempt, telling the observer what for and until when. */
  const pause = async (reason: RunWait['reason'], ms: number): Promise<void> => {
    observer.onWait?.({ reason, until: env.clock.now() + ms, attempt: attempt + 1, maxAttempts: MAX_ATTEMPTS });
    await env.clock.sleep(ms, signal);
  };
  for (;;) {
    signal.throwIfAborted();
    attempt += 1;
    let response: Response;
    try {
      const request = build(token, signal);
      observer.onSent?.();
      response = await env.http.fetch(request);
    } catch (error) {
      signal.throwIfAborted();
      if (error instanceof AppError) throw error;
      if (attempt >= MAX_ATTEMPTS) {
        throw new AppError(
          'network/failed',
          `Could not reach XPM for ${describe(what)} after ${MAX_ATTEMPTS} attempts. Check the internet connection and the proxy.`,
          {},
          { cause: error },
        );
      }
      await pause('retry', backoffMs(attempt, env.random));
      continue;
    }
    // A fetch may answer after the run was cancelled (e.g. a proxy reporting the aborted request):
    // the cancellation wins over whatever the response says.
    if (signal.aborted) {
      await response.body?.cancel().catch(() => undefined);
      signal.throwIfAborted();
    }
    const limits = readRateLimitHeaders(response.headers, env.clock.now());
    observer.onResponse(response, limits);
    if (response.ok) return response;

    const proxyCode = await proxyErrorCode(response);
    if (proxyCode !== null) {
      await response.body?.cancel().catch(() => undefined);
      const failure = proxyFailure(proxyCode, what, response.status);
      if (failure.retryable && attempt < MAX_ATTEMPTS) {
        await pause('retry', backoffMs(attempt, env.random));
        continue;
      }
      throw failure.error;
    }

    if (response.status === 401) {
      const problem = await readXeroProblem(response);
      if (!refreshed && problem.kind !== 'authorization-unsuccessful') {
        refreshed = true;
        attempt -= 1; // S9: the refresh-and-retry is not one of the backoff attempts
        token = await env.tokens.refresh(token, signal);
        continue;
      }
      if (problem.kind === 'authorization-unsuccessful') {
        throw new AppError(
          'auth/reconnect-needed',
          'The Xero connection lacks permission to read clients or staff. Reconnect and allow access to Practice Manager.',
          { status: 401 },
        );
      }
      throw new AppError(
        'auth/reconnect-needed',
        'Xero no longer accepts this connection. Reconnect to continue syncing.',
        { status: 401 },
      );
    }
    if (response.status === 403) {
      await response.body?.cancel().catch(() => undefined);
      throw new AppError(
        'xpm/forbidden',
        'XPM refused access to this practice: it may have been disconnected from the app in Xero. Reconnect and choose the practice again.',
        { status: 403 },
      );
    }
    if (response.status === 429) {
      await response.body?.cancel().catch(() => undefined);
      const wait = Math.max(limits.retryAfterMs ?? 0, backoffMs(attempt, env.random));
      if ((limits.retryAfterMs ?? 0) > MAX_RATE_LIMIT_WAIT_MS || attempt >= MAX_ATTEMPTS) {
        throw new AppError('xpm/rate-limited', rateLimitMessage(limits), {
          status: 429,
          retryAt: env.clock.now() + wait,
          ...(limits.problem !== null ? { limit: limits.problem } : {}),
        });
      }
      await pause('rate-limit', wait);
      continue;
    }
    await response.body?.cancel().catch(() => undefined);
    if (RETRYABLE_STATUSES.has(response.status)) {
      if (attempt < MAX_ATTEMPTS) {
        await pause('retry', backoffMs(attempt, env.random));
        continue;
      }
      throw new AppError(
        'xpm/server-error',
        `XPM kept failing (HTTP ${response.status}) for ${describe(what)} after ${MAX_ATTEMPTS} attempts; Xero may be having problems. The next sync will try again.`,
        { status: response.status },
      );
    }
    throw new AppError('xpm/http-error', `XPM answered HTTP ${response.status} for ${describe(what)}.`, {
      status: response.status,
    });
  }
}

function rateLimitMessage(limits: RateLimitHeaders): string {
  if (limits.problem === 'day')
    return 'Xero’s daily limit of API calls for this practice is used up, so syncing is paused until it resets.';
  return 'Xero is limiting how fast this practice’s data can be read, so syncing is paused for now.';
}

function proxyFailure(code: string, what: string, status: number): { error: AppError; retryable: boolean } {
  switch (code) {
    case 'PROXY_UPSTREAM_TIMEOUT':
      return {
        retryable: true,
        error: new AppError('network/timeout', `XPM took too long to answer for ${describe(what)}.`, {
          status,
          upstream: code,
        }),
      };
    case 'PROXY_UPSTREAM_UNAVAILABLE':
      return {
        retryable: true,
        error: new AppError('network/failed', `The proxy could not reach Xero for ${describe(what)}.`, {
          status,
          upstream: code,
        }),
      };
    case 'PROXY_TOO_MANY_REQUESTS':
      // The proxy's per-practice cap on calls in flight (other tabs busy): a short wait clears it.
      return {
        retryable: true,
        error: new AppError(
          'network/failed',
          `The proxy is busy with other requests for this practice; ${describe(what)} could not be fetched.`,
          { status, upstream: code },
        ),
      };
    case 'PROXY_UPSTREAM_TOO_LARGE':
      return {
        retryable: false,
        error: new AppError('xml/too-large', `XPM’s answer for ${describe(what)} is larger than the proxy allows.`, {
          status,
          upstream: code,
        }),
      };
    default:
      return {
        retryable: false,
        error: new AppError(
          'proxy/rejected',
          `The CORS proxy refused the request for ${describe(what)} (${code}). Check its configuration (allowed origins, upstream).`,
          { status, upstream: code },
        ),
      };
  }
}
