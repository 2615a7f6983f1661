/**
 * Evaluates one XPM staff member (PRODUCT.md R9): Name split into first name (all but the last word)
 * and last name (the last word); Name and a valid Email are required.
 */
import type { XpmStaff } from '../../xero/types';
import type { StaffEvaluation } from './evaluation';
import { makeIssue, type Observed, type Subject } from './issues';
import type { Place } from '../../domain/findings';
import type { RecordIssue } from '../../domain/reasons';
import { collapseWhiteSpace } from '../../domain/text';
import { validateEmail } from '../validate/email';
import { validateName } from '../validate/name';
import { numericXpmId } from '../../domain/ids';

/** Splits a normalised name: first name = all but the last word, last name = the last word. */
export function splitStaffName(name: string): { readonly firstName: string; readonly lastName: string } {
  const cut = name.lastIndexOf(' ');
  return cut < 0 ? { firstName: name, lastName: '' } : { firstName: name.slice(0, cut), lastName: name.slice(cut + 1) };
}

export function evaluateStaff(staff: XpmStaff): StaffEvaluation {
  const displayName = collapseWhiteSpace(staff.name);
  const subject: Subject = {
    entity: 'staff',
    clientId: null,
    contactId: null,
    staffId: staff.key,
    clientName: '',
    personName: displayName,
  };
  const place: Place = { kind: 'staff', person: displayName, email: staff.email, id: staff.key ?? '' };
  const issues: RecordIssue[] = [];
  const report = (field: string, value: string, finding: Observed) =>
    issues.push(makeIssue(subject, place, field, value, finding));

  if (staff.key === null) report('UUID', staff.uuid, { code: 'id-missing', contactsNotRead: 0 });
  const name = validateName(staff.name);
  const parts = name.ok ? splitStaffName(name.value) : null;
  if (!name.ok) report('Name', staff.name, name);
  // A one-word name has no last name (R9); it is reported against Name, the only XPM field.
  else if (parts?.lastName === '') report('Name', staff.name, { code: 'last-name-missing', entityType: null });
  const email = validateEmail(staff.email);
  if (!email.ok) report('Email', staff.email, email);

  const fields =
    staff.key !== null && name.ok && email.ok && parts !== null && parts.lastName !== ''
      ? {
          id: staff.key,
          xpmNumericId: numericXpmId(staff.numericId),
          name: name.value,
          firstName: parts.firstName,
          lastName: parts.lastName,
          email: email.value,
        }
      : null;
  return { staff: { key: staff.key, name: displayName }, fields, issues };
}
