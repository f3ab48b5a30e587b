/**
 * Writes one tab render through ExcelJS's streaming worksheet writer, row by row, so no tab is
 * ever held as ExcelJS cells. The result is the workbook the in-memory port writes (xlsxPort.ts):
 * the same values, cell styles, notes, validations, conditional formats, merges, widths, heights,
 * page breaks, frozen panes, tab colour and print setup (tests/xlsx/streaming.test.ts compares them).
 */
import type ExcelJS from "exceljs";
import ExcelRange from "exceljs/lib/doc/range";
import Note from "exceljs/lib/doc/note";
import { isFormulaCell, isLinkCell, type CellInput, type CellStyle, type Rect, type TabRender } from "../../workbook/port";
import {
  argb,
  COLUMN_FONT,
  excelCanHold,
  excelConditionalFormatting,
  excelPageSetup,
  excelValidation,
  heightPoints,
  widthChars,
  withStyle,
} from "../excelModel";
import { columnLetter, quoteTab, rectA1 } from "../../workbook/a1";
import { escapeText } from "./xml";

/** The parts of ExcelJS's WorksheetWriter used here (its type definitions leave them out). */
export interface SheetWriter {
  id: number;
  name: string;
  getColumn(col: number): ExcelJS.Column;
  dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void };
  addConditionalFormatting(cf: ExcelJS.ConditionalFormattingOptions): void;
  commit(): void;
  workbook: { styles: { addStyleModel(model: Record<string, unknown>, cellType?: number): number }; sharedStrings: { add(value: string): number } };
  stream: { write(data: string): void; readonly backlogged: boolean; drain(): Promise<void> };
  rowBreaks: { id: number; max: number; man: number }[];
  hasComments: boolean;
  startedData: boolean;
  _merges: unknown[];
  _sheetRelsWriter: { addHyperlink(link: { address: string; target: string }): void };
  _sheetCommentsWriter: { addComments(comments: unknown[]): void };
  _writeColumns(): void;
  _writeOpenSheetData(): void;
}

/** ExcelJS's value types, which decide a style's number format when it has none (doc/enums.js). */
const CELL_TYPE = { G: 2 /* Number */, D: 4 /* Date */, O: 3 /* String */ } as const;

/** Days since 1899-12-30, as Excel counts (the 1900 date system ExcelJS writes). */
const excelDate = (d: Date) => 25569 + d.getTime() / 86_400_000;

export interface SheetOptions {
  views?: Partial<ExcelJS.WorksheetView>[];
  properties?: Partial<ExcelJS.WorksheetProperties>;
  pageSetup?: Partial<ExcelJS.PageSetup>;
}

/** The options a tab's worksheet is created with: what ExcelJS writes before the first row. */
export function sheetOptions(render: TabRender): SheetOptions {
  return {
    views: render.frozenRows || render.frozenCols ? [{ state: "frozen", xSplit: render.frozenCols ?? 0, ySplit: render.frozenRows ?? 0 }] : [],
    properties: render.tabColor ? { tabColor: { argb: argb(render.tabColor) } } : undefined,
    pageSetup: render.print ? excelPageSetup(render.print) : undefined,
  };
}

/**
 * ExcelJS picks a cell's number format from its value's type when the style has none (General for
 * numbers and blanks, a date format for dates, none for text) and remembers the choice per style
 * object, so style objects are shared only between cells of the same kind.
 */
function styleKind(cell: CellInput): "G" | "D" | "O" {
  const value = isFormulaCell(cell) ? (cell.result === "" ? null : cell.result ?? null) : cell;
  if (value === null || value === undefined || typeof value === "number") return "G";
  if (value instanceof Date) return "D";
  return "O";
}

/** For each row, the indices of the items whose rectangle covers it. */
function byRow<T>(items: readonly T[], rectOf: (item: T) => Rect): Map<number, number[]> {
  const out = new Map<number, number[]>();
  items.forEach((item, i) => {
    const r = rectOf(item);
    for (let row = r.row; row < r.row + r.rows; row++) {
      const list = out.get(row);
      if (list) list.push(i);
      else out.set(row, [i]);
    }
  });
  return out;
}

/** `columnsWithFont`: how many columns get the default font (the grid's width unless cells were added later). */
export async function writeRender(ws: SheetWriter, render: TabRender, columnsWithFont?: number): Promise<void> {
  const cells = render.cells;
  const width = columnsWithFont ?? cells.reduce((w, row) => Math.max(w, row.length), 0);
  const styles = render.styles ?? [];
  const notes = render.notes ?? [];
  const merges: Rect[] = [...(render.merges ?? [])];
  for (const m of render.mergeAcross ?? []) for (let r = m.row; r < m.row + m.rows; r++) merges.push({ row: r, col: m.col, rows: 1, cols: m.cols });

  // Columns come first in the sheet, so they are set before any row is written.
  for (let c = 1; c <= width; c++) ws.getColumn(c).font = COLUMN_FONT;
  (render.columnWidths ?? []).forEach((px, i) => {
    if (px) ws.getColumn(i + 1).width = widthChars(px);
  });
  for (const col of render.hiddenColumns ?? []) ws.getColumn(col).hidden = true;

  // Identical CellStyles share one id, so a cell's look is the list of ids that cover it.
  const styleIds = new Map<string, number>();
  const rangeStyleId = styles.map(({ style }) => {
    const key = JSON.stringify(style);
    let id = styleIds.get(key);
    if (id === undefined) styleIds.set(key, (id = styleIds.size));
    return id;
  });
  const distinctStyles: CellStyle[] = [];
  styles.forEach(({ style }, i) => (distinctStyles[rangeStyleId[i]] = style));
  const composed = new Map<string, Partial<ExcelJS.Style>[]>();
  /** The style of a cell covered by the styles `ids` ("3,7"), in or beyond the grid's columns, of one kind. */
  const KINDS = { G: 0, D: 1, O: 2 } as const;
  const styleFor = (inColumns: boolean, ids: string, kind: "G" | "D" | "O"): Partial<ExcelJS.Style> => {
    let variants = composed.get(ids);
    if (!variants) composed.set(ids, (variants = []));
    const slot = (inColumns ? 3 : 0) + KINDS[kind];
    let style = variants[slot];
    if (!style) {
      style = inColumns ? { font: COLUMN_FONT } : {};
      for (const id of ids === "" ? [] : ids.split(",")) style = withStyle(style, distinctStyles[Number(id)]);
      variants[slot] = style;
    }
    return style;
  };

  const stylesByRow = byRow(styles, (s) => s.range);
  const mergesByRow = byRow(merges, (m) => m);
  const notesByRow = new Map<number, { col: number; text: string }[]>();
  for (const n of notes) notesByRow.set(n.row, [...(notesByRow.get(n.row) ?? []), n]);
  const heights = new Map<number, number>();
  for (const h of [...(render.rowHeightHints ?? []), ...(render.rowHeights ?? [])]) {
    for (let r = h.row; r < h.row + (h.rows ?? 1); r++) heights.set(r, heightPoints(h.height));
  }
  const breaks = new Set(render.rowBreaks ?? []);
  let lastRow = cells.length;
  for (const rows of [stylesByRow.keys(), mergesByRow.keys(), notesByRow.keys(), heights.keys(), breaks.values()]) {
    for (const r of rows) if (r > lastRow) lastRow = r;
  }

  const masterStyles = new Map<string, Partial<ExcelJS.Style>>();
  for (const m of merges) ws._merges.push(new ExcelRange(m.row, m.col, m.row + m.rows - 1, m.col + m.cols - 1));

  // Rows are serialised here, cell by cell as ExcelJS's cell writer would, rather than through
  // ExcelJS's Row and Cell objects, which cost some 7 µs a cell (4.5 s for a 44,000-row tab).
  const xfIds = new Map<Partial<ExcelJS.Style>, number>();
  const styleIdOf = (style: Partial<ExcelJS.Style>, kind: "G" | "D" | "O") => {
    let id = xfIds.get(style);
    if (id === undefined) xfIds.set(style, (id = ws.workbook.styles.addStyleModel(style as Record<string, unknown>, CELL_TYPE[kind])));
    return id;
  };
  const strings = ws.workbook.sharedStrings;
  const cellXml = (ref: string, styleId: number, cell: CellInput): string => {
    const s = styleId ? ` s="${styleId}"` : "";
    if (cell === null || cell === undefined) return styleId ? `<c r="${ref}"${s}/>` : "";
    if (isFormulaCell(cell)) {
      const f = `<f>${escapeText(cell.formula)}</f>`;
      const result = cell.result === "" ? undefined : cell.result;
      if (result === undefined || result === null) return `<c r="${ref}"${s}>${f}</c>`;
      if (typeof result === "string") return `<c r="${ref}"${s} t="str">${f}<v>${escapeText(result)}</v></c>`;
      if (typeof result === "boolean") return `<c r="${ref}"${s} t="b">${f}<v>${result ? 1 : 0}</v></c>`;
      if (result instanceof Date) return `<c r="${ref}"${s}>${f}<v>${excelDate(result)}</v></c>`;
      return `<c r="${ref}"${s}>${f}<v>${result}</v></c>`;
    }
    if (isLinkCell(cell)) {
      ws._sheetRelsWriter.addHyperlink({ address: ref, target: `#${quoteTab(cell.link.tab)}!${cell.link.cell}` });
      return `<c r="${ref}"${s} t="s"><v>${strings.add(cell.text)}</v></c>`;
    }
    if (typeof cell === "string") return `<c r="${ref}"${s} t="s"><v>${strings.add(cell)}</v></c>`;
    if (typeof cell === "number") return `<c r="${ref}"${s}><v>${cell}</v></c>`;
    if (typeof cell === "boolean") return `<c r="${ref}"${s} t="b"><v>${cell ? 1 : 0}</v></c>`;
    return `<c r="${ref}"${s}><v>${excelDate(cell as Date)}</v></c>`;
  };
  const letters: string[] = [];
  /** Per column of the row being written: the styles on it ("" for none), undefined when it has no cell. */
  const idsOf: (string | undefined)[] = [];
  ws._writeColumns();
  ws._writeOpenSheetData();
  ws.startedData = true;

  for (let r = 1; r <= lastRow; r++) {
    const values = cells[r - 1] ?? [];
    const rowStyles = stylesByRow.get(r) ?? [];
    const rowMerges = mergesByRow.get(r) ?? [];
    const rowNotes = notesByRow.get(r) ?? [];
    // Which columns have a cell (a value, a style, a note or a part of a merge), and the styles on each.
    const touched: number[] = [];
    const touch = (c: number) => {
      if (idsOf[c] === undefined) {
        idsOf[c] = "";
        touched.push(c);
      }
    };
    for (let i = 0; i < values.length; i++) if (values[i] !== null && values[i] !== undefined) touch(i + 1);
    for (const i of rowStyles) {
      const { col, cols } = styles[i].range;
      const id = rangeStyleId[i];
      for (let c = col; c < col + cols; c++) {
        const ids = idsOf[c];
        if (ids === undefined) {
          idsOf[c] = String(id);
          touched.push(c);
        } else idsOf[c] = ids === "" ? String(id) : `${ids},${id}`;
      }
    }
    for (const n of rowNotes) touch(n.col);
    let masterOf: Map<number, Rect> | null = null;
    for (const i of rowMerges) {
      const m = merges[i];
      for (let c = m.col; c < m.col + m.cols; c++) {
        touch(c);
        if (r !== m.row || c !== m.col) (masterOf ??= new Map()).set(c, m);
      }
    }
    const cols = touched.sort((a, b) => a - b);
    const rowIds = cols.map((c) => idsOf[c]!);
    for (const c of cols) idsOf[c] = undefined;
    const height = heights.get(r);
    if (breaks.has(r)) ws.rowBreaks.push({ id: r, max: 16838, man: 1 });
    // ExcelJS's streaming writer leaves out rows that hold only styled blank cells; the in-memory
    // writer keeps them (a coloured legend, an empty table to fill in), and so do we.
    if (cols.length === 0 && height === undefined) continue;
    let xml = `<row r="${r}"${height !== undefined ? ` ht="${height}" customHeight="1"` : ""}${cols.length > 0 ? ` spans="${cols[0]}:${cols[cols.length - 1]}"` : ""} x14ac:dyDescent="0.25">`;
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k];
      const master = masterOf?.get(c);
      const ref = `${(letters[c] ??= columnLetter(c))}${r}`;
      if (master) {
        // A merged cell's other parts take the master's look and hold no value.
        const style = masterStyles.get(`${master.row},${master.col}`) ?? styleFor(c <= width, "", "G");
        const id = styleIdOf(style, "G");
        if (id) xml += `<c r="${ref}" s="${id}"/>`;
        continue;
      }
      const value = values[c - 1] ?? null;
      const kind = styleKind(value);
      const style = styleFor(c <= width, rowIds[k], kind);
      if (rowMerges.some((i) => merges[i].row === r && merges[i].col === c)) masterStyles.set(`${r},${c}`, style);
      xml += cellXml(ref, styleIdOf(style, kind), value);
    }
    ws.stream.write(`${xml}</row>`);
    // Let the thread pool catch up with deflating, so the sheet is not held in memory uncompressed.
    if (ws.stream.backlogged) await ws.stream.drain();
    if (rowNotes.length > 0) {
      ws.hasComments = true;
      ws._sheetCommentsWriter.addComments(rowNotes.map((n) => ({ ...new Note(n.text).model, ref: `${columnLetter(n.col)}${r}` })));
    }
  }

  for (const v of (render.validations ?? []).filter(excelCanHold)) ws.dataValidations.add(rectA1(v.range), excelValidation(v));
  (render.conditionalFormats ?? []).forEach((cf, i) => ws.addConditionalFormatting(excelConditionalFormatting(cf, i + 1)));
  ws.commit();
}
