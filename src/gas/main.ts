/**
 * Apps Script entry points. The build wraps this module in an IIFE (global UKOO) and generates one
 * top-level `function` per export below, because menus, triggers and google.script.run can only
 * call real top-level functions. Nothing here touches a service at module load: onOpen also runs
 * in AuthMode.NONE.
 */
import { setUpWorkbook } from "../app/setUp";
import { checkAndReport } from "../app/report";
import { generate, GENERATED_TABS, type GenerateOutcome } from "../app/generate";
import { langFromLocale, t, type Lang, isLang, type MessageKey } from "../core/messages/index";
import { AGREEMENT_HEADER_ROW, agreementTabName, TAB_APPLICATION, TAB_CHECK, TAB_HISTORY, TAB_HOURS, TAB_LOG, TAB_OBSERVATIONS, TAB_PLANS, TAB_STAFF, TAB_SUMMARY, TAB_YEAR_PLAN, YEAR_ROUND_HEADER_ROW } from "../workbook/schema";
import { escapeHtml, planLinks, planLinksHtml } from "./plansPdf";
import { FRAMEWORK_IDS } from "../core/frameworks/index";
import { protectionPlan } from "../app/protection";
import { protectionRequests } from "./protection";
import { appendLog } from "../app/auditLog";
import { editLogEntries } from "./editLog";
import { readState } from "../workbook/read";
import { districtListTab, TAB_DISTRICT_LIST, type Cursor } from "../app/districtGather";
import type { CallLog } from "../app/quota";
import { interpret } from "../workbook/interpret";
import { exportDialogHtml, exportToNewSpreadsheet, parseEmails } from "./exportApplication";
import { SheetsWorkbookPort } from "./sheetsPort";
import { SheetsApiWorkbookPort, type SheetsApi } from "./sheetsApiPort";
import type { WorkbookPort } from "../workbook/port";
import { handle, LockBusyError, type Answer, type SidebarHost } from "../app/sidebar/server";
import { currentYear, newYearOffer, newYearOutcomeText, startNewYear } from "../app/newYear";

declare const UKOO_TARGET: "template" | "addon";

const LANG_PROPERTY = "ukoo.lang";

/** The user's language: their own switch if they set one, else their Google locale. */
export function userLang_(): Lang {
  try {
    const chosen = PropertiesService.getUserProperties().getProperty(LANG_PROPERTY);
    if (isLang(chosen)) return chosen;
  } catch {
    // Not available in AuthMode.NONE; fall through.
  }
  try {
    return langFromLocale(Session.getActiveUserLocale());
  } catch {
    return "ky";
  }
}

export function setUserLang_(lang: Lang): void {
  PropertiesService.getUserProperties().setProperty(LANG_PROPERTY, lang);
}

declare const Sheets: SheetsApi | undefined;

/** The Sheets API advanced service, or null where the project has not turned it on. */
function sheetsApi_(): SheetsApi | null {
  return typeof Sheets === "undefined" || !Sheets ? null : Sheets;
}

/** The workbook port of the Google Sheets host: the Sheets API when it is on, else SpreadsheetApp. */
export type HostPort = SheetsApiWorkbookPort | SheetsWorkbookPort;

/**
 * A port on a spreadsheet. Over the Sheets API a step costs one metadata read, two batched reads and
 * one batched write, whatever the number of staff; without it, SpreadsheetApp calls per tab and format.
 */
export function portFor_(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, id?: string, options: { valuesOnly?: boolean; readsGenerated?: boolean } = {}): HostPort {
  const api = sheetsApi_();
  if (!api) return new SheetsWorkbookPort(ss, SpreadsheetApp);
  const { readsGenerated, ...rest } = options;
  return new SheetsApiWorkbookPort(api, id ?? ss.getId(), { ...rest, deferred: readsGenerated ? [] : LARGE_GENERATED_TABS, inspector: () => new SheetsWorkbookPort(ss, SpreadsheetApp) });
}

/** Generated tabs that grow with the staff and that only generation reads back (for typed text). */
const LARGE_GENERATED_TABS = [TAB_PLANS, TAB_YEAR_PLAN, TAB_HOURS, TAB_LOG, TAB_HISTORY];

function port_(ss: GoogleAppsScript.Spreadsheet.Spreadsheet = SpreadsheetApp.getActiveSpreadsheet(), options: { readsGenerated?: boolean } = {}): HostPort {
  return portFor_(ss, undefined, options);
}

/** Sends what a step queued (the Sheets API port writes in one batch); nothing to do for SpreadsheetApp. */
export function flush_(port: WorkbookPort | null): void {
  if (port instanceof SheetsApiWorkbookPort) port.flush();
}

/** Runs `work` holding the document lock, so two people's read-modify-write never interleave. */
export function withDocumentLock_<T>(lang: Lang, work: () => T): T {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(30000)) throw new Error(t(lang, "lock.busy"));
  try {
    return work();
  } finally {
    lock.releaseLock();
  }
}

/** A step on the active spreadsheet under the lock: its writes are sent before the lock is let go. */
function step_<T>(lang: Lang, ss: GoogleAppsScript.Spreadsheet.Spreadsheet, work: (port: HostPort) => T, options: { readsGenerated?: boolean } = {}): T {
  return withDocumentLock_(lang, () => {
    const port = port_(ss, options);
    const result = work(port);
    flush_(port);
    return result;
  });
}

export function onOpen(e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  const ui = SpreadsheetApp.getUi();
  const noAuth = e !== undefined && e.authMode === ScriptApp.AuthMode.NONE;
  // In AuthMode.NONE nothing but the menu may be touched, so it is built in the default language.
  const lang: Lang = noAuth ? "ky" : userLang_();
  const target = typeof UKOO_TARGET === "undefined" ? "template" : UKOO_TARGET;
  const menu = noAuth || target === "addon" ? ui.createAddonMenu() : ui.createMenu(t(lang, "menu.title"));
  menu
    .addItem(t(lang, "menu.sidebar"), "menuOpenSidebar")
    .addSeparator()
    .addItem(t(lang, "menu.setup"), "menuSetUp")
    .addItem(t(lang, "menu.check"), "menuCheck")
    .addSeparator()
    .addItem(t(lang, "menu.generate"), "menuGenerate")
    .addItem(t(lang, "menu.generateProvisional"), "menuGenerateProvisional")
    .addItem(t(lang, "menu.export"), "menuExportApplication")
    .addItem(t(lang, "menu.plans"), "menuPlansPdf")
    .addSeparator()
    .addItem(t(lang, "menu.newYear"), "menuNewYear")
    .addSeparator()
    .addItem(t(lang, "menu.private"), "menuPrivateMode")
    .addItem(t(lang, "menu.district"), "menuDistrict")
    .addToUi();
}

export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as unknown as GoogleAppsScript.Events.SheetsOnOpen);
}

export function menuSetUp(): void {
  const lang = userLang_();
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const { result, protectedRanges } = step_(lang, ss, (port) => {
    const result = setUpWorkbook(port);
    installEditLog_(ss);
    return { result, protectedRanges: protectByRoles_(ss, port) };
  });
  const lines = [t(lang, "setup.done", { tabs: result.tabs.length })];
  lines.push(protectedRanges === null ? t(lang, "setup.noSheetsApi") : t(lang, "setup.protected", { count: protectedRanges }));
  SpreadsheetApp.getUi().alert(lines.join("\n"));
}

/**
 * Protects ranges by the roles of the roster through the Sheets API, in the step's own batch.
 * Returns how many ranges are protected, or null when the Sheets API service is not enabled.
 */
export function protectByRoles_(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, port: HostPort): number | null {
  if (!(port instanceof SheetsApiWorkbookPort)) return null;
  const state = readState(port);
  const records = interpret(state, new Date());
  const editors = new Set([...ss.getEditors().map((u) => u.getEmail().toLowerCase()), ss.getOwner()?.getEmail().toLowerCase() ?? ""]);
  const runner = (Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail()).toLowerCase();
  const rules = protectionPlan(state, records, [...GENERATED_TABS, TAB_HISTORY].filter((tab) => state.tabNames.includes(tab)), runner, (email) => editors.has(email));
  port.queue(protectionRequests(rules, port.sheetInfos()));
  return rules.length;
}

/** The audit log of edits made in the grid: an installable trigger, so it runs as the завуч and can write the protected log. */
function installEditLog_(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): void {
  if (ScriptApp.getProjectTriggers().some((tr) => tr.getHandlerFunction() === "logEdit")) return;
  ScriptApp.newTrigger("logEdit").forSpreadsheet(ss).onEdit().create();
}

/** Logs edits of agreed levels, priority marks (agreement tabs), sign-offs (4.1) and observation grades (1.1) made in the grid. */
export function logEdit(e: GoogleAppsScript.Events.SheetsOnEdit): void {
  const range = e.range;
  const sheet = range.getSheet();
  const tab = sheet.getName();
  const agreement = FRAMEWORK_IDS.find((fw) => agreementTabName(fw) === tab);
  if (!agreement && tab !== TAB_PLANS && tab !== TAB_OBSERVATIONS) return;
  const lang = userLang_();
  const who = (e.user && e.user.getEmail()) || Session.getActiveUser().getEmail() || "";
  const values = range.getValues();
  const keys = sheet.getRange(range.getRow(), 1, range.getNumRows(), tab === TAB_OBSERVATIONS ? sheet.getLastColumn() : 4).getValues();
  const headerRow = agreement ? AGREEMENT_HEADER_ROW : tab === TAB_OBSERVATIONS ? YEAR_ROUND_HEADER_ROW : 0;
  const header = headerRow > 0 ? sheet.getRange(headerRow, 1, 1, sheet.getLastColumn()).getValues()[0] : [];
  const entries = editLogEntries({
    tab,
    framework: agreement ?? "",
    row: range.getRow(),
    col: range.getColumn(),
    values,
    keys,
    header,
    oldValue: range.getNumRows() === 1 && range.getNumColumns() === 1 ? e.oldValue : undefined,
    who,
    when: new Date(),
    lang,
  });
  const port = port_();
  appendLog(port, entries, lang);
  flush_(port);
}

export function menuPrivateMode(): void {
  const lang = userLang_();
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  PropertiesService.getScriptProperties().setProperty(SPREADSHEET_PROPERTY, ss.getId());
  const url = ScriptApp.getService().getUrl();
  const html = url
    ? `<div style="font:14px Arial,sans-serif"><p>${escapeHtml(t(lang, "private.ready"))}</p><p>${escapeHtml(t(lang, "private.url"))}</p><p><a href="${escapeHtml(url)}" target="_blank" rel="noopener">${escapeHtml(url)}</a></p></div>`
    : `<div style="font:14px Arial,sans-serif"><p>${escapeHtml(t(lang, "private.notDeployed", { access: "Anyone within [your domain]" }))}</p></div>`;
  SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutput(html).setWidth(460).setHeight(240), t(lang, "private.title"));
}

// ---- Private mode: the web app -------------------------------------------------------------------

const SPREADSHEET_PROPERTY = "ukoo.spreadsheetId";

/** The form for teachers who never get the spreadsheet: deployed to execute as the owner. */
export function doGet(): GoogleAppsScript.HTML.HtmlOutput {
  return HtmlService.createHtmlOutputFromFile("WebApp")
    .setTitle(t(userLang_(), "product.name"))
    .addMetaTag("viewport", "width=device-width, initial-scale=1");
}

/**
 * The web app's one server function. The user is known only by their Google account: there is no
 * "pick yourself" here, since the script runs as the owner and could otherwise be asked to write
 * anybody's row.
 */
export function privateCall(fn: unknown, args: unknown): Answer {
  const id = PropertiesService.getScriptProperties().getProperty(SPREADSHEET_PROPERTY);
  if (!id) return { status: "error", type: "unavailable" };
  const host = sidebarHost_(SpreadsheetApp.openById(id));
  return handle({ ...host, allowPick: false, chosenId: () => null, setChosenId: () => undefined, goTo: undefined, exportApplication: undefined }, fn, args);
}

export function menuCheck(): void {
  const lang = userLang_();
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  // The alert names the report's tab; jumping there would cost two more calls on every check.
  const result = step_(lang, ss, (port) => checkAndReport(port, new Date(), lang));
  const summary = t(lang, "check.summary", {
    problems: result.problems.length,
    disagreements: result.disagreements.length,
    missing: result.missing.length,
  });
  SpreadsheetApp.getUi().alert(`${summary}\n${t(lang, "check.reportTab", { tab: TAB_CHECK })}`);
}

/** The unresolved items as a short list for an alert: the first 15 and how many more. */
export function unresolvedText_(outcome: Extract<GenerateOutcome, { status: "unresolved" }>, lang: Lang): string {
  const names = new Map(outcome.cycle.records.people.map((p) => [p.id, p.name]));
  const shown = outcome.unresolved.slice(0, 15).map((u) =>
    t(lang, "generate.unresolvedItem", {
      person: names.get(u.personId) ?? u.personId,
      framework: t(lang, `framework.${u.framework}.short` as MessageKey),
      competency: u.competency,
      self: u.self ?? t(lang, "generate.none"),
      supervisor: u.supervisor ?? t(lang, "generate.none"),
    }),
  );
  const more = outcome.unresolved.length - shown.length;
  return [t(lang, "generate.unresolved", { count: outcome.unresolved.length }), "", ...shown, ...(more > 0 ? [t(lang, "generate.andMore", { count: more })] : [])].join("\n");
}

function runGenerate_(provisional: boolean): void {
  const lang = userLang_();
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  // Generation reads the plans and the year plan back (to keep what people typed): all in one read.
  const outcome = step_(lang, ss, (port) => generate(port, { provisional, now: new Date(), lang }), { readsGenerated: true });
  const ui = SpreadsheetApp.getUi();
  if (outcome.status === "unresolved") {
    ui.alert(unresolvedText_(outcome, lang));
    return;
  }
  const summary = ss.getSheetByName(TAB_SUMMARY);
  if (summary) ss.setActiveSheet(summary);
  ui.alert(t(lang, "generate.done", { tabs: outcome.tabs.join(", ") }));
}

export function menuGenerate(): void {
  runGenerate_(false);
}

export function menuGenerateProvisional(): void {
  runGenerate_(true);
}

export function menuExportApplication(): void {
  const lang = userLang_();
  const ui = SpreadsheetApp.getUi();
  const answer = ui.prompt(t(lang, "export.title"), t(lang, "export.prompt"), ui.ButtonSet.OK_CANCEL);
  if (answer.getSelectedButton() !== ui.Button.OK) return;
  const { emails, bad } = parseEmails(answer.getResponseText());
  if (bad !== undefined) {
    ui.alert(t(lang, "export.badEmail", { value: bad }));
    return;
  }
  const file = step_(lang, SpreadsheetApp.getActiveSpreadsheet(), (port) =>
    exportToNewSpreadsheet(SpreadsheetApp, port, emails, lang, new Date(), (school, year) => t(lang, "export.fileTitle", { school, year }), (created) => portFor_(created)),
  );
  if (file.outcome.status === "unresolved") {
    ui.alert(unresolvedText_(file.outcome, lang));
    return;
  }
  ui.showModalDialog(HtmlService.createHtmlOutput(exportDialogHtml(file, lang)).setWidth(420).setHeight(220), t(lang, "export.title"));
}

export function menuPlansPdf(): void {
  const lang = userLang_();
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = ss.getSheetByName(TAB_PLANS);
  const tab = port_(ss).readTab(TAB_PLANS);
  if (!sheet || !tab) {
    SpreadsheetApp.getUi().alert(t(lang, "problem.layout.missing_tab", { tab: TAB_PLANS }));
    return;
  }
  const html = planLinksHtml(planLinks(tab, ss.getId(), sheet.getSheetId()), t(lang, "plans.dialog"));
  SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutput(html).setWidth(480).setHeight(520), t(lang, "menu.plans"));
}

/**
 * ҮКӨ → start the new school year: asks before it archives and clears the settings tab's year,
 * moving to the one after it. The history tab it writes is protected like every generated tab.
 */
export function menuNewYear(): void {
  const lang = userLang_();
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const ui = SpreadsheetApp.getUi();
  const { to, blocked, confirm } = newYearOffer(currentYear(port_(ss)), new Date(), lang);
  if (to === null || confirm === null) {
    ui.alert(blocked ?? "");
    return;
  }
  const answer = ui.alert(t(lang, "menu.newYear"), confirm, ui.ButtonSet.YES_NO);
  if (answer !== ui.Button.YES) {
    ui.alert(t(lang, "newYear.cancelled"));
    return;
  }
  // The plans are read back to keep what people wrote in them: every tab in one read.
  const outcome = step_(
    lang,
    ss,
    (port) => {
      const result = startNewYear(port, { year: to, now: new Date(), lang });
      if (result.status === "started") protectByRoles_(ss, port);
      return result;
    },
    { readsGenerated: true },
  );
  ui.alert(newYearOutcomeText(outcome, lang));
}

export function menuOpenSidebar(): void {
  const lang = userLang_();
  // The sidebar sends the spreadsheet's id back with each call, so a save need not ask SpreadsheetApp for it.
  const id = SpreadsheetApp.getActiveSpreadsheet().getId();
  const html = HtmlService.createHtmlOutputFromFile("Sidebar")
    .append(`<script>window.UKOO_SPREADSHEET = ${JSON.stringify(id)};</script>`)
    .setTitle(t(lang, "product.name"));
  SpreadsheetApp.getUi().showSidebar(html);
}

// ---- The sidebar ------------------------------------------------------------------------------

const PERSON_PROPERTY = "ukoo.person";
/** The user's Sheets API requests of the last minute, for the district gathering's pace. */
const CALL_LOG_PROPERTY = "ukoo.sheetsApi.calls";
const CURSOR_PROPERTY = "ukoo.district.cursor";
const NOTICE_PROPERTY = "ukoo.notice.sheetsApi";

/** A district spreadsheet: the list of school application links, then the sidebar gathers them. */
export function menuDistrict(): void {
  const lang = userLang_();
  const port = port_();
  const tabs = port.tabNames();
  if (tabs.includes(TAB_STAFF)) {
    SpreadsheetApp.getUi().alert(t(lang, "district.schoolWorkbook"));
    return;
  }
  if (!tabs.includes(TAB_DISTRICT_LIST)) port.writeTab(districtListTab(lang));
  flush_(port);
  menuOpenSidebar();
}

/** A spreadsheet id as the sidebar sends it back: Google's ids are letters, digits, "-" and "_". */
const SPREADSHEET_ID = /^[A-Za-z0-9_-]{20,100}$/;

/** A school's spreadsheet id from its URL (…/spreadsheets/d/<id>/…), or null. */
export function spreadsheetIdFromUrl_(url: string): string | null {
  const m = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(url);
  return m ? m[1] : null;
}

/**
 * The sidebar's view of Apps Script: the spreadsheet, the user, the document lock. `id` is the
 * spreadsheet's id as the sidebar page got it when it opened; with it and the Sheets API a save
 * makes no SpreadsheetApp call at all.
 */
export function sidebarHost_(given?: GoogleAppsScript.Spreadsheet.Spreadsheet, id?: string): SidebarHost {
  let spreadsheet = given ?? null;
  const ss = () => (spreadsheet ??= SpreadsheetApp.getActiveSpreadsheet());
  const knownId = id && SPREADSHEET_ID.test(id) ? id : undefined;
  const api = sheetsApi_();
  const open = (options: { valuesOnly?: boolean } = {}): HostPort =>
    api && knownId && !given
      ? new SheetsApiWorkbookPort(api, knownId, { ...options, deferred: LARGE_GENERATED_TABS, inspector: () => new SheetsWorkbookPort(ss(), SpreadsheetApp) })
      : portFor_(ss(), undefined, options);
  const ports: HostPort[] = [];
  const made = (port: HostPort) => (ports.push(port), port);
  let port: HostPort | null = null;
  let districtPort: HostPort | null = null;
  // Property writes that record what a step's batch did: made only once the batch has gone.
  let afterFlush: (() => void)[] = [];
  return {
    port: () => (port ??= made(open())),
    email: () => {
      try {
        return Session.getActiveUser().getEmail() || "";
      } catch {
        return "";
      }
    },
    chosenId: () => PropertiesService.getUserProperties().getProperty(PERSON_PROPERTY),
    setChosenId: (id) => PropertiesService.getUserProperties().setProperty(PERSON_PROPERTY, id),
    lang: userLang_,
    setLang: setUserLang_,
    locked: (work) => {
      const lock = LockService.getDocumentLock();
      if (!lock.tryLock(30000)) throw new LockBusyError();
      try {
        // What was read before the lock may have changed since: read it again, and write before letting go.
        for (const p of ports) if (p instanceof SheetsApiWorkbookPort) p.forgetValues();
        const result = work();
        for (const p of ports) flush_(p);
        for (const record of afterFlush) record();
        return result;
      } finally {
        afterFlush = [];
        lock.releaseLock();
      }
    },
    now: () => new Date(),
    goTo: (tab, cell) => {
      const sheet = ss().getSheetByName(tab);
      if (!sheet) return;
      ss().setActiveSheet(sheet);
      sheet.setActiveRange(sheet.getRange(cell));
    },
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
          } catch {
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
        now: () => new Date(),
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
    exportApplication: (emails) => {
      const bad = emails.find((e) => parseEmails(e).bad !== undefined);
      if (bad !== undefined) return { badEmail: bad };
      const lang = userLang_();
      const file = exportToNewSpreadsheet(
        SpreadsheetApp,
        port ?? made(open()),
        emails,
        lang,
        new Date(),
        (school, year) => t(lang, "export.fileTitle", { school, year }),
        (created) => portFor_(created),
      );
      if (file.outcome.status === "unresolved") return { unresolved: file.outcome.unresolved.length };
      return { url: file.url, xlsxUrl: file.xlsxUrl, pdfUrl: file.pdfUrl };
    },
    protect: () => protectByRoles_(ss(), port ?? made(open())),
    notice: () => {
      if (api) return null;
      // Said once per person: after that the dashboard is left to its steps.
      const props = PropertiesService.getUserProperties();
      if (props.getProperty(NOTICE_PROPERTY)) return null;
      props.setProperty(NOTICE_PROPERTY, "shown");
      return "ui.notice.sheetsApi";
    },
  };
}

/**
 * The one function the sidebar calls: `fn` is what it asks for, `args` its (untrusted) arguments,
 * `spreadsheetId` the id the page was opened with (checked for its form only: the user's own access
 * rights apply to whatever it names).
 */
export function sidebarCall(fn: unknown, args: unknown, spreadsheetId?: unknown): Answer {
  return handle(sidebarHost_(undefined, typeof spreadsheetId === "string" ? spreadsheetId : undefined), fn, args);
}
