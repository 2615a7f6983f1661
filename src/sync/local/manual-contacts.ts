/**
 * The pure rules of manual contacts (R8) and of detaching a synced contact (R4): the form's checks (the
 * sync's own validators, the default country from Settings), and the records a create, an edit or a
 * detach produces. Nothing here reads or writes the store (see operations.ts).
 */
import type { ContactRecord } from '../../domain/records';
import type { LocalContactId } from '../../domain/ids';
import { type ManualField, type ManualFinding, manualProblemMessage } from '../messages/manual';
import { normaliseIdentity, validateEmail, validateMobile, validateName } from '../validate';

export type { ManualField } from '../messages/manual';
export { canDetach, isEditable } from '../../domain/record-actions';

/** What the user typed in the form. */
export interface ManualContactInput {
  readonly name: string;
  readonly email: string;
  readonly mobile: string;
}

/** One field the form refused: which, the closed code, and the sentence saying what to fix. */
export interface ManualProblem {
  readonly field: ManualField;
  readonly code: ManualFinding['code'];
  readonly message: string;
}

/** The values a valid form gives: as a sync would store them (name collapsed, mobile E.164). */
export interface ManualValues {
  readonly name: string;
  readonly email: string;
  readonly mobile: string | null;
  readonly identityKey: string;
}

export type ManualCheck =
  | { readonly ok: true; readonly values: ManualValues }
  | { readonly ok: false; readonly problems: readonly ManualProblem[] };

function problem(field: ManualField, finding: ManualFinding, value: string): ManualProblem {
  return { field, code: finding.code, message: manualProblemMessage(field, finding, value) };
}

/**
 * Checks the form with the sync's rules (R2). Notes next to a number are refused even when "Rescue
 * numbers with notes" is on: that option rescues data typed into XPM, while here the user can simply
 * type the number alone.
 */
export function checkManualContact(
  input: ManualContactInput,
  options: { readonly defaultCountry: string },
): ManualCheck {
  const problems: ManualProblem[] = [];
  const name = validateName(input.name);
  if (!name.ok) problems.push(problem('name', name, input.name));
  const email = validateEmail(input.email);
  if (!email.ok) problems.push(problem('email', email, input.email));
  const mobile = validateMobile(input.mobile, { defaultCountry: options.defaultCountry, rescueNumbers: false });
  if (!mobile.ok) {
    const finding: ManualFinding =
      mobile.code === 'mobile-invalid'
        ? {
            code: 'mobile-invalid',
            extraText: mobile.problem === 'extra-text',
            found: mobile.found,
            country: mobile.country,
          }
        : mobile;
    problems.push(problem('mobile', finding, input.mobile));
  }
  if (!name.ok || !email.ok || !mobile.ok) return { ok: false, problems };
  return {
    ok: true,
    values: {
      name: name.value,
      email: email.value,
      mobile: mobile.value,
      identityKey: normaliseIdentity(name.value, email.value),
    },
  };
}

/** R8: the problem shown when another contact already has the name and email. */
export function clashProblem(existing: ContactRecord): ManualProblem {
  const finding: ManualFinding = {
    code: 'contact-exists',
    name: existing.name,
    email: existing.email,
    synced: existing.state === 'synced',
  };
  return { field: 'email', code: finding.code, message: manualProblemMessage('email', finding, '') };
}

/**
 * The contact a save would clash with: another record with the same identity. An edit that keeps the
 * contact's own name and email never clashes (after a detach its source makes a synced twin, R4).
 */
export function clashingContact(
  values: ManualValues,
  editing: ContactRecord | null,
  sameIdentity: readonly ContactRecord[],
): ContactRecord | null {
  if (editing !== null && editing.identityKey === values.identityKey) return null;
  return sameIdentity.find((record) => record.id !== editing?.id && record.identityKey === values.identityKey) ?? null;
}

export function newManualContact(values: ManualValues, id: LocalContactId, now: number): ContactRecord {
  return {
    id,
    identityKey: values.identityKey,
    name: values.name,
    email: values.email,
    mobile: values.mobile,
    state: 'manual',
    origin: 'manual',
    forcedManual: false,
    links: [],
    sourceKeys: [],
    stale: null,
    mergedInto: null,
    missingInXpm: false,
    warnings: [],
    emailChangedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

export function editedManualContact(record: ContactRecord, values: ManualValues, now: number): ContactRecord {
  return {
    ...record,
    identityKey: values.identityKey,
    name: values.name,
    email: values.email,
    mobile: values.mobile,
    // Warnings were about XPM's values; these are the user's.
    warnings: [],
    updatedAt: now,
  };
}

/**
 * R4 detach: editable and forced manual. The XPM links stay for reference, but with no source keys the
 * sync never finds it again, so its source creates a new synced contact on the next run.
 */
export function detachedContact(record: ContactRecord, now: number): ContactRecord {
  return {
    ...record,
    state: 'manual',
    forcedManual: true,
    sourceKeys: [],
    stale: null,
    mergedInto: null,
    missingInXpm: false,
    warnings: [],
    updatedAt: now,
  };
}
