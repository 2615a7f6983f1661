/** Xero’s per-practice API allowances, as the app shows them (xpm-api.md, "Rate limits"). */

/**
 * Calls a practice may make per day on Xero's standard tier (5,000; the Starter tier allows 1,000).
 * Monitoring draws each day's calls against it; the run itself obeys the X-DayLimit-Remaining header.
 */
export const XPM_DAILY_CALL_LIMIT = 5_000;
