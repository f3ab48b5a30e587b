/** Shared pieces of the rendered tabs: colours, header styling, carrying input cells over. */
import type { CellInput, CellStyle, Rect, Scalar, TabRender } from "../port";
import type { CellRaw, ExtraColumn } from "../table";
import type { ColumnSpec } from "../schema";
import type { Lang } from "../../core/messages/index";

export const COLOURS = {
  header: "#e8eaed",
  generated: "#f1f3f4",
  generatedText: "#5f6368",
  band: "#f8f9fa",
  orphan: "#fce8e6",
  title: "#1a73e8",
  domains: ["#e8f0fe", "#e6f4ea", "#fef7e0", "#fce8e6"],
  supHigher1: "#fde7c4",
  supHigher2: "#f6b26b",
  supLower1: "#d2e3fc",
  supLower2: "#8ab4f8",
  needsAgreement: "#f4cccc",
} as const;

/** How many empty rows below the data keep validations, so rows people add are checked too. */
export const SPARE_ROWS = 50;

export function rect(row: number, col: number, rows = 1, cols = 1): Rect {
  return { row, col, rows, cols };
}

/** A cell typed by someone, written back exactly as it was (a formula stays a formula, text stays text). */
export function carry(cell: CellRaw | undefined): CellInput {
  if (!cell) return null;
  if (cell.formula) return { formula: cell.formula, result: cell.value, native: true };
  return cell.value;
}

/** What a cell to be written shows: a formula's expected result, a link's text, else the value. */
export function plainValue(cell: CellInput | undefined): Scalar {
  if (cell === undefined || cell === null) return null;
  if (typeof cell === "object" && !(cell instanceof Date)) return "formula" in cell ? cell.result ?? null : cell.text;
  return cell;
}

export interface Layout {
  keys: string[];
  headers: string[];
  widths: number[];
  colOf: (key: string) => number;
}

/** Column layout of a table tab: the canonical columns, then columns people added themselves. */
export function layout(specs: ColumnSpec[], extras: ExtraColumn[], lang: Lang): Layout {
  const keys = [...specs.map((s) => s.key), ...extras.map((e) => e.key)];
  const headers = [...specs.map((s) => s.header(lang)), ...extras.map((e) => e.header)];
  const widths = [...specs.map((s) => s.width), ...extras.map(() => 160)];
  const index = new Map(keys.map((k, i) => [k, i + 1]));
  return {
    keys,
    headers,
    widths,
    colOf: (key) => {
      const col = index.get(key);
      if (col === undefined) throw new Error(`No column ${key}`);
      return col;
    },
  };
}

/** A blank grid with the title in A1 and the headers in `headerRow`. */
export function gridWithHeader(width: number, headerRow: number, headers: string[], title: string): CellInput[][] {
  const grid: CellInput[][] = [];
  for (let r = 0; r < headerRow; r++) grid.push(new Array<CellInput>(width).fill(null));
  grid[0][0] = title;
  headers.forEach((h, i) => (grid[headerRow - 1][i] = h));
  return grid;
}

export function titleStyle(): { range: Rect; style: CellStyle } {
  return { range: rect(1, 1), style: { bold: true, fontSize: 12, fontColor: COLOURS.title } };
}

export function headerStyle(headerRow: number, width: number): { range: Rect; style: CellStyle } {
  return {
    range: rect(headerRow, 1, 1, width),
    style: { bold: true, background: COLOURS.header, wrap: true, vAlign: "middle", hAlign: "center" },
  };
}

/** Styles for generated (read-only) columns over the data rows. */
export function generatedColumnStyles(specs: ColumnSpec[], firstRow: number, rows: number): { range: Rect; style: CellStyle }[] {
  if (rows <= 0) return [];
  return specs
    .map((s, i) => ({ s, col: i + 1 }))
    .filter(({ s }) => !s.input)
    .map(({ col }) => ({
      range: rect(firstRow, col, rows, 1),
      style: { background: COLOURS.generated, fontColor: COLOURS.generatedText },
    }));
}

export function finish(render: TabRender): TabRender {
  const width = Math.max(...render.cells.map((r) => r.length));
  for (const row of render.cells) while (row.length < width) row.push(null);
  return render;
}

/**
 * The height a row needs for wrapped text in a column of `widthPx` pixels (Arial 10): hosts do not
 * grow rows by themselves when a file is opened, so generated forms set it.
 */
export function wrappedHeight(text: string, widthPx: number): number {
  const charsPerLine = Math.max(8, Math.floor((widthPx - 8) / 6.3));
  const lines = text.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(line.length / charsPerLine)), 0);
  return Math.max(21, lines * 15 + 6);
}
