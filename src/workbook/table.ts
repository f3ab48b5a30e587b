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
}

export function normaliseHeader(value: Scalar): string {
  if (value === null || value === undefined) return "";
  return String(value).trim().toLowerCase().replace(/\s+/g, " ");
}

/**
 * Finds the header row (the first of the first `scanRows` rows that holds the header of `anchorKey`)
 * and maps every column to a key. Returns null when no header row is found.
 */
export function locateTable(data: TabData, defs: ColumnDef[], anchorKey: string, scanRows = 10): LocatedTable | null {
  const byLabel = new Map<string, string>();
  for (const def of defs) for (const label of [def.key, ...def.labels]) byLabel.set(normaliseHeader(label), def.key);
  const anchorLabels = new Set(
    [anchorKey, ...(defs.find((d) => d.key === anchorKey)?.labels ?? [])].map((l) => normaliseHeader(l)),
  );

  let headerIndex = -1;
  for (let r = 0; r < Math.min(scanRows, data.values.length); r++) {
    if (data.values[r].some((v) => anchorLabels.has(normaliseHeader(v)))) {
      headerIndex = r;
      break;
    }
  }
  if (headerIndex < 0) return null;

  const header = data.values[headerIndex];
  const columns = new Map<string, number>();
  const duplicates = new Map<string, number[]>();
  const extras: ExtraColumn[] = [];
  const width = Math.max(header.length, ...data.values.slice(headerIndex + 1).map((r) => r.length));
  for (let c = 0; c < width; c++) {
    const value = header[c] ?? null;
    const text = normaliseHeader(value);
    if (text === "") {
      // A column whose header was deleted but which still holds data is kept, named by its letter.
      const used = data.values.slice(headerIndex + 1).some((r, i) => (r[c] !== null && r[c] !== "") || data.formulas[headerIndex + 1 + i]?.[c]);
      if (used) extras.push({ key: `extra:#${c + 1}`, header: `(${columnLetter(c + 1)})`, col: c + 1 });
      continue;
    }
    const key = byLabel.get(text);
    if (key === undefined) {
      extras.push({ key: `extra:${String(value).trim()}`, header: String(value).trim(), col: c + 1 });
    } else if (columns.has(key)) {
      duplicates.set(key, [...(duplicates.get(key) ?? [columns.get(key)!]), c + 1]);
    } else {
      columns.set(key, c + 1);
    }
  }

  const rows: LocatedRow[] = [];
  for (let r = headerIndex + 1; r < data.values.length; r++) {
    const cells: Record<string, CellRaw> = {};
    let any = false;
    const put = (key: string, col: number) => {
      const cell: CellRaw = { value: data.values[r][col - 1] ?? null, formula: data.formulas[r]?.[col - 1] ?? "" };
      if (!isBlank(cell)) any = true;
      cells[key] = cell;
    };
    for (const [key, col] of columns) put(key, col);
    for (const extra of extras) put(extra.key, extra.col);
    if (any) rows.push({ rowNumber: r + 1, cells });
  }
  return { headerRow: headerIndex + 1, headerValues: header, columns, duplicates, extras, rows };
}

/** The text of a cell as a person would read it ("" for blank). */
export function cellText(cell: CellRaw | undefined): string {
  if (!cell || cell.value === null || cell.value === undefined) return "";
  if (cell.value instanceof Date) return cell.value.toISOString().slice(0, 10);
  return String(cell.value).trim();
}
