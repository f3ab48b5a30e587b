/**
 * The workbook port over SpreadsheetApp. Every tab is read with one getValues/getFormulas and
 * written with one setValues plus one call per kind of format, so the number of service calls
 * depends on the number of tabs and rules, never on the number of staff.
 */
import {
  type CellBlock,
  isFormulaCell,
  isLinkCell,
  type CellInput,
  type CellStyle,
  type ConditionalFormat,
  type Rect,
  type Scalar,
  type TabData,
  type TabDetails,
  type TabRender,
  type RowHeight,
  type Validation,
  type WorkbookPort,
} from "../workbook/port";
import { parseRectA1 } from "../workbook/a1";
import { forSheets, fromSheets, linkFormula, sheetsFormula } from "./formulaSyntax";

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type App = GoogleAppsScript.Spreadsheet.SpreadsheetApp;

/** Dates travel through the port as midnight UTC of their day; Sheets holds them in local time. */
function toSheetsDate(d: Date): Date {
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}
function fromSheetsDate(d: Date): Date {
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
}

/**
 * setValues parses strings as a person typing would: "=…" becomes a formula, "1.10" a number.
 * A leading apostrophe makes Sheets keep the text exactly as it is, and is not part of the value.
 */
export function sheetsValue(cell: CellInput, sheetIdOf: (tab: string) => number): unknown {
  if (cell === null || cell === undefined) return "";
  if (isFormulaCell(cell)) return sheetsFormula(cell);
  if (isLinkCell(cell)) return linkFormula(sheetIdOf(cell.link.tab), cell.link.cell, cell.text);
  if (cell instanceof Date) return toSheetsDate(cell);
  if (typeof cell === "string") return cell === "" ? "" : `'${cell}`;
  return cell;
}

function bbox(rects: Rect[]): Rect | null {
  if (rects.length === 0) return null;
  const top = Math.min(...rects.map((r) => r.row));
  const left = Math.min(...rects.map((r) => r.col));
  const bottom = Math.max(...rects.map((r) => r.row + r.rows - 1));
  const right = Math.max(...rects.map((r) => r.col + r.cols - 1));
  return { row: top, col: left, rows: bottom - top + 1, cols: right - left + 1 };
}

/** One 2-D array per style property over the area its ranges cover: one service call each. */
export const STYLE_PROPS: { key: keyof CellStyle; method: string; fallback: unknown; map?: (v: unknown, app: App) => unknown }[] = [
  { key: "background", method: "setBackgrounds", fallback: null },
  { key: "fontColor", method: "setFontColors", fallback: "#000000" },
  { key: "bold", method: "setFontWeights", fallback: "normal", map: (v) => (v ? "bold" : "normal") },
  { key: "italic", method: "setFontStyles", fallback: "normal", map: (v) => (v ? "italic" : "normal") },
  { key: "fontSize", method: "setFontSizes", fallback: 10 },
  { key: "hAlign", method: "setHorizontalAlignments", fallback: null },
  { key: "vAlign", method: "setVerticalAlignments", fallback: "bottom" },
  { key: "numberFormat", method: "setNumberFormats", fallback: "General" },
  {
    key: "wrap",
    method: "setWrapStrategies",
    fallback: "OVERFLOW",
    // Not wrapped: the text runs over empty neighbours, as in Excel.
    map: (v, app) => (v ? app.WrapStrategy.WRAP : app.WrapStrategy.OVERFLOW),
  },
];

/**
 * A tab's formats as Sheets takes them, one layer per style property: the property's fallback over
 * the area its ranges cover, then each range's value in order (a later range wins). The
 * SpreadsheetApp port writes each layer as one 2-D array; the Sheets API port paints them into
 * each cell's format (`paint` in sheetsApiPort.ts).
 */
export interface StyleLayer {
  prop: (typeof STYLE_PROPS)[number];
  box: Rect;
  ranges: { range: Rect; value: unknown }[];
}

export function styleLayers(render: TabRender): StyleLayer[] {
  const layers: StyleLayer[] = [];
  for (const prop of STYLE_PROPS) {
    const ranges = (render.styles ?? []).filter((s) => s.style[prop.key] !== undefined);
    const box = bbox(ranges.map((s) => s.range));
    if (box) layers.push({ prop, box, ranges: ranges.map((s) => ({ range: s.range, value: s.style[prop.key] })) });
  }
  return layers;
}

/** The area a tab's grid must have: its cells and every range its formats, validations and rules touch. */
export function neededGrid(render: TabRender): { rows: number; cols: number } {
  const height = render.cells.length;
  const width = render.cells[0]?.length ?? 1;
  const needed = bbox([
    { row: 1, col: 1, rows: Math.max(height, 1), cols: Math.max(width, 1) },
    ...(render.styles ?? []).map((s) => s.range),
    ...(render.validations ?? []).map((v) => v.range),
    ...(render.conditionalFormats ?? []).map((c) => c.range),
  ])!;
  // Sheets refuses to freeze every row or column of a grid: one past the frozen panes stays open.
  return { rows: Math.max(needed.row + needed.rows - 1, (render.frozenRows ?? 0) + 1), cols: Math.max(needed.col + needed.cols - 1, (render.frozenCols ?? 0) + 1) };
}

export class SheetsWorkbookPort implements WorkbookPort {
  private sheetIds: Map<string, number> | null = null;
  /**
   * The tabs' names, and the tabs read, as this port last saw them (each costs a call per sheet or
   * two per tab): kept only by a port that lives for one step (`memo`), which the host makes anew
   * for each step and makes forget what it read once it holds the lock.
   */
  private names: string[] | null = null;
  private readonly reads = new Map<string, TabData | null>();

  constructor(
    private readonly ss: Spreadsheet,
    private readonly app: App,
    private readonly memo = false,
  ) {}

  tabNames(): string[] {
    if (!this.memo) return this.ss.getSheets().map((s) => s.getName());
    return [...(this.names ??= this.ss.getSheets().map((s) => s.getName()))];
  }

  /** Forgets what was read (another person may have saved since): used when a step takes the lock. */
  forgetValues(): void {
    this.names = null;
    this.reads.clear();
  }

  private zone: string | null = null;

  /** The spreadsheet's time zone (File → Settings), in which its people live their days. */
  timeZone(): string {
    return (this.zone ??= this.ss.getSpreadsheetTimeZone());
  }

  /** The spreadsheet's locale, in which Sheets parses formulas. */
  locale(): string {
    return this.ss.getSpreadsheetLocale();
  }

  readTab(name: string): TabData | null {
    if (!this.memo) return this.load(name);
    if (!this.reads.has(name)) this.reads.set(name, this.load(name));
    return this.reads.get(name) ?? null;
  }

  private load(name: string): TabData | null {
    const sheet = this.ss.getSheetByName(name);
    if (!sheet) return null;
    const range = sheet.getDataRange();
    const raw = range.getValues();
    const formulas = range.getFormulas();
    const values: Scalar[][] = raw.map((row) =>
      row.map((v: unknown) => (v === "" || v === undefined ? null : v instanceof Date ? fromSheetsDate(v) : (v as Scalar))),
    );
    let lastRow = 0;
    let lastCol = 0;
    values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== null || formulas[r][c]) {
          lastRow = Math.max(lastRow, r + 1);
          lastCol = Math.max(lastCol, c + 1);
        }
      }),
    );
    return {
      name,
      values: values.slice(0, lastRow).map((r) => r.slice(0, lastCol)),
      formulas: formulas.slice(0, lastRow).map((r) => r.slice(0, lastCol).map((f) => (f ? f.replace(/^=/, "") : ""))),
    };
  }

  private sheetIdOf = (tab: string): number => {
    if (!this.sheetIds) this.sheetIds = new Map(this.ss.getSheets().map((s) => [s.getName(), s.getSheetId()]));
    return this.sheetIds.get(tab) ?? 0;
  };

  writeTab(render: TabRender): void {
    const app = this.app;
    this.reads.delete(render.name);
    let sheet = this.ss.getSheetByName(render.name);
    if (!sheet) {
      sheet = this.ss.insertSheet(render.name);
      this.sheetIds = null;
      this.names?.push(render.name);
    }
    const height = render.cells.length;
    const width = render.cells[0]?.length ?? 1;
    const { rows: needRows, cols: needCols } = neededGrid(render);
    // Unfrozen first: Sheets refuses to delete every unfrozen row, or to merge across a frozen edge.
    sheet.setFrozenRows(0);
    sheet.setFrozenColumns(0);
    // The grid is sized to what the tab needs with exactly one call per axis, whatever its size, so the
    // number of calls depends neither on whether a large school crosses a new sheet's 1000 rows nor on
    // whether the grid already had the right size (then it gets one spare row or column).
    const maxRows = sheet.getMaxRows();
    const maxCols = sheet.getMaxColumns();
    if (maxRows > needRows) sheet.deleteRows(needRows + 1, maxRows - needRows);
    else sheet.insertRowsAfter(maxRows, Math.max(1, needRows - maxRows));
    if (maxCols > needCols) sheet.deleteColumns(needCols + 1, maxCols - needCols);
    else sheet.insertColumnsAfter(maxCols, Math.max(1, needCols - maxCols));
    const rows = needRows;
    const cols = needCols;

    // Start from a clean tab: contents, formats, notes, validations, merges, rules, hidden columns.
    const all = sheet.getRange(1, 1, rows, cols);
    all.breakApart();
    all.clear();
    all.clearNote();
    all.clearDataValidations();
    sheet.clearConditionalFormatRules();
    sheet.showColumns(1, cols);

    if (height > 0) {
      const values = render.cells.map((row) => row.map((cell) => sheetsValue(cell, this.sheetIdOf)));
      sheet.getRange(1, 1, height, width).setValues(values);
    }

    if (render.notes && render.notes.length > 0) {
      const box = bbox(render.notes.map((n) => ({ row: n.row, col: n.col, rows: 1, cols: 1 })))!;
      const grid: string[][] = Array.from({ length: box.rows }, () => new Array<string>(box.cols).fill(""));
      for (const n of render.notes) grid[n.row - box.row][n.col - box.col] = n.text;
      sheet.getRange(box.row, box.col, box.rows, box.cols).setNotes(grid);
    }

    for (const layer of styleLayers(render)) {
      const fallback = layer.prop.key === "wrap" ? (app.WrapStrategy as unknown as Record<string, unknown>)[String(layer.prop.fallback)] : layer.prop.fallback;
      const { box } = layer;
      const grid: unknown[][] = Array.from({ length: box.rows }, () => new Array<unknown>(box.cols).fill(fallback));
      for (const { range, value } of layer.ranges) {
        const v = layer.prop.map ? layer.prop.map(value, app) : value;
        for (let r = range.row; r < range.row + range.rows; r++) {
          for (let c = range.col; c < range.col + range.cols; c++) grid[r - box.row][c - box.col] = v;
        }
      }
      const target = sheet.getRange(box.row, box.col, box.rows, box.cols) as unknown as Record<string, (v: unknown) => void>;
      target[layer.prop.method](grid);
    }

    for (const v of render.validations ?? []) {
      sheet.getRange(v.range.row, v.range.col, v.range.rows, v.range.cols).setDataValidation(this.validationRule(v));
    }

    const rules = (render.conditionalFormats ?? []).map((cf) => {
      let builder = app
        .newConditionalFormatRule()
        .whenFormulaSatisfied(`=${forSheets(cf.formula)}`)
        .setRanges([sheet!.getRange(cf.range.row, cf.range.col, cf.range.rows, cf.range.cols)]);
      if (cf.style.background) builder = builder.setBackground(cf.style.background);
      if (cf.style.fontColor) builder = builder.setFontColor(cf.style.fontColor);
      if (cf.style.bold) builder = builder.setBold(true);
      return builder.build();
    });
    if (rules.length > 0) sheet.setConditionalFormatRules(rules);

    for (const m of render.merges ?? []) sheet.getRange(m.row, m.col, m.rows, m.cols).merge();
    for (const m of render.mergeAcross ?? []) sheet.getRange(m.row, m.col, m.rows, m.cols).mergeAcross();
    sheet.setFrozenRows(render.frozenRows ?? 0);
    sheet.setFrozenColumns(render.frozenCols ?? 0);
    for (const run of runs(render.columnWidths ?? [])) sheet.setColumnWidths(run.start, run.count, run.value);
    for (const run of consecutive(render.hiddenColumns ?? [])) sheet.hideColumns(run.start, run.count);
    for (const run of heightRuns(render.rowHeights ?? [])) sheet.setRowHeights(run.start, run.count, run.value);
    if (render.tabColor) sheet.setTabColor(render.tabColor);
  }

  updateCells(name: string, blocks: CellBlock[]): void {
    this.reads.delete(name);
    const sheet = this.ss.getSheetByName(name);
    if (!sheet) throw new Error(`No tab ${name}`);
    // Rows of new people past the grid's last row (Sheets refuses a range outside the grid): the grid grows first.
    const lastRow = Math.max(0, ...blocks.filter((b) => b.values.length > 0).map((b) => b.row + b.values.length - 1));
    if (lastRow > 0) {
      const max = sheet.getMaxRows();
      if (lastRow > max) sheet.insertRowsAfter(max, lastRow - max);
    }
    for (const b of blocks) {
      if (b.values.length === 0) continue;
      const values = b.values.map((row) => row.map((cell) => sheetsValue(cell, this.sheetIdOf)));
      sheet.getRange(b.row, b.col, values.length, values[0].length).setValues(values);
    }
  }

  appendRows(name: string, rows: CellInput[][]): void {
    this.reads.delete(name);
    const sheet = this.ss.getSheetByName(name);
    if (!sheet || rows.length === 0) return;
    const width = Math.max(...rows.map((r) => r.length));
    const last = sheet.getLastRow();
    const max = sheet.getMaxRows();
    if (max < last + rows.length) sheet.insertRowsAfter(max, last + rows.length - max);
    const values = rows.map((r) => [...r, ...new Array(width - r.length).fill(null)].map((cell) => sheetsValue(cell, this.sheetIdOf)));
    sheet.getRange(last + 1, 1, rows.length, width).setValues(values);
  }

  private validationRule(v: Validation): GoogleAppsScript.Spreadsheet.DataValidation {
    let b = this.app.newDataValidation();
    switch (v.rule.kind) {
      case "list":
        b = b.requireValueInList(v.rule.values, true);
        break;
      case "listFromRange": {
        const source = this.ss.getSheetByName(v.rule.tab);
        const r = parseRectA1(v.rule.range);
        if (source) b = b.requireValueInRange(source.getRange(r.row, r.col, r.rows, r.cols), true);
        break;
      }
      case "number":
        b = b.requireNumberBetween(v.rule.min ?? -1e9, v.rule.max ?? 1e9);
        break;
      case "date":
        b = b.requireDate();
        break;
    }
    return b.setAllowInvalid(v.allowInvalid).setHelpText(v.helpText).build();
  }

  orderTabs(names: string[]): void {
    const current = this.tabNames();
    const wanted = names.filter((n) => current.includes(n));
    const rest = current.filter((n) => !wanted.includes(n));
    const target = [...wanted, ...rest];
    if (target.every((n, i) => current[i] === n)) return;
    this.names = null;
    target.forEach((name, i) => {
      const sheet = this.ss.getSheetByName(name);
      if (!sheet) return;
      this.ss.setActiveSheet(sheet);
      this.ss.moveActiveSheet(i + 1);
    });
  }

  inspectTab(name: string): TabDetails | null {
    const data = this.readTab(name);
    const sheet = this.ss.getSheetByName(name);
    if (!data || !sheet) return null;
    const range = sheet.getRange(1, 1, sheet.getMaxRows(), sheet.getMaxColumns());
    const notes: TabDetails["notes"] = [];
    range.getNotes().forEach((row, r) => row.forEach((text, c) => text && notes.push({ row: r + 1, col: c + 1, text })));
    const validations: Validation[] = [];
    const seen = new Set<unknown>();
    const grid = range.getDataValidations();
    grid.forEach((row, r) =>
      row.forEach((rule, c) => {
        if (!rule || seen.has(rule)) return;
        seen.add(rule);
        validations.push(describeValidation(rule, r + 1, c + 1, grid));
      }),
    );
    return {
      ...data,
      notes,
      validations,
      conditionalFormats: sheet.getConditionalFormatRules().map((rule): ConditionalFormat => {
        const r = rule.getRanges()[0];
        const cond = rule.getBooleanCondition();
        return {
          range: { row: r.getRow(), col: r.getColumn(), rows: r.getNumRows(), cols: r.getNumColumns() },
          formula: fromSheets(String(cond?.getCriteriaValues()[0] ?? "").replace(/^=/, "")),
          style: { background: cond?.getBackground() ?? undefined, bold: cond?.getBold() || undefined },
        };
      }),
      merges: sheet
        .getDataRange()
        .getMergedRanges()
        .map((r) => ({ row: r.getRow(), col: r.getColumn(), rows: r.getNumRows(), cols: r.getNumColumns() })),
      frozenRows: sheet.getFrozenRows(),
      frozenCols: sheet.getFrozenColumns(),
    };
  }
}

function describeValidation(
  rule: GoogleAppsScript.Spreadsheet.DataValidation,
  row: number,
  col: number,
  grid: (GoogleAppsScript.Spreadsheet.DataValidation | null)[][],
): Validation {
  let bottom = row;
  while (bottom < grid.length && grid[bottom][col - 1] === rule) bottom++;
  let right = col;
  while (right < grid[row - 1].length && grid[row - 1][right] === rule) right++;
  const values = rule.getCriteriaValues();
  const type = String(rule.getCriteriaType());
  const ruleOut: Validation["rule"] =
    type === "VALUE_IN_LIST"
      ? { kind: "list", values: (values[0] as string[]).map(String) }
      : type === "VALUE_IN_RANGE"
        ? { kind: "listFromRange", tab: (values[0] as GoogleAppsScript.Spreadsheet.Range).getSheet().getName(), range: (values[0] as GoogleAppsScript.Spreadsheet.Range).getA1Notation() }
        : type === "DATE_IS_VALID_DATE"
          ? { kind: "date" }
          : { kind: "number", min: Number(values[0]), max: Number(values[1]) };
  return {
    range: { row, col, rows: bottom - row + 1, cols: right - col + 1 },
    rule: ruleOut,
    allowInvalid: rule.getAllowInvalid(),
    helpText: rule.getHelpText(),
  };
}

/** Consecutive columns of the same width, set with one call (or request) each. */
export function runs(widths: number[]): { start: number; count: number; value: number }[] {
  const out: { start: number; count: number; value: number }[] = [];
  widths.forEach((w, i) => {
    if (!w) return;
    const last = out[out.length - 1];
    if (last && last.value === w && last.start + last.count === i + 1) last.count++;
    else out.push({ start: i + 1, count: 1, value: w });
  });
  return out;
}

/** Consecutive rows of the same height, set with one call each. */
function heightRuns(heights: RowHeight[]): { start: number; count: number; value: number }[] {
  const out: { start: number; count: number; value: number; block: boolean }[] = [];
  for (const h of [...heights].sort((a, b) => a.row - b.row)) {
    const last = out[out.length - 1];
    const block = h.rows !== undefined;
    if (!block && last && !last.block && last.value === h.height && last.start + last.count === h.row) last.count++;
    else out.push({ start: h.row, count: h.rows ?? 1, value: h.height, block });
  }
  return out;
}

/** Runs of consecutive column numbers. */
export function consecutive(cols: number[]): { start: number; count: number }[] {
  const out: { start: number; count: number }[] = [];
  for (const c of [...cols].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last.start + last.count === c) last.count++;
    else out.push({ start: c, count: 1 });
  }
  return out;
}
