/**
 * ҮКӨ → «Google менен текшерүү»: the product proving, on the school's real spreadsheet, each rule of
 * Google's it depends on and that no fake can prove. It works on a scratch tab it removes
 * afterwards, and reports each check as passed or failed with what to do. The web app has its own
 * check of its context (`?check=1`).
 */
import { protectionPlan, PROTECTION_PREFIX } from "../app/protection";
import { GENERATED_TABS } from "../app/generate";
import { ApiNotEnabledError, QuotaError } from "../app/hostErrors";
import { t, type Lang, type MessageKey, type Params } from "../core/messages/index";
import { autoAgreedFormula, isAutoAgreedFormula } from "../workbook/formulas";
import { interpret } from "../workbook/interpret";
import type { TabRender } from "../workbook/port";
import { readState } from "../workbook/read";
import { TAB_HISTORY } from "../workbook/schema";
import { flush_, lock_, portFor_, sheetsApi_, target_, wallClock_, type HostPort } from "./host";
import { userLang_ } from "./lang";
import { escapeHtml } from "./plansPdf";
import { SheetsApiWorkbookPort } from "./sheetsApiPort";

export interface Check {
  name: MessageKey;
  /** null: could not be checked here (what it needs is missing, or Google asked to wait). */
  passed: boolean | null;
  detail: string;
  /** What to do when it failed. */
  fix?: string;
}

const check = (lang: Lang, name: MessageKey, passed: boolean | null, detail: [MessageKey, Params?] | string, fix?: [MessageKey, Params?]): Check => ({
  name,
  passed,
  detail: typeof detail === "string" ? detail : t(lang, detail[0], detail[1]),
  fix: fix ? t(lang, fix[0], fix[1]) : undefined,
});

/** The advanced service: declared, and enabled in the script's Cloud project. */
function apiCheck(lang: Lang, ss: GoogleAppsScript.Spreadsheet.Spreadsheet): { check: Check; port: HostPort } {
  const api = sheetsApi_();
  if (!api) return { check: check(lang, "selfTest.api", false, ["selfTest.api.absent"], ["setup.noSheetsApi"]), port: portFor_(ss, {}, null) };
  const port = portFor_(ss, {}, api);
  try {
    port.tabNames();
    return { check: check(lang, "selfTest.api", true, ["selfTest.api.on"]), port };
  } catch (error) {
    if (error instanceof ApiNotEnabledError) return { check: check(lang, "selfTest.api", false, ["selfTest.api.disabled"], ["google.apiNotEnabled"]), port: portFor_(ss, {}, null) };
    if (error instanceof QuotaError) return { check: check(lang, "selfTest.api", null, ["quota.wait"]), port: portFor_(ss, {}, null) };
    throw error;
  }
}

/**
 * Formulas written the product's way compute in this spreadsheet's locale, read back as the
 * product recognises them, and a conditional-format rule written its way is accepted.
 */
function formulaChecks(lang: Lang, ss: GoogleAppsScript.Spreadsheet.Spreadsheet, api: boolean): Check[] {
  const tab = `ҮКӨ текшерүү ${Date.now() % 1_000_000}`;
  const label = "ҮКӨ";
  const render: TabRender = {
    name: tab,
    cells: [
      [2, 3, { formula: 'IF(AND(ISNUMBER(A1),ISNUMBER(B1)),B1-A1,"")' }, { formula: autoAgreedFormula("A1", "A2") }, { text: label, link: { tab, cell: "A1" } }],
      [2, null, null, null, null],
    ],
  };
  const failure = (name: MessageKey, error: unknown): Check =>
    error instanceof QuotaError ? check(lang, name, null, ["quota.wait"]) : check(lang, name, false, String((error as Error)?.message ?? error), ["selfTest.formula.fix"]);
  const out: Check[] = [];
  // A fresh port for each write: a refused batch leaves nothing behind that the next one counts on.
  const port = () => portFor_(ss, {}, api ? sheetsApi_() : null);
  try {
    const writer = port();
    const locale = writer.locale();
    try {
      writer.writeTab(render);
      flush_(writer);
      const read = port().readTab(tab);
      const [diff, agreed, link] = [read?.values[0]?.[2], read?.values[0]?.[3], read?.values[0]?.[4]];
      const formula = read?.formulas[0]?.[3] ?? "";
      const ok = diff === 1 && agreed === 2 && link === label && isAutoAgreedFormula(formula);
      const detail = { locale, diff: String(diff ?? ""), agreed: String(agreed ?? ""), link: String(link ?? ""), formula };
      out.push(check(lang, "selfTest.formula", ok, ["selfTest.formula.detail", detail], ok ? undefined : ["selfTest.formula.fix"]));
    } catch (error) {
      out.push(failure("selfTest.formula", error));
    }
    try {
      const rules = port();
      rules.writeTab({ ...render, conditionalFormats: [{ range: { row: 1, col: 3, rows: 1, cols: 1 }, formula: "AND(ISNUMBER($C$1),$C$1>=1)", style: { background: "#fce5cd" } }] });
      flush_(rules);
      out.push(check(lang, "selfTest.rule", true, ["selfTest.rule.on", { locale }]));
    } catch (error) {
      out.push(failure("selfTest.rule", error));
    }
  } finally {
    const sheet = ss.getSheetByName(tab);
    if (sheet) ss.deleteSheet(sheet);
  }
  return out;
}

/** The protections on the spreadsheet are the ones set-up makes from the roster today. */
function protectionCheck(lang: Lang, port: HostPort, now: Date): Check {
  if (!(port instanceof SheetsApiWorkbookPort)) return check(lang, "selfTest.protections", null, ["selfTest.protections.noApi"], ["setup.noSheetsApi"]);
  const state = readState(port);
  const records = interpret(state, now);
  const runner = (Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail()).toLowerCase();
  const planned = protectionPlan(state, records, [...GENERATED_TABS, TAB_HISTORY].filter((tab) => state.tabNames.includes(tab)), runner);
  const found = port.sheetInfos().flatMap((s) => s.protectedRanges.filter((p) => p.description.startsWith(PROTECTION_PREFIX)).map((p) => p.description));
  const missing = planned.filter((rule) => !found.includes(rule.description)).length;
  const ok = missing === 0 && found.length === planned.length;
  return check(lang, "selfTest.protections", ok, ["selfTest.protections.detail", { found: found.length, planned: planned.length }], ok ? undefined : ["selfTest.protections.fix"]);
}

function lockCheck(lang: Lang): Check {
  try {
    const lock = lock_();
    const had = lock.tryLock(10000);
    if (had) lock.releaseLock();
    return check(lang, "selfTest.lock", had, [had ? "selfTest.lock.on" : "lock.busy", { kind: target_() === "addon" ? "document" : "script" }]);
  } catch {
    return check(lang, "selfTest.lock", false, ["selfTest.lock.none"], ["selfTest.lock.fix"]);
  }
}

function timeZoneCheck(lang: Lang, port: HostPort): Check {
  const zone = port.timeZone();
  const script = Session.getScriptTimeZone();
  const now = wallClock_(zone).toISOString().slice(0, 16).replace("T", " ");
  return check(lang, "selfTest.timeZone", Boolean(zone), ["selfTest.timeZone.detail", { zone: zone || "—", now, script }], zone ? undefined : ["selfTest.timeZone.fix"]);
}

/** Every check, in the order the report lists them. */
export function spreadsheetChecks_(lang: Lang, ss: GoogleAppsScript.Spreadsheet.Spreadsheet): Check[] {
  const { check: api, port } = apiCheck(lang, ss);
  const out: Check[] = [api];
  out.push(check(lang, "selfTest.locale", Boolean(port.locale()), ["selfTest.locale.detail", { locale: port.locale() || "—" }]));
  out.push(lockCheck(lang));
  out.push(timeZoneCheck(lang, port));
  const lock = lock_();
  if (lock.tryLock(30000)) {
    try {
      const api = port instanceof SheetsApiWorkbookPort;
      out.push(...formulaChecks(lang, ss, api));
      const fresh = portFor_(ss, {}, api ? sheetsApi_() : null);
      out.push(protectionCheck(lang, fresh, wallClock_(fresh.timeZone())));
    } finally {
      lock.releaseLock();
    }
  } else out.push(check(lang, "selfTest.formula", null, ["lock.busy"]));
  return out;
}

export function checksHtml_(lang: Lang, checks: Check[]): string {
  const mark = (c: Check) => (c.passed === true ? "✓" : c.passed === false ? "✗" : "–");
  const rows = checks
    .map(
      (c) =>
        `<li><b>${mark(c)} ${escapeHtml(t(lang, c.name))}</b>: ${escapeHtml(c.detail)}${c.fix ? `<br><i>${escapeHtml(c.fix)}</i>` : ""}</li>`,
    )
    .join("");
  const failed = checks.filter((c) => c.passed === false).length;
  return `<div style="font:13px Arial,sans-serif"><p>${escapeHtml(t(lang, failed === 0 ? "selfTest.allPassed" : "selfTest.someFailed", { count: failed }))}</p><ul>${rows}</ul></div>`;
}

/** ҮКӨ → «Google менен текшерүү» / «Проверка в Google». */
export function menuSelfTest(): void {
  const lang = userLang_();
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const checks = spreadsheetChecks_(lang, ss);
  SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutput(checksHtml_(lang, checks)).setWidth(520).setHeight(520), t(lang, "selfTest.title"));
}

/** The web app's own context: a lock to serialise saves, the visitor known by their account, the spreadsheet it serves. */
export function webAppChecks_(lang: Lang, spreadsheetId: string | null): Check[] {
  const out: Check[] = [lockCheck(lang)];
  const email = Session.getActiveUser().getEmail();
  out.push(check(lang, "selfTest.identity", Boolean(email), email ? ["selfTest.identity.known", { email }] : ["selfTest.identity.unknown"], email ? undefined : ["selfTest.identity.fix"]));
  let opened = false;
  try {
    opened = Boolean(spreadsheetId && SpreadsheetApp.openById(spreadsheetId));
  } catch {
    opened = false;
  }
  out.push(check(lang, "selfTest.webSpreadsheet", opened, [opened ? "selfTest.webSpreadsheet.on" : "selfTest.webSpreadsheet.off", { owner: Session.getEffectiveUser().getEmail() }], opened ? undefined : ["selfTest.webSpreadsheet.fix"]));
  return out;
}

export function webAppChecksHtml(lang: Lang, spreadsheetId: string | null): string {
  return checksHtml_(lang, webAppChecks_(lang, spreadsheetId));
}
