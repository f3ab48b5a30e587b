/**
 * An in-memory, call-recording fake of the part of Apps Script that ҮКӨ Sheets uses, strict where
 * Google is strict. It follows the real services where it matters to us: setValues parses strings
 * as Sheets does ("=…" becomes a formula, "1.10" a number, a leading apostrophe keeps text),
 * ranges outside the grid throw, array shapes must match, new sheets are 1000×26. Formulas are
 * parsed in the spreadsheet's locale and evaluated (formulaEngine.ts). Every method call on a
 * service object is recorded in `calls`.
 *
 * Calls the product makes (through the service objects of `globals()`, and every Sheets API call)
 * are held to Google's rules for the user the script runs as: protections (protections.ts), the
 * cell and spreadsheet limits (limits.ts), quotas (quota.ts), locks, properties and triggers per
 * context (services.ts). A test changing a raw sheet directly is a person typing in the grid: it
 * is not checked against protections, and a formula typed that does not parse shows #ERROR!.
 */

import { FakeSheetsApi } from "./sheetsApi";
import { FakeClock } from "./clock";
import { CELL_CHARACTERS, CELL_TOO_LONG, SPREADSHEET_CELLS, TOO_MANY_CELLS } from "./limits";
import { PROTECTED_TEXT, ProtectionRules, type GridRect, type StoredProtection } from "./protections";
import { QuotaMeter } from "./quota";
import { FakeLock, formatDate, lockService, propertiesApi, scriptApp, session, type FakeTrigger } from "./services";
import { FormulaWorkbook, parseFormula, type SheetsLocale } from "./formulaEngine";

/** A recorded call; `args` are kept for the Sheets API only (what a batchGet asked for). */
export type Call = { target: string; method: string; args?: unknown[] };

interface Style {
  background?: string | null;
  fontColor?: string;
  fontWeight?: string;
  fontStyle?: string;
  fontSize?: number;
  hAlign?: string | null;
  vAlign?: string;
  numberFormat?: string;
  wrap?: string;
}

export interface CellData {
  value: unknown;
  formula: string;
  note: string;
  style: Style;
  validation: FakeDataValidation | null;
}

const blank = (): CellData => ({ value: "", formula: "", note: "", style: {}, validation: null });

export class FakeDataValidation {
  constructor(
    readonly type: string,
    readonly values: unknown[],
    readonly allowInvalid: boolean,
    readonly helpText: string,
  ) {}
  getCriteriaType() {
    return this.type;
  }
  getCriteriaValues() {
    return this.values;
  }
  getAllowInvalid() {
    return this.allowInvalid;
  }
  getHelpText() {
    return this.helpText;
  }
}

class FakeDataValidationBuilder {
  private type = "";
  private values: unknown[] = [];
  private allowInvalid = true;
  private helpText = "";
  requireValueInList(values: string[], showDropdown = true) {
    this.type = "VALUE_IN_LIST";
    this.values = [values.slice(), showDropdown];
    return this;
  }
  requireValueInRange(range: FakeRange, showDropdown = true) {
    this.type = "VALUE_IN_RANGE";
    this.values = [range, showDropdown];
    return this;
  }
  requireNumberBetween(min: number, max: number) {
    this.type = "NUMBER_BETWEEN";
    this.values = [min, max];
    return this;
  }
  requireDate() {
    this.type = "DATE_IS_VALID_DATE";
    this.values = [];
    return this;
  }
  requireCheckbox() {
    this.type = "CHECKBOX";
    this.values = [];
    return this;
  }
  setAllowInvalid(allow: boolean) {
    this.allowInvalid = allow;
    return this;
  }
  setHelpText(text: string) {
    this.helpText = text;
    return this;
  }
  build() {
    if (!this.type) throw new Error("Exception: You must specify a criteria.");
    return new FakeDataValidation(this.type, this.values, this.allowInvalid, this.helpText);
  }
}

export class FakeConditionalRule {
  constructor(
    readonly formula: string,
    readonly background: string | null,
    readonly fontColor: string | null,
    readonly bold: boolean | null,
    readonly ranges: FakeRange[],
  ) {}
  getRanges() {
    return this.ranges;
  }
  getBooleanCondition() {
    return {
      getCriteriaType: () => "CUSTOM_FORMULA",
      getCriteriaValues: () => [this.formula],
      getBackground: () => this.background,
      getFontColor: () => this.fontColor,
      getBold: () => this.bold,
    };
  }
}

class FakeConditionalRuleBuilder {
  private formula = "";
  private background: string | null = null;
  private fontColor: string | null = null;
  private bold: boolean | null = null;
  private ranges: FakeRange[] = [];
  whenFormulaSatisfied(formula: string) {
    this.formula = formula;
    return this;
  }
  setBackground(color: string) {
    this.background = color;
    return this;
  }
  setFontColor(color: string) {
    this.fontColor = color;
    return this;
  }
  setBold(bold: boolean) {
    this.bold = bold;
    return this;
  }
  setRanges(ranges: FakeRange[]) {
    this.ranges = ranges;
    return this;
  }
  build() {
    if (!this.formula.startsWith("=")) throw new Error("Exception: Invalid formula for conditional format rule.");
    return new FakeConditionalRule(this.formula, this.background, this.fontColor, this.bold, this.ranges);
  }
}

/** What Sheets stores when a person (or setValues) enters `input`. */
export function parseEntered(input: unknown): { value: unknown; formula: string } {
  if (typeof input !== "string") return { value: input ?? "", formula: "" };
  if (input.startsWith("'")) return { value: input.slice(1), formula: "" };
  if (input.startsWith("=") && input.length > 1) {
    const link = /^=HYPERLINK\("[^"]*",\s*"((?:[^"]|"")*)"\)$/i.exec(input);
    return { value: link ? link[1].replace(/""/g, '"') : "", formula: input };
  }
  if (/^[+-]?\d+(\.\d+)?$/.test(input.trim())) return { value: Number(input), formula: "" };
  if (/^(true|false)$/i.test(input.trim())) return { value: input.trim().toLowerCase() === "true", formula: "" };
  return { value: input, formula: "" };
}

/** A cell's key in a sheet's map: a number (a string per cell costs seconds on a school of 600). */
export const cellKey = (row: number, col: number) => row * 32768 + col;
export const rowOfKey = (key: number) => Math.floor(key / 32768);
export const colOfKey = (key: number) => key % 32768;

/** A range of `count` rows or columns from `start` that a freeze after the first `frozen` would cut in two. */
function cuts(start: number, count: number, frozen: number): boolean {
  return frozen > 0 && start <= frozen && start + count - 1 > frozen;
}

export class FakeSheet {
  cells = new Map<number, CellData>();
  maxRows = 1000;
  maxCols = 26;
  frozenRows = 0;
  frozenCols = 0;
  merges: { row: number; col: number; rows: number; cols: number }[] = [];
  rules: FakeConditionalRule[] = [];
  columnWidths = new Map<number, number>();
  hiddenColumns = new Set<number>();
  rowHeights = new Map<number, number>();
  tabColor: string | null = null;

  /**
   * While a batch is applied: each cell as it was before the batch first touched it (undefined for
   * a cell it created), so a failed batch is undone without copying the whole sheet first.
   */
  private journal: Map<number, CellData | undefined> | null = null;

  private remember(key: number): void {
    if (!this.journal || this.journal.has(key)) return;
    const c = this.cells.get(key);
    this.journal.set(key, c ? { ...c, style: { ...c.style } } : undefined);
  }

  private forget(key: number): void {
    this.remember(key);
    this.cells.delete(key);
    this.extent = null;
  }

  /** The sheet as it is, for the Sheets API fake to restore when a batch fails (its cells as they change). */
  snapshot(): SheetSnapshot {
    this.journal = new Map();
    return {
      name: this.name,
      maxRows: this.maxRows,
      maxCols: this.maxCols,
      frozenRows: this.frozenRows,
      frozenCols: this.frozenCols,
      merges: this.merges.map((m) => ({ ...m })),
      rules: this.rules.slice(),
      columnWidths: new Map(this.columnWidths),
      hiddenColumns: new Set(this.hiddenColumns),
      rowHeights: new Map(this.rowHeights),
      tabColor: this.tabColor,
    };
  }

  restore(s: SheetSnapshot): void {
    for (const [key, cell] of this.journal ?? []) {
      if (cell) this.cells.set(key, cell);
      else this.cells.delete(key);
    }
    this.journal = null;
    Object.assign(this, s);
    this.extent = null;
    this.book.sheetChanged(this);
  }

  /** The batch went through: what it changed stays. */
  commit(): void {
    this.journal = null;
  }

  /**
   * Why Sheets would refuse to freeze `rows` and `cols` here (both hosts give the same reasons), or
   * null: a freeze must leave a row and a column unfrozen, and may not cut a merged range.
   */
  freezeRefusal(rows: number, cols: number): string | null {
    if (rows > 0 && rows >= this.maxRows) return "You can't freeze all visible rows on the sheet.";
    if (cols > 0 && cols >= this.maxCols) return "You can't freeze all visible columns on the sheet.";
    if (this.merges.some((m) => cuts(m.row, m.rows, rows))) return "You can't freeze rows which contain only part of a merged cell.";
    if (this.merges.some((m) => cuts(m.col, m.cols, cols))) return "You can't freeze columns which contain only part of a merged cell.";
    return null;
  }

  /** Why Sheets would refuse to merge `m` under the sheet's frozen panes, or null. */
  mergeRefusal(m: { row: number; col: number; rows: number; cols: number }): string | null {
    if (cuts(m.row, m.rows, this.frozenRows)) return "You can't merge frozen and non-frozen rows.";
    if (cuts(m.col, m.cols, this.frozenCols)) return "You can't merge frozen and non-frozen columns.";
    return null;
  }

  /** The grid's size set as the Sheets API's gridProperties do: cells past the new edge go. */
  resizeRows(count: number): void {
    this.book.sheetChanged(this);
    if (count < 1) throw new Error("API call to sheets.spreadsheets.batchUpdate failed with error: Invalid requests: You can't delete all the rows on the sheet.");
    for (const key of [...this.cells.keys()]) if (rowOfKey(key) > count) this.forget(key);
    this.merges = this.merges.filter((m) => m.row + m.rows - 1 <= count);
    this.maxRows = count;
  }

  resizeColumns(count: number): void {
    this.book.sheetChanged(this);
    if (count < 1) throw new Error("API call to sheets.spreadsheets.batchUpdate failed with error: Invalid requests: You can't delete all the columns on the sheet.");
    for (const key of [...this.cells.keys()]) if (colOfKey(key) > count) this.forget(key);
    this.merges = this.merges.filter((m) => m.col + m.cols - 1 <= count);
    this.maxCols = count;
  }

  constructor(
    public name: string,
    readonly id: number,
    readonly env: GasEnvironment,
    /** The spreadsheet it belongs to (its owner, locale, protections). */
    readonly book: FakeSpreadsheet = env.spreadsheet,
  ) {}

  /** Refuses a change of cells `user` may not edit, when the product makes it (see the file's header). */
  guardCells(row: number, col: number, rows: number, cols: number, api?: string): void {
    this.book.guardCells(this, { row, col, rows, cols }, api);
  }

  /** Refuses a change of the sheet itself (size, panes, rules, widths, name) under a whole-sheet protection. */
  guardSheet(api?: string): void {
    this.book.guardSheet(this, api);
  }

  /** What the cell shows: a formula's value as Sheets computes it, else the value. */
  shown(row: number, col: number): unknown {
    const c = this.peek(row, col);
    if (!c) return "";
    if (!c.formula) return c.value;
    const value = this.book.formulaValue(this, row, col);
    // Sheets formats a date function's result as a date (and any result in a date-formatted cell):
    // getValues gives a Date, the API its serial number.
    const dated = /^=\s*(DATE|TODAY|DATEVALUE|EDATE|EOMONTH|WORKDAY)\s*\(/i.test(c.formula) || (c.style.numberFormat !== undefined && c.style.numberFormat !== "General" && c.style.numberFormat !== "@" && /[yd]/i.test(c.style.numberFormat));
    if (dated && typeof value === "number") {
      const utc = new Date(Date.UTC(1899, 11, 30) + Math.round(value) * 86_400_000);
      return new Date(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate());
    }
    return value;
  }

  cell(row: number, col: number): CellData {
    // Whoever asks for a cell this way may write it: the used area is worked out again when asked.
    this.extent = null;
    const key = cellKey(row, col);
    if (this.journal) this.remember(key);
    let c = this.cells.get(key);
    if (!c) {
      c = blank();
      this.cells.set(key, c);
    }
    return c;
  }

  peek(row: number, col: number): CellData | undefined {
    return this.cells.get(cellKey(row, col));
  }

  /** The last row and column holding something, kept until a cell may have changed. */
  private extent: { row: number; col: number } | null = null;

  private used(): { row: number; col: number } {
    if (!this.extent) {
      let row = 0;
      let col = 0;
      for (const [key, c] of this.cells) {
        if (c.value === "" && !c.formula) continue;
        row = Math.max(row, rowOfKey(key));
        col = Math.max(col, colOfKey(key));
      }
      this.extent = { row, col };
    }
    return this.extent;
  }

  lastRow(): number {
    return this.used().row;
  }

  lastCol(): number {
    return this.used().col;
  }

  // --- the Sheet API ---
  getName() {
    return this.name;
  }
  setName(name: string) {
    this.guardSheet();
    const old = this.name;
    this.name = name;
    this.book.sheetRenamed(this, old, name);
    return this;
  }
  getSheetId() {
    return this.id;
  }
  getMaxRows() {
    return this.maxRows;
  }
  getMaxColumns() {
    return this.maxCols;
  }
  getLastRow() {
    return this.lastRow();
  }
  getLastColumn() {
    return this.lastCol();
  }
  insertRowsAfter(after: number, count: number) {
    if (after !== this.maxRows) throw new Error("fake: only appending rows is modelled");
    this.guardSheet();
    this.book.guardGrowth(count * this.maxCols);
    this.maxRows += count;
    return this;
  }
  deleteRows(start: number, count: number) {
    if (start + count - 1 > this.maxRows) throw new Error("Exception: Those rows are out of bounds.");
    this.guardSheet();
    this.guardCells(start, 1, count, this.maxCols);
    this.book.sheetChanged(this);
    if (this.maxRows - count < 1) throw new Error("Exception: You can't delete all the rows on the sheet.");
    if (this.frozenRows > 0 && this.maxRows - count <= this.frozenRows) throw new Error("Exception: Sorry, it is not possible to delete all non-frozen rows.");
    for (const key of [...this.cells.keys()]) {
      const r = rowOfKey(key);
      if (r >= start && r < start + count) this.forget(key);
    }
    if (start + count - 1 !== this.maxRows) throw new Error("fake: only trimming trailing rows is modelled");
    this.merges = this.merges.filter((m) => m.row + m.rows - 1 < start);
    this.maxRows -= count;
    return this;
  }
  deleteColumns(start: number, count: number) {
    if (start + count - 1 > this.maxCols) throw new Error("Exception: Those columns are out of bounds.");
    this.guardSheet();
    this.guardCells(1, start, this.maxRows, count);
    this.book.sheetChanged(this);
    if (this.maxCols - count < 1) throw new Error("Exception: You can't delete all the columns on the sheet.");
    for (const key of [...this.cells.keys()]) {
      const c = colOfKey(key);
      if (c >= start && c < start + count) this.forget(key);
    }
    if (start + count - 1 !== this.maxCols) throw new Error("fake: only trimming trailing columns is modelled");
    this.merges = this.merges.filter((m) => m.col + m.cols - 1 < start);
    this.maxCols -= count;
    return this;
  }
  insertColumnsAfter(after: number, count: number) {
    if (after !== this.maxCols) throw new Error("fake: only appending columns is modelled");
    this.guardSheet();
    this.book.guardGrowth(count * this.maxRows);
    this.maxCols += count;
    return this;
  }
  getRange(a: number | string, col?: number, rows = 1, cols = 1): FakeRange {
    if (typeof a === "string") {
      const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(a.toUpperCase());
      if (!m) throw new Error(`Exception: Range not found: ${a}`);
      const c1 = colNumber(m[1]);
      const r1 = Number(m[2]);
      const c2 = m[3] ? colNumber(m[3]) : c1;
      const r2 = m[4] ? Number(m[4]) : r1;
      return this.env.service(new FakeRange(this, r1, c1, r2 - r1 + 1, c2 - c1 + 1), "Range");
    }
    return this.env.service(new FakeRange(this, a, col!, rows, cols), "Range");
  }
  getDataRange(): FakeRange {
    return this.env.service(new FakeRange(this, 1, 1, Math.max(1, this.lastRow()), Math.max(1, this.lastCol())), "Range");
  }
  setFrozenRows(n: number) {
    this.guardSheet();
    const refused = this.freezeRefusal(n, this.frozenCols);
    if (refused) throw new Error(`Exception: ${refused}`);
    this.frozenRows = n;
  }
  setFrozenColumns(n: number) {
    this.guardSheet();
    const refused = this.freezeRefusal(this.frozenRows, n);
    if (refused) throw new Error(`Exception: ${refused}`);
    this.frozenCols = n;
  }
  getFrozenRows() {
    return this.frozenRows;
  }
  getFrozenColumns() {
    return this.frozenCols;
  }
  setColumnWidths(start: number, count: number, width: number) {
    this.guardSheet();
    for (let c = start; c < start + count; c++) this.columnWidths.set(c, width);
    return this;
  }
  setColumnWidth(col: number, width: number) {
    this.guardSheet();
    this.columnWidths.set(col, width);
    return this;
  }
  getColumnWidth(col: number) {
    return this.columnWidths.get(col) ?? 100;
  }
  hideColumns(start: number, count = 1) {
    this.guardSheet();
    for (let c = start; c < start + count; c++) this.hiddenColumns.add(c);
  }
  showColumns(start: number, count = 1) {
    this.guardSheet();
    for (let c = start; c < start + count; c++) this.hiddenColumns.delete(c);
  }
  isColumnHiddenByUser(col: number) {
    return this.hiddenColumns.has(col);
  }
  setRowHeights(start: number, count: number, height: number) {
    this.guardSheet();
    for (let r = start; r < start + count; r++) this.rowHeights.set(r, height);
    return this;
  }
  setActiveRange(range: FakeRange) {
    this.env.activeRange = { sheet: this.name, a1: unwrap(range).getA1Notation() };
    return range;
  }
  setTabColor(color: string) {
    this.guardSheet();
    this.tabColor = color;
    return this;
  }
  clearConditionalFormatRules() {
    this.guardSheet();
    this.rules = [];
  }
  setConditionalFormatRules(rules: FakeConditionalRule[]) {
    this.guardSheet();
    // A rule's formula is parsed in the spreadsheet's locale when the rules are set.
    for (const rule of rules) this.book.enterRuleFormula(rule.formula, `'${this.name}'`);
    this.rules = rules.slice();
  }
  getConditionalFormatRules() {
    return this.rules.slice();
  }
  clear() {
    this.guardSheet();
    this.book.sheetChanged(this);
    for (const key of this.cells.keys()) this.remember(key);
    this.extent = null;
    this.cells.clear();
    this.merges = [];
    return this;
  }
}

export interface SheetSnapshot {
  name: string;
  maxRows: number;
  maxCols: number;
  frozenRows: number;
  frozenCols: number;
  merges: { row: number; col: number; rows: number; cols: number }[];
  rules: FakeConditionalRule[];
  columnWidths: Map<number, number>;
  hiddenColumns: Set<number>;
  rowHeights: Map<number, number>;
  tabColor: string | null;
}

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}
function colLetters(col: number): string {
  let s = "";
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export class FakeRange {
  constructor(
    readonly sheet: FakeSheet,
    readonly row: number,
    readonly col: number,
    readonly rows: number,
    readonly cols: number,
  ) {
    if (row < 1 || col < 1 || rows < 1 || cols < 1) throw new Error("Exception: The starting row/column of the range is too small.");
    if (row + rows - 1 > sheet.maxRows || col + cols - 1 > sheet.maxCols) {
      throw new Error("Exception: The coordinates of the range are outside the dimensions of the sheet.");
    }
  }

  private each<T>(fn: (cell: CellData | undefined, r: number, c: number) => T): T[][] {
    const out: T[][] = [];
    for (let r = 0; r < this.rows; r++) {
      const line: T[] = [];
      for (let c = 0; c < this.cols; c++) line.push(fn(this.sheet.peek(this.row + r, this.col + c), this.row + r, this.col + c));
      out.push(line);
    }
    return out;
  }

  private put<T>(grid: T[][], what: string, apply: (cell: CellData, v: T, row: number, col: number) => void) {
    if (!Array.isArray(grid) || grid.length !== this.rows) {
      throw new Error(`Exception: The number of rows in the data does not match the number of rows in the range. The data has ${grid?.length} but the range has ${this.rows}.`);
    }
    grid.forEach((line) => {
      if (line.length !== this.cols) {
        throw new Error(`Exception: The number of columns in the data does not match the number of columns in the range. The data has ${line.length} but the range has ${this.cols}. (${what})`);
      }
    });
    this.guard();
    grid.forEach((line, r) => line.forEach((v, c) => apply(this.sheet.cell(this.row + r, this.col + c), v, this.row + r, this.col + c)));
    return this;
  }

  /** Every write of the range's cells: refused where the user may not edit (see protections.ts). */
  private guard(): void {
    this.sheet.guardCells(this.row, this.col, this.rows, this.cols);
  }

  getRow() {
    return this.row;
  }
  getColumn() {
    return this.col;
  }
  getNumRows() {
    return this.rows;
  }
  getNumColumns() {
    return this.cols;
  }
  getLastRow() {
    return this.row + this.rows - 1;
  }
  getSheet() {
    return this.sheet.env.service(this.sheet, "Sheet");
  }
  getA1Notation() {
    const start = `${colLetters(this.col)}${this.row}`;
    return this.rows === 1 && this.cols === 1 ? start : `${start}:${colLetters(this.col + this.cols - 1)}${this.row + this.rows - 1}`;
  }
  getValues() {
    return this.each((c, r, col) => (c ? this.sheet.shown(r, col) : ""));
  }
  getDisplayValues() {
    return this.each((c, r, col) => (c ? String(this.sheet.shown(r, col)) : ""));
  }
  getFormulas() {
    return this.each((c) => (c ? c.formula : ""));
  }
  getNotes() {
    return this.each((c) => (c ? c.note : ""));
  }
  getBackgrounds() {
    return this.each((c) => c?.style.background ?? "#ffffff");
  }
  getFontWeights() {
    return this.each((c) => c?.style.fontWeight ?? "normal");
  }
  getNumberFormats() {
    return this.each((c) => c?.style.numberFormat ?? "General");
  }
  getDataValidations() {
    return this.each((c) => c?.validation ?? null);
  }
  setValues(values: unknown[][]) {
    for (const line of values ?? []) {
      for (const v of line ?? []) {
        if (!(v instanceof Date || typeof v === "number" || typeof v === "boolean" || typeof v === "string" || v === null)) throw new Error(`Exception: Cannot convert ${String(v)} to a cell value.`);
        if (typeof v === "string" && v.length > CELL_CHARACTERS) throw new Error(`Exception: ${CELL_TOO_LONG}`);
      }
    }
    return this.put(values, "values", (cell, v, row, col) => {
      const { value, formula } = parseEntered(v);
      cell.value = value;
      cell.formula = formula ? this.sheet.book.enterFormula(formula, `'${this.sheet.name}'!${colLetters(col)}${row}`) : "";
      this.sheet.book.cellChanged(this.sheet, row, col);
    });
  }
  setValue(value: unknown) {
    return this.setValues([[value]]);
  }
  setFormula(formula: string) {
    return this.setValues([[formula]]);
  }
  setNotes(notes: string[][]) {
    for (const line of notes ?? []) for (const v of line ?? []) if (typeof v === "string" && v.length > CELL_CHARACTERS) throw new Error(`Exception: ${CELL_TOO_LONG}`);
    return this.put(notes, "notes", (cell, v) => (cell.note = v ?? ""));
  }
  setNote(note: string) {
    return this.setNotes([[note]]);
  }
  clearNote() {
    this.guard();
    this.each((c) => c && (c.note = ""));
    return this;
  }
  setBackgrounds(grid: (string | null)[][]) {
    return this.put(grid, "backgrounds", (cell, v) => (cell.style.background = v));
  }
  setFontColors(grid: string[][]) {
    return this.put(grid, "fontColors", (cell, v) => (cell.style.fontColor = v));
  }
  setFontWeights(grid: string[][]) {
    return this.put(grid, "fontWeights", (cell, v) => (cell.style.fontWeight = v));
  }
  setFontStyles(grid: string[][]) {
    return this.put(grid, "fontStyles", (cell, v) => (cell.style.fontStyle = v));
  }
  setFontSizes(grid: number[][]) {
    return this.put(grid, "fontSizes", (cell, v) => (cell.style.fontSize = v));
  }
  setHorizontalAlignments(grid: (string | null)[][]) {
    return this.put(grid, "hAligns", (cell, v) => (cell.style.hAlign = v));
  }
  setVerticalAlignments(grid: string[][]) {
    return this.put(grid, "vAligns", (cell, v) => (cell.style.vAlign = v));
  }
  setNumberFormats(grid: string[][]) {
    return this.put(grid, "numberFormats", (cell, v) => (cell.style.numberFormat = v));
  }
  setWrapStrategies(grid: string[][]) {
    return this.put(grid, "wraps", (cell, v) => (cell.style.wrap = String(v)));
  }
  setDataValidation(rule: FakeDataValidation | null) {
    this.guard();
    for (let r = 0; r < this.rows; r++) for (let c = 0; c < this.cols; c++) this.sheet.cell(this.row + r, this.col + c).validation = rule;
    return this;
  }
  clearDataValidations() {
    this.guard();
    this.each((c) => c && (c.validation = null));
    return this;
  }
  clear() {
    this.guard();
    this.each((c, r, col) => {
      if (!c) return;
      c.value = "";
      c.formula = "";
      c.style = {};
      this.sheet.book.cellChanged(this.sheet, r, col);
    });
    return this;
  }
  merge() {
    this.guard();
    const m = { row: this.row, col: this.col, rows: this.rows, cols: this.cols };
    const refused = this.sheet.mergeRefusal(m);
    if (refused) throw new Error(`Exception: ${refused}`);
    for (const other of this.sheet.merges) {
      const overlap =
        m.row <= other.row + other.rows - 1 && other.row <= m.row + m.rows - 1 && m.col <= other.col + other.cols - 1 && other.col <= m.col + m.cols - 1;
      if (overlap) throw new Error("Exception: You must select all cells in a merged range to merge or unmerge them.");
    }
    this.sheet.merges.push(m);
    return this;
  }
  mergeAcross() {
    for (let r = 0; r < this.rows; r++) new FakeRange(this.sheet, this.row + r, this.col, 1, this.cols).merge();
    return this;
  }
  breakApart() {
    this.guard();
    this.sheet.merges = this.sheet.merges.filter(
      (m) => !(m.row >= this.row && m.col >= this.col && m.row + m.rows <= this.row + this.rows && m.col + m.cols <= this.col + this.cols),
    );
    return this;
  }
  getMergedRanges() {
    return this.sheet.merges
      .filter((m) => m.row >= this.row && m.col >= this.col && m.row <= this.row + this.rows - 1 && m.col <= this.col + this.cols - 1)
      .map((m) => new FakeRange(this.sheet, m.row, m.col, m.rows, m.cols));
  }
}

/** How a spreadsheet is shared: individual editors and viewers, Google Groups, the whole domain. */
export interface GroupShare {
  email: string;
  role: "editor" | "viewer";
  members: string[];
}

export class FakeSpreadsheet {
  sheets: FakeSheet[] = [];
  active: FakeSheet | null = null;
  viewers: string[] = [];
  private nextId = 0;
  /** The spreadsheet's locale, in which Sheets parses formulas (File → Settings). Kyrgyz schools' are usually ru_RU. */
  locale: SheetsLocale = "ru_RU";
  timeZone = "Asia/Bishkek";
  /** Document properties: this document's, shared by everyone who runs the script in it. */
  readonly properties = new Map<string, string>();
  /** The Sheets API's protected ranges, with the body each was added with. */
  protectedRanges: StoredProtection[] = [];
  readonly protections = new ProtectionRules(
    () => this.protectedRanges,
    () => this.owner,
  );
  /** Shared with Google Groups (getEditors() does not list their members). */
  groups: GroupShare[] = [];
  /** Shared with everyone in `domain` who has the link, or not at all. */
  domainAccess: "editor" | "viewer" | null = null;
  /** The owner's Workspace domain; when `externalSharing` is false, the domain's policy forbids sharing outside it. */
  domain = "mektep12.kg";
  externalSharing = true;
  /** Every formula evaluated (formulaEngine.ts), kept up to date with the cells and sheets changed since. */
  private evaluated: FormulaWorkbook | null = null;
  private changed: { sheet: FakeSheet; row: number; col: number }[] = [];
  /** Sheets rewritten or resized since: taken anew, and only what reads them computed again. */
  private dirty = new Set<FakeSheet>();

  constructor(
    readonly env: GasEnvironment,
    readonly name = "Мектеп №12 — ҮКӨ",
    readonly id = "fake-spreadsheet-id-0000000001",
  ) {}

  editors: string[] = ["zavuch@mektep12.kg"];
  owner = "owner@mektep12.kg";

  /**
   * Individual editors only: "Gets the list of editors … " — a Google Group or the domain the file
   * is shared with is not listed (https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getEditors()).
   */
  getEditors() {
    return this.editors.map((e) => ({ getEmail: () => e }));
  }
  getOwner() {
    return { getEmail: () => this.owner };
  }

  /** Whether `user` can edit the file, however it was shared with them. */
  canEdit(user: string): boolean {
    const who = user.toLowerCase();
    if (who === this.owner.toLowerCase() || this.editors.some((e) => e.toLowerCase() === who)) return true;
    if (this.groups.some((g) => g.role === "editor" && g.members.some((m) => m.toLowerCase() === who))) return true;
    return this.domainAccess === "editor" && who.endsWith(`@${this.domain}`);
  }

  /**
   * Where the domain forbids sharing outside it, adding such a viewer fails
   * (https://support.google.com/a/answer/60781 — "Set Drive users' sharing permissions").
   */
  addViewers(emails: string[]) {
    this.guardSharing(emails);
    for (const e of emails) if (!this.viewers.includes(e)) this.viewers.push(e);
    return this;
  }
  addViewer(email: string) {
    return this.addViewers([email]);
  }
  private guardSharing(emails: string[]) {
    const outside = emails.find((e) => !e.toLowerCase().endsWith(`@${this.domain}`));
    if (!this.externalSharing && outside) throw new Error(`Exception: Sharing with ${outside} is not allowed: your organisation's policy forbids sharing outside ${this.domain}.`);
  }
  getViewers() {
    return this.viewers.map((e) => ({ getEmail: () => e }));
  }

  getId() {
    return this.id;
  }
  getName() {
    return this.name;
  }
  getUrl() {
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }
  getSpreadsheetLocale() {
    return this.locale;
  }
  getSpreadsheetTimeZone() {
    return this.timeZone;
  }
  getSheets() {
    return this.sheets.map((s) => this.env.service(s, "Sheet"));
  }
  getSheetByName(name: string) {
    const s = this.sheets.find((x) => x.name === name);
    return s ? this.env.service(s, "Sheet") : null;
  }
  insertSheet(name?: string) {
    const sheetName = name ?? `Sheet${this.sheets.length + 1}`;
    if (this.sheets.some((s) => s.name === sheetName)) {
      throw new Error(`Exception: A sheet with the name "${sheetName}" already exists. Please enter another name.`);
    }
    this.guardGrowth(1000 * 26);
    const sheet = new FakeSheet(sheetName, this.nextId++ * 1000 + 7, this.env, this);
    this.sheets.push(sheet);
    this.active = sheet;
    this.sheetRenamed(sheet, null, sheetName);
    return this.env.service(sheet, "Sheet");
  }
  deleteSheet(sheet: FakeSheet) {
    if (this.sheets.length === 1) throw new Error("Exception: You can't remove all the sheets in a document.");
    unwrap(sheet).guardSheet();
    this.sheetRenamed(unwrap(sheet), unwrap(sheet).name, null);
    this.sheets = this.sheets.filter((s) => s !== unwrap(sheet));
  }
  setActiveSheet(sheet: FakeSheet) {
    this.active = unwrap(sheet);
    return sheet;
  }
  getActiveSheet() {
    return this.active ? this.env.service(this.active, "Sheet") : null;
  }
  moveActiveSheet(position: number) {
    if (!this.active) return;
    this.sheets = this.sheets.filter((s) => s !== this.active);
    this.sheets.splice(position - 1, 0, this.active);
  }
  toast() {}

  /** Test helper (not recorded): the raw sheet by name. */
  raw(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  // ---- Google's rules on this spreadsheet --------------------------------------------------------

  /** A cell's value or formula changed: what depends on it is computed again when next read. */
  cellChanged(sheet: FakeSheet, row: number, col: number): void {
    if (!this.evaluated || this.dirty.has(sheet)) return;
    this.changed.push({ sheet, row, col });
    // So many that taking the sheets anew costs less than applying them one by one.
    if (this.changed.length > 2_000) {
      for (const c of this.changed) this.dirty.add(c.sheet);
      this.changed = [];
    }
  }

  /** A sheet cleared, resized or restored: taken anew when next read. */
  sheetChanged(sheet: FakeSheet): void {
    if (this.evaluated) this.dirty.add(sheet);
  }

  /** A sheet added, removed (`name` null) or renamed: only the formulas that reach it are computed anew. */
  sheetRenamed(sheet: FakeSheet, oldName: string | null, name: string | null): void {
    if (!this.evaluated) return;
    this.evaluated.renameOrAdd(oldName, name, name ? this.cellsOf(sheet) : null);
    this.dirty.delete(sheet);
  }

  /** Everything anew: every formula is evaluated again when next read. */
  structureChanged(): void {
    this.evaluated?.destroy();
    this.evaluated = null;
    this.changed = [];
    this.dirty.clear();
  }

  private cellsOf(sheet: FakeSheet): { row: number; col: number; value: unknown; formula: string }[] {
    return [...sheet.cells].map(([key, c]) => ({ row: rowOfKey(key), col: colOfKey(key), value: c.value, formula: c.formula }));
  }

  /** The product's calls are checked; a test changing a raw sheet is a person in the grid. */
  private checked(api?: string): boolean {
    return api !== undefined || this.env.inServiceCall();
  }

  private refusal(api?: string): Error {
    return new Error(api ? `API call to ${api} failed with error: ${PROTECTED_TEXT}` : `Exception: ${PROTECTED_TEXT}`);
  }

  guardCells(sheet: FakeSheet, rect: GridRect, api?: string): void {
    if (!this.checked(api)) return;
    if (this.protections.refusedCell(this.env.effectiveUser(), sheet.id, rect)) throw this.refusal(api);
  }

  guardSheet(sheet: FakeSheet, api?: string): void {
    if (!this.checked(api)) return;
    if (!this.protections.mayChangeSheet(this.env.effectiveUser(), sheet.id)) throw this.refusal(api);
  }

  /** Refuses growing the grids past the spreadsheet's 10 million cells. */
  guardGrowth(cells: number, api?: string): void {
    const total = this.sheets.reduce((n, s) => n + s.maxRows * s.maxCols, 0);
    if (total + cells > SPREADSHEET_CELLS) throw new Error(api ? `API call to ${api} failed with error: ${TOO_MANY_CELLS}` : `Exception: ${TOO_MANY_CELLS}`);
  }

  /**
   * A formula entered in a cell, as Sheets stores it in this spreadsheet's locale. One the product
   * sends that does not parse is refused (Sheets would store it and show #ERROR!: the fake is
   * stricter, so a wrong separator fails the test that sends it); one typed in the grid is kept and
   * shows #ERROR!, as Sheets shows it.
   */
  enterFormula(formula: string, where: string, api?: string): string {
    const parsed = parseFormula(formula, this.locale);
    if (parsed.ok) return parsed.stored;
    if (this.checked(api)) {
      throw new Error(`${api ? `API call to ${api} failed with error: ` : "Exception: "}Formula parse error. ${where}: ${formula} does not parse in the spreadsheet's locale ${this.locale} (${parsed.error}); Sheets would show #ERROR!.`);
    }
    return formula;
  }

  /** A conditional-format or validation formula: refused when it does not parse, with the API's words. */
  enterRuleFormula(formula: string, where: string, api?: string): string {
    const parsed = parseFormula(formula, this.locale);
    if (parsed.ok) return parsed.stored;
    throw new Error(`${api ? `API call to ${api} failed with error: Invalid requests[0]: ` : "Exception: "}Invalid ConditionValue.userEnteredValue: ${formula} (${where}, locale ${this.locale}: ${parsed.error})`);
  }

  /** What a formula cell shows: every formula of the spreadsheet evaluated as Sheets would. */
  formulaValue(sheet: FakeSheet, row: number, col: number): unknown {
    const cell = sheet.peek(row, col);
    if (!cell?.formula) return cell?.value ?? "";
    if (!this.env.evaluateFormulas) {
      // Not computed: a link shows its label, any other formula nothing.
      const link = /^=HYPERLINK\("[^"]*"[,;]\s*"((?:[^"]|"")*)"\)$/i.exec(cell.formula);
      return link ? link[1].replace(/""/g, '"') : "";
    }
    if (!parseFormula(cell.formula, this.locale).ok) return "#ERROR!";
    return this.evaluation().valueAt(sheet.name, row, col);
  }

  private evaluation(): FormulaWorkbook {
    if (this.evaluated && this.dirty.size > 0) {
      for (const sheet of this.dirty) this.evaluated.replaceSheet(sheet.name, this.cellsOf(sheet));
      this.dirty.clear();
    }
    if (this.evaluated && this.changed.length > 0) {
      const changes = this.changed.map(({ sheet, row, col }) => {
        const cell = sheet.peek(row, col);
        return { sheet: sheet.name, row, col, value: cell?.value ?? "", formula: cell?.formula ?? "" };
      });
      this.changed = [];
      if (!this.evaluated.update(changes)) this.structureChanged();
    }
    if (!this.evaluated) {
      const book = FormulaWorkbook.build(
        this.locale,
        this.sheets.map((s) => ({ name: s.name, cells: this.cellsOf(s) })),
      );
      this.evaluated = book;
    }
    return this.evaluated;
  }

  /** Whether a conditional-format rule of `sheet` colours the cell (for tests reading what people see). */
  ruleApplies(sheet: FakeSheet, rule: FakeConditionalRule, row: number, col: number): boolean {
    const anchor = rule.ranges[0];
    return this.evaluation().ruleAppliesAt(sheet.name, rule.formula.replace(/^=/, ""), { row: anchor.row, col: anchor.col }, row, col);
  }
}

const RAW = Symbol("raw");
function unwrap<T>(o: T): T {
  return ((o as unknown as Record<symbol, T>)?.[RAW] ?? o) as T;
}

export interface MenuRecord {
  title: string;
  addon: boolean;
  items: { caption: string; fn: string }[];
}

/** How an execution started, which decides who it runs as and what it may use. */
export type ExecutionContext = "container" | "webapp" | "trigger";

interface Execution {
  id: number;
  context: ExecutionContext;
  /** For a trigger: the user who installed it, as whom it runs. */
  runsAs?: string;
}

export class GasEnvironment {
  calls: Call[] = [];
  spreadsheet: FakeSpreadsheet;
  /** Spreadsheets made with SpreadsheetApp.create, in order. */
  created: FakeSpreadsheet[] = [];
  batchUpdates: { requests: unknown[] }[] = [];
  /** The one clock of the fakes: the bundle's Date, the quotas, the locks (see bundle.ts). */
  readonly clock = new FakeClock();
  /** The Sheets API's per-minute quotas of this script's Cloud project. */
  readonly quota = new QuotaMeter(this.clock);
  /** Which build runs: the bound template (one copy per school) or the add-on (one project for every school). */
  target: "template" | "addon" = "template";
  /**
   * The Sheets API advanced service: on; not declared in the manifest (no `Sheets` global); or
   * declared but not enabled in the script's Cloud project, where every call fails
   * (https://developers.google.com/apps-script/guides/services/advanced#enable_advanced_services).
   */
  sheetsApiState: "on" | "absent" | "disabled" = "on";
  triggers: FakeTrigger[] = [];
  triggerSerial = 0;
  readonly scriptProperties = new Map<string, string>();
  private readonly userStores = new Map<string, Map<string, string>>();
  webAppUrl: string | null = null;
  /** Who a web app executing as "Me" runs as: its deployer, the spreadsheet's owner unless set. */
  webAppOwner: string | null = null;
  /** Called before every recorded call, to interleave another user's work in a test. */
  beforeCall: ((call: Call) => void) | null = null;
  /** What ui.prompt answers next: the text typed and the button pressed. */
  promptAnswers: { text: string; button: "OK" | "CANCEL" }[] = [];
  dialogs: { title: string; content: string }[] = [];
  menus: MenuRecord[] = [];
  alerts: string[] = [];
  /** What ui.alert answers next when it asks a question (YES / NO); "OK" when none is given. */
  alertAnswers: string[] = [];
  sidebars: { title: string; content: string }[] = [];
  locale = "ky";
  /** The e-mail Session.getActiveUser() gives for the person at the keyboard; "" for consumer accounts. */
  email = "";
  /** The person at the keyboard when `email` does not say (a consumer account); else `email`, else the owner. */
  actor: string | null = null;
  scriptTimeZone = "Asia/Bishkek";
  /** false: every lock is held by someone else for longer than anyone waits. */
  lockAvailable = true;
  htmlFiles: Record<string, string> = {};
  activeRange: { sheet: string; a1: string } | null = null;
  /**
   * Whether formulas are computed when read (formulaEngine.ts). Off only where a test counts calls
   * at a size where computing 100,000 formulas after every write costs minutes (the call budget,
   * the bench); what formulas show is tested at the demo's size in every locale.
   */
  evaluateFormulas = process.env.UKOO_FAKE_EVALUATE !== "0";
  /** Runs a test's own setting up (writing the demo school) without computing formulas it never looks at. */
  settingUp<T>(work: () => T): T {
    const was = this.evaluateFormulas;
    this.evaluateFormulas = false;
    try {
      return work();
    } finally {
      this.evaluateFormulas = was;
    }
  }

  /** Seconds a person takes between two clicks: each entry point the bundle runs starts this much later. */
  pauseMs = 5_000;
  private wrapped = new WeakMap<object, object>();
  private readonly locks = new Map<string, FakeLock>();
  private executions: Execution[] = [];
  private executionSerial = 0;
  private serviceDepth = 0;

  constructor() {
    this.spreadsheet = new FakeSpreadsheet(this);
  }

  // ---- who runs, where ---------------------------------------------------------------------------

  private current(): Execution {
    return this.executions.at(-1) ?? { id: 0, context: "container" };
  }

  executionId(): number {
    return this.current().id;
  }

  context(): ExecutionContext {
    return this.current().context;
  }

  /**
   * Runs `work` as one execution started in `context` (a menu click, a sidebar call, a web app
   * request, a trigger): the person's pause before it, its own locks, let go when it ends.
   */
  execute<T>(context: ExecutionContext, work: () => T, runsAs?: string): T {
    if (this.executions.length === 0) this.clock.advance(this.pauseMs);
    const execution: Execution = { id: ++this.executionSerial, context, runsAs };
    this.executions.push(execution);
    try {
      return work();
    } finally {
      this.executions.pop();
      // Apps Script lets go of an execution's locks when it ends.
      for (const lock of this.locks.values()) if (lock.holder === execution.id) lock.holder = null;
    }
  }

  /** The person at the keyboard. */
  actingUser(): string {
    return (this.actor ?? (this.email || this.spreadsheet.owner)).toLowerCase();
  }

  /**
   * Who the script runs as, whose rights every write is checked against: the person in a menu or
   * sidebar; the deployer in a web app executing as "Me"; the installer in an installable trigger
   * (https://developers.google.com/apps-script/guides/web#permissions,
   * https://developers.google.com/apps-script/guides/triggers/installable#restrictions).
   */
  effectiveUser(): string {
    const now = this.current();
    if (now.context === "webapp") return (this.webAppOwner ?? this.spreadsheet.owner).toLowerCase();
    if (now.context === "trigger") return (now.runsAs ?? this.spreadsheet.owner).toLowerCase();
    return this.actingUser();
  }

  /**
   * What Session.getActiveUser().getEmail() gives: the person's e-mail; in a web app executing as
   * its owner only for a visitor of the owner's own Workspace domain; "" in a trigger
   * (https://developers.google.com/apps-script/reference/base/session#getActiveUser()).
   */
  visibleEmail(): string {
    const context = this.context();
    if (context === "trigger") return "";
    if (context === "webapp") return this.email.toLowerCase().endsWith(`@${this.spreadsheet.domain}`) ? this.email : "";
    return this.email;
  }

  /** The document the script runs in: none in a web app. */
  containingDocument(): FakeSpreadsheet | null {
    return this.context() === "webapp" ? null : this.spreadsheet;
  }

  inServiceCall(): boolean {
    return this.serviceDepth > 0;
  }

  lockOf(key: string): FakeLock {
    // The script lock of an add-on is one for every school: the key is the project, never the document.
    let lock = this.locks.get(key);
    if (!lock) this.locks.set(key, (lock = new FakeLock(this)));
    return lock;
  }

  /** Whether any execution holds a lock (a finished one never does). */
  get lockHeld(): boolean {
    return [...this.locks.values()].some((l) => l.holder !== null);
  }

  /** The user properties of whoever the script runs as. */
  userPropertiesOf(user: string): Map<string, string> {
    const key = user.toLowerCase();
    let store = this.userStores.get(key);
    if (!store) this.userStores.set(key, (store = new Map()));
    return store;
  }

  get userProperties(): Map<string, string> {
    return this.userPropertiesOf(this.effectiveUser());
  }

  get documentProperties(): Map<string, string> {
    return this.spreadsheet.properties;
  }

  get protectedRanges(): StoredProtection[] {
    return this.spreadsheet.protectedRanges;
  }

  set protectedRanges(list: StoredProtection[]) {
    this.spreadsheet.protectedRanges = list;
  }

  /** The advanced Sheets service is declared (it may still be off in the Cloud project). */
  get sheetsApiEnabled(): boolean {
    return this.sheetsApiState !== "absent";
  }

  set sheetsApiEnabled(on: boolean) {
    this.sheetsApiState = on ? "on" : "absent";
  }

  /**
   * An object a service call hands back: recorded and checked like every service object when the
   * product asked for it; the raw object when a test did (a person working in the grid).
   */
  service<T extends object>(target: T, label: string): T {
    return this.inServiceCall() ? this.wrap(target, label) : target;
  }

  /** Records every method call on the object (the real services cost a round trip each). */
  wrap<T extends object>(target: T, label: string): T {
    const raw = unwrap(target);
    const cached = this.wrapped.get(raw);
    if (cached) return cached as T;
    const calls = this.calls;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const env = this;
    const proxy = new Proxy(raw, {
      get(obj, prop, receiver) {
        if (prop === RAW) return obj;
        const value = Reflect.get(obj, prop, receiver);
        if (typeof value !== "function" || typeof prop === "symbol") return value;
        return (...args: unknown[]) => {
          const call: Call = label.startsWith("Sheets") ? { target: label, method: prop, args } : { target: label, method: prop };
          calls.push(call);
          const hook = env.beforeCall;
          if (hook) {
            env.beforeCall = null;
            try {
              hook(call);
            } finally {
              env.beforeCall = hook;
            }
          }
          env.serviceDepth++;
          try {
            return value.apply(obj, args.map((a) => unwrap(a as object)));
          } finally {
            env.serviceDepth--;
          }
        };
      },
    });
    this.wrapped.set(raw, proxy);
    return proxy as T;
  }

  readonly sheetsApi = new FakeSheetsApi(this);

  resetCalls() {
    this.calls.length = 0;
  }

  /** Calls on the Spreadsheet service (spreadsheet, sheets, ranges, builders), by "Target.method". */
  countByMethod(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.calls) out[`${c.target}.${c.method}`] = (out[`${c.target}.${c.method}`] ?? 0) + 1;
    return out;
  }

  spreadsheetCalls(): number {
    return this.calls.filter((c) => ["SpreadsheetApp", "Spreadsheet", "Sheet", "Range"].includes(c.target)).length;
  }

  /** Calls to the Sheets API (the advanced service). */
  sheetsApiCalls(): number {
    return this.calls.filter((c) => c.target === "Sheets" || c.target === "Sheets.Values").length;
  }

  /** A step's cost in round trips: SpreadsheetApp and the Sheets API together. */
  serviceCalls(): number {
    return this.spreadsheetCalls() + this.sheetsApiCalls();
  }

  /** Every spreadsheet the fake holds, by id. */
  book(id: string): FakeSpreadsheet | undefined {
    return [this.spreadsheet, ...this.created].find((s) => s.id === id);
  }

  /** The globals Apps Script code expects. */
  globals(): Record<string, unknown> {
    const env = this;
    const outsideDocument = (what: string) => {
      throw new Error(`Exception: Cannot call ${what} from this context.`);
    };
    const ui = {
      createMenu: (title: string) => env.menu(title, false),
      createAddonMenu: () => env.menu("(add-on)", true),
      alert: (...args: unknown[]) => {
        // alert(message) or alert(title, message, buttons): the message is what the user reads.
        env.alerts.push(String(args.length > 1 ? args[1] : args[0]));
        return env.alertAnswers.shift() ?? "OK";
      },
      showSidebar: (html: { getTitle(): string; getContent(): string }) => {
        env.sidebars.push({ title: html.getTitle(), content: html.getContent() });
      },
      showModalDialog: (html: { getContent(): string }, title: string) => {
        env.dialogs.push({ title, content: html.getContent() });
      },
      prompt: () => {
        const answer = env.promptAnswers.shift() ?? { text: "", button: "CANCEL" };
        return { getResponseText: () => answer.text, getSelectedButton: () => answer.button };
      },
      Button: { OK: "OK", CANCEL: "CANCEL", YES: "YES", NO: "NO" },
      ButtonSet: { OK: "OK", OK_CANCEL: "OK_CANCEL", YES_NO: "YES_NO" },
    };
    const open = (ss: FakeSpreadsheet | undefined) => {
      // Opening another document needs access to it, however it was shared.
      if (!ss || !(ss.canEdit(env.effectiveUser()) || ss.viewers.includes(env.effectiveUser()) || ss === env.spreadsheet)) {
        throw new Error("Exception: You do not have permission to access the requested document.");
      }
      return this.wrap(ss, "Spreadsheet");
    };
    const SpreadsheetApp = this.wrap(
      {
        // In a web app there is no active spreadsheet (https://developers.google.com/apps-script/guides/web).
        getActiveSpreadsheet: () => (env.containingDocument() ? this.wrap(this.spreadsheet, "Spreadsheet") : null),
        getActive: () => (env.containingDocument() ? this.wrap(this.spreadsheet, "Spreadsheet") : null),
        openByUrl: (url: string) => open([this.spreadsheet, ...this.created].find((s) => s.getUrl() === url)),
        openById: (id: string) => open(this.book(id)),
        create: (name: string) => {
          const ss = new FakeSpreadsheet(this, name, `created-${this.created.length + 1}`);
          ss.owner = env.effectiveUser();
          ss.editors = [];
          ss.domain = this.spreadsheet.domain;
          ss.externalSharing = this.spreadsheet.externalSharing;
          ss.locale = this.spreadsheet.locale;
          ss.insertSheet("Sheet1");
          this.created.push(ss);
          return this.wrap(ss, "Spreadsheet");
        },
        // getUi() "can only be called from a script bound to a document": not in a web app or trigger.
        getUi: () => (env.context() === "container" ? this.wrap(ui, "Ui") : outsideDocument("SpreadsheetApp.getUi()")),
        newDataValidation: () => this.wrap(new FakeDataValidationBuilder(), "DataValidationBuilder"),
        newConditionalFormatRule: () => this.wrap(new FakeConditionalRuleBuilder(), "ConditionalFormatRuleBuilder"),
        flush: () => {},
        WrapStrategy: { WRAP: "WRAP", OVERFLOW: "OVERFLOW", CLIP: "CLIP" },
        DataValidationCriteria: { VALUE_IN_LIST: "VALUE_IN_LIST", VALUE_IN_RANGE: "VALUE_IN_RANGE" },
      },
      "SpreadsheetApp",
    );
    return {
      SpreadsheetApp,
      HtmlService: this.wrap(
        {
          createHtmlOutputFromFile: (name: string) => {
            let title = "";
            let content = env.htmlFiles[name] ?? `<!-- ${name} -->`;
            const out = {
              setTitle: (t: string) => ((title = t), out),
              append: (more: string) => ((content += more), out),
              setWidth: () => out,
              getTitle: () => title,
              getContent: () => content,
              setXFrameOptionsMode: () => out,
              addMetaTag: () => out,
              setHeight: () => out,
            };
            return out;
          },
          createHtmlOutput: (content: string) => {
            let title = "";
            const out = {
              setTitle: (t: string) => ((title = t), out),
              setWidth: () => out,
              setHeight: () => out,
              addMetaTag: () => out,
              getTitle: () => title,
              getContent: () => content,
            };
            return out;
          },
          XFrameOptionsMode: { ALLOWALL: "ALLOWALL", DEFAULT: "DEFAULT" },
        },
        "HtmlService",
      ),
      PropertiesService: this.wrap(
        {
          getUserProperties: () => propertiesApi(env.userPropertiesOf(env.effectiveUser())),
          // A web app has no document: no document properties there.
          getDocumentProperties: () => {
            const doc = env.containingDocument();
            return doc ? propertiesApi(doc.properties) : null;
          },
          getScriptProperties: () => propertiesApi(env.scriptProperties),
        },
        "PropertiesService",
      ),
      LockService: this.wrap(lockService(env), "LockService"),
      Session: this.wrap(session(env), "Session"),
      ScriptApp: this.wrap(scriptApp(env), "ScriptApp"),
      Utilities: this.wrap({ formatDate, sleep: (ms: number) => env.clock.advance(ms) }, "Utilities"),
      ...(this.sheetsApiState !== "absent"
        ? {
            Sheets: {
              Spreadsheets: this.wrap(
                {
                  get: (id: string, options?: { fields?: string }) => this.sheetsApi.get(id, options),
                  batchUpdate: (body: GoogleAppsScript.Sheets.Schema.BatchUpdateSpreadsheetRequest, id: string) => this.sheetsApi.batchUpdate(body, id),
                  Values: this.wrap(
                    { batchGet: (id: string, options?: Parameters<FakeSheetsApi["batchGet"]>[1]) => this.sheetsApi.batchGet(id, options) },
                    "Sheets.Values",
                  ),
                },
                "Sheets",
              ),
            },
          }
        : {}),
      Logger: { log: () => {} },
    };
  }

  private menu(title: string, addon: boolean) {
    const record: MenuRecord = { title, addon, items: [] };
    const menu = {
      addItem: (caption: string, fn: string) => (record.items.push({ caption, fn }), menu),
      addSeparator: () => menu,
      addSubMenu: () => menu,
      addToUi: () => {
        this.menus.push(record);
      },
    };
    return menu;
  }
}
