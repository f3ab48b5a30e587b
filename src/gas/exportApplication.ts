/**
 * Export for the district in Sheets: the application alone in a new spreadsheet titled
 * "<school> — өтүнмө <year>", shared read-only with the e-mails the user typed, with links to
 * download it as .xlsx or as an A4 landscape PDF whose header rows repeat on every page.
 */
import { exportApplication, type GenerateOutcome } from "../app/generate";
import { t, type Lang } from "../core/messages/index";
import { SheetsWorkbookPort } from "./sheetsPort";
import { SheetsApiWorkbookPort } from "./sheetsApiPort";
import type { WorkbookPort } from "../workbook/port";

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** Splits what the user typed into e-mails; returns the first one that is not an address, if any. */
export function parseEmails(text: string): { emails: string[]; bad?: string } {
  const emails = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const bad = emails.find((e) => !EMAIL.test(e));
  return bad ? { emails: [], bad } : { emails };
}

export interface ExportedFile {
  outcome: GenerateOutcome;
  url?: string;
  xlsxUrl?: string;
  pdfUrl?: string;
  sharedWith: string[];
  /** The e-mails it could not be shared with (a domain that forbids sharing outside it): the user is told. */
  notShared: string[];
}

/**
 * `portOf` opens the new spreadsheet for writing (over the Sheets API where it is on: the tab, the
 * removal of the blank first sheet and everything else then go in one batch).
 */
export function exportToNewSpreadsheet(
  app: GoogleAppsScript.Spreadsheet.SpreadsheetApp,
  source: WorkbookPort,
  emails: string[],
  lang: Lang,
  now: Date,
  title: (school: string, year: string) => string,
  portOf: (ss: GoogleAppsScript.Spreadsheet.Spreadsheet) => WorkbookPort = (ss) => new SheetsWorkbookPort(ss, app),
): ExportedFile {
  let created: GoogleAppsScript.Spreadsheet.Spreadsheet | null = null;
  let port: WorkbookPort | null = null;
  const outcome = exportApplication(source, { provisional: false, now, lang }, (cycle) => {
    const { name, year } = cycle.records.settings;
    created = app.create(title(name || "ҮКӨ", year));
    port = portOf(created);
    return port;
  });
  const target = created as GoogleAppsScript.Spreadsheet.Spreadsheet | null;
  const written = port as WorkbookPort | null;
  if (outcome.status === "unresolved" || !target || !written) return { outcome, sharedWith: [], notShared: [] };
  const tab = outcome.tabs[0];
  let gid: number;
  let id: string;
  if (written instanceof SheetsApiWorkbookPort) {
    for (const name of written.tabNames()) if (name !== tab) written.deleteTab(name);
    written.flush();
    id = written.spreadsheetId;
    gid = written.sheetInfos().find((s) => s.title === tab)?.sheetId ?? 0;
  } else {
    for (const sheet of target.getSheets()) if (sheet.getName() !== tab) target.deleteSheet(sheet);
    id = target.getId();
    gid = target.getSheetByName(tab)?.getSheetId() ?? 0;
  }
  const { shared, notShared } = share(target, emails);
  const base = `https://docs.google.com/spreadsheets/d/${id}/export`;
  return {
    outcome,
    url: `https://docs.google.com/spreadsheets/d/${id}/edit`,
    xlsxUrl: `${base}?format=xlsx`,
    pdfUrl: `${base}?format=pdf&size=A4&portrait=false&fitw=true&gridlines=false&fzr=true&gid=${gid}`,
    sharedWith: shared,
    notShared,
  };
}

/**
 * Shares the file read-only with each e-mail in turn. A domain whose policy forbids sharing outside
 * it refuses such an address (or leaves it off the viewers without a word): each is checked
 * against the viewers afterwards, and the ones missing are reported, not passed over.
 */
function share(file: GoogleAppsScript.Spreadsheet.Spreadsheet, emails: string[]): { shared: string[]; notShared: string[] } {
  if (emails.length === 0) return { shared: [], notShared: [] };
  const refused = new Set<string>();
  try {
    file.addViewers(emails);
  } catch {
    for (const email of emails) {
      try {
        file.addViewer(email);
      } catch {
        refused.add(email);
      }
    }
  }
  const viewers = new Set(file.getViewers().map((u) => u.getEmail().toLowerCase()));
  const notShared = emails.filter((e) => refused.has(e) || !viewers.has(e.toLowerCase()));
  return { shared: emails.filter((e) => !notShared.includes(e)), notShared };
}

import { escapeHtml } from "./plansPdf";

/** The dialog shown after an export: three links, built from our own text and Google's URLs only. */
export function exportDialogHtml(file: ExportedFile, lang: Lang): string {
  const link = (href: string | undefined, label: string) =>
    href ? `<p><a href="${escapeHtml(href)}" target="_blank" rel="noopener">${escapeHtml(label)}</a></p>` : "";
  const shared = file.sharedWith.length > 0 ? `<p>${escapeHtml(t(lang, "export.shared", { emails: file.sharedWith.join(", ") }))}</p>` : "";
  const notShared = file.notShared.length > 0 ? `<p style="color:#a61c00">${escapeHtml(t(lang, "export.notShared", { emails: file.notShared.join(", ") }))}</p>` : "";
  return [
    `<div style="font:14px Arial,sans-serif">`,
    `<p>${escapeHtml(t(lang, "export.done"))}</p>`,
    link(file.url, t(lang, "export.open")),
    link(file.xlsxUrl, t(lang, "export.xlsx")),
    link(file.pdfUrl, t(lang, "export.pdf")),
    shared,
    notShared,
    `</div>`,
  ].join("");
}
