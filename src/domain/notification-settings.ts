/**
 * S10 / U4: the failure-notification settings — on or off, and who is responsible (a name and an
 * email, shown in the banner as "Tell Sam Lee (sam@example.com)"; nothing is ever sent to it).
 */

export interface NotificationSettings {
  /** System notifications and the app badge after repeated failures (the in-app banner always shows). */
  readonly notificationsEnabled: boolean;
  /** Who is responsible for the sync, as typed (trimmed); null when not set. */
  readonly responsibleName: string | null;
  readonly responsibleEmail: string | null;
}

/** Off until the user turns it on: the browser's permission may only be asked from that click. */
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  notificationsEnabled: false,
  responsibleName: null,
  responsibleEmail: null,
};

/** A person's display name; longer text is not a name and would swamp the banner. */
export const MAX_RESPONSIBLE_NAME_CHARS = 100;

/** RFC 5321 §4.5.3.1.3 path limit minus the angle brackets: the longest address mail can carry. */
export const MAX_EMAIL_CHARS = 254;

export type FieldCheck =
  | { readonly ok: true; readonly value: string | null }
  | { readonly ok: false; readonly message: string };

/** The name as it will be stored: trimmed, inner white space collapsed; blank clears it. */
export function checkResponsibleName(text: string): FieldCheck {
  const value = text.replace(/\s+/gu, ' ').trim();
  if (value === '') return { ok: true, value: null };
  if (value.length > MAX_RESPONSIBLE_NAME_CHARS) {
    return {
      ok: false,
      message: `The name is ${value.length} characters long; use at most ${MAX_RESPONSIBLE_NAME_CHARS}.`,
    };
  }
  return { ok: true, value };
}

const LIST_SEPARATOR = /[,;]/u;
const WHITE_SPACE = /\s/u;
/** Characters that mark display text around an address: `Sam <sam@x.com>`, `sam@x.com (work)`. */
const DECORATION = /[<>()[\]"]/u;
/** A local part: no white space, separators or decoration (the engine's full rule is stricter). */
const LOCAL_PART = /^[^\s@,;<>()[\]"]+$/u;
/** A domain label: letters, marks and digits of any script with inner hyphens. */
const DOMAIN_LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;
const TOP_LEVEL = /^(?:\p{L}{2,}|xn--[a-z0-9-]+)$/iu;

function domainProblem(domain: string): string | null {
  if (domain === '') return 'has nothing after the “@”';
  const labels = domain.split('.');
  if (labels.length < 2) return `ends in “@${domain}”, which is not a complete domain such as example.com`;
  if (!labels.every((label) => DOMAIN_LABEL.test(label)) || !TOP_LEVEL.test(labels[labels.length - 1] ?? '')) {
    return `has “${domain}” after the “@”, which is not a valid domain such as example.com`;
  }
  return null;
}

function plainAddressProblem(address: string): string | null {
  const at = address.indexOf('@');
  if (at < 0) return 'has no “@” (an email address looks like sam@example.com)';
  if (address.indexOf('@', at + 1) >= 0) return 'has more than one “@”';
  const local = address.slice(0, at);
  if (local === '') return 'has nothing before the “@”';
  if (!LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return `has “${local}” before the “@”; that part cannot start or end with a dot or have two dots in a row`;
  }
  return domainProblem(address.slice(at + 1));
}

/**
 * The responsible person's email as it will be stored, or what is wrong with it. One plain address
 * (blank clears it); anything else gets a message naming the problem and, where the text holds a
 * valid address among other words, which one to keep.
 */
export function checkResponsibleEmail(text: string): FieldCheck {
  const value = text.trim();
  if (value === '') return { ok: true, value: null };
  const wrong = (problem: string): FieldCheck => ({ ok: false, message: `The email “${value}” ${problem}.` });
  if (value.length > MAX_EMAIL_CHARS) {
    return wrong(`is ${value.length} characters long; an email address has at most ${MAX_EMAIL_CHARS}`);
  }
  if (LIST_SEPARATOR.test(value) || DECORATION.test(value)) {
    const found = value.split(/[\s,;<>()[\]"]+/u).filter((part) => part !== '' && plainAddressProblem(part) === null);
    if (found.length > 1) return wrong('holds more than one address; enter one address only');
    if (found.length === 1) return wrong(`has other text around the address; enter only ${found[0]}`);
    return wrong('is not one email address (it holds separators or brackets)');
  }
  // Without brackets, text around a space is as likely part of the address ("sam lee@…") as not.
  if (WHITE_SPACE.test(value)) return wrong('has a space in it; an email address has none');
  const problem = plainAddressProblem(value);
  return problem === null ? { ok: true, value } : wrong(problem);
}

/** "Sam Lee (sam@example.com)", "Sam Lee", "sam@example.com", or null when nobody is set. */
export function responsibleLabel(
  settings: Pick<NotificationSettings, 'responsibleName' | 'responsibleEmail'>,
): string | null {
  const { responsibleName: name, responsibleEmail: email } = settings;
  if (name !== null && email !== null) return `${name} (${email})`;
  return name ?? email;
}
