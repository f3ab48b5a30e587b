/**
 * The ҮКӨ menu and the steps it runs. Each step is the same use-case the sidebar's overview and
 * `ukoo` run; here it is wrapped for the menu: the leadership only, under the lock, the school's
 * clock, and Google's refusals (a busy lock, the per-minute quota, the Sheets API not enabled)
 * told in the user's language instead of as a script error.
 */
import { logTabRender, writePendingLog } from "../app/auditLog";
import { generate, type GenerateOutcome } from "../app/generate";
import { ApiNotEnabledError, LockBusyError, QuotaError } from "../app/hostErrors";
import { notALeader } from "../app/leadership";
import { currentYear, newYearOffer, newYearOutcomeText, startNewYear } from "../app/newYear";
import { checkAndReport } from "../app/report";
import { setUpWorkbook } from "../app/setUp";
import { t, type Lang, type MessageKey } from "../core/messages/index";
import { readStaffTab } from "../workbook/read";
import { parseStaffRow } from "../workbook/records";
import { TAB_CHECK, TAB_LOG, TAB_PLANS, TAB_SUMMARY } from "../workbook/schema";
import { workbookLanguage } from "../workbook/render/index";
import { exportDialogHtml, exportToNewSpreadsheet, parseEmails } from "./exportApplication";
import { installEditLog_ } from "./editTrigger";
import { peek_, portFor_, runStep_, target_, type HostPort, type PortOptions } from "./host";
import { userLang_ } from "./lang";
import { documentLogQueue_ } from "./logQueue";
import { planLinks, planLinksHtml } from "./plansPdf";
import { protectByRoles_ } from "./protection";

export function onOpen(e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  const ui = SpreadsheetApp.getUi();
  const noAuth = e !== undefined && e.authMode === ScriptApp.AuthMode.NONE;
  // In AuthMode.NONE nothing but the menu may be touched, so it is built in the default language.
  const lang: Lang = noAuth ? "ky" : userLang_();
  const addon = target_() === "addon";
  const menu = noAuth || addon ? ui.createAddonMenu() : ui.createMenu(t(lang, "menu.title"));
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
    .addSeparator();
  // Private mode needs a web app of the school's own script: the add-on has none (its web app
  // would run as the add-on's developer, and its script properties are every school's).
  if (!addon) menu.addItem(t(lang, "menu.private"), "menuPrivateMode");
  menu.addItem(t(lang, "menu.district"), "menuDistrict").addSeparator().addItem(t(lang, "menu.selfTest"), "menuSelfTest").addToUi();
}

export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as unknown as GoogleAppsScript.Events.SheetsOnOpen);
}

/** A step's value, and the lines to add to what the user is told. */
export interface MenuStep<T> {
  value: T;
  notes: string[];
}

/**
 * Runs a step of the school's leaders from the menu: refuses anyone the roster names as not a
 * leader, writes the audit log's waiting entries in the step's batch, and tells the user of a busy
 * lock or Google's quota in their language. Null when the step did not run (the user was told).
 */
export function schoolStep_<T>(lang: Lang, work: (port: HostPort, now: Date) => T, options: PortOptions = {}): MenuStep<T> | null {
  const ui = () => SpreadsheetApp.getUi();
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const email = Session.getActiveUser().getEmail();
  try {
    const run = runStep_(
      ss,
      (port, now) => {
        const role = notALeader(port, email, now.getUTCFullYear());
        if (role) return { refused: role } as const;
        const forget = writePendingLog(port, documentLogQueue_(PropertiesService.getDocumentProperties()), lang);
        return { value: work(port, now), forget } as const;
      },
      options,
    );
    if ("refused" in run.result) {
      ui().alert(t(lang, "menu.leadersOnly", { role: t(lang, `role.${run.result.refused}` as MessageKey) }));
      return null;
    }
    run.result.forget?.();
    return { value: run.result.value, notes: run.apiNotEnabled ? [t(lang, "google.apiNotEnabled")] : [] };
  } catch (error) {
    const said = refusalKey_(error);
    if (!said) throw error;
    ui().alert(t(lang, said));
    return null;
  }
}

/** What the user is told for a refusal of Google's, or null for an error of ours. */
export function refusalKey_(error: unknown): MessageKey | null {
  if (error instanceof LockBusyError) return "lock.busy";
  if (error instanceof QuotaError) return "quota.wait";
  if (error instanceof ApiNotEnabledError) return "google.apiNotEnabled";
  return null;
}

/** The leaders on the roster, for the edit trigger's owner. */
function leaderEmails_(port: HostPort, year: number): Set<string> {
  const out = new Set<string>();
  for (const row of readStaffTab(port).table?.rows ?? []) {
    const { person } = parseStaffRow(row.cells, year);
    if (person.role === "deputy_head" || person.role === "director") out.add(person.email.trim().toLowerCase());
  }
  return out;
}

/** Set-up as the menu and the sidebar run it: the tabs, the edit-log trigger, the protections by role. */
export function setUpAll_(port: HostPort, now: Date): { tabs: number; protectedRanges: number | null; logOwner: string } {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const result = setUpWorkbook(port, now);
  // The log exists from set-up on, so it is protected before anything is logged in it.
  if (!port.tabNames().includes(TAB_LOG)) port.writeTab(logTabRender(workbookLanguage(port)));
  const leaders = leaderEmails_(port, now.getUTCFullYear());
  const logOwner = installEditLog_(ss, (email) => leaders.has(email.toLowerCase()));
  return { tabs: result.tabs.length, protectedRanges: protectByRoles_(port, now), logOwner };
}

export function menuSetUp(): void {
  const lang = userLang_();
  const step = schoolStep_(lang, (port, now) => setUpAll_(port, now));
  if (!step) return;
  const { tabs, protectedRanges } = step.value;
  const lines = [t(lang, "setup.done", { tabs })];
  lines.push(protectedRanges === null ? t(lang, "setup.noSheetsApi") : t(lang, "setup.protected", { count: protectedRanges }));
  SpreadsheetApp.getUi().alert([...lines, ...step.notes].join("\n"));
}

export function menuCheck(): void {
  const lang = userLang_();
  // The alert names the report's tab; jumping there would cost two more calls on every check.
  const step = schoolStep_(lang, (port, now) => checkAndReport(port, now, lang));
  if (!step) return;
  const result = step.value;
  const summary = t(lang, "check.summary", {
    problems: result.problems.length,
    disagreements: result.disagreements.length,
    missing: result.missing.length,
  });
  SpreadsheetApp.getUi().alert([`${summary}\n${t(lang, "check.reportTab", { tab: TAB_CHECK })}`, ...step.notes].join("\n"));
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
  const step = schoolStep_(lang, (port, now) => generate(port, { provisional, now, lang }), { readsGenerated: true });
  if (!step) return;
  const outcome = step.value;
  const ui = SpreadsheetApp.getUi();
  if (outcome.status === "unresolved") {
    ui.alert(unresolvedText_(outcome, lang));
    return;
  }
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const summary = ss.getSheetByName(TAB_SUMMARY);
  if (summary) ss.setActiveSheet(summary);
  ui.alert([t(lang, "generate.done", { tabs: outcome.tabs.join(", ") }), ...step.notes].join("\n"));
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
  const step = schoolStep_(lang, (port, now) =>
    exportToNewSpreadsheet(SpreadsheetApp, port, emails, lang, now, (school, year) => t(lang, "export.fileTitle", { school, year }), (created) => portFor_(created)),
  );
  if (!step) return;
  const file = step.value;
  if (file.outcome.status === "unresolved") {
    ui.alert(unresolvedText_(file.outcome, lang));
    return;
  }
  ui.showModalDialog(HtmlService.createHtmlOutput(exportDialogHtml(file, lang)).setWidth(420).setHeight(260), t(lang, "export.title"));
}

export function menuPlansPdf(): void {
  const lang = userLang_();
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = ss.getSheetByName(TAB_PLANS);
  const tab = sheet ? peek_(ss, (port) => port.readTab(TAB_PLANS)) : null;
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
  let offer: ReturnType<typeof newYearOffer>;
  try {
    offer = peek_(ss, (port, now) => newYearOffer(currentYear(port), now, lang));
  } catch (error) {
    const said = refusalKey_(error);
    if (!said) throw error;
    ui.alert(t(lang, said));
    return;
  }
  const { to, blocked, confirm } = offer;
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
  const step = schoolStep_(
    lang,
    (port, now) => {
      const result = startNewYear(port, { year: to, now, lang });
      if (result.status === "started") protectByRoles_(port, now);
      return result;
    },
    { readsGenerated: true },
  );
  if (!step) return;
  ui.alert([newYearOutcomeText(step.value, lang), ...step.notes].join("\n"));
}
