/**
 * Builds RecordIssues: the kind follows from the code (and, for `email-invalid`, from the record),
 * values and names are cut only beyond MAX_ISSUE_VALUE_CHARS, and the issue keeps the finding's facts
 * (never sentences: src/domain/wording words them when they are shown or exported).
 */
import type { ClientName, Finding, Place } from '../../domain/findings';
import type { EntityKind, IssueKind, ReasonCode, RecordIssue } from '../../domain/reasons';
import type { XpmClientId, XpmContactId, XpmStaffId } from '../../domain/ids';
import type { ContactLink } from '../../domain/records';
import { issueValue } from '../../domain/text';
import type { CountryCode } from 'libphonenumber-js/max';
import { exampleMobile } from '../messages/example-mobile';

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

/**
 * What evaluation reports: a finding without the facts read from the phone metadata, which
 * makeIssue adds (the example mobile of the default country).
 */
export type Observed =
  | Exclude<Finding, { code: 'mobile-invalid' }>
  | (Omit<Extract<Finding, { code: 'mobile-invalid' }>, 'exampleMobile' | 'country'> & {
      readonly country: CountryCode | null;
    });

/** Email addresses kept in an `email-invalid` finding: the wording names at most the first two. */
const KEPT_ADDRESSES = 2;

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

function boundedClient(client: ClientName): ClientName {
  return { name: issueValue(client.name), code: issueValue(client.code), id: issueValue(client.id) };
}

/** The place with every text cut like a value, so one 5 MB name cannot bloat the log or the fix-list. */
function boundedPlace(place: Place): Place {
  switch (place.kind) {
    case 'contact':
      return {
        kind: 'contact',
        client: boundedClient(place.client),
        person: issueValue(place.person),
        email: issueValue(place.email),
      };
    case 'client-details':
    case 'client':
      return { kind: place.kind, client: boundedClient(place.client) };
    case 'staff':
      return {
        kind: 'staff',
        person: issueValue(place.person),
        email: issueValue(place.email),
        id: issueValue(place.id),
      };
  }
}

/**
 * The finding as stored: only its own facts (a validator's result may be passed as the finding, and
 * its `ok` flag is not one), texts cut like values, the example mobile added.
 */
function storedFinding(reported: Observed): Finding {
  const { ok: _validatorFlag, ...observed } = reported as Observed & { readonly ok?: boolean };
  switch (observed.code) {
    case 'mobile-invalid':
      return { ...observed, notes: issueValue(observed.notes), exampleMobile: exampleMobile(observed.country) };
    case 'email-invalid':
      return { ...observed, addresses: observed.addresses.slice(0, KEPT_ADDRESSES).map(issueValue) };
    case 'phone-not-mobile':
    case 'mobile-rescued':
      return { ...observed, notes: issueValue(observed.notes) };
    case 'partner-missing':
      return {
        ...observed,
        defaultPartnerEmail: observed.defaultPartnerEmail === null ? null : issueValue(observed.defaultPartnerEmail),
      };
    case 'partner-not-found':
      return { ...observed, partnerName: issueValue(observed.partnerName), partnerId: issueValue(observed.partnerId) };
    case 'first-name-missing':
      return { ...observed, entityType: issueValue(observed.entityType) };
    case 'last-name-missing':
      return { ...observed, entityType: observed.entityType === null ? null : issueValue(observed.entityType) };
    case 'duplicate-merged':
      return { ...observed, clientNames: observed.clientNames.map(issueValue) };
    default:
      return observed;
  }
}

/**
 * One issue. `value` is the exact raw XPM value (null when XPM has no such element, e.g. an unset
 * partner); `field` is XPM's API element name, null for skips.
 */
export function makeIssue(
  subject: Subject,
  place: Place,
  field: string | null,
  value: string | null,
  observed: Observed,
): RecordIssue {
  return {
    kind: kindOf(observed.code, place),
    code: observed.code,
    entity: subject.entity,
    clientId: subject.clientId,
    ...(subject.clientNumericId == null ? {} : { clientNumericId: subject.clientNumericId }),
    contactId: subject.contactId,
    staffId: subject.staffId,
    clientName: orNull(subject.clientName),
    personName: orNull(subject.personName),
    field,
    value: value === null ? null : issueValue(value),
    wording: { from: 'facts', finding: storedFinding(observed), place: boundedPlace(place) },
  };
}

/** What the duplicate-merged warning (R3) is made from, as the reconciler knows it. */
export interface DuplicateMergeFacts {
  readonly incoming: ContactLink;
  readonly sources: number;
  readonly clientNames: readonly string[];
  readonly keptMobile: string | null;
  readonly mobilesDiffered: boolean;
  readonly keptFromPrimary: boolean;
}

/** The duplicate-merged warning about the contact `facts.incoming` joined. */
export function duplicateMergedIssue(facts: DuplicateMergeFacts): RecordIssue {
  const { incoming } = facts;
  return makeIssue(
    {
      entity: 'contact',
      clientId: incoming.clientId,
      ...(incoming.clientNumericId == null ? {} : { clientNumericId: incoming.clientNumericId }),
      contactId: incoming.contactId,
      staffId: null,
      clientName: incoming.clientName,
      personName: incoming.name,
    },
    {
      kind: 'contact',
      client: { name: incoming.clientName, code: '', id: incoming.clientId },
      person: incoming.name,
      email: incoming.email,
    },
    'Email',
    incoming.email,
    {
      code: 'duplicate-merged',
      sources: facts.sources,
      clientNames: facts.clientNames,
      keptMobile: facts.keptMobile,
      mobilesDiffered: facts.mobilesDiffered,
      keptFromPrimary: facts.keptFromPrimary,
    },
  );
}
