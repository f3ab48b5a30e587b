/**
 * Private mode: teachers fill in their form in a web app of the school's own script, deployed to
 * execute as the owner, and never get the spreadsheet. Only the template has it: an add-on's web
 * app would run as the add-on's developer, and its script properties — where the web app finds
 * the school's spreadsheet — are shared by every school that installs it
 * (https://developers.google.com/apps-script/guides/properties).
 */
import { t, type MessageKey } from "../core/messages/index";
import type { Answer } from "../app/sidebar/server";
import { notALeader } from "../app/leadership";
import { peek_, target_ } from "./host";
import { userLang_ } from "./lang";
import { escapeHtml } from "./plansPdf";
import { answer_ } from "./sidebarHost";
import { refusalKey_ } from "./menu";
import { webAppChecksHtml } from "./selfTest";

const SPREADSHEET_PROPERTY = "ukoo.spreadsheetId";

export function menuPrivateMode(): void {
  const lang = userLang_();
  const ui = SpreadsheetApp.getUi();
  if (target_() === "addon") {
    ui.alert(t(lang, "private.addon"));
    return;
  }
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  let role: ReturnType<typeof notALeader>;
  try {
    role = peek_(ss, (port, now) => notALeader(port, Session.getActiveUser().getEmail(), now.getUTCFullYear()));
  } catch (error) {
    const said = refusalKey_(error);
    if (!said) throw error;
    ui.alert(t(lang, said));
    return;
  }
  if (role) {
    ui.alert(t(lang, "menu.leadersOnly", { role: t(lang, `role.${role}` as MessageKey) }));
    return;
  }
  PropertiesService.getScriptProperties().setProperty(SPREADSHEET_PROPERTY, ss.getId());
  const url = ScriptApp.getService().getUrl();
  const html = url
    ? `<div style="font:14px Arial,sans-serif"><p>${escapeHtml(t(lang, "private.ready"))}</p><p>${escapeHtml(t(lang, "private.url"))}</p><p><a href="${escapeHtml(url)}" target="_blank" rel="noopener">${escapeHtml(url)}</a></p><p>${escapeHtml(t(lang, "private.check"))}</p><p><a href="${escapeHtml(url)}?check=1" target="_blank" rel="noopener">${escapeHtml(url)}?check=1</a></p></div>`
    : `<div style="font:14px Arial,sans-serif"><p>${escapeHtml(t(lang, "private.notDeployed", { access: "Anyone within [your domain]" }))}</p></div>`;
  ui.showModalDialog(HtmlService.createHtmlOutput(html).setWidth(460).setHeight(300), t(lang, "private.title"));
}

/** The spreadsheet the web app serves: none in the add-on, or before the завуч turns private mode on. */
function spreadsheetId_(): string | null {
  return target_() === "addon" ? null : PropertiesService.getScriptProperties().getProperty(SPREADSHEET_PROPERTY);
}

/**
 * The form for teachers who never get the spreadsheet; with ?check=1, the web app's own check of
 * what it needs in its context (a lock, the visitor's identity).
 */
export function doGet(e?: { parameter?: Record<string, string> }): GoogleAppsScript.HTML.HtmlOutput {
  const lang = userLang_("visitor");
  if (e?.parameter?.check) {
    return HtmlService.createHtmlOutput(webAppChecksHtml(lang, spreadsheetId_()))
      .setTitle(t(lang, "selfTest.title"))
      .addMetaTag("viewport", "width=device-width, initial-scale=1");
  }
  if (target_() === "addon") return HtmlService.createHtmlOutput(`<p>${escapeHtml(t(lang, "private.addon"))}</p>`).setTitle(t(lang, "product.name"));
  return HtmlService.createHtmlOutputFromFile("WebApp").setTitle(t(lang, "product.name")).addMetaTag("viewport", "width=device-width, initial-scale=1");
}

/**
 * The web app's one server function. The user is known only by their Google account: there is no
 * "pick yourself" here, since the script runs as the owner and could otherwise be asked to write
 * anybody's row.
 */
export function privateCall(fn: unknown, args: unknown): Answer {
  const id = spreadsheetId_();
  if (!id) return { status: "error", type: "unavailable" };
  return answer_(fn, args, { given: SpreadsheetApp.openById(id), audience: "visitor" });
}

