/**
 * The workbook port over an ExcelJS workbook: the local runner's host. Strings are written as
 * strings (ExcelJS never turns text into a formula); formulas carry the value the engine expects.
 */
import ExcelJS from "exceljs";
import { parseRectA1, rectA1 } from "../workbook/a1";
import type { CellBlock, CellInput, Scalar, TabData, TabDetails, TabRender, WorkbookPort } from "../workbook/port";
import {
  argb,
  COLUMN_FONT,
  excelCanHold,
  excelConditionalFormatting,
  excelPageSetup,
  excelValidation,
  groupValidations,
  conditionalFormatsOf,
  heightPoints,
  keepFalsyResult,
  widthChars,
  withStyle,
  writeCellValue,
} from "./excelModel";

/** Parts of ExcelJS's worksheet that its type definitions leave out. */
interface WorksheetInternals {
  orderNo: number;
  dataValidations: { model: Record<string, ExcelJS.DataValidation | undefined>; add(address: string, v: ExcelJS.DataValidation): void };
  conditionalFormattings: ExcelJS.ConditionalFormattingOptions[];
}
const internals = (ws: ExcelJS.Worksheet) => ws as unknown as WorksheetInternals;

function readCell(value: ExcelJS.CellValue): { value: Scalar; formula: string } {
  if (value === null || value === undefined) return { value: null, formula: "" };
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return { value, formula: "" };
  if (value instanceof Date) return { value, formula: "" };
  const v = value as unknown as Record<string, unknown>;
  if ("formula" in v || "sharedFormula" in v) {
    const result = v.result as unknown;
    const shown =
      result === undefined || result === null
        ? null
        : typeof result === "object" && !(result instanceof Date)
          ? String((result as { error?: string }).error ?? "")
          : (result as Scalar);
    return { value: shown, formula: String(v.formula ?? v.sharedFormula ?? "") };
  }
  if ("richText" in v) return { value: (v.richText as { text: string }[]).map((r) => r.text).join(""), formula: "" };
  if ("hyperlink" in v) return { value: String(v.text ?? ""), formula: "" };
  if ("error" in v) return { value: String(v.error), formula: "" };
  return { value: String(value), formula: "" };
}

export class XlsxWorkbookPort implements WorkbookPort {
  constructor(readonly workbook: ExcelJS.Workbook) {}

  static async load(path: string): Promise<XlsxWorkbookPort> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    return new XlsxWorkbookPort(wb);
  }

  static async fromBuffer(buffer: ArrayBuffer | Uint8Array): Promise<XlsxWorkbookPort> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as ArrayBuffer);
    return new XlsxWorkbookPort(wb);
  }

  static empty(): XlsxWorkbookPort {
    const wb = new ExcelJS.Workbook();
    wb.creator = "ҮКӨ Sheets";
    // Recalculate on open, so the live formulas are fresh whatever cached values they carry.
    wb.calcProperties.fullCalcOnLoad = true;
    return new XlsxWorkbookPort(wb);
  }

  async save(path: string): Promise<void> {
    this.workbook.calcProperties.fullCalcOnLoad = true;
    await this.workbook.xlsx.writeFile(path);
  }

  async toBuffer(): Promise<Uint8Array> {
    this.workbook.calcProperties.fullCalcOnLoad = true;
    return new Uint8Array(await this.workbook.xlsx.writeBuffer());
  }

  tabNames(): string[] {
    return this.workbook.worksheets.map((ws) => ws.name);
  }

  readTab(name: string): TabData | null {
    const ws = this.workbook.getWorksheet(name);
    if (!ws) return null;
    const values: Scalar[][] = [];
    const formulas: string[][] = [];
    let lastRow = 0;
    let lastCol = 0;
    const rowCount = ws.rowCount;
    const colCount = ws.columnCount;
    for (let r = 1; r <= rowCount; r++) {
      const row = ws.getRow(r);
      const vals: Scalar[] = [];
      const fs: string[] = [];
      for (let c = 1; c <= colCount; c++) {
        const cell = row.getCell(c);
        // A merged cell's other parts repeat the master's value in ExcelJS; Sheets shows them blank.
        const isSlave = cell.isMerged && cell.master.address !== cell.address;
        const { value, formula } = isSlave ? { value: null, formula: "" } : readCell(cell.type === ExcelJS.ValueType.Formula ? { formula: cell.formula, result: cell.result } as ExcelJS.CellValue : cell.value);
        vals.push(value);
        fs.push(formula);
        if (formula || (value !== null && value !== "")) {
          lastRow = r;
          if (c > lastCol) lastCol = c;
        }
      }
      values.push(vals);
      formulas.push(fs);
    }
    return {
      name,
      values: values.slice(0, lastRow).map((r) => r.slice(0, lastCol)),
      formulas: formulas.slice(0, lastRow).map((r) => r.slice(0, lastCol)),
    };
  }

  writeTab(render: TabRender): void {
    const existing = this.workbook.getWorksheet(render.name);
    const orderNo = existing ? internals(existing).orderNo : undefined;
    if (existing) this.workbook.removeWorksheet(existing.id);
    const ws = this.workbook.addWorksheet(render.name);
    if (orderNo !== undefined) internals(ws).orderNo = orderNo;

    // Arial 10, as in Google Sheets; cells inherit their column's font when created.
    const width = render.cells.reduce((w, row) => Math.max(w, row.length), 0);
    for (let c = 1; c <= width; c++) ws.getColumn(c).font = COLUMN_FONT;
    render.cells.forEach((row, r) => {
      const xrow = ws.getRow(r + 1);
      row.forEach((cell, c) => {
        if (cell === null || cell === undefined) return;
        const target = xrow.getCell(c + 1);
        target.value = writeCellValue(cell);
        keepFalsyResult(target, cell);
      });
    });
    for (const { range, style } of render.styles ?? []) {
      for (let r = range.row; r < range.row + range.rows; r++) {
        const xrow = ws.getRow(r);
        for (let c = range.col; c < range.col + range.cols; c++) {
          const target = xrow.getCell(c);
          target.style = withStyle(target.style, style);
        }
      }
    }
    for (const note of render.notes ?? []) ws.getCell(note.row, note.col).note = note.text;
    for (const v of (render.validations ?? []).filter(excelCanHold)) internals(ws).dataValidations.add(rectA1(v.range), excelValidation(v));
    (render.conditionalFormats ?? []).forEach((cf, i) => ws.addConditionalFormatting(excelConditionalFormatting(cf, i + 1)));
    for (const m of render.merges ?? []) ws.mergeCells(m.row, m.col, m.row + m.rows - 1, m.col + m.cols - 1);
    for (const m of render.mergeAcross ?? []) {
      for (let r = m.row; r < m.row + m.rows; r++) ws.mergeCells(r, m.col, r, m.col + m.cols - 1);
    }
    (render.columnWidths ?? []).forEach((px, i) => {
      if (px) ws.getColumn(i + 1).width = widthChars(px);
    });
    for (const col of render.hiddenColumns ?? []) ws.getColumn(col).hidden = true;
    for (const h of [...(render.rowHeightHints ?? []), ...(render.rowHeights ?? [])]) {
      for (let r = h.row; r < h.row + (h.rows ?? 1); r++) ws.getRow(r).height = heightPoints(h.height);
    }
    for (const r of render.rowBreaks ?? []) ws.getRow(r).addPageBreak();
    if (render.frozenRows || render.frozenCols) {
      ws.views = [{ state: "frozen", xSplit: render.frozenCols ?? 0, ySplit: render.frozenRows ?? 0 }];
    }
    if (render.tabColor) ws.properties.tabColor = { argb: argb(render.tabColor) };
    if (render.print) ws.pageSetup = { ...ws.pageSetup, ...excelPageSetup(render.print) };
  }

  updateCells(name: string, blocks: CellBlock[]): void {
    const ws = this.workbook.getWorksheet(name);
    if (!ws) throw new Error(`No tab ${name}`);
    for (const b of blocks) {
      b.values.forEach((row, r) =>
        row.forEach((cell, c) => {
          const target = ws.getCell(b.row + r, b.col + c);
          target.value = writeCellValue(cell);
          keepFalsyResult(target, cell);
        }),
      );
    }
  }

  appendRows(name: string, rows: CellInput[][]): void {
    const ws = this.workbook.getWorksheet(name);
    if (!ws) return;
    const last = this.readTab(name)?.values.length ?? 0;
    rows.forEach((row, r) => row.forEach((cell, c) => {
      if (cell !== null && cell !== undefined) ws.getCell(last + r + 1, c + 1).value = writeCellValue(cell);
    }));
  }

  orderTabs(names: string[]): void {
    const sheets = this.workbook.worksheets;
    const wanted = names.map((n) => sheets.find((s) => s.name === n)).filter((s): s is ExcelJS.Worksheet => Boolean(s));
    const rest = sheets.filter((s) => !wanted.includes(s));
    [...wanted, ...rest].forEach((ws, i) => (internals(ws).orderNo = i + 1));
  }

  inspectTab(name: string): TabDetails | null {
    const data = this.readTab(name);
    const ws = this.workbook.getWorksheet(name);
    if (!data || !ws) return null;
    const notes: TabDetails["notes"] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const note = cell.note as unknown;
        if (!note) return;
        const text =
          typeof note === "string" ? note : ((note as { texts?: { text: string }[] }).texts ?? []).map((t) => t.text).join("");
        notes.push({ row: r, col: c, text });
      }),
    );
    return {
      ...data,
      notes,
      validations: groupValidations(internals(ws).dataValidations.model),
      conditionalFormats: conditionalFormatsOf(internals(ws).conditionalFormattings),
      merges: ((ws.model as unknown as { merges: string[] }).merges ?? []).map(parseRectA1),
      frozenRows: (ws.views?.[0] as { ySplit?: number } | undefined)?.ySplit ?? 0,
      frozenCols: (ws.views?.[0] as { xSplit?: number } | undefined)?.xSplit ?? 0,
    };
  }
}
