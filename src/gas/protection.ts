/**
 * Protections through the Sheets API: the requests that replace our protected ranges (those whose
 * description starts with the product's prefix) with the plan's, sent in the step's own batch. With
 * SpreadsheetApp each protected range would cost several calls per person.
 */
import type { ProtectionRule } from "../app/protection";
import { PROTECTION_PREFIX } from "../app/protection";
import { SheetsApiWorkbookPort, type SheetInfo } from "./sheetsApiPort";
import { leadersOnlyRule, leadershipOf, protectionPlan } from "../app/protection";
import { GENERATED_TABS } from "../app/generate";
import { interpret } from "../workbook/interpret";
import type { WorkbookPort } from "../workbook/port";
import { readStaffTab, readState } from "../workbook/read";
import { parseStaffRow } from "../workbook/records";
import { TAB_CHECK, TAB_HISTORY, TAB_LOG } from "../workbook/schema";

type Request = GoogleAppsScript.Sheets.Schema.Request;
type GridRange = GoogleAppsScript.Sheets.Schema.GridRange;

/** `replace`: the tabs whose protections of ours the rules replace (every tab unless given). */
export function protectionRequests(rules: ProtectionRule[], sheets: readonly SheetInfo[], replace?: readonly string[]): Request[] {
  const sheetIds = new Map(sheets.map((s) => [s.title, s.sheetId]));
  const requests: Request[] = [];
  for (const sheet of sheets) {
    if (replace && !replace.includes(sheet.title)) continue;
    for (const p of sheet.protectedRanges) {
      if (p.description.startsWith(PROTECTION_PREFIX)) requests.push({ deleteProtectedRange: { protectedRangeId: p.protectedRangeId } });
    }
  }
  const grid = (sheetId: number, r: { row: number; col: number; rows: number; cols: number }): GridRange => ({
    sheetId,
    startRowIndex: r.row - 1,
    endRowIndex: r.row - 1 + r.rows,
    startColumnIndex: r.col - 1,
    endColumnIndex: r.col - 1 + r.cols,
  });
  for (const rule of rules) {
    const sheetId = sheetIds.get(rule.tab);
    if (sheetId === undefined) continue;
    requests.push({
      addProtectedRange: {
        protectedRange: {
          range: rule.range ? grid(sheetId, rule.range) : { sheetId },
          description: rule.description,
          warningOnly: false,
          editors: { users: rule.editors },
          ...(rule.unprotected.length > 0 ? { unprotectedRanges: rule.unprotected.map((r) => grid(sheetId, r)) } : {}),
        },
      },
    });
  }
  return requests;
}

/**
 * Protects ranges by the roles of the roster, in the step's own batch: the people are named by the
 * roster's e-mails, however the spreadsheet is shared with them (one by one, through a Google
 * Group or with the whole domain: getEditors() lists only the first). Naming someone gives them no
 * access to the file. Returns how many ranges, or null without the Sheets API.
 */
export function protectByRoles_(port: WorkbookPort, now: Date): number | null {
  if (!(port instanceof SheetsApiWorkbookPort)) return null;
  const rules = rulesNow(port, now);
  port.queue(protectionRequests(rules, port.sheetInfos()));
  return rules.length;
}

function rulesNow(port: SheetsApiWorkbookPort, now: Date): ProtectionRule[] {
  const state = readState(port);
  const records = interpret(state, now);
  const runner = (Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail()).toLowerCase();
  return protectionPlan(state, records, [...GENERATED_TABS, TAB_HISTORY].filter((tab) => state.tabNames.includes(tab)), runner);
}

/**
 * Protects the tabs a step created (the check report, the generated 4.1–4.5, the log) as set-up
 * protects them — the leadership's, whole — in the step's own batch, so a tab made after set-up is
 * not open to every editor until the next set-up. A tab the step protected itself (set-up, the new
 * year) is left alone. Only the roster is read (no step that makes these tabs writes it: no call).
 */
export function protectNewTabs_(port: WorkbookPort, now: Date): void {
  if (!(port instanceof SheetsApiWorkbookPort)) return;
  const found = port.foundTabNames();
  const infos = port.sheetInfos();
  const queued = new Set(port.pendingRequests().flatMap((r) => (r.addProtectedRange ? [r.addProtectedRange.protectedRange?.range?.sheetId] : [])));
  const created = infos.filter((s) => !found.includes(s.title) && LEADERS_ONLY.includes(s.title) && !queued.has(s.sheetId)).map((s) => s.title);
  if (created.length === 0) return;
  const people = (readStaffTab(port).table?.rows ?? []).map((row) => parseStaffRow(row.cells, now.getUTCFullYear()).person);
  const leaders = leadershipOf(people, (Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail()).toLowerCase());
  port.queue(protectionRequests(created.map((tab) => leadersOnlyRule(tab, leaders)), infos, created));
}

/** The tabs a step may create that only the leadership edits. */
const LEADERS_ONLY = [...GENERATED_TABS, TAB_CHECK, TAB_LOG, TAB_HISTORY];
