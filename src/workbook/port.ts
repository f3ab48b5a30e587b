/**
 * The small port both hosts implement (Google Sheets via SpreadsheetApp, .xlsx via ExcelJS).
 * A tab is read as one grid and written as one grid with its formats, validations and
 * conditional formats, so the number of host calls never depends on the number of staff.
 */

export type Scalar = string | number | boolean | Date | null;

/**
 * A formula without the leading "=", with the value the engine expects it to show (for hosts that
 * cache results). Ours are written as OOXML has them ("," between arguments); each host sends them
 * in its own syntax. `native`: a formula read back from the host (someone's own), already in its
 * syntax, written back unchanged.
 */
export interface FormulaCell {
  formula: string;
  result?: Scalar;
  native?: boolean;
}

/** A link to a cell of another tab of the same workbook. */
export interface LinkCell {
  text: string;
  link: { tab: string; cell: string };
}

/**
 * What a cell is written as. Strings are ALWAYS stored as text, never parsed into formulas,
 * numbers or dates; only a FormulaCell becomes a formula.
 */
export type CellInput = Scalar | FormulaCell | LinkCell;

export function isFormulaCell(cell: CellInput): cell is FormulaCell {
  return typeof cell === "object" && cell !== null && !(cell instanceof Date) && "formula" in cell;
}

export function isLinkCell(cell: CellInput): cell is LinkCell {
  return typeof cell === "object" && cell !== null && !(cell instanceof Date) && "link" in cell;
}

/** 1-based rectangle. */
export interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export interface CellStyle {
  background?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  wrap?: boolean;
  hAlign?: "left" | "center" | "right";
  vAlign?: "top" | "middle" | "bottom";
  numberFormat?: string;
  fontSize?: number;
}

export type ValidationRule =
  | { kind: "list"; values: string[] }
  | { kind: "listFromRange"; tab: string; range: string }
  | { kind: "number"; min?: number; max?: number; integer?: boolean }
  | { kind: "date" };

export interface Validation {
  range: Rect;
  rule: ValidationRule;
  /** false: the host rejects anything else. */
  allowInvalid: boolean;
  helpText: string;
}

/** A rule whose formula is written for the top-left cell of `range` and applies relatively. */
export interface ConditionalFormat {
  range: Rect;
  formula: string;
  style: { background?: string; fontColor?: string; bold?: boolean };
}

export interface PrintSetup {
  landscape: boolean;
  fitToWidth: boolean;
  /** Rows 1..repeatRows print on every page. */
  repeatRows?: number;
}

export interface TabRender {
  name: string;
  cells: CellInput[][];
  notes?: { row: number; col: number; text: string }[];
  styles?: { range: Rect; style: CellStyle }[];
  validations?: Validation[];
  conditionalFormats?: ConditionalFormat[];
  merges?: Rect[];
  /** Each row of each rectangle merged on its own (one call in Sheets for the whole rectangle). */
  mergeAcross?: Rect[];
  frozenRows?: number;
  frozenCols?: number;
  /** Pixel widths by column (1-based index = position + 1); missing entries keep the default. */
  columnWidths?: number[];
  hiddenColumns?: number[];
  rowHeights?: RowHeight[];
  /**
   * Heights for rows of wrapped text that only hosts which do not fit rows to their content need:
   * Excel and LibreOffice use them, Google Sheets fits rows itself and ignores them (so their
   * number, which grows with the staff, never turns into service calls).
   */
  rowHeightHints?: RowHeight[];
  /** A page break after each of these rows when printed (xlsx; Sheets has no API for it). */
  rowBreaks?: number[];
  print?: PrintSetup;
  tabColor?: string;
}

export interface TabData {
  name: string;
  /** Displayed values, rectangular, trimmed to the last used row and column. */
  values: Scalar[][];
  /** The formula of each cell without "=", or "" when it holds a value. Same shape as values. */
  formulas: string[][];
}

/** What a host can tell about a tab beyond its values; used by set-up checks and the contract tests. */
export interface TabDetails extends TabData {
  notes: { row: number; col: number; text: string }[];
  validations: Validation[];
  conditionalFormats: ConditionalFormat[];
  merges: Rect[];
  frozenRows: number;
  frozenCols: number;
}

export interface WorkbookPort {
  tabNames(): string[];
  /** One read of the whole used range; null when the tab does not exist. */
  readTab(name: string): TabData | null;
  /** Replaces the tab's content and formatting with `render`, creating the tab if needed. */
  writeTab(render: TabRender): void;
  /** Puts the named tabs first, in this order; other tabs keep their relative order after them. */
  orderTabs(names: string[]): void;
  inspectTab(name: string): TabDetails | null;
  /**
   * Optional: a tab's rows one at a time, in order (rows without cells are skipped), for a host
   * that reads a file as a stream and need not hold the whole grid. False when there is no such tab.
   */
  forEachRow?(name: string, visit: (row: number, values: Scalar[], formulas: string[]) => void): boolean;
  /**
   * Writes blocks of cells into an existing tab, leaving every other cell as it is: how a form
   * saves one person's row. One call per block, so keep blocks contiguous.
   */
  updateCells(name: string, blocks: CellBlock[]): void;
  /** Adds rows after the last used row of an existing tab (the audit log). */
  appendRows(name: string, rows: CellInput[][]): void;
}

export interface CellBlock {
  row: number;
  col: number;
  values: CellInput[][];
}

/**
 * A row's height in pixels. `rows` sets a block of rows in one go and is never merged with its
 * neighbours, so the number of calls does not depend on whether two heights happen to be equal.
 */
export type RowHeight = { row: number; rows?: number; height: number };
