/**
 * A contact record's shown values are a pure function of its XPM links, so applying the same sources
 * in any order, once or many times, gives the same record (S7 idempotence).
 */
import type { ContactLink, ContactOrigin } from '../../domain/records';
import type { WarningCode } from '../../domain/reasons';
import type { SourceKey } from '../../domain/ids';

export interface DerivedContactValues {
  readonly name: string;
  readonly email: string;
  readonly mobile: string | null;
  readonly origin: Exclude<ContactOrigin, 'manual'>;
  readonly warnings: readonly WarningCode[];
  /** Number of distinct XPM sources (contacts, or a client's own details) behind the record. */
  readonly sourceCount: number;
}

/**
 * The link whose values win (R3): the first primary contact, else the first link in XPM order.
 * Links are kept in the order they were first seen.
 */
export function winningLink(links: readonly ContactLink[]): ContactLink | undefined {
  return links.find((link) => link.isPrimary) ?? links[0];
}

/**
 * R3: name and email from the winning link; mobile from the winning link, or — when it has none —
 * the first link that has one (a blank mobile never wipes out a valid one from a duplicate).
 */
export function deriveContactValues(links: readonly ContactLink[]): DerivedContactValues | null {
  const winner = winningLink(links);
  if (!winner) return null;
  const mobile = winner.mobile ?? links.find((link) => link.mobile !== null)?.mobile ?? null;
  const sourceKeys = distinctSourceKeys(links);
  const warnings = new Set<WarningCode>();
  for (const link of links) for (const code of link.warnings) warnings.add(code);
  if (sourceKeys.length > 1) warnings.add('duplicate-merged');
  return {
    name: winner.name,
    email: winner.email,
    mobile,
    origin: links.some((link) => link.contactId !== null) ? 'contact' : 'client',
    warnings: [...warnings].sort(),
    sourceCount: sourceKeys.length,
  };
}

export function distinctSourceKeys(links: readonly ContactLink[]): SourceKey[] {
  return [...new Set(links.map((link) => link.sourceKey))];
}

/** Whether two mobiles among a record's sources disagree (reported in the duplicate-merged warning). */
export function mobilesDiffer(links: readonly ContactLink[]): boolean {
  const mobiles = new Set(links.map((link) => link.mobile));
  return mobiles.size > 1;
}
