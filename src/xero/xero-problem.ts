/**
 * Xero's gateway answers 401/403 with a JSON "problem" body, not XML (xpm-api.md §1.4b):
 * `{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"TokenExpired: …","Instance":"…"}`.
 * Key casing has been seen both PascalCase and lower-case, so keys are matched case-insensitively.
 */
import { asObject, parseJson, readBoundedText } from './json-body';

/** What the caller does next depends only on this. */
export type XeroProblemKind =
  | 'token-expired' // refresh once, retry once
  | 'authentication-unsuccessful' // token garbage or revoked: reconnect
  | 'authorization-unsuccessful' // token lacks a scope
  | 'forbidden' // 403: wrong or disconnected tenant
  | 'other';

export interface XeroProblem {
  readonly kind: XeroProblemKind;
  /** The HTTP status if given, else the body's Status, else null. */
  readonly status: number | null;
  readonly title: string;
  readonly detail: string;
  /** Xero's correlation id. */
  readonly instance: string;
}

/** Problem texts are one line ("TokenExpired: token expired at 04/29/2020 09:22:02"); longer input is cut. */
export const MAX_PROBLEM_TEXT_CHARS = 300;

function text(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, MAX_PROBLEM_TEXT_CHARS) : '';
}

function statusOf(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d{3}$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : null;
}

/** Own keys of `object` by lower-cased name; the first spelling seen wins. */
function lowerKeyed(object: Readonly<Record<string, unknown>>): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const key of Object.keys(object)) {
    const lower = key.toLowerCase();
    if (!map.has(lower)) map.set(lower, object[key]);
  }
  return map;
}

function classify(status: number | null, detail: string): XeroProblemKind {
  if (/^\s*TokenExpired\b/i.test(detail)) return 'token-expired';
  if (/^\s*AuthorizationUnsuccessful\b/i.test(detail)) return 'authorization-unsuccessful';
  // 403 with AuthenticationUnsuccessful is a bad tenant id, not a bad token (xpm-api.md §1.4b).
  if (status === 403) return 'forbidden';
  if (/^\s*AuthenticationUnsuccessful\b/i.test(detail)) return 'authentication-unsuccessful';
  return 'other';
}

/** Classifies a parsed problem body (anything: a non-object gives empty fields). */
export function parseXeroProblem(body: unknown, httpStatus?: number): XeroProblem {
  const object = asObject(body);
  const fields = object === null ? new Map<string, unknown>() : lowerKeyed(object);
  const status = statusOf(httpStatus) ?? statusOf(fields.get('status'));
  const detail = text(fields.get('detail'));
  return {
    kind: classify(status, detail),
    status,
    title: text(fields.get('title')),
    detail,
    instance: text(fields.get('instance')),
  };
}

/** Reads and classifies the problem body of a 401/403 response. Never throws. */
export async function readXeroProblem(response: Response): Promise<XeroProblem> {
  const body = await readBoundedText(response);
  return parseXeroProblem(body === null ? undefined : parseJson(body), response.status);
}
