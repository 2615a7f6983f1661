/**
 * One upstream exchange (PX-2, PX-5): the request with no redirects followed, the time limits
 * (headers, idle between body chunks, total), the streamed body with its byte cap, and cancellation
 * when the client goes away. The body is never buffered: each chunk is passed on as it arrives.
 */
import type { ProxyErrorCode } from './errors';
import type { ProxyLimits } from './limits';

/** Why an exchange was cut short; each maps to one proxy error code. */
export type AbortCause =
  | 'headers-timeout'
  | 'idle-timeout'
  | 'total-timeout'
  | 'too-large'
  | 'client'
  | 'upstream-error';

export type HeadersOutcome =
  | { readonly ok: true; readonly response: Response }
  | { readonly ok: false; readonly code: ProxyErrorCode };

/** How the body stream ended: null when it was delivered whole. */
export type StreamEnd = (code: ProxyErrorCode | null, bytes: number) => void;

/** Thrown into the client's body stream, so a cut body is an error, never a short success. */
export class UpstreamBodyError extends Error {
  override readonly name = 'UpstreamBodyError';
  readonly code: ProxyErrorCode;
  constructor(code: ProxyErrorCode) {
    super(code);
    this.code = code;
  }
}

function codeFor(cause: AbortCause | null): ProxyErrorCode {
  switch (cause) {
    case 'headers-timeout':
    case 'idle-timeout':
    case 'total-timeout':
      return 'PROXY_UPSTREAM_TIMEOUT';
    case 'too-large':
      return 'PROXY_UPSTREAM_TOO_LARGE';
    case 'client':
      return 'PROXY_CLIENT_ABORTED';
    case 'upstream-error':
    case null:
      return 'PROXY_UPSTREAM_UNAVAILABLE';
  }
}

export class UpstreamExchange {
  private readonly controller = new AbortController();
  private cause: AbortCause | null = null;
  private readonly totalTimer: ReturnType<typeof setTimeout>;
  /** Rejects when the exchange is aborted, so a fetch or read that ignores its signal still loses. */
  private readonly abortedPromise: Promise<never>;
  private rejectAborted: (error: Error) => void = () => undefined;
  private readonly onClientAbort = () => this.abort('client');

  constructor(
    private readonly limits: ProxyLimits,
    private readonly clientSignal: AbortSignal,
  ) {
    this.abortedPromise = new Promise<never>((_, reject) => {
      this.rejectAborted = reject;
    });
    this.abortedPromise.catch(() => undefined);
    this.totalTimer = setTimeout(() => this.abort('total-timeout'), limits.totalTimeoutMs);
    if (clientSignal.aborted) this.abort('client');
    else clientSignal.addEventListener('abort', this.onClientAbort, { once: true });
  }

  /** Why the exchange was aborted, as a proxy error code (UNAVAILABLE when it simply failed). */
  get failureCode(): ProxyErrorCode {
    return codeFor(this.cause);
  }

  abort(cause: AbortCause): void {
    if (this.cause !== null) return;
    this.cause = cause;
    this.controller.abort();
    this.rejectAborted(new UpstreamBodyError(codeFor(cause)));
  }

  /** Stops the timers and the client listener; call once the exchange is over, however it ended. */
  dispose(): void {
    clearTimeout(this.totalTimer);
    this.clientSignal.removeEventListener('abort', this.onClientAbort);
  }

  /** Sends the request and waits for the response headers, within the headers and total limits. */
  async fetchHeaders(fetchFn: typeof fetch, url: string, init: RequestInit): Promise<HeadersOutcome> {
    if (this.cause !== null) return { ok: false, code: this.failureCode };
    const headersTimer = setTimeout(() => this.abort('headers-timeout'), this.limits.headersTimeoutMs);
    // Manual redirects: a 3xx comes back as a response, and the caller refuses it (PX-2).
    const pending = new Promise<Response>((resolve) =>
      resolve(fetchFn(url, { ...init, redirect: 'manual', signal: this.controller.signal })),
    );
    // A response that arrives after we gave up is cancelled so its connection is released.
    pending
      .then((late) => (this.cause === null ? undefined : late.body?.cancel().catch(() => undefined)))
      .catch(() => undefined);
    try {
      const response = await Promise.race([pending, this.abortedPromise]);
      return { ok: true, response };
    } catch {
      return { ok: false, code: this.failureCode };
    } finally {
      clearTimeout(headersTimer);
    }
  }

  /**
   * Passes the upstream body through chunk by chunk. Going over the byte cap, an idle gap, the total
   * limit or an upstream failure errors the returned stream; a client cancel aborts the upstream.
   * `onEnd` is called exactly once.
   */
  streamBody(body: ReadableStream<Uint8Array>, onEnd: StreamEnd): ReadableStream<Uint8Array> {
    const reader = body.getReader();
    let bytes = 0;
    let ended = false;
    const end = (code: ProxyErrorCode | null) => {
      if (ended) return;
      ended = true;
      if (code !== null) reader.cancel().catch(() => undefined);
      onEnd(code, bytes);
    };
    let output: ReadableStreamDefaultController<Uint8Array> | null = null;
    const fail = (code: ProxyErrorCode) => {
      if (ended) return;
      try {
        output?.error(new UpstreamBodyError(code));
      } catch {
        // already closed or errored
      }
      end(code);
    };

    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        output = controller;
        // Every way the exchange can end early goes through abort(): a limit firing while the client
        // is not reading (back-pressure), a cut upstream, the byte cap, or the client cancelling.
        if (this.cause !== null) fail(this.failureCode);
        else this.controller.signal.addEventListener('abort', () => fail(this.failureCode), { once: true });
      },
      pull: async (controller) => {
        if (ended) return;
        const idleTimer = setTimeout(() => this.abort('idle-timeout'), this.limits.idleTimeoutMs);
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await Promise.race([reader.read(), this.abortedPromise]);
        } catch {
          // Our own abort already failed the stream; otherwise the upstream broke mid-body.
          this.abort('upstream-error');
          return;
        } finally {
          clearTimeout(idleTimer);
        }
        if (ended) return;
        if (chunk.done) {
          controller.close();
          end(null);
          return;
        }
        const value: unknown = chunk.value;
        if (!(value instanceof Uint8Array)) {
          this.abort('upstream-error');
          return;
        }
        if (bytes + value.byteLength > this.limits.maxResponseBytes) {
          this.abort('too-large');
          return;
        }
        bytes += value.byteLength;
        controller.enqueue(value);
      },
      cancel: () => {
        this.abort('client');
      },
    });
  }
}
