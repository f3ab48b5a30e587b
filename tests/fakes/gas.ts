/**
 * An in-memory, call-recording fake of the part of Apps Script that ҮКӨ Sheets uses. It follows the
 * real services where it matters to us: setValues parses strings as Sheets does ("=…" becomes a
 * formula, "1.10" a number, a leading apostrophe keeps text), ranges outside the grid throw, array
 * shapes must match, new sheets are 1000×26. Formulas are stored, not evaluated (HYPERLINK shows its
 * label). Every method call on a service object is recorded in `calls`.
 */

import { FakeSheetsApi } from "./sheetsApi";

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

/** A range of `count` rows or columns from `start` that a freeze after the first `frozen` would cut in two. */
function cuts(start: number, count: number, frozen: number): boolean {
  return frozen > 0 && start <= frozen && start + count - 1 > frozen;
}

export class FakeSheet {
  cells = new Map<string, CellData>();
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

  /** Everything about the sheet, copied: the Sheets API fake restores it when a batch fails. */
  snapshot(): SheetSnapshot {
    return {
      name: this.name,
      cells: new Map([...this.cells].map(([k, c]) => [k, { ...c, style: { ...c.style } }])),
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
    Object.assign(this, s);
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
    if (count < 1) throw new Error("API call to sheets.spreadsheets.batchUpdate failed with error: Invalid requests: You can't delete all the rows on the sheet.");
    for (const key of [...this.cells.keys()]) if (Number(key.split(",")[0]) > count) this.cells.delete(key);
    this.merges = this.merges.filter((m) => m.row + m.rows - 1 <= count);
    this.maxRows = count;
  }

  resizeColumns(count: number): void {
    if (count < 1) throw new Error("API call to sheets.spreadsheets.batchUpdate failed with error: Invalid requests: You can't delete all the columns on the sheet.");
    for (const key of [...this.cells.keys()]) if (Number(key.split(",")[1]) > count) this.cells.delete(key);
    this.merges = this.merges.filter((m) => m.col + m.cols - 1 <= count);
    this.maxCols = count;
  }

  constructor(
    public name: string,
    readonly id: number,
    readonly env: GasEnvironment,
  ) {}

  cell(row: number, col: number): CellData {
    const key = `${row},${col}`;
    let c = this.cells.get(key);
    if (!c) {
      c = blank();
      this.cells.set(key, c);
    }
    return c;
  }

  peek(row: number, col: number): CellData | undefined {
    return this.cells.get(`${row},${col}`);
  }

  lastRow(): number {
    let last = 0;
    for (const [key, c] of this.cells) if (c.value !== "" || c.formula) last = Math.max(last, Number(key.split(",")[0]));
    return last;
  }

  lastCol(): number {
    let last = 0;
    for (const [key, c] of this.cells) if (c.value !== "" || c.formula) last = Math.max(last, Number(key.split(",")[1]));
    return last;
  }

  // --- the Sheet API ---
  getName() {
    return this.name;
  }
  setName(name: string) {
    this.name = name;
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
    this.maxRows += count;
    return this;
  }
  deleteRows(start: number, count: number) {
    if (start + count - 1 > this.maxRows) throw new Error("Exception: Those rows are out of bounds.");
    if (this.maxRows - count < 1) throw new Error("Exception: You can't delete all the rows on the sheet.");
    if (this.frozenRows > 0 && this.maxRows - count <= this.frozenRows) throw new Error("Exception: Sorry, it is not possible to delete all non-frozen rows.");
    for (const key of [...this.cells.keys()]) {
      const r = Number(key.split(",")[0]);
      if (r >= start && r < start + count) this.cells.delete(key);
    }
    if (start + count - 1 !== this.maxRows) throw new Error("fake: only trimming trailing rows is modelled");
    this.merges = this.merges.filter((m) => m.row + m.rows - 1 < start);
    this.maxRows -= count;
    return this;
  }
  deleteColumns(start: number, count: number) {
    if (start + count - 1 > this.maxCols) throw new Error("Exception: Those columns are out of bounds.");
    if (this.maxCols - count < 1) throw new Error("Exception: You can't delete all the columns on the sheet.");
    for (const key of [...this.cells.keys()]) {
      const c = Number(key.split(",")[1]);
      if (c >= start && c < start + count) this.cells.delete(key);
    }
    if (start + count - 1 !== this.maxCols) throw new Error("fake: only trimming trailing columns is modelled");
    this.merges = this.merges.filter((m) => m.col + m.cols - 1 < start);
    this.maxCols -= count;
    return this;
  }
  insertColumnsAfter(after: number, count: number) {
    if (after !== this.maxCols) throw new Error("fake: only appending columns is modelled");
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
      return this.env.wrap(new FakeRange(this, r1, c1, r2 - r1 + 1, c2 - c1 + 1), "Range");
    }
    return this.env.wrap(new FakeRange(this, a, col!, rows, cols), "Range");
  }
  getDataRange(): FakeRange {
    return this.env.wrap(new FakeRange(this, 1, 1, Math.max(1, this.lastRow()), Math.max(1, this.lastCol())), "Range");
  }
  setFrozenRows(n: number) {
    const refused = this.freezeRefusal(n, this.frozenCols);
    if (refused) throw new Error(`Exception: ${refused}`);
    this.frozenRows = n;
  }
  setFrozenColumns(n: number) {
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
    for (let c = start; c < start + count; c++) this.columnWidths.set(c, width);
    return this;
  }
  setColumnWidth(col: number, width: number) {
    this.columnWidths.set(col, width);
    return this;
  }
  getColumnWidth(col: number) {
    return this.columnWidths.get(col) ?? 100;
  }
  hideColumns(start: number, count = 1) {
    for (let c = start; c < start + count; c++) this.hiddenColumns.add(c);
  }
  showColumns(start: number, count = 1) {
    for (let c = start; c < start + count; c++) this.hiddenColumns.delete(c);
  }
  isColumnHiddenByUser(col: number) {
    return this.hiddenColumns.has(col);
  }
  setRowHeights(start: number, count: number, height: number) {
    for (let r = start; r < start + count; r++) this.rowHeights.set(r, height);
    return this;
  }
  setActiveRange(range: FakeRange) {
    this.env.activeRange = { sheet: this.name, a1: unwrap(range).getA1Notation() };
    return range;
  }
  setTabColor(color: string) {
    this.tabColor = color;
    return this;
  }
  clearConditionalFormatRules() {
    this.rules = [];
  }
  setConditionalFormatRules(rules: FakeConditionalRule[]) {
    this.rules = rules.slice();
  }
  getConditionalFormatRules() {
    return this.rules.slice();
  }
  clear() {
    this.cells.clear();
    this.merges = [];
    return this;
  }
}

export interface SheetSnapshot {
  name: string;
  cells: Map<string, CellData>;
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

  private put<T>(grid: T[][], what: string, apply: (cell: CellData, v: T) => void) {
    if (!Array.isArray(grid) || grid.length !== this.rows) {
      throw new Error(`Exception: The number of rows in the data does not match the number of rows in the range. The data has ${grid?.length} but the range has ${this.rows}.`);
    }
    grid.forEach((line, r) => {
      if (line.length !== this.cols) {
        throw new Error(`Exception: The number of columns in the data does not match the number of columns in the range. The data has ${line.length} but the range has ${this.cols}. (${what})`);
      }
      line.forEach((v, c) => apply(this.sheet.cell(this.row + r, this.col + c), v));
    });
    return this;
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
    return this.sheet;
  }
  getA1Notation() {
    const start = `${colLetters(this.col)}${this.row}`;
    return this.rows === 1 && this.cols === 1 ? start : `${start}:${colLetters(this.col + this.cols - 1)}${this.row + this.rows - 1}`;
  }
  getValues() {
    return this.each((c) => (c ? c.value : ""));
  }
  getDisplayValues() {
    return this.each((c) => (c ? String(c.value) : ""));
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
    return this.put(values, "values", (cell, v) => {
      if (v instanceof Date || typeof v === "number" || typeof v === "boolean" || typeof v === "string" || v === null) {
        const { value, formula } = parseEntered(v);
        cell.value = value;
        cell.formula = formula;
      } else {
        throw new Error(`Exception: Cannot convert ${String(v)} to a cell value.`);
      }
    });
  }
  setValue(value: unknown) {
    return this.setValues([[value]]);
  }
  setFormula(formula: string) {
    return this.setValues([[formula]]);
  }
  setNotes(notes: string[][]) {
    return this.put(notes, "notes", (cell, v) => (cell.note = v ?? ""));
  }
  setNote(note: string) {
    return this.setNotes([[note]]);
  }
  clearNote() {
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
    for (let r = 0; r < this.rows; r++) for (let c = 0; c < this.cols; c++) this.sheet.cell(this.row + r, this.col + c).validation = rule;
    return this;
  }
  clearDataValidations() {
    this.each((c) => c && (c.validation = null));
    return this;
  }
  clear() {
    this.each((c, r, col) => {
      if (!c) return;
      c.value = "";
      c.formula = "";
      c.style = {};
      void r;
      void col;
    });
    return this;
  }
  merge() {
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

export class FakeSpreadsheet {
  sheets: FakeSheet[] = [];
  active: FakeSheet | null = null;
  viewers: string[] = [];
  private nextId = 0;

  constructor(
    readonly env: GasEnvironment,
    readonly name = "Мектеп №12 — ҮКӨ",
    readonly id = "fake-spreadsheet-id-0000000001",
  ) {}

  editors: string[] = ["zavuch@mektep12.kg"];
  owner = "owner@mektep12.kg";
  getEditors() {
    return this.editors.map((e) => ({ getEmail: () => e }));
  }
  getOwner() {
    return { getEmail: () => this.owner };
  }
  addViewers(emails: string[]) {
    for (const e of emails) if (!this.viewers.includes(e)) this.viewers.push(e);
    return this;
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
  getSheets() {
    return this.sheets.map((s) => this.env.wrap(s, "Sheet"));
  }
  getSheetByName(name: string) {
    const s = this.sheets.find((x) => x.name === name);
    return s ? this.env.wrap(s, "Sheet") : null;
  }
  insertSheet(name?: string) {
    const sheetName = name ?? `Sheet${this.sheets.length + 1}`;
    if (this.sheets.some((s) => s.name === sheetName)) {
      throw new Error(`Exception: A sheet with the name "${sheetName}" already exists. Please enter another name.`);
    }
    const sheet = new FakeSheet(sheetName, this.nextId++ * 1000 + 7, this.env);
    this.sheets.push(sheet);
    this.active = sheet;
    return this.env.wrap(sheet, "Sheet");
  }
  deleteSheet(sheet: FakeSheet) {
    if (this.sheets.length === 1) throw new Error("Exception: You can't remove all the sheets in a document.");
    this.sheets = this.sheets.filter((s) => s !== unwrap(sheet));
  }
  setActiveSheet(sheet: FakeSheet) {
    this.active = unwrap(sheet);
    return sheet;
  }
  getActiveSheet() {
    return this.active ? this.env.wrap(this.active, "Sheet") : null;
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

export class GasEnvironment {
  calls: Call[] = [];
  spreadsheet: FakeSpreadsheet;
  /** Spreadsheets made with SpreadsheetApp.create, in order. */
  created: FakeSpreadsheet[] = [];
  /** The Sheets API (advanced service): protected ranges by sheet id, and every batchUpdate body. */
  protectedRanges: { sheetId: number; protectedRangeId: number; description: string; body: Record<string, unknown> }[] = [];
  batchUpdates: { requests: unknown[] }[] = [];
  triggers: { handler: string; event: string }[] = [];
  scriptProperties = new Map<string, string>();
  webAppUrl: string | null = null;
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
  userProperties = new Map<string, string>();
  documentProperties = new Map<string, string>();
  locale = "ky";
  email = "";
  lockHeld = false;
  lockAvailable = true;
  htmlFiles: Record<string, string> = {};
  activeRange: { sheet: string; a1: string } | null = null;
  private wrapped = new WeakMap<object, object>();

  constructor() {
    this.spreadsheet = new FakeSpreadsheet(this);
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
          return value.apply(obj, args.map((a) => unwrap(a as object)));
        };
      },
    });
    this.wrapped.set(raw, proxy);
    return proxy as T;
  }

  /** The advanced Sheets service; false models a project where it is not turned on. */
  sheetsApiEnabled = true;
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

  /** The globals Apps Script code expects. */
  globals(): Record<string, unknown> {
    const env = this;
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
    const SpreadsheetApp = this.wrap(
      {
        getActiveSpreadsheet: () => this.wrap(this.spreadsheet, "Spreadsheet"),
        getActive: () => this.wrap(this.spreadsheet, "Spreadsheet"),
        openByUrl: (url: string) => {
          const ss = [this.spreadsheet, ...this.created].find((s) => s.getUrl() === url);
          if (!ss) throw new Error("Exception: You do not have permission to access the requested document.");
          return this.wrap(ss, "Spreadsheet");
        },
        openById: (id: string) => {
          const ss = [this.spreadsheet, ...this.created].find((s) => s.id === id);
          if (!ss) throw new Error(`Exception: Unexpected error while getting the method or property openById on object SpreadsheetApp.`);
          return this.wrap(ss, "Spreadsheet");
        },
        create: (name: string) => {
          const ss = new FakeSpreadsheet(this, name, `created-${this.created.length + 1}`);
          ss.insertSheet("Sheet1");
          this.created.push(ss);
          return this.wrap(ss, "Spreadsheet");
        },
        getUi: () => this.wrap(ui, "Ui"),
        newDataValidation: () => this.wrap(new FakeDataValidationBuilder(), "DataValidationBuilder"),
        newConditionalFormatRule: () => this.wrap(new FakeConditionalRuleBuilder(), "ConditionalFormatRuleBuilder"),
        flush: () => {},
        WrapStrategy: { WRAP: "WRAP", OVERFLOW: "OVERFLOW", CLIP: "CLIP" },
        DataValidationCriteria: { VALUE_IN_LIST: "VALUE_IN_LIST", VALUE_IN_RANGE: "VALUE_IN_RANGE" },
      },
      "SpreadsheetApp",
    );
    const props = (store: Map<string, string>) => ({
      getProperty: (k: string) => store.get(k) ?? null,
      setProperty: (k: string, v: string) => {
        store.set(k, String(v));
      },
      deleteProperty: (k: string) => {
        store.delete(k);
      },
      getProperties: () => Object.fromEntries(store),
    });
    const lock = {
      tryLock: () => {
        if (!env.lockAvailable || env.lockHeld) return false;
        env.lockHeld = true;
        return true;
      },
      waitLock: () => {
        if (!env.lockAvailable || env.lockHeld) throw new Error("Lock timeout");
        env.lockHeld = true;
      },
      releaseLock: () => {
        env.lockHeld = false;
      },
      hasLock: () => env.lockHeld,
    };
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
            const out = {
              setTitle: () => out,
              setWidth: () => out,
              setHeight: () => out,
              getTitle: () => "",
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
          getUserProperties: () => props(env.userProperties),
          getDocumentProperties: () => props(env.documentProperties),
          getScriptProperties: () => props(env.scriptProperties),
        },
        "PropertiesService",
      ),
      LockService: this.wrap({ getDocumentLock: () => lock, getScriptLock: () => lock }, "LockService"),
      Session: this.wrap(
        {
          getActiveUserLocale: () => env.locale,
          getActiveUser: () => ({ getEmail: () => env.email }),
          getEffectiveUser: () => ({ getEmail: () => "owner@school.kg" }),
          getScriptTimeZone: () => "Asia/Bishkek",
        },
        "Session",
      ),
      ScriptApp: this.wrap(
        {
          AuthMode: { NONE: "NONE", LIMITED: "LIMITED", FULL: "FULL" },
          getProjectTriggers: () => env.triggers.map((tr) => ({ getHandlerFunction: () => tr.handler, getEventType: () => tr.event })),
          newTrigger: (handler: string) => {
            const builder = {
              forSpreadsheet: () => builder,
              onEdit: () => ({ create: () => env.triggers.push({ handler, event: "ON_EDIT" }) }),
            };
            return builder;
          },
          getService: () => ({ getUrl: () => env.webAppUrl }),
        },
        "ScriptApp",
      ),
      ...(this.sheetsApiEnabled
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
