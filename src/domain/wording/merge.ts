/** Wording of the duplicate-merged warning (R3), raised by the reconciler rather than per-record evaluation. */
import type { Explanation, Finding, Place } from '../findings';
import { q } from './words';

function quoteList(names: readonly string[]): string {
  const quoted = names.map((n) => q(n));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** `value` is the merged contact's email as XPM sent it; the person's name is the place's. */
export function duplicateMerged(
  finding: Extract<Finding, { code: 'duplicate-merged' }>,
  place: Place,
  value: string,
): Explanation {
  const name = place.kind === 'contact' || place.kind === 'staff' ? place.person : '';
  const who = `${name} <${value}>`;
  const mobileNote = finding.mobilesDiffered
    ? ` Their mobiles differ; kept ${finding.keptMobile ?? 'no mobile'} from the ${finding.keptFromPrimary ? 'primary contact' : 'first one in XPM'}.`
    : '';
  return {
    message: `${who} appears ${finding.sources} times in XPM (under ${quoteList(finding.clientNames)}) and was merged into one contact.${mobileNote}`,
    suggestion:
      'If these are the same person, keep one XPM contact and link it to each client (Client → Contacts → Add existing contact) so the details live in one place. If they are different people, give each their own email address in XPM.',
  };
}
