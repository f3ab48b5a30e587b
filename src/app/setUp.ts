/**
 * Use-case "Set up / repair the workbook". A tab that is missing is created; a tab that was renamed
 * is recognised by its headers and recreated under its name with its data (the renamed copy is left
 * alone); a tab whose columns were moved, deleted or relabelled is rewritten in its canonical layout
 * with every value carried over by person and competency. A tab that is in order is not rewritten:
 * only the rows of new people are added and the generated cells (names, supervisors) refreshed, so
 * set-up never writes over a cell someone may be typing in.
 */
import { FRAMEWORK_IDS, type FrameworkId } from "../core/frameworks/index";
import { allTranslations, type MessageKey } from "../core/messages/index";
import { modelFromState, type InputModel } from "../workbook/model";
import type { CellBlock, CellInput, TabData, TabRender, WorkbookPort } from "../workbook/port";
import { readState, YEAR_ROUND_KEYS, type TabState, type WorkbookState } from "../workbook/read";
import { idText } from "../workbook/records";
import { renderInputTabs } from "../workbook/render/index";
import { plainValue } from "../workbook/render/common";
import { agreementTabName, inputTabNames, ratingTabName, TAB_EXPERTISE, TAB_HISTORY, TAB_MENTORING, TAB_OBSERVATIONS, toColumnDefs } from "../workbook/schema";
import { cellText, locateTable, normaliseHeader, type LocatedRow } from "../workbook/table";
import type { Scalar } from "../workbook/port";

export interface SetUpResult {
  tabs: string[];
  /** Tabs written whole (created, recreated or repaired). */
  rewritten: string[];
  /** Tabs found under another name whose data was carried into the recreated tab: canonical name -> found name. */
  recovered: Record<string, string>;
}

/** Writes every input tab whole: for a new workbook (init, demo) and after an import. */
export function writeModel(port: WorkbookPort, model: InputModel, today: Date): SetUpResult {
  const tabs = renderInputTabs(model, today);
  for (const tab of tabs) port.writeTab(tab);
  port.orderTabs(inputTabNames());
  return { tabs: tabs.map((t) => t.name), rewritten: tabs.map((t) => t.name), recovered: {} };
}

export function setUpWorkbook(port: WorkbookPort, today: Date = new Date()): SetUpResult {
  const state = readState(port);
  const recovered = recoverRenamedTabs(port, state);
  const renders = renderInputTabs(modelFromState(state), today);
  const rewritten: string[] = [];
  for (const render of renders) {
    const tab = tabStateOf(state, render.name);
    if (!tab.present || !tab.table || recovered[render.name] || !layoutMatches(render, tab)) {
      port.writeTab(render);
      rewritten.push(render.name);
    } else {
      const blocks = updatesFor(render, tab);
      if (blocks.length > 0) port.updateCells(render.name, blocks);
    }
  }
  port.orderTabs(inputTabNames());
  return { tabs: renders.map((r) => r.name), rewritten, recovered };
}

/** Every input tab's state, in no particular order. */
function inputTabStates(state: WorkbookState): TabState[] {
  const all: TabState[] = [state.settings, state.staff, state.courses, ...YEAR_ROUND_KEYS.map((k) => state[k])];
  for (const fw of FRAMEWORK_IDS) all.push(state.rating[fw].self, state.rating[fw].supervisor, state.agreement[fw]);
  return all;
}

function tabStateOf(state: WorkbookState, name: string): TabState {
  return inputTabStates(state).find((t) => t.name === name)!;
}

/** The header row, in the canonical columns, exactly as this render would write it. */
function headerRowOf(render: TabRender, tab: TabState): CellInput[] | undefined {
  return tab.table ? render.cells[tab.table.headerRow - 1] : undefined;
}

function layoutMatches(render: TabRender, tab: TabState): boolean {
  const table = tab.table!;
  const expected = headerRowOf(render, tab);
  if (!expected || table.duplicates.size > 0) return false;
  // Every canonical column is where it belongs, under the header this render writes (so a change
  // of language rewrites the headers too).
  return tab.specs.every((spec, i) => table.columns.get(spec.key) === i + 1 && normaliseHeader(table.headerValues[i] ?? null) === normaliseHeader(plainValue(expected[i])));
}

/** Tabs of rows people add (observations, meetings, reviews): told apart by position, like the ledger. */
const LOG_TABS = new Set([TAB_OBSERVATIONS, TAB_MENTORING, TAB_EXPERTISE]);

/** How rows of a tab are told apart: by person (and competency), by settings key, or by position. */
function rowKey(tabName: string, row: Record<string, { value: Scalar; formula: string } | undefined>, index: number): string {
  if (tabName.startsWith("Макулдашуу")) return `${idText(row["id"] as never)}|${idText(row["n"] as never)}`;
  if (LOG_TABS.has(tabName)) return `#${index}`;
  if (/^\d\.\d /.test(tabName)) return idText(row["id"] as never);
  if (tabName === "Мектеп") return idText(row["key"] as never);
  return `#${index}`;
}

/**
 * For a tab in order: the rows of new people appended after the last row, and the generated
 * columns rewritten where they differ, each column in one block aligned with the rows as they are.
 */
function updatesFor(render: TabRender, tab: TabState): CellBlock[] {
  const table = tab.table!;
  const keys = tab.specs.map((s) => s.key);
  const firstData = table.headerRow + 1;
  const renderRows = render.cells.slice(table.headerRow).map((cells, i) => {
    const row = Object.fromEntries(keys.map((k, c) => [k, { value: plainValue(cells[c]), formula: "" }]));
    return { cells, key: rowKey(tab.name, row, i) };
  });
  const wanted = new Map(renderRows.map((r) => [r.key, r.cells]));
  const blocks: CellBlock[] = [];

  // Generated columns, aligned with the rows as they stand (people may have sorted them).
  const lastRow = table.rows.length > 0 ? table.rows[table.rows.length - 1].rowNumber : table.headerRow;
  const byRow = new Map<number, LocatedRow>(table.rows.map((r) => [r.rowNumber, r]));
  const indexOf = new Map(table.rows.map((r, i) => [r.rowNumber, i]));
  tab.specs.forEach((spec, c) => {
    if (spec.input || FIXED_KEYS.has(spec.key)) return;
    const values: CellInput[][] = [];
    let differs = false;
    for (let r = firstData; r <= lastRow; r++) {
      const row = byRow.get(r);
      const target = row ? wanted.get(rowKey(tab.name, row.cells, indexOf.get(r)!)) : undefined;
      const current = row?.cells[spec.key]?.value ?? null;
      // A row whose person is not known any more keeps what it shows.
      const next = target && plainValue(target[c]) !== null ? target[c] : current;
      if (!sameValue(current, plainValue(next))) differs = true;
      values.push([next]);
    }
    if (differs && values.length > 0) blocks.push({ row: firstData, col: c + 1, values });
  });

  // Rows of people (or settings) the tab does not have yet.
  const present = new Set(table.rows.map((r, i) => rowKey(tab.name, r.cells, i)));
  const missing = renderRows.filter((r) => r.key !== "" && !r.key.startsWith("#") && !r.key.endsWith("|") && !present.has(r.key));
  if (missing.length > 0) blocks.push({ row: lastRow + 1, col: 1, values: missing.map((r) => r.cells.slice(0, keys.length)) });
  return blocks;
}

/** Columns set-up never refreshes in place: the keys of a row, and the agreement tabs' live formulas. */
const FIXED_KEYS = new Set(["id", "n", "key", "self", "sup", "diff", "selfRow", "supRow", "selfCol", "supCol"]);

function sameValue(a: Scalar, b: Scalar): boolean {
  const norm = (v: Scalar) => (v === null || v === "" ? "" : v instanceof Date ? v.toISOString() : String(v));
  return norm(a) === norm(b);
}

/**
 * A canonical tab that is missing may have been renamed: an unknown tab whose header row holds
 * that tab's columns is read in its place, so its data carries over into the recreated tab.
 */
function recoverRenamedTabs(port: WorkbookPort, state: WorkbookState): Record<string, string> {
  const known = new Set(inputTabNames());
  const unknown = state.tabNames.filter((n) => !known.has(n) && n !== TAB_HISTORY && !/^4\.\d |^Текшерүү$|^Журнал$/.test(n));
  const recovered: Record<string, string> = {};
  if (unknown.length === 0) return recovered;
  const data = new Map<string, TabData>();
  for (const name of unknown) {
    const tab = port.readTab(name);
    if (tab) data.set(name, tab);
  }
  for (const target of inputTabStates(state).filter((t) => !t.present)) {
    let best: { name: string; score: number } | null = null;
    for (const [name, tab] of data) {
      const located = locateTable(tab, toColumnDefs(target.specs), target.specs[0].key);
      if (!located) continue;
      const found = target.specs.filter((s) => located.columns.has(s.key)).length;
      const score = found / target.specs.length;
      if (score >= 0.8 && fits(target.name, tab) && (!best || score > best.score)) best = { name, score };
    }
    if (best) {
      const tab = data.get(best.name)!;
      target.present = true;
      target.table = locateTable(tab, toColumnDefs(target.specs), target.specs[0].key);
      recovered[target.name] = best.name;
      data.delete(best.name);
    }
  }
  return recovered;
}

/** Agreement tabs share their columns: the framework is told by the title or the competency numbers. */
function fits(targetName: string, tab: TabData): boolean {
  const fw = (FRAMEWORK_IDS as readonly FrameworkId[]).find((f) => targetName === agreementTabName(f) || targetName === ratingTabName(f, "self") || targetName === ratingTabName(f, "supervisor"));
  if (!fw || !targetName.startsWith("Макулдашуу")) return true;
  const title = cellText({ value: tab.values[0]?.[0] ?? null, formula: "" }).toLowerCase();
  const words = allTranslations(`framework.${fw}` as MessageKey).map((w) => w.toLowerCase());
  if (words.some((w) => title.includes(w))) return true;
  const numbers = new Set(tab.values.map((r) => String(r[3] ?? "")));
  if (fw === "leader") return numbers.has("1.1");
  if (fw === "teacher") return numbers.has("22");
  return !numbers.has("22") && !numbers.has("1.1") && numbers.has("21");
}
