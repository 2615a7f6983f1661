/**
 * Builds RecordIssues: the kind follows from the code (and, for `email-invalid`, from the record),
 * values and names are cut only beyond MAX_ISSUE_VALUE_CHARS, and the wording comes from messages.ts.
 */
import { explain, type Finding, type Place } from '../messages/issues';
import type { EntityKind, IssueKind, ReasonCode, RecordIssue } from '../../domain/reasons';
import type { XpmClientId, XpmContactId, XpmStaffId } from '../../domain/ids';
import { issueValue } from '../validate/text';

/** Who an issue is about (the identifying columns of the run log and the CSV). */
export interface Subject {
  readonly entity: EntityKind;
  readonly clientId: XpmClientId | null;
  /** The client's integer XPM id when XPM sent one. */
  readonly clientNumericId?: string | null;
  readonly contactId: XpmContactId | null;
  readonly staffId: XpmStaffId | null;
  /** Display names (white space collapsed); '' when XPM has none. */
  readonly clientName: string;
  readonly personName: string;
}

/** The kind of an issue with `code` raised about a record at `place`. */
export function kindOf(code: ReasonCode, place: Place): IssueKind {
  switch (code) {
    case 'client-deleted':
    case 'client-archived':
    case 'contact-deleted':
    case 'duplicate-in-response':
      return 'skip';
    case 'phone-not-mobile':
    case 'mobile-rescued':
    case 'duplicate-merged':
      return 'warning';
    case 'email-invalid':
      // The client's own email is optional (R10): an invalid one is dropped, the client imported.
      return place.kind === 'client' ? 'warning' : 'rejection';
    default:
      return 'rejection';
  }
}

const orNull = (name: string): string | null => (name === '' ? null : issueValue(name));

/**
 * One issue. `value` is the exact raw XPM value (null when XPM has no such element, e.g. an unset
 * partner); `field` is XPM's API element name, null for skips.
 */
export function makeIssue(
  subject: Subject,
  place: Place,
  field: string | null,
  value: string | null,
  finding: Finding,
): RecordIssue {
  const { message, suggestion } = explain(finding, place, field, value ?? '');
  return {
    kind: kindOf(finding.code, place),
    code: finding.code,
    entity: subject.entity,
    clientId: subject.clientId,
    ...(subject.clientNumericId == null ? {} : { clientNumericId: subject.clientNumericId }),
    contactId: subject.contactId,
    staffId: subject.staffId,
    clientName: orNull(subject.clientName),
    personName: orNull(subject.personName),
    field,
    value: value === null ? null : issueValue(value),
    message,
    suggestion,
  };
}
