/**
 * Reading a tab as a table whose columns are found by their headers, so a moved column is still
 * read correctly (and reported), and columns people added themselves are kept.
 */
import { columnLetter } from "./a1";
import type { Scalar, TabData } from "./port";

export interface CellRaw {
  value: Scalar;
  formula: string;
}

export const EMPTY_CELL: CellRaw = { value: null, formula: "" };

export function isBlank(cell: CellRaw | undefined): boolean {
  if (!cell) return true;
  if (cell.formula) return false;
  return cell.value === null || cell.value === undefined || (typeof cell.value === "string" && cell.value.trim() === "");
}

export interface ColumnDef {
  key: string;
  /** Every header text accepted for this column (both languages, old spellings). */
  labels: string[];
  /** A column of live formulas the tab always rebuilds: located, but its cells are not kept. */
  live?: boolean;
}

export interface LocatedRow {
  /** 1-based row number in the tab. */
  rowNumber: number;
  cells: Record<string, CellRaw>;
}

export interface ExtraColumn {
  key: string;
  header: string;
  /** 1-based column where it was found. */
  col: number;
}

export interface LocatedTable {
  headerRow: number;
  /** The header row as it stands. */
  headerValues: Scalar[];
  /** key -> 1-based column where the header was found. */
  columns: Map<string, number>;
  /** Header keys found twice: key -> the 1-based columns. */
  duplicates: Map<string, number[]>;
  extras: ExtraColumn[];
  rows: LocatedRow[];
  /**
   * True when no header was found and the columns were taken in their canonical order at the tab's
   * own header row: the tab's data is still read (and carried over by set-up), and the check says
   * the header row is missing.
   */
  byPosition?: boolean;
}

export function normaliseHeader(value: Scalar): string {
  if (value === null || value === undefined) return "";
  return String(value).trim().toLowerCase().replace(/\s+/g, " ");
}

/**
 * Finds the header row (the first of the first `scanRows` rows that holds the header of `anchorKey`)
 * and maps every column to a key. Returns null when no header row is found.
 */
export function locateTable(data: TabData, defs: ColumnDef[], anchorKey: string, scanRows = 10, fallbackHeaderRow?: number): LocatedTable | null {
  const locator = new TableLocator(defs, anchorKey, scanRows, fallbackHeaderRow);
  data.values.forEach((values, r) => locator.add(r + 1, values, data.formulas[r] ?? []));
  return locator.finish();
}

/**
 * The same, fed one row at a time in order (rows not given are blank), so a host that reads a tab
 * as a stream never has to hold the whole grid.
 */
export class TableLocator {
  private readonly byLabel = new Map<string, string>();
  private readonly live = new Set<string>();
  /** The columns with a blank header, where data may still stand. */
  private headerless: boolean[] = [];
  private readonly anchorLabels: Set<string>;
  private readonly early: { row: number; values: Scalar[]; formulas: string[] }[] = [];
  private table: LocatedTable | null = null;
  private searched = false;
  /** Extra columns found only below the header (a header deleted, data left): rows before them lack the key. */
  private lateExtras = false;

  private readonly keys: string[];

  /** `fallbackHeaderRow`: where the header belongs, to read the columns by position if it is not found. */
  constructor(
    defs: ColumnDef[],
    anchorKey: string,
    private readonly scanRows = 10,
    private readonly fallbackHeaderRow?: number,
  ) {
    this.keys = defs.map((d) => d.key);
    for (const def of defs) {
      for (const label of [def.key, ...def.labels]) this.byLabel.set(normaliseHeader(label), def.key);
      if (def.live) this.live.add(def.key);
    }
    this.anchorLabels = new Set([anchorKey, ...(defs.find((d) => d.key === anchorKey)?.labels ?? [])].map((l) => normaliseHeader(l)));
  }

  add(row: number, values: Scalar[], formulas: string[]): void {
    if (!this.searched) {
      if (row <= this.scanRows) {
        this.early.push({ row, values, formulas });
        if (row < this.scanRows) return;
      }
      this.search();
      if (row <= this.scanRows) return;
    }
    if (this.table && row > this.table.headerRow) this.addData(row, values, formulas);
  }

  finish(): LocatedTable | null {
    if (!this.searched) this.search();
    const table = this.table;
    if (table && this.lateExtras) {
      table.extras.sort((a, b) => a.col - b.col);
      for (const r of table.rows) for (const e of table.extras) r.cells[e.key] ??= { value: null, formula: "" };
    }
    return table;
  }

  private search(): void {
    this.searched = true;
    const found = this.early.find((r) => r.values.some((v) => this.anchorLabels.has(normaliseHeader(v))));
    if (!found) {
      if (this.fallbackHeaderRow !== undefined) this.byPosition(this.fallbackHeaderRow);
      return;
    }
    const header = found.values;
    const table: LocatedTable = { headerRow: found.row, headerValues: header, columns: new Map(), duplicates: new Map(), extras: [], rows: [] };
    for (let c = 0; c < header.length; c++) {
      const value = header[c] ?? null;
      const text = normaliseHeader(value);
      if (text === "") continue; // a headerless column counts only once it holds data (see addData)
      const key = this.byLabel.get(text);
      if (key === undefined) table.extras.push({ key: `extra:${String(value).trim()}`, header: String(value).trim(), col: c + 1 });
      else if (table.columns.has(key)) table.duplicates.set(key, [...(table.duplicates.get(key) ?? [table.columns.get(key)!]), c + 1]);
      else table.columns.set(key, c + 1);
    }
    this.headerless = Array.from({ length: header.length }, (_, c) => normaliseHeader(header[c] ?? null) === "");
    this.table = table;
    for (const r of this.early) if (r.row > found.row) this.addData(r.row, r.values, r.formulas);
    this.early.length = 0;
  }

  /**
   * No header found: the canonical columns in order, data from the row below `headerRow`. When the
   * header row was deleted rather than cleared, the first data row has moved up into its place: a
   * row there that holds two values or more and no header label of this tab is read as data too
   * (a header with one relabelled cell left, say "ID", is still taken for the header).
   */
  private byPosition(headerRow: number): void {
    const header = this.early.find((r) => r.row === headerRow)?.values ?? [];
    const table: LocatedTable = { headerRow, headerValues: header, columns: new Map(this.keys.map((k, i) => [k, i + 1])), duplicates: new Map(), extras: [], rows: [], byPosition: true };
    this.headerless = this.keys.map(() => false);
    this.table = table;
    const filled = header.filter((v) => normaliseHeader(v) !== "");
    const movedUp = filled.length >= 2 && !filled.some((v) => this.byLabel.has(normaliseHeader(v)));
    for (const r of this.early) if (r.row > headerRow || (movedUp && r.row === headerRow)) this.addData(r.row, r.values, r.formulas);
    this.early.length = 0;
  }

  private addData(row: number, values: Scalar[], formulas: string[]): void {
    const table = this.table!;
    const width = Math.max(values.length, formulas.length);
    for (let c = 0; c < width; c++) {
      // A column whose header was deleted but which still holds data is kept, named by its letter.
      if (c < this.headerless.length && !this.headerless[c]) continue;
      const v = values[c];
      if ((v === null || v === undefined || v === "") && !formulas[c]) continue;
      const key = `extra:#${c + 1}`;
      if (table.extras.some((e) => e.key === key)) continue;
      table.extras.push({ key, header: `(${columnLetter(c + 1)})`, col: c + 1 });
      if (table.rows.length > 0) this.lateExtras = true;
      else table.extras.sort((a, b) => a.col - b.col);
    }
    const cells: Record<string, CellRaw> = {};
    let any = false;
    const put = (key: string, col: number) => {
      const cell: CellRaw = { value: values[col - 1] ?? null, formula: formulas[col - 1] ?? "" };
      if (!isBlank(cell)) any = true;
      cells[key] = cell;
    };
    for (const [key, col] of table.columns) {
      if (!this.live.has(key)) put(key, col);
    }
    for (const extra of table.extras) put(extra.key, extra.col);
    if (any) table.rows.push({ rowNumber: row, cells });
  }
}

/** The text of a cell as a person would read it ("" for blank). */
export function cellText(cell: CellRaw | undefined): string {
  if (!cell || cell.value === null || cell.value === undefined) return "";
  if (cell.value instanceof Date) return cell.value.toISOString().slice(0, 10);
  return String(cell.value).trim();
}
