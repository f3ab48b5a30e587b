/**
 * How a tab render becomes ExcelJS values, styles, validations, conditional formats and page
 * setup. Shared by the in-memory port (xlsxPort.ts) and the streaming writer (stream/), so the two
 * write exactly the same workbook.
 */
import type ExcelJS from "exceljs";
import { parseRectA1, quoteTab, rectA1 } from "../workbook/a1";
import { isFormulaCell, isLinkCell, type CellInput, type CellStyle, type ConditionalFormat, type PrintSetup, type Rect, type Scalar, type Validation } from "../workbook/port";

export const argb = (hex: string) => `FF${hex.replace("#", "").toUpperCase()}`;
export const hex = (value: string | undefined) => (value ? `#${value.slice(-6).toLowerCase()}` : undefined);

/** Pixels to Excel's column width in characters, and to row height in points. */
export const widthChars = (px: number) => Math.max(2, Math.round((px / 7) * 10) / 10);
export const heightPoints = (px: number) => Math.round(px * 0.75);

/** The font every column gets: Arial 10, as in Google Sheets. */
export const COLUMN_FONT: Partial<ExcelJS.Font> = { name: "Arial", size: 10 };

/** ExcelJS drops a formula's cached result when it is 0 or false (it copies only truthy fields). */
export function keepFalsyResult(target: ExcelJS.Cell, cell: CellInput): void {
  if (isFormulaCell(cell) && (cell.result === 0 || cell.result === false)) {
    (target as unknown as { _value: { model: { result: unknown } } })._value.model.result = cell.result;
  }
}

export function writeCellValue(cell: CellInput): ExcelJS.CellValue {
  if (cell === null || cell === undefined) return null;
  if (isFormulaCell(cell)) {
    const result = cell.result === "" || cell.result === undefined ? undefined : cell.result;
    return { formula: cell.formula, result } as ExcelJS.CellFormulaValue;
  }
  if (isLinkCell(cell)) return { text: cell.text, hyperlink: `#${quoteTab(cell.link.tab)}!${cell.link.cell}` };
  return cell as Scalar;
}

/** A cell's style after `style` is applied on top of `current` (fill replaced; font and alignment merged). */
export function withStyle(current: Partial<ExcelJS.Style>, style: CellStyle): Partial<ExcelJS.Style> {
  const out: Partial<ExcelJS.Style> = { ...current };
  if (style.background) out.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(style.background) } };
  if (style.fontColor || style.bold !== undefined || style.italic !== undefined || style.fontSize) {
    out.font = {
      ...current.font,
      ...(style.fontColor ? { color: { argb: argb(style.fontColor) } } : {}),
      ...(style.bold !== undefined ? { bold: style.bold } : {}),
      ...(style.italic !== undefined ? { italic: style.italic } : {}),
      ...(style.fontSize ? { size: style.fontSize } : {}),
    };
  }
  if (style.wrap !== undefined || style.hAlign || style.vAlign) {
    out.alignment = {
      ...current.alignment,
      ...(style.wrap !== undefined ? { wrapText: style.wrap } : {}),
      ...(style.hAlign ? { horizontal: style.hAlign } : {}),
      ...(style.vAlign ? { vertical: style.vAlign } : {}),
    };
  }
  if (style.numberFormat) out.numFmt = style.numberFormat;
  return out;
}

/** Excel keeps an inline list in at most 255 characters, without commas inside items. */
export function excelCanHold(v: Validation): boolean {
  return !(v.rule.kind === "list" && (v.rule.values.join(",").length > 250 || v.rule.values.some((x) => x.includes(","))));
}

export function excelValidation(v: Validation): ExcelJS.DataValidation {
  const common = {
    allowBlank: true,
    showInputMessage: true,
    prompt: v.helpText.slice(0, 255),
    showErrorMessage: true,
    errorStyle: v.allowInvalid ? "warning" : "stop",
    error: v.helpText.slice(0, 255),
  } as const;
  switch (v.rule.kind) {
    case "list":
      return { ...common, type: "list", formulae: [`"${v.rule.values.join(",")}"`] };
    case "listFromRange": {
      const r = parseRectA1(v.rule.range);
      const abs = `$${rectA1(r).replace(/([A-Z]+)(\d+)/g, "$1$$$2")}`.replace(":", ":$");
      return { ...common, type: "list", formulae: [`${quoteTab(v.rule.tab)}!${abs}`] };
    }
    case "number":
      return {
        ...common,
        type: v.rule.integer ? "whole" : "decimal",
        operator: "between",
        formulae: [v.rule.min ?? -1e9, v.rule.max ?? 1e9],
      };
    case "date":
      return { ...common, type: "date", operator: "greaterThan", formulae: [new Date(Date.UTC(1950, 0, 1))] };
  }
}

/** One expression rule; `priority` is its place among the tab's rules (1 first). */
export function excelConditionalFormatting(cf: ConditionalFormat, priority: number): ExcelJS.ConditionalFormattingOptions {
  return {
    ref: rectA1(cf.range),
    rules: [
      {
        type: "expression",
        priority,
        formulae: [cf.formula],
        style: {
          ...(cf.style.background ? { fill: { type: "pattern", pattern: "solid", bgColor: { argb: argb(cf.style.background) } } } : {}),
          ...(cf.style.fontColor || cf.style.bold
            ? { font: { ...(cf.style.bold ? { bold: true } : {}), ...(cf.style.fontColor ? { color: { argb: argb(cf.style.fontColor) } } : {}) } }
            : {}),
        },
      } as ExcelJS.ConditionalFormattingRule,
    ],
  };
}

/** A4, the orientation asked for, fitted to the page width, header rows repeated. */
export function excelPageSetup(print: PrintSetup): Partial<ExcelJS.PageSetup> {
  return {
    paperSize: 9, // A4
    orientation: print.landscape ? "landscape" : "portrait",
    fitToPage: print.fitToWidth,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    ...(print.repeatRows ? { printTitlesRow: `1:${print.repeatRows}` } : {}),
  };
}

/** The conditional formats ExcelJS holds for a sheet, as the port describes them. */
export function conditionalFormatsOf(formattings: ExcelJS.ConditionalFormattingOptions[]): ConditionalFormat[] {
  return formattings.flatMap((cf) =>
    cf.rules.map((rule): ConditionalFormat => {
      const r = rule as ExcelJS.ExpressionRuleType;
      const fill = r.style?.fill as ExcelJS.FillPattern | undefined;
      return {
        range: parseRectA1(cf.ref.split(" ")[0]),
        formula: String(r.formulae?.[0] ?? ""),
        style: { background: hex(fill?.bgColor?.argb), bold: r.style?.font?.bold || undefined },
      };
    }),
  );
}

/** ExcelJS keeps validations per cell (or per range when we wrote them); group them back into ranges. */
export function groupValidations(model: Record<string, ExcelJS.DataValidation | undefined>): Validation[] {
  const groups = new Map<string, { v: ExcelJS.DataValidation; cells: Rect[] }>();
  for (const [address, v] of Object.entries(model)) {
    if (!v) continue;
    const key = JSON.stringify(v);
    const g = groups.get(key) ?? { v, cells: [] };
    g.cells.push(parseRectA1(address));
    groups.set(key, g);
  }
  return [...groups.values()].map(({ v, cells }) => {
    const top = Math.min(...cells.map((c) => c.row));
    const left = Math.min(...cells.map((c) => c.col));
    const bottom = Math.max(...cells.map((c) => c.row + c.rows - 1));
    const right = Math.max(...cells.map((c) => c.col + c.cols - 1));
    const formula = String(v.formulae?.[0] ?? "");
    const rule: Validation["rule"] =
      v.type === "list"
        ? formula.startsWith('"')
          ? { kind: "list", values: formula.slice(1, -1).split(",") }
          : { kind: "listFromRange", tab: formula.split("!")[0].replace(/^'|'$/g, "").replace(/''/g, "'"), range: formula.split("!")[1].replace(/\$/g, "") }
        : v.type === "date"
          ? { kind: "date" }
          : { kind: "number", min: Number(v.formulae?.[0]), max: Number(v.formulae?.[1]), integer: v.type === "whole" };
    return {
      range: { row: top, col: left, rows: bottom - top + 1, cols: right - left + 1 },
      rule,
      allowInvalid: v.errorStyle === "warning" || v.errorStyle === "information",
      helpText: v.prompt ?? "",
    };
  });
}

