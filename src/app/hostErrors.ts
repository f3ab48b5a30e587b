/**
 * What a host can run into that is not the school's data: the use-cases and the sidebar's server
 * map each to words for the user, and the page to what it does next (wait, retry, ask to set up).
 */

/** Someone else holds the lock on the workbook: try again in a moment. */
export class LockBusyError extends Error {}

/**
 * Google refused a call for the per-minute quota (HTTP 429): nothing was written, and the same
 * call goes through once the minute has passed (https://developers.google.com/sheets/api/limits).
 */
export class QuotaError extends Error {}

/**
 * The Sheets API is declared by the script but not enabled in its Cloud project: every call to it
 * fails, before anything is written. The host goes on without it and says how to enable it.
 */
export class ApiNotEnabledError extends Error {}
