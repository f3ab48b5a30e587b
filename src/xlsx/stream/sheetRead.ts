/**
 * What the port tells about a tab, for the streaming path: its values and formulas (TabData) and
 * its notes, validations, conditional formats, merges and frozen panes (TabDetails), either from
 * a sheet's XML as found in the file or from a render written in this run. Both read the same
 * way the in-memory port reads a saved workbook back, so the use-cases cannot tell them apart.
 */
import type ExcelJS from "exceljs";
import { slideFormula } from "exceljs/lib/utils/shared-formula";
import { a1, parseRectA1, rectA1 } from "../../workbook/a1";
import { isFormulaCell, isLinkCell, type CellInput, type Rect, type Scalar, type TabData, type TabDetails, type TabRender } from "../../workbook/port";
import { conditionalFormatsOf, excelCanHold, excelConditionalFormatting, excelValidation, groupValidations } from "../excelModel";
import { cellValue, scanSheet, sheetBytes, type SheetContext } from "./sheetScan";
import { relKind, resolvePart, type SourceBook, type SourceSheet } from "./sourceBook";
import { attributesOf, childNamed, childrenNamed, parseXml, textOf, type XmlElement } from "./xml";

export type Details = Omit<TabDetails, keyof TabData>;

export function contextOf(book: SourceBook): SheetContext {
  return {
    sharedStrings: book.sharedStrings.texts,
    isDateStyle: (s) => book.isDateStyle(s),
    date1904: book.date1904,
    slide: (formula, from, to) => slideFormula(formula, a1(from.row, from.col), a1(to.row, to.col)),
  };
}

/** Cells given sparsely, made rectangular and trimmed to the last row and column that hold something. */
function toTabData(name: string, cells: { row: number; col: number; value: Scalar; formula: string }[]): TabData {
  let lastRow = 0;
  let lastCol = 0;
  for (const c of cells) {
    if (c.formula || (c.value !== null && c.value !== "")) {
      if (c.row > lastRow) lastRow = c.row;
      if (c.col > lastCol) lastCol = c.col;
    }
  }
  const values: Scalar[][] = Array.from({ length: lastRow }, () => new Array<Scalar>(lastCol).fill(null));
  const formulas: string[][] = Array.from({ length: lastRow }, () => new Array<string>(lastCol).fill(""));
  for (const c of cells) {
    if (c.row > lastRow || c.col > lastCol) continue;
    values[c.row - 1][c.col - 1] = c.value;
    formulas[c.row - 1][c.col - 1] = c.formula;
  }
  return { name, values, formulas };
}

/** The cells other than the top-left one of each merged range: they read as blank. */
function mergedParts(merges: Rect[]): Set<string> {
  const out = new Set<string>();
  for (const m of merges) {
    for (let r = m.row; r < m.row + m.rows; r++) for (let c = m.col; c < m.col + m.cols; c++) if (r !== m.row || c !== m.col) out.add(`${r},${c}`);
  }
  return out;
}

function xmlMerges(xml: string): Rect[] {
  const out: Rect[] = [];
  const re = /<(?:[\w.-]+:)?mergeCell\b([^>]*?)\/?>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    const ref = attributesOf(m[1]).ref;
    if (ref) out.push(parseRectA1(ref));
  }
  return out;
}

/**
 * Visits a sheet's rows in order, each as sparse arrays of values and formulas (a row with no cell
 * is not visited). The parts of a merged range other than its top-left cell read as blank, as in
 * ExcelJS. The arrays are the visitor's to keep.
 */
export function eachSheetRow(xml: Buffer | string, book: SourceBook, visit: (row: number, values: Scalar[], formulas: string[]) => void): void {
  const ctx = contextOf(book);
  const sheet = sheetBytes(xml);
  const end = sheet.latin1.lastIndexOf("sheetData>");
  const merged = mergedParts(xmlMerges(end >= 0 ? sheet.latin1.slice(end) : ""));
  let row = 0;
  let values: Scalar[] = [];
  let formulas: string[] = [];
  scanSheet(
    sheet,
    (cell) => {
      if (cell.row !== row) {
        if (row > 0) visit(row, values, formulas);
        row = cell.row;
        values = [];
        formulas = [];
      }
      if (merged.size > 0 && merged.has(`${cell.row},${cell.col}`)) return;
      const value = cellValue(cell, ctx);
      if (value === null && !cell.formula) return;
      values[cell.col - 1] = value;
      formulas[cell.col - 1] = cell.formula;
    },
    ctx.slide,
  );
  if (row > 0) visit(row, values, formulas);
}

export function readSheetXml(name: string, xml: Buffer | string, book: SourceBook): TabData {
  const values: Scalar[][] = [];
  const formulas: string[][] = [];
  let lastRow = 0;
  let lastCol = 0;
  eachSheetRow(xml, book, (row, vs, fs) => {
    values[row - 1] = vs;
    formulas[row - 1] = fs;
    lastRow = row;
    if (vs.length > lastCol) lastCol = vs.length;
  });
  return trimmed(name, values, formulas, lastRow, lastCol);
}

/** Rectangular rows up to the last row and column that hold a value or a formula. */
function trimmed(name: string, values: Scalar[][], formulas: string[][], lastRow: number, lastCol: number): TabData {
  let rows = 0;
  let cols = 0;
  for (let r = 0; r < Math.min(lastRow, values.length); r++) {
    const vs = values[r];
    if (!vs) continue;
    const fs = formulas[r];
    for (let c = Math.min(lastCol, vs.length) - 1; c >= 0; c--) {
      const v = vs[c];
      if (fs[c] || (v !== null && v !== undefined && v !== "")) {
        rows = r + 1;
        if (c + 1 > cols) cols = c + 1;
        break;
      }
    }
  }
  const outValues: Scalar[][] = new Array(rows);
  const outFormulas: string[][] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const vs = values[r] ?? [];
    const fs = formulas[r] ?? [];
    const v: Scalar[] = new Array(cols);
    const f: string[] = new Array(cols);
    for (let c = 0; c < cols; c++) {
      v[c] = vs[c] ?? null;
      f[c] = fs[c] ?? "";
    }
    outValues[r] = v;
    outFormulas[r] = f;
  }
  return { name, values: outValues, formulas: outFormulas };
}

/** Every merge a render makes, in the order the writers make them. */
export function renderMerges(render: TabRender): Rect[] {
  const out = [...(render.merges ?? [])];
  for (const m of render.mergeAcross ?? []) for (let r = m.row; r < m.row + m.rows; r++) out.push({ row: r, col: m.col, rows: 1, cols: m.cols });
  return out;
}

function shownValue(cell: CellInput): Scalar {
  if (cell === null || cell === undefined) return null;
  if (isFormulaCell(cell)) return cell.result === undefined || cell.result === "" ? null : cell.result;
  if (isLinkCell(cell)) return cell.text;
  return cell;
}

export function readRender(render: TabRender): TabData {
  const merged = mergedParts(renderMerges(render));
  const cells: { row: number; col: number; value: Scalar; formula: string }[] = [];
  render.cells.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (cell === null || cell === undefined || merged.has(`${r + 1},${c + 1}`)) return;
      cells.push({ row: r + 1, col: c + 1, value: shownValue(cell), formula: isFormulaCell(cell) ? cell.formula : "" });
    }),
  );
  return toTabData(render.name, cells);
}

export function inspectRender(render: TabRender): Details {
  const validations: Record<string, ExcelJS.DataValidation> = {};
  for (const v of (render.validations ?? []).filter(excelCanHold)) validations[rectA1(v.range)] = excelValidation(v);
  return {
    notes: [...(render.notes ?? [])].sort((a, b) => a.row - b.row || a.col - b.col).map((n) => ({ row: n.row, col: n.col, text: n.text })),
    validations: groupValidations(validations),
    conditionalFormats: conditionalFormatsOf((render.conditionalFormats ?? []).map((cf, i) => excelConditionalFormatting(cf, i + 1))),
    merges: renderMerges(render),
    frozenRows: render.frozenRows ?? 0,
    frozenCols: render.frozenCols ?? 0,
  };
}

/** A sheet's elements after its cells, as a small tree (the cells are cut out first). */
function sheetTail(xml: string): XmlElement {
  const open = /<(?:[\w.-]+:)?sheetData\b[^>]*?(\/?)>/.exec(xml);
  if (!open) return parseXml(xml);
  const close = open[1] === "/" ? open.index + open[0].length : xml.indexOf("sheetData>", open.index + open[0].length) + "sheetData>".length;
  return parseXml(xml.slice(0, open.index) + xml.slice(close));
}

function dxfStyle(book: SourceBook, id: string | undefined): Partial<ExcelJS.Style> {
  return (id === undefined ? undefined : (book.styles.getDxfStyle(Number(id)) as Partial<ExcelJS.Style> | undefined)) ?? {};
}

export function inspectSheetXml(xml: string, book: SourceBook, sheet: SourceSheet): Details {
  const tail = sheetTail(xml);
  const validations: Record<string, ExcelJS.DataValidation> = {};
  for (const dv of childrenNamed(childNamed(tail, "dataValidations"), "dataValidation")) {
    const a = dv.attributes;
    const formulae = ["formula1", "formula2"].map((f) => childNamed(dv, f)?.text).filter((f): f is string => f !== undefined);
    const validation = {
      type: a.type ?? "any",
      allowBlank: a.allowBlank === "1",
      showInputMessage: a.showInputMessage === "1",
      prompt: a.prompt,
      showErrorMessage: a.showErrorMessage === "1",
      errorStyle: a.errorStyle ?? "stop",
      error: a.error,
      operator: a.operator,
      formulae,
    } as unknown as ExcelJS.DataValidation;
    for (const ref of (a.sqref ?? "").split(/\s+/).filter(Boolean)) validations[ref] = validation;
  }
  const formattings: ExcelJS.ConditionalFormattingOptions[] = childrenNamed(tail, "conditionalFormatting").map((cf) => ({
    ref: cf.attributes.sqref ?? "",
    rules: childrenNamed(cf, "cfRule").map((rule) => ({
      type: "expression",
      priority: Number(rule.attributes.priority ?? 0),
      formulae: childrenNamed(rule, "formula").map((f) => f.text),
      style: dxfStyle(book, rule.attributes.dxfId),
    })) as ExcelJS.ConditionalFormattingRule[],
  }));
  const pane = childNamed(childNamed(childNamed(tail, "sheetViews"), "sheetView"), "pane");
  const frozen = pane && (pane.attributes.state === "frozen" || pane.attributes.state === "frozenSplit");
  const commentsRel = sheet.relationships.find((r) => relKind(r.type) === "comments" && !r.external);
  const commentsXml = commentsRel ? book.zip.text(resolvePart(sheet.path, commentsRel.target)) : null;
  const notes = commentsXml
    ? childrenNamed(childNamed(parseXml(commentsXml), "commentList"), "comment").map((c) => {
        const at = parseRectA1(c.attributes.ref);
        const text = childNamed(c, "text");
        return { row: at.row, col: at.col, text: text ? textOf(text) : "" };
      })
    : [];
  return {
    notes: notes.sort((a, b) => a.row - b.row || a.col - b.col),
    validations: groupValidations(validations),
    conditionalFormats: conditionalFormatsOf(formattings),
    merges: childrenNamed(childNamed(tail, "mergeCells"), "mergeCell").map((m) => parseRectA1(m.attributes.ref)),
    frozenRows: frozen ? Number(pane.attributes.ySplit ?? 0) : 0,
    frozenCols: frozen ? Number(pane.attributes.xSplit ?? 0) : 0,
  };
}
