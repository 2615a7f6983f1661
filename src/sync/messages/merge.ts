/** Wording of the duplicate-merged warning (R3), raised by the reconciler rather than per-record evaluation. */
import type { ContactLink } from '../../domain/records';
import type { RecordIssue } from '../../domain/reasons';

export interface DuplicateMergeFacts {
  readonly incoming: ContactLink;
  readonly sources: number;
  readonly clientNames: readonly string[];
  readonly keptMobile: string | null;
  readonly mobilesDiffered: boolean;
  readonly keptFromPrimary: boolean;
}

function quoteList(names: readonly string[]): string {
  const quoted = names.map((n) => `‘${n}’`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

export function duplicateMergedIssue(facts: DuplicateMergeFacts): RecordIssue {
  const { incoming } = facts;
  const who = `${incoming.name} <${incoming.email}>`;
  const mobileNote = facts.mobilesDiffered
    ? ` Their mobiles differ; kept ${facts.keptMobile ?? 'no mobile'} from the ${facts.keptFromPrimary ? 'primary contact' : 'first one in XPM'}.`
    : '';
  return {
    kind: 'warning',
    code: 'duplicate-merged',
    entity: 'contact',
    clientId: incoming.clientId,
    contactId: incoming.contactId,
    staffId: null,
    clientName: incoming.clientName,
    personName: incoming.name,
    field: 'Email',
    value: incoming.email,
    message: `${who} appears ${facts.sources} times in XPM (under ${quoteList(facts.clientNames)}) and was merged into one contact.${mobileNote}`,
    suggestion:
      'If these are the same person, keep one XPM contact and link it to each client (Client → Contacts → Add existing contact) so the details live in one place. If they are different people, give each their own email address in XPM.',
  };
}
