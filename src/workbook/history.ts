/**
 * Tab "Тарых": the archive of past school years, in long format. One row per person and item:
 *
 *   item "level"               one competency of one framework: the self, supervisor and agreed
 *                              levels, whether it was a priority, and the three texts about it
 *   item "need1".."need3",     the self-assessment's other texts (subject needs, career,
 *   "career", "roles",         additional roles, comment) and the supervisor's comment, by framework
 *   "comment", "supervisor_comment"
 *   item "sign:<stage>:<who>"  a sign-off of the individual plan (4.1): stage plan / interim /
 *                              final; who person / person_date / leader / leader_date
 *   item "review:<stage>:<who>" the interim or final review's comment, who person / leader
 *   item "hours:<measure>"     course hours as of 31 August of the year's end: last5y, year,
 *                              distance_share, meets_minimum, last_long_course, due_year
 *
 * Only "level" rows use the level columns; every other row puts what it keeps in "value".
 */
import type { FrameworkId } from "../core/frameworks/index";
import { pastKey, parseSchoolYear, previousYear, yearLabel, NO_LAST_YEAR, type LastYear } from "../core/history";
import { parseLevel } from "../core/levels";
import { allTranslations, t, type Lang, type MessageKey } from "../core/messages/index";
import type { CellInput, Scalar, TabRender, WorkbookPort } from "./port";
import { COLOURS, rect } from "./render/common";
import { TAB_HISTORY } from "./schema";
import { cellText, locateTable, TableLocator, type ColumnDef, type LocatedTable } from "./table";

export const HISTORY_HEADER_ROW = 2;

const HISTORY_KEYS = [
  "year",
  "person_id",
  "name",
  "framework",
  "item",
  "competency",
  "self",
  "supervisor",
  "agreed",
  "priority",
  "self_explanation",
  "supervisor_explanation",
  "discussion",
  "value",
] as const;
export type HistoryKey = (typeof HISTORY_KEYS)[number];

const WIDTHS: Record<HistoryKey, number> = {
  year: 90,
  person_id: 90,
  name: 200,
  framework: 80,
  item: 150,
  competency: 90,
  self: 70,
  supervisor: 110,
  agreed: 110,
  priority: 100,
  self_explanation: 220,
  supervisor_explanation: 220,
  discussion: 220,
  value: 200,
};

const headerKey = (key: HistoryKey) => `history.col.${key}` as MessageKey;

function historyColumnDefs(): ColumnDef[] {
  return HISTORY_KEYS.map((key) => ({ key, labels: allTranslations(headerKey(key)) }));
}

/** One archived row; a blank cell is null. */
export type HistoryRow = { [K in HistoryKey]: Scalar };

export const LEVEL_ITEM = "level";

/**
 * A new school year's own rows in the history: "started" with the archive, "done" after the year
 * has moved on. Sheets sends a large school's new year in several batches; one that stopped between
 * them leaves "started" alone, and the next run finishes it without archiving the year twice.
 */
export const ROLLOVER_STARTED = "rollover:started";
export const ROLLOVER_DONE = "rollover:done";

/** The marker row of a new year from `from` to `to`. */
export function rolloverRow(item: typeof ROLLOVER_STARTED | typeof ROLLOVER_DONE, from: string, to: string): HistoryRow {
  return Object.fromEntries(HISTORY_KEYS.map((k) => [k, k === "year" ? from : k === "item" ? item : k === "value" ? to : null])) as HistoryRow;
}

/** The tab as it is first created: its title, its header and the first year's rows. */
export function renderHistoryTab(rows: HistoryRow[], lang: Lang): TabRender {
  const width = HISTORY_KEYS.length;
  const title: CellInput[] = [t(lang, "history.title"), ...new Array(width - 1).fill(null)];
  return {
    name: TAB_HISTORY,
    cells: [title, HISTORY_KEYS.map((k) => t(lang, headerKey(k))), ...historyCells(rows)],
    styles: [
      { range: rect(1, 1), style: { bold: true, fontSize: 12, fontColor: COLOURS.title } },
      { range: rect(HISTORY_HEADER_ROW, 1, 1, width), style: { bold: true, background: COLOURS.header, wrap: true, vAlign: "middle" } },
    ],
    frozenRows: HISTORY_HEADER_ROW,
    columnWidths: HISTORY_KEYS.map((k) => WIDTHS[k]),
    rowHeights: [{ row: HISTORY_HEADER_ROW, height: 40 }],
  };
}

/** The rows as cells, in the tab's column order. */
export function historyCells(rows: HistoryRow[]): CellInput[][] {
  return rows.map((row) => HISTORY_KEYS.map((k) => row[k]));
}

/** What the history tab holds: every archived row, located by its headers (in either language). */
function readHistoryTable(port: WorkbookPort): LocatedTable | null {
  if (!port.tabNames().includes(TAB_HISTORY)) return null;
  if (port.forEachRow) {
    const locator = new TableLocator(historyColumnDefs(), "year");
    port.forEachRow(TAB_HISTORY, (row, values, formulas) => locator.add(row, values, formulas));
    return locator.finish();
  }
  const data = port.readTab(TAB_HISTORY);
  return data ? locateTable(data, historyColumnDefs(), "year") : null;
}

/** The archive as the rules need it: which years it holds, and each year's agreed levels. */
export class HistoryIndex {
  readonly years = new Set<string>();
  /** Archived rows per year, markers left out. */
  readonly rows = new Map<string, number>();
  private readonly agreed = new Map<string, LastYear["agreed"]>();
  private readonly started = new Map<string, string>();
  private readonly done = new Set<string>();

  constructor(table: LocatedTable | null) {
    for (const row of table?.rows ?? []) {
      const year = cellText(row.cells["year"]);
      if (year === "") continue;
      this.years.add(year);
      const item = cellText(row.cells["item"]);
      if (item === ROLLOVER_STARTED) this.started.set(year, cellText(row.cells["value"]));
      else if (item === ROLLOVER_DONE) this.done.add(year);
      else this.rows.set(year, (this.rows.get(year) ?? 0) + 1);
      if (item !== LEVEL_ITEM) continue;
      const parsed = parseLevel(row.cells["agreed"]?.value ?? null, row.cells["agreed"]?.formula);
      if (parsed.kind !== "level") continue;
      const levels = this.agreed.get(year) ?? new Map();
      levels.set(pastKey(cellText(row.cells["person_id"]), cellText(row.cells["framework"]) as FrameworkId, cellText(row.cells["competency"])), parsed.level);
      this.agreed.set(year, levels);
    }
  }

  /** The year a new school year from `year` was going to, when it was archived but never finished; else null. */
  interrupted(year: string): string | null {
    return this.started.has(year) && !this.done.has(year) ? this.started.get(year)! : null;
  }

  /** The agreed levels of the school year before `current` ("2026-2027" → 2025-2026's). */
  lastYear(current: string): LastYear {
    const year = parseSchoolYear(current);
    if (!year) return NO_LAST_YEAR;
    const label = yearLabel(previousYear(year));
    const agreed = this.agreed.get(label);
    return agreed ? { year: label, agreed } : NO_LAST_YEAR;
  }
}

export function readHistory(port: WorkbookPort): HistoryIndex {
  return new HistoryIndex(readHistoryTable(port));
}
