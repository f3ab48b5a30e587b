/**
 * The Google Sheets host as each step meets it: which build runs, the Sheets API (when it is on
 * and enabled), the port over a spreadsheet, the lock, and the school's clock. Nothing here calls
 * a service at module load.
 */
import { ApiNotEnabledError, LockBusyError } from "../app/hostErrors";
import { wallClock } from "../core/dates";
import type { WorkbookPort } from "../workbook/port";
import { TAB_HISTORY, TAB_HOURS, TAB_LOG, TAB_PLANS, TAB_YEAR_PLAN } from "../workbook/schema";
import { guardedApi } from "./googleErrors";
import { protectNewTabs_ } from "./protection";
import { SheetsApiWorkbookPort, type SheetsApi } from "./sheetsApiPort";
import { SheetsWorkbookPort } from "./sheetsPort";

declare const UKOO_TARGET: "template" | "addon";
declare const Sheets: SheetsApi | undefined;

/**
 * The template is a spreadsheet with its own bound script, copied for each school; the add-on is
 * one script every school installs, whose script properties and script lock they would all share.
 */
export function target_(): "template" | "addon" {
  return typeof UKOO_TARGET === "undefined" ? "template" : UKOO_TARGET;
}

/** The Sheets API advanced service with Google's refusals typed, or null where it is not declared. */
export function sheetsApi_(): SheetsApi | null {
  return typeof Sheets === "undefined" || !Sheets ? null : guardedApi(Sheets);
}

/** The workbook port of the Google Sheets host: the Sheets API when it is on, else SpreadsheetApp. */
export type HostPort = SheetsApiWorkbookPort | SheetsWorkbookPort;

/** Generated tabs that grow with the staff and that only generation reads back (for typed text). */
export const LARGE_GENERATED_TABS = [TAB_PLANS, TAB_YEAR_PLAN, TAB_HOURS, TAB_LOG, TAB_HISTORY];

export interface PortOptions {
  valuesOnly?: boolean;
  /** Generation reads the plans and the year plan back (to keep what people typed): all in one read. */
  readsGenerated?: boolean;
}

/**
 * A port on a spreadsheet. Over the Sheets API a step costs one metadata read, two batched reads and
 * one batched write, whatever the number of staff; without it, SpreadsheetApp calls per tab and format.
 */
export function portFor_(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, options: PortOptions = {}, api: SheetsApi | null = sheetsApi_(), id?: string): HostPort {
  // A port lives for one step: it may keep what it read.
  if (!api) return new SheetsWorkbookPort(ss, SpreadsheetApp, true);
  const { readsGenerated, ...rest } = options;
  return new SheetsApiWorkbookPort(api, id ?? ss.getId(), { ...rest, deferred: readsGenerated ? [] : LARGE_GENERATED_TABS, inspector: () => new SheetsWorkbookPort(ss, SpreadsheetApp) });
}

/** Sends what a step queued (the Sheets API port writes in one batch); nothing to do for SpreadsheetApp. */
export function flush_(port: WorkbookPort | null): void {
  if (port instanceof SheetsApiWorkbookPort) port.flush();
}

/**
 * The lock every read-modify-write takes, so two people's steps never interleave. The template is
 * one script per school, so its script lock is this school's — and the one lock its web app has
 * (getDocumentLock() is null outside a document: https://developers.google.com/apps-script/reference/lock/lock-service#getDocumentLock()),
 * so a teacher's save in the web app and a leader's in the sidebar wait for each other. The add-on
 * is one script for every school: its script lock would make schools wait for one another, so it
 * takes the document's (an add-on always runs in a document).
 */
export function lock_(): GoogleAppsScript.Lock.Lock {
  const lock = target_() === "addon" ? LockService.getDocumentLock() : LockService.getScriptLock();
  if (!lock) throw new LockBusyError("no lock in this context");
  return lock;
}

/** Runs `work` holding the lock; throws LockBusyError when someone else holds it for 30 seconds. */
export function withLock_<T>(work: () => T): T {
  const lock = lock_();
  if (!lock.tryLock(30000)) throw new LockBusyError();
  try {
    return work();
  } finally {
    lock.releaseLock();
  }
}

/**
 * Now, as the school's clock shows it: the spreadsheet's time zone (File → Settings), not UTC and
 * not the script's. Between midnight and 06:00 in Bishkek, UTC is still yesterday.
 */
export function wallClock_(timeZone: string, at: Date = new Date()): Date {
  const zone = timeZone || Session.getScriptTimeZone();
  return wallClock(Utilities.formatDate(at, zone, "yyyy-MM-dd'T'HH:mm:ss"));
}

export interface StepRun<T> {
  result: T;
  /** The Sheets API is declared but not enabled in the Cloud project: the step ran without it. */
  apiNotEnabled: boolean;
}

/**
 * One step on a spreadsheet: under the lock, over a port, its writes sent before the lock is let
 * go. Where the Sheets API is declared but not enabled, its first call fails before anything is
 * written: the step runs again over SpreadsheetApp, and the caller says how to enable the API.
 */
export function runStep_<T>(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, work: (port: HostPort, now: Date) => T, options: PortOptions = {}): StepRun<T> {
  return withLock_(() => {
    const attempt = (api: SheetsApi | null) => {
      const port = portFor_(ss, options, api);
      const now = wallClock_(port.timeZone());
      const result = work(port, now);
      protectNewTabs_(port, now);
      flush_(port);
      return result;
    };
    const api = sheetsApi_();
    if (!api) return { result: attempt(null), apiNotEnabled: false };
    try {
      return { result: attempt(api), apiNotEnabled: false };
    } catch (error) {
      if (!(error instanceof ApiNotEnabledError)) throw error;
      return { result: attempt(null), apiNotEnabled: true };
    }
  });
}

/**
 * A read outside the lock (what the menu looks at before a step, or shows): over the Sheets API,
 * or over SpreadsheetApp where the API is declared but not enabled.
 */
export function peek_<T>(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, read: (port: HostPort, now: Date) => T): T {
  const attempt = (api: SheetsApi | null) => {
    const port = portFor_(ss, {}, api);
    return read(port, wallClock_(port.timeZone()));
  };
  try {
    return attempt(sheetsApi_());
  } catch (error) {
    if (!(error instanceof ApiNotEnabledError)) throw error;
    return attempt(null);
  }
}
