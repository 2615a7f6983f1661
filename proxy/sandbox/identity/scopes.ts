/** Xero's scopes as the sandbox knows them (xpm-api.md §6.6), with the plain words the consent page uses. */

/** Every scope the sandbox accepts at /identity/connect/authorize; others are `invalid_scope`. */
export const SCOPE_DESCRIPTIONS: ReadonlyMap<string, string> = new Map([
  ['openid', 'Confirm who you are'],
  ['profile', 'See your name'],
  ['email', 'See your email address'],
  ['offline_access', 'Keep access while you are not using the app (until you disconnect it, or after 60 days unused)'],
  ['practicemanager', 'View and change everything in Practice Manager'],
  ['practicemanager.read', 'View everything in Practice Manager'],
  ['practicemanager.client', 'View and change your Practice Manager clients, contacts and client groups'],
  ['practicemanager.client.read', 'View your Practice Manager clients, contacts and client groups'],
  ['practicemanager.staff', 'View and change your Practice Manager staff'],
  ['practicemanager.staff.read', 'View your Practice Manager staff'],
  ['practicemanager.job', 'View and change your Practice Manager jobs'],
  ['practicemanager.job.read', 'View your Practice Manager jobs'],
  ['practicemanager.time', 'View and change your Practice Manager time entries'],
  ['practicemanager.time.read', 'View your Practice Manager time entries'],
  ['accounting.contacts.read', 'View your Xero accounting contacts'],
  ['accounting.settings.read', 'View your Xero accounting settings'],
]);

/** Scopes that let a token read `client.api` and `clientgroup.api` (the legacy broad ones still work). */
export const CLIENT_READ_SCOPES: readonly string[] = [
  'practicemanager.client.read',
  'practicemanager.client',
  'practicemanager.read',
  'practicemanager',
];
/** Scopes that let a token read `staff.api`. */
export const STAFF_READ_SCOPES: readonly string[] = [
  'practicemanager.staff.read',
  'practicemanager.staff',
  'practicemanager.read',
  'practicemanager',
];

/** A space-separated scope string as a de-duplicated list, in the order given. */
export function parseScope(scope: string): string[] {
  return [...new Set(scope.split(' ').filter((s) => s !== ''))];
}

/** The consent page's lines: openid/profile/email are shown as one line, as Xero shows them. */
export function describeScopes(scopes: readonly string[]): string[] {
  const lines: string[] = [];
  const identity: readonly string[] = scopes.filter((s) => s === 'openid' || s === 'profile' || s === 'email');
  if (identity.length > 0) lines.push('Confirm who you are and see your name and email address');
  for (const scope of scopes) {
    if (identity.includes(scope)) continue;
    const words = SCOPE_DESCRIPTIONS.get(scope);
    if (words) lines.push(words);
  }
  return lines;
}
