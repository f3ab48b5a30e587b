/**
 * The sidebar (and the web app of private mode) talking to the server: the host the shared server
 * (src/app/sidebar/server.ts) runs on in Google Sheets.
 */
import { type LogQueue } from "../app/auditLog";
import { districtListTab, TAB_DISTRICT_LIST, type Cursor } from "../app/districtGather";
import { ApiNotEnabledError } from "../app/hostErrors";
import type { CallLog } from "../app/quota";
import { handle, type Answer, type SidebarHost } from "../app/sidebar/server";
import { t, type MessageKey } from "../core/messages/index";
import { TAB_APPLICATION, TAB_STAFF } from "../workbook/schema";
import { exportToNewSpreadsheet, parseEmails } from "./exportApplication";
import { flush_, LARGE_GENERATED_TABS, portFor_, sheetsApi_, wallClock_, withLock_, type HostPort } from "./host";
import { choice_, setChoice_, setUserLang_, userLang_, type Audience } from "./lang";
import { documentLogQueue_ } from "./logQueue";
import { refusalKey_, setUpAll_ } from "./menu";
import { protectByRoles_, protectNewTabs_ } from "./protection";
import { SheetsApiWorkbookPort, type SheetsApi } from "./sheetsApiPort";
import { SheetsWorkbookPort } from "./sheetsPort";

const PERSON_PROPERTY = "ukoo.person";
/** The user's Sheets API requests of the last minute, for the district gathering's pace. */
const CALL_LOG_PROPERTY = "ukoo.sheetsApi.calls";
const CURSOR_PROPERTY = "ukoo.district.cursor";
const NOTICE_PROPERTY = "ukoo.notice.sheetsApi";

export function menuOpenSidebar(): void {
  const lang = userLang_();
  // The sidebar sends the spreadsheet's id back with each call, so a save need not ask SpreadsheetApp for it.
  const id = SpreadsheetApp.getActiveSpreadsheet().getId();
  const html = HtmlService.createHtmlOutputFromFile("Sidebar")
    .append(`<script>window.UKOO_SPREADSHEET = ${JSON.stringify(id)};</script>`)
    .setTitle(t(lang, "product.name"));
  SpreadsheetApp.getUi().showSidebar(html);
}

/** A district spreadsheet: the list of school application links, then the sidebar gathers them. */
export function menuDistrict(): void {
  const lang = userLang_();
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  try {
    withLock_(() => {
      const port = portFor_(ss);
      const tabs = port.tabNames();
      if (tabs.includes(TAB_STAFF)) throw new SchoolWorkbook();
      if (!tabs.includes(TAB_DISTRICT_LIST)) port.writeTab(districtListTab(lang));
      flush_(port);
    });
  } catch (error) {
    const said = error instanceof SchoolWorkbook ? "district.schoolWorkbook" : refusalKey_(error);
    if (!said) throw error;
    SpreadsheetApp.getUi().alert(t(lang, said));
    return;
  }
  menuOpenSidebar();
}

class SchoolWorkbook extends Error {}

/** A spreadsheet id as the sidebar sends it back: Google's ids are letters, digits, "-" and "_". */
const SPREADSHEET_ID = /^[A-Za-z0-9_-]{20,100}$/;

/** A school's spreadsheet id from its URL (…/spreadsheets/d/<id>/…), or null. */
export function spreadsheetIdFromUrl_(url: string): string | null {
  const m = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(url);
  return m ? m[1] : null;
}

export interface HostSetup {
  /** The spreadsheet, when it is not the active one (the web app opens it by id). */
  given?: GoogleAppsScript.Spreadsheet.Spreadsheet;
  /** The id the sidebar page was opened with: with the Sheets API a save makes no SpreadsheetApp call. */
  id?: string;
  /** Whose choices are kept: the person's own (in the spreadsheet), or a web-app visitor's. */
  audience?: Audience;
  /** The Sheets API to use: null runs over SpreadsheetApp (it is off, or not enabled). */
  api?: SheetsApi | null;
}

/** The sidebar's view of Apps Script: the spreadsheet, the user, the lock, the school's clock. */
export function sidebarHost_(setup: HostSetup = {}): SidebarHost & { apiNotEnabled?: boolean } {
  const { given, audience = "person" } = setup;
  let spreadsheet = given ?? null;
  const ss = () => (spreadsheet ??= SpreadsheetApp.getActiveSpreadsheet());
  const knownId = setup.id && SPREADSHEET_ID.test(setup.id) ? setup.id : undefined;
  const api = setup.api === undefined ? sheetsApi_() : setup.api;
  const open = (options: { valuesOnly?: boolean } = {}): HostPort =>
    api && knownId && !given
      ? new SheetsApiWorkbookPort(api, knownId, { ...options, deferred: LARGE_GENERATED_TABS, inspector: () => new SheetsWorkbookPort(ss(), SpreadsheetApp) })
      : portFor_(ss(), options, api);
  const ports: HostPort[] = [];
  const made = (port: HostPort) => (ports.push(port), port);
  let port: HostPort | null = null;
  let districtPort: HostPort | null = null;
  // What records a step's batch: run only once the batch has gone.
  let afterFlush: (() => void)[] = [];
  const main = () => (port ??= made(open()));
  const docProps = () => (audience === "person" ? PropertiesService.getDocumentProperties() : null);
  const logQueue: LogQueue | undefined = (() => {
    const props = docProps();
    return props ? documentLogQueue_(props) : undefined;
  })();
  // The school's clock, from whichever port a call has opened already (a district step opens its own).
  const now = () => wallClock_((ports[0] ?? main()).timeZone());
  return {
    port: main,
    email: () => {
      try {
        return Session.getActiveUser().getEmail() || "";
      } catch {
        return "";
      }
    },
    // In the web app the visitor is known by their account alone: nobody picks themselves there.
    allowPick: audience === "person",
    chosenId: () => (audience === "person" ? choice_(audience, PERSON_PROPERTY) : null),
    setChosenId: (id) => {
      if (audience === "person") setChoice_(audience, PERSON_PROPERTY, id);
    },
    lang: () => userLang_(audience),
    setLang: (lang) => setUserLang_(lang, audience),
    locked: (work) =>
      withLock_(() => {
        // What was read before the lock may have changed since: read it again, and write before letting go.
        for (const p of ports) p.forgetValues();
        try {
          const result = work();
          if (port) protectNewTabs_(port, now());
          for (const p of ports) flush_(p);
          for (const record of afterFlush) record();
          return result;
        } finally {
          afterFlush = [];
        }
      }),
    afterFlush: (record) => afterFlush.push(record),
    logQueue,
    now,
    goTo:
      audience === "person"
        ? (tab, cell) => {
            const sheet = ss().getSheetByName(tab);
            if (!sheet) return;
            ss().setActiveSheet(sheet);
            sheet.setActiveRange(sheet.getRange(cell));
          }
        : undefined,
    district: () => {
      const started = Date.now();
      const props = PropertiesService.getDocumentProperties();
      return {
        // The district's tabs hold only text: one read for values is enough.
        port: (districtPort ??= made(open({ valuesOnly: true }))),
        openApplication: (url) => {
          try {
            const schoolId = api ? spreadsheetIdFromUrl_(url) : null;
            const school = schoolId ? new SheetsApiWorkbookPort(api!, schoolId, { valuesOnly: true, onlyAsked: true }) : new SheetsWorkbookPort(SpreadsheetApp.openByUrl(url), SpreadsheetApp);
            return school.readTab(TAB_APPLICATION) ?? school.readTab(school.tabNames()[0] ?? "");
          } catch (error) {
            // Google's limits stop the step (the sidebar waits and goes on); a school that cannot be read is noted.
            if (refusalKey_(error)) throw error;
            return "cannot_read";
          }
        },
        getCursor: () => {
          const raw = props.getProperty(CURSOR_PROPERTY);
          return raw ? (JSON.parse(raw) as Cursor) : null;
        },
        // The cursor moves only after the chunk's rows are written: a step killed before its
        // batchUpdate leaves the cursor where it was, and the next step redoes that chunk.
        setCursor: (cursor) => {
          afterFlush.push(() => (cursor ? props.setProperty(CURSOR_PROPERTY, JSON.stringify(cursor)) : props.deleteProperty(CURSOR_PROPERTY)));
        },
        now,
        elapsed: () => Date.now() - started,
        // Reads through the Sheets API count against its per-user quota: the step paces itself.
        ...(api
          ? {
              callLog: () => {
                try {
                  return JSON.parse(PropertiesService.getUserProperties().getProperty(CALL_LOG_PROPERTY) ?? "[]") as CallLog;
                } catch {
                  return [];
                }
              },
              saveCallLog: (log: CallLog) => PropertiesService.getUserProperties().setProperty(CALL_LOG_PROPERTY, JSON.stringify(log)),
            }
          : {}),
      };
    },
    exportApplication:
      audience === "person"
        ? (emails) => {
            const bad = emails.find((e) => parseEmails(e).bad !== undefined);
            if (bad !== undefined) return { badEmail: bad };
            const lang = userLang_(audience);
            const file = exportToNewSpreadsheet(SpreadsheetApp, main(), emails, lang, now(), (school, year) => t(lang, "export.fileTitle", { school, year }), (created) => portFor_(created, {}, api));
            if (file.outcome.status === "unresolved") return { unresolved: file.outcome.unresolved.length };
            return { url: file.url, xlsxUrl: file.xlsxUrl, pdfUrl: file.pdfUrl, notShared: file.notShared };
          }
        : undefined,
    setUp: () => setUpAll_(main(), now()),
    protect: () => protectByRoles_(main(), now()),
    notice: (): MessageKey | null => {
      if (api) return null;
      if (setup.api === null && sheetsApi_()) return "google.apiNotEnabled";
      // Said once per person: after that the dashboard is left to its steps.
      const props = PropertiesService.getUserProperties();
      if (props.getProperty(NOTICE_PROPERTY)) return null;
      props.setProperty(NOTICE_PROPERTY, "shown");
      return "ui.notice.sheetsApi";
    },
  };
}

/**
 * Answers one call, over the Sheets API where it is on. Where it is declared but not enabled in the
 * Cloud project its first call fails before anything is written: the call is answered again over
 * SpreadsheetApp, and the overview says how to enable it.
 */
export function answer_(fn: unknown, args: unknown, setup: HostSetup): Answer {
  const first = sidebarHost_(setup);
  try {
    return handle(first, fn, args, { rethrow: (error) => error instanceof ApiNotEnabledError });
  } catch (error) {
    if (!(error instanceof ApiNotEnabledError)) throw error;
    return handle(sidebarHost_({ ...setup, api: null }), fn, args);
  }
}

/**
 * The one function the sidebar calls: `fn` is what it asks for, `args` its (untrusted) arguments,
 * `spreadsheetId` the id the page was opened with (checked for its form only: the user's own access
 * rights apply to whatever it names).
 */
export function sidebarCall(fn: unknown, args: unknown, spreadsheetId?: unknown): Answer {
  return answer_(fn, args, { id: typeof spreadsheetId === "string" ? spreadsheetId : undefined });
}
