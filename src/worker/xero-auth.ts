/**
 * Xero OAuth 2.0 for a browser public client (C1, C5): authorization code + PKCE (S256) via
 * oauth4webapi, with the token and revocation endpoints reached through the CORS proxy.
 * Tokens live only in this worker (and, encrypted, in the vault); the page never sees them.
 */
import * as oauth from 'oauth4webapi';
import { AppError } from '../domain/errors';
import type { TokenSource } from '../sync/ports';
import { asObject, parseJson, readBoundedText } from '../xero/json-body';
import type { AppConfig, PendingAuthorization } from './protocol';
import type { TokenSet, TokenVault } from './token-vault';
import {
  clockSkewError,
  clockSkewSeconds,
  isAcceptableClockSkew,
  measureClockSkew,
  unmeasuredClockSkewError,
} from './clock-skew';

/** PRODUCT.md C1. */
export const XERO_SCOPES = 'openid profile email offline_access practicemanager.client.read practicemanager.staff.read';
/** OA-5: refresh at least this long before the access token expires. */
export const REFRESH_AHEAD_MS = 5 * 60_000;
/** A sign-in left open on Xero's page longer than this is treated as expired (codes live minutes). */
export const PENDING_AUTHORIZATION_MAX_AGE_MS = 15 * 60_000;
/** OA-4: one refresh in flight across every tab and worker of this origin. */
export const REFRESH_LOCK_NAME = 'xero-token-refresh';
/**
 * The clock check before sign-in waits this long for Xero at most; a slower answer only skips the
 * early check (the token exchange measures the clock again).
 */
export const CLOCK_PROBE_TIMEOUT_MS = 10_000;

/**
 * oauth4webapi checks token times against Date.now() itself (it cannot be injected), so the skew it
 * is given must be measured against that same clock, not the injectable `now` used elsewhere.
 */
const oauthClock = (): number => Date.now();

/** The part of navigator.locks this module uses (web-locks.ts chooses the implementation). */
export interface LockRunner {
  run<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export function webLockRunner(locks: LockManager): LockRunner {
  return { run: (name, fn) => locks.request(name, { mode: 'exclusive' }, fn) };
}

/**
 * A mutex within one JavaScript context: the Node tests' stand-in for Web Locks, shared by the
 * simulated tabs of one test. The worker never uses it (it would not stop another tab).
 */
export function localLockRunner(): LockRunner {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(name) ?? Promise.resolve();
      const next = previous.then(fn, fn);
      tails.set(
        name,
        next.catch(() => undefined),
      );
      return next;
    },
  };
}

export interface XeroAuthDeps {
  readonly vault: TokenVault;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly locks: LockRunner;
}

function isLoopbackHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

export class XeroAuth implements TokenSource {
  private readonly as: oauth.AuthorizationServer;
  private readonly client: oauth.Client;
  private readonly httpOptions: oauth.HttpRequestOptions<'POST', URLSearchParams>;
  private cached: TokenSet | null = null;
  /**
   * The refresh token Xero last refused as no longer valid (the grant was revoked or expired), and
   * how it refused it. A refresh queued behind that one (the run's other call) fails the same way
   * without sending the dead token again.
   */
  private refused: { readonly refreshToken: string; readonly error: AppError } | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly deps: XeroAuthDeps,
  ) {
    const proxy = config.proxyUrl.replace(/\/+$/, '');
    this.as = {
      issuer: config.issuer,
      authorization_endpoint: config.authorizeUrl,
      token_endpoint: `${proxy}/oauth/token`,
      revocation_endpoint: `${proxy}/oauth/revoke`,
      code_challenge_methods_supported: ['S256'],
    };
    this.client = { client_id: config.clientId, token_endpoint_auth_method: 'none' };
    // Plain http is allowed only for the local sandbox on loopback; anything else must be https (OA-7).
    const insecure = isLoopbackHttp(this.as.token_endpoint ?? '') && isLoopbackHttp(config.issuer);
    this.httpOptions = {
      [oauth.customFetch]: (url, init) => deps.fetch(url, init),
      ...(insecure ? { [oauth.allowInsecureRequests]: true } : {}),
    };
  }

  /**
   * C1: a fresh verifier and state for each attempt, and the URL of Xero's consent page. A clock too
   * far from Xero's is refused here, before the user signs in and before any code exists to spend.
   */
  async begin(redirectUri: string): Promise<{ url: string; pending: PendingAuthorization }> {
    const skew = await this.probeClockSkew();
    if (skew !== null && !isAcceptableClockSkew(skew)) throw clockSkewError(skew, false);
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const challenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
    const url = new URL(this.config.authorizeUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.config.clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('scope', XERO_SCOPES);
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', challenge);
    url.searchParams.set('code_challenge_method', 'S256');
    return { url: url.href, pending: { state, codeVerifier, redirectUri, createdAt: this.deps.now() } };
  }

  /** C1: validate the callback (state, error, issuer), exchange the code, keep the tokens. */
  async complete(callbackUrl: string, pending: PendingAuthorization | null): Promise<void> {
    if (
      !pending ||
      this.deps.now() - pending.createdAt > PENDING_AUTHORIZATION_MAX_AGE_MS ||
      pending.createdAt > this.deps.now()
    ) {
      throw new AppError(
        'auth/callback-invalid',
        'This sign-in link has expired or was already used. Start again with “Connect to Xero Practice Manager”.',
      );
    }
    let params: URLSearchParams;
    try {
      params = oauth.validateAuthResponse(this.as, this.client, new URL(callbackUrl), pending.state);
    } catch (error) {
      if (error instanceof oauth.AuthorizationResponseError && error.error === 'access_denied') {
        throw new AppError('auth/access-denied', 'Access was not allowed on Xero’s page, so nothing was connected.');
      }
      throw new AppError(
        'auth/callback-invalid',
        'The answer from Xero did not match this sign-in (it may have been replayed or changed), so it was ignored. Start again with “Connect to Xero Practice Manager”.',
        {},
        { cause: error },
      );
    }
    const { response, skew } = await this.post(() =>
      oauth.authorizationCodeGrantRequest(
        this.as,
        this.client,
        oauth.None(),
        params,
        pending.redirectUri,
        pending.codeVerifier,
        this.httpOptions,
      ),
    );
    // Only Xero answers 200 here (the proxy's own refusals are errors, stamped with its own clock).
    if (response.ok && skew !== null && !isAcceptableClockSkew(skew)) {
      await response.body?.cancel().catch(() => undefined);
      throw clockSkewError(skew, true);
    }
    const client = this.clientWithSkew(skew);
    const tokens = await this.processTokens(
      () => oauth.processAuthorizationCodeResponse(this.as, client, response),
      'code',
    );
    await this.store(tokens);
  }

  async accessToken(signal: AbortSignal): Promise<string> {
    signal.throwIfAborted();
    const tokens = await this.current();
    if (this.dueForRefresh(tokens)) return (await this.refreshOnce(tokens.accessToken, signal)).accessToken;
    return tokens.accessToken;
  }

  /** After a 401 for `rejected`: one refresh across tabs (or the token another tab already got). */
  async refresh(rejected: string, signal: AbortSignal): Promise<string> {
    return (await this.refreshOnce(rejected, signal)).accessToken;
  }

  /** C6: revoke the refresh token (ends the grant) and forget the tokens locally. */
  async revoke(): Promise<void> {
    // Under the refresh lock, so a refresh in flight in another tab cannot put tokens back afterwards.
    await this.deps.locks.run(REFRESH_LOCK_NAME, async () => {
      const tokens = await this.deps.vault.load();
      this.cached = null;
      await this.deps.vault.clear();
      if (!tokens) return;
      try {
        const response = await oauth.revocationRequest(
          this.as,
          this.client,
          oauth.None(),
          tokens.refreshToken,
          this.httpOptions,
        );
        await oauth.processRevocationResponse(response);
      } catch {
        // Revocation is best effort: the local tokens are gone either way, and Xero expires unused
        // refresh tokens; the user can also remove the app under Xero → Connected apps.
      }
    });
  }

  async forget(): Promise<void> {
    this.cached = null;
    await this.deps.vault.clear();
  }

  /** Whether tokens are stored (without decrypting them for the caller). */
  async hasTokens(): Promise<boolean> {
    return (await this.deps.vault.load()) !== null;
  }

  private async current(): Promise<TokenSet> {
    this.cached ??= await this.deps.vault.load();
    if (!this.cached)
      throw new AppError('auth/not-connected', 'Not connected to Xero. Use “Connect to Xero Practice Manager” first.');
    return this.cached;
  }

  private dueForRefresh(tokens: TokenSet): boolean {
    return this.deps.now() >= tokens.receivedAt + tokens.expiresIn * 1000 - REFRESH_AHEAD_MS;
  }

  private refreshOnce(stale: string, signal: AbortSignal): Promise<TokenSet> {
    return this.deps.locks.run(REFRESH_LOCK_NAME, async () => {
      signal.throwIfAborted();
      // Another tab may have refreshed while this one waited for the lock: re-read the store.
      this.cached = null;
      const stored = await this.current();
      if (stored.accessToken !== stale && !this.dueForRefresh(stored)) return stored;
      const refused = this.refused;
      if (refused !== null && refused.refreshToken === stored.refreshToken) {
        throw new AppError(refused.error.code, refused.error.message, refused.error.detail);
      }
      // Reading the store takes time: a caller whose run ended meanwhile (the other call failed)
      // sends nothing. Checked here, before the request; once sent, the refresh is seen through,
      // because the answer's rotated refresh token must be kept.
      signal.throwIfAborted();
      const { response, skew } = await this.post(() =>
        oauth.refreshTokenGrantRequest(this.as, this.client, oauth.None(), stored.refreshToken, this.httpOptions),
      );
      // No tolerance check here: the old refresh token is spent, so the rotated one must be kept
      // whatever the clock says; the measured skew only corrects the id_token's time checks.
      const client = this.clientWithSkew(skew);
      const tokens = await this.processTokens(
        () => oauth.processRefreshTokenResponse(this.as, client, response),
        'refresh',
        stored.refreshToken,
      ).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'auth/reconnect-needed')
          this.refused = { refreshToken: stored.refreshToken, error };
        throw error;
      });
      // Saved before the lock is released, so the next holder sees the rotated refresh token.
      await this.store(tokens);
      return tokens;
    });
  }

  /** Sends a token request; the answer comes with Xero's clock minus this computer's (null if unknown). */
  private async post(send: () => Promise<Response>): Promise<{ response: Response; skew: number | null }> {
    try {
      const sentAt = oauthClock();
      const response = await send();
      return { response, skew: measureClockSkew(response.headers.get('date'), sentAt, oauthClock()) };
    } catch (error) {
      throw new AppError(
        'network/failed',
        'Could not reach Xero’s sign-in service through the proxy.',
        {},
        { cause: error },
      );
    }
  }

  /** The client as oauth4webapi sees it, with this computer's clock corrected by the measured skew. */
  private clientWithSkew(skew: number | null): oauth.Client {
    return skew === null ? this.client : { ...this.client, [oauth.clockSkew]: clockSkewSeconds(skew) };
  }

  /**
   * Xero's clock minus this computer's, read from the token endpoint's Date header without spending
   * anything: a request with no grant is refused by Xero with an ordinary OAuth error. Null when Xero
   * could not be asked (the sign-in then goes ahead and the token exchange measures again).
   */
  private async probeClockSkew(): Promise<number | null> {
    const endpoint = this.as.token_endpoint;
    if (endpoint === undefined) return null;
    try {
      const sentAt = oauthClock();
      const response = await this.deps.fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ client_id: this.config.clientId }).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(CLOCK_PROBE_TIMEOUT_MS),
      });
      const receivedAt = oauthClock();
      const error = asObject(parseJson((await readBoundedText(response)) ?? ''))?.['error'];
      // Only Xero's own OAuth error says whose clock stamped the answer; the proxy's refusals
      // (PROXY_…) carry the proxy host's clock.
      if (typeof error !== 'string' || error.startsWith('PROXY_')) return null;
      return measureClockSkew(response.headers.get('date'), sentAt, receivedAt);
    } catch {
      return null;
    }
  }

  private async processTokens(
    process: () => Promise<oauth.TokenEndpointResponse>,
    grant: 'code' | 'refresh',
    previousRefresh?: string,
  ): Promise<TokenSet> {
    const receivedAt = this.deps.now();
    let result: oauth.TokenEndpointResponse;
    try {
      result = await process();
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError) {
        const transport = transportFailure(error.error, error.status);
        if (transport) throw transport;
        if (error.error === 'invalid_grant' && grant === 'code') {
          // The code was already used, expired or did not match this sign-in (a replayed callback).
          throw new AppError(
            'auth/callback-invalid',
            'This sign-in answer from Xero was already used or has expired. Start again with “Connect to Xero Practice Manager”.',
            {
              status: error.status,
            },
          );
        }
        if (error.error === 'invalid_grant') {
          throw new AppError(
            'auth/reconnect-needed',
            'Xero no longer accepts this connection (it was revoked or has expired). Reconnect to continue syncing.',
            {
              status: error.status,
            },
          );
        }
        throw new AppError('auth/callback-invalid', `Xero refused the sign-in (${error.error}).`, {
          status: error.status,
        });
      }
      if (error instanceof oauth.WWWAuthenticateChallengeError) {
        throw new AppError(
          'auth/reconnect-needed',
          'Xero no longer accepts this connection. Reconnect to continue syncing.',
        );
      }
      if (error instanceof oauth.OperationProcessingError && error.code === oauth.JWT_TIMESTAMP_CHECK) {
        // Only reachable without a usable Date header: a measured skew corrects these checks.
        throw unmeasuredClockSkewError(error);
      }
      if (error instanceof oauth.OperationProcessingError && error.cause instanceof Response) {
        const transport = transportFailure('', error.cause.status);
        if (transport) throw transport;
      }
      throw new AppError(
        'auth/callback-invalid',
        'Xero’s answer to the sign-in could not be verified, so it was not used.',
        {},
        { cause: error },
      );
    }
    const refreshToken = result.refresh_token ?? previousRefresh;
    if (!refreshToken) {
      throw new AppError(
        'auth/callback-invalid',
        'Xero did not grant offline access, so the app could not stay connected.',
      );
    }
    return {
      accessToken: result.access_token,
      refreshToken,
      expiresIn: typeof result.expires_in === 'number' && result.expires_in > 0 ? result.expires_in : 1800,
      receivedAt,
      scope: typeof result.scope === 'string' ? result.scope : XERO_SCOPES,
    };
  }

  private async store(tokens: TokenSet): Promise<void> {
    await this.deps.vault.save(tokens);
    this.cached = tokens;
  }
}

/**
 * Failures of the way to Xero rather than Xero's verdict on the grant: the proxy's own errors and
 * server errors. They must not read as "the sign-in could not be verified", and they are retryable.
 */
function transportFailure(code: string, status: number): AppError | null {
  if (code === 'PROXY_UPSTREAM_TIMEOUT')
    return new AppError('network/timeout', 'Xero’s sign-in service took too long to answer.', {
      status,
      upstream: code,
    });
  if (code === 'PROXY_UPSTREAM_UNAVAILABLE' || code === 'PROXY_TOO_MANY_REQUESTS') {
    return new AppError('network/failed', 'The proxy could not reach Xero’s sign-in service just now.', {
      status,
      upstream: code,
    });
  }
  if (code.startsWith('PROXY_')) {
    return new AppError(
      'proxy/rejected',
      'The CORS proxy refused the sign-in request. Check its configuration (allowed origins, upstream).',
      { status, upstream: code },
    );
  }
  if (status >= 500)
    return new AppError('network/failed', `Xero’s sign-in service failed (HTTP ${status}). Try again shortly.`, {
      status,
    });
  return null;
}
