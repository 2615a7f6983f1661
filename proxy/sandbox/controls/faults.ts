/**
 * Scheduled faults (test controls only): each fault targets an endpoint or a family of them and
 * applies to the next `times` matching requests, in the order faults were added. They produce the
 * bad inputs of reliability.md §10 and QUALITY.md "Reliability and security".
 */
import type { LimitProblem } from '../xpm/rate-limit';
import type { JsonObject } from './json-input';
import { InputError, asObject, onlyKeys, optInteger, optString, reqString } from './json-input';

export const XPM_ENDPOINT_NAMES = [
  'client.api/list',
  'client.api/paged-list',
  'client.api/get',
  'staff.api/list',
  'clientgroup.api/list',
] as const;
/** Identity routes a fault can target (the sign-in pages are for people and are never faulted). */
export const IDENTITY_ROUTE_NAMES = ['token', 'revocation', 'connections'] as const;
/** `xpm`: every XPM endpoint (the default); `identity`: token, revocation, connections; `any`: both. */
export const FAULT_TARGETS = ['xpm', 'identity', 'any', ...XPM_ENDPOINT_NAMES, ...IDENTITY_ROUTE_NAMES] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];
export type RouteFamily = 'xpm' | 'identity';

/** Longest scheduled latency: long enough to trip any client timeout, short enough not to hang a test run. */
const MAX_LATENCY_MS = 10 * 60_000;
/** Default oversize body: over the 60 MB that QUALITY.md's reliability test 6 asks for. */
export const DEFAULT_OVERSIZE_BYTES = 64 * 1024 * 1024;
/** Largest oversize body: enough for any client limit, bounded so a typo cannot stream forever. */
const MAX_OVERSIZE_BYTES = 1024 * 1024 * 1024;
/** How many requests one fault may apply to. */
const MAX_TIMES = 100_000;
/** Defaults when a fault omits its parameter: noticeable, but short enough for a test. */
const DEFAULT_LATENCY_MS = 1000;
/** 1 MiB/s: a 50 MB list takes under a minute, slow enough to see progress. */
const DEFAULT_BYTES_PER_SECOND = 1024 * 1024;
/** Faster than loopback would ever need throttling to. */
const MAX_BYTES_PER_SECOND = 1024 ** 3;
/** Cut inside the first client of a list. */
const DEFAULT_TRUNCATE_BYTES = 1024;
/** Xero's daily Retry-After can be many hours (xpm-api.md §5.2); ten days bounds a typo. */
const MAX_RETRY_AFTER_S = 10 * 86_400;

export type FaultAction =
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'bandwidth'; readonly bytesPerSecond: number }
  | { readonly kind: 'rate-limit'; readonly problem: LimitProblem; readonly retryAfter: number | null }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'truncate'; readonly afterBytes: number; readonly mode: 'end' | 'destroy' }
  | { readonly kind: 'malformed-xml'; readonly variant: 'mismatched' | 'unclosed' | 'stray-close' }
  | { readonly kind: 'html-error'; readonly status: number }
  | { readonly kind: 'status-error'; readonly description: string }
  | { readonly kind: 'doctype'; readonly variant: 'billion-laughs' | 'external-entity' }
  | { readonly kind: 'oversize'; readonly bytes: number }
  | { readonly kind: 'proto-tags' }
  | { readonly kind: 'bom-declaration' }
  | { readonly kind: 'invalid-grant' };

export type FaultKind = FaultAction['kind'];

export const FAULT_KINDS: readonly FaultKind[] = [
  'latency',
  'bandwidth',
  'rate-limit',
  'status',
  'truncate',
  'malformed-xml',
  'html-error',
  'status-error',
  'doctype',
  'oversize',
  'proto-tags',
  'bom-declaration',
  'invalid-grant',
];

/** Faults that make sense on the JSON identity endpoints. */
const IDENTITY_KINDS: ReadonlySet<FaultKind> = new Set(['latency', 'status', 'html-error']);

export interface Fault {
  readonly id: number;
  readonly target: FaultTarget;
  readonly action: FaultAction;
  /** Requests it still applies to. */
  remaining: number;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], key: string, fallback: T): T {
  if (value === undefined) return fallback;
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new InputError(`"${key}" must be one of ${allowed.join(', ')}.`);
  return found;
}

function parseAction(o: JsonObject): FaultAction {
  const kind = oneOf(reqString(o, 'kind'), FAULT_KINDS, 'kind', 'latency');
  const common = ['kind', 'endpoint', 'times'];
  switch (kind) {
    case 'latency':
      onlyKeys(o, [...common, 'ms'], 'latency');
      return { kind, ms: optInteger(o, 'ms', 0, MAX_LATENCY_MS) ?? DEFAULT_LATENCY_MS };
    case 'bandwidth':
      onlyKeys(o, [...common, 'bytesPerSecond'], 'bandwidth');
      return {
        kind,
        bytesPerSecond: optInteger(o, 'bytesPerSecond', 1, MAX_BYTES_PER_SECOND) ?? DEFAULT_BYTES_PER_SECOND,
      };
    case 'rate-limit':
      onlyKeys(o, [...common, 'problem', 'retryAfter'], 'rate-limit');
      return {
        kind,
        problem: oneOf(
          optString(o, 'problem'),
          ['minute', 'day', 'concurrent', 'appminute'] as const,
          'problem',
          'minute',
        ),
        retryAfter: optInteger(o, 'retryAfter', 0, MAX_RETRY_AFTER_S) ?? null,
      };
    case 'status':
      onlyKeys(o, [...common, 'status'], 'status');
      return { kind, status: optInteger(o, 'status', 500, 599) ?? 500 };
    case 'truncate':
      onlyKeys(o, [...common, 'afterBytes', 'mode'], 'truncate');
      return {
        kind,
        afterBytes: optInteger(o, 'afterBytes', 0, MAX_OVERSIZE_BYTES) ?? DEFAULT_TRUNCATE_BYTES,
        mode: oneOf(optString(o, 'mode'), ['end', 'destroy'] as const, 'mode', 'destroy'),
      };
    case 'malformed-xml':
      onlyKeys(o, [...common, 'variant'], 'malformed-xml');
      return {
        kind,
        variant: oneOf(
          optString(o, 'variant'),
          ['mismatched', 'unclosed', 'stray-close'] as const,
          'variant',
          'mismatched',
        ),
      };
    case 'html-error':
      onlyKeys(o, [...common, 'status'], 'html-error');
      return { kind, status: optInteger(o, 'status', 400, 599) ?? 502 };
    case 'status-error':
      onlyKeys(o, [...common, 'description'], 'status-error');
      return { kind, description: optString(o, 'description') ?? 'An error occurred in the sandbox' };
    case 'doctype':
      onlyKeys(o, [...common, 'variant'], 'doctype');
      return {
        kind,
        variant: oneOf(
          optString(o, 'variant'),
          ['billion-laughs', 'external-entity'] as const,
          'variant',
          'billion-laughs',
        ),
      };
    case 'oversize':
      onlyKeys(o, [...common, 'bytes'], 'oversize');
      return { kind, bytes: optInteger(o, 'bytes', 1, MAX_OVERSIZE_BYTES) ?? DEFAULT_OVERSIZE_BYTES };
    case 'proto-tags':
    case 'bom-declaration':
    case 'invalid-grant':
      onlyKeys(o, common, kind);
      return { kind };
  }
}

export class FaultQueue {
  private faults: Fault[] = [];
  private nextId = 1;

  /** Parses and schedules one fault from a control body. */
  add(spec: unknown): Fault {
    const o = asObject(spec, 'A fault');
    const action = parseAction(o);
    const fallback: FaultTarget = action.kind === 'invalid-grant' ? 'token' : 'xpm';
    const target = oneOf(optString(o, 'endpoint'), FAULT_TARGETS, 'endpoint', fallback);
    if (action.kind === 'invalid-grant' && target !== 'token')
      throw new InputError('invalid-grant applies to the token endpoint only.');
    const identity =
      target === 'identity' || target === 'any' || (IDENTITY_ROUTE_NAMES as readonly string[]).includes(target);
    if (identity && action.kind !== 'invalid-grant' && !IDENTITY_KINDS.has(action.kind)) {
      throw new InputError(
        `${action.kind} applies to XPM endpoints only; on identity endpoints use ${[...IDENTITY_KINDS].join(', ')}.`,
      );
    }
    const fault: Fault = { id: this.nextId++, target, action, remaining: optInteger(o, 'times', 1, MAX_TIMES) ?? 1 };
    this.faults.push(fault);
    return fault;
  }

  /** The first scheduled fault for this route, without using it up. */
  peek(route: string, family: RouteFamily): Fault | undefined {
    return this.faults.find(
      (f) => f.action.kind !== 'invalid-grant' && (f.target === route || f.target === family || f.target === 'any'),
    );
  }

  /** Uses one application of a fault; it leaves the queue when none remain. */
  consume(fault: Fault): void {
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
  }

  /** True (and used up) when the next refresh is scheduled to fail with invalid_grant. */
  takeRefreshFailure(): boolean {
    const fault = this.faults.find((f) => f.action.kind === 'invalid-grant');
    if (!fault) return false;
    this.consume(fault);
    return true;
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  clear(): void {
    this.faults = [];
  }
}
