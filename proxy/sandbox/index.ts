/** The sandbox's public API, for `npm start`, tests and benchmarks. */
export { createSandbox, DEFAULT_APP_NAME, DEFAULT_CLIENT_ID, DEFAULT_CLIENTS, MAX_CLIENTS } from './sandbox';
export type { Sandbox, SandboxOptions, SandboxState } from './sandbox';
export { startSandbox, DEFAULT_SANDBOX_PORT } from './server';
export type { RunningSandbox, StartSandboxOptions } from './server';
export { signIn, APP_SCOPE } from './sign-in';
export type { SignInOptions, SignedIn } from './sign-in';
export type { SandboxControls } from './controls/controls';
export type { MutationResult } from './controls/mutations';
export type { Fault, FaultAction } from './controls/faults';
export type { RequestReport, LoggedRequest } from './controls/request-log';
export type { PracticeView, ClientView, ClientContactView } from './data/views';
export type { GrantSummary } from './identity/grants';
export { ACCOUNTING_ORG_NAME, MAIN_PRACTICE_NAME, SMALL_PRACTICE_NAME, SMALL_PRACTICE_CLIENTS } from './data/tenants';
export { MESS_KINDS, MESS_RATES } from './data/mess';
export { ACCESS_TOKEN_TTL_S, REFRESH_GRACE_MS, REFRESH_IDLE_MS, CODE_TTL_MS } from './identity/grants';
export { CONCURRENT_LIMIT, MINUTE_LIMIT, DEFAULT_DAILY_LIMIT, APP_MINUTE_LIMIT } from './xpm/rate-limit';
