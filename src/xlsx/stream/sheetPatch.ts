/**
 * Writes cells into a sheet's XML in place: how the streaming port saves a form's row or appends
 * to the log in a tab it carries over without reading it into cells. Only the rows that change
 * are rebuilt; every other byte of the sheet stays as it was. A written cell keeps its style, as
 * the in-memory port and Google Sheets keep a cell's format when its value is set.
 */
import { a1, parseRectA1, rectA1 } from "../../workbook/a1";
import { isFormulaCell, isLinkCell, type CellInput, type Scalar } from "../../workbook/port";
import { quoteTab } from "../../workbook/a1";
import { sheetDataBounds } from "./sheetScan";
import type { SourceBook } from "./sourceBook";
import { attributesOf, escapeText, escapeXml } from "./xml";

export interface CellUpdate {
  row: number;
  col: number;
  value: CellInput;
}

const ROW_TAG = /<(?:[\w.-]+:)?row\b([^>]*?)(\/?)>|<\/(?:[\w.-]+:)?row>/g;
const CELL = /<(?:[\w.-]+:)?c\b([^>]*?)(?:\/>|>[\s\S]*?<\/(?:[\w.-]+:)?c>)/g;

interface RowSpan {
  row: number;
  attributes: string;
  start: number;
  end: number;
  /** Where the row's cells are (empty for `<row/>`). */
  bodyStart: number;
  bodyEnd: number;
}

function rowsOf(xml: string, start: number, end: number): RowSpan[] {
  const out: RowSpan[] = [];
  let current: RowSpan | null = null;
  let n = 0;
  ROW_TAG.lastIndex = start;
  let m: RegExpExecArray | null;
  while ((m = ROW_TAG.exec(xml)) && m.index < end) {
    if (m[1] === undefined) {
      if (current) {
        current.bodyEnd = m.index;
        current.end = m.index + m[0].length;
        out.push(current);
        current = null;
      }
      continue;
    }
    const r = attributesOf(m[1]).r;
    n = r ? Number(r) : n + 1;
    const span = { row: n, attributes: m[1], start: m.index, end: m.index + m[0].length, bodyStart: m.index + m[0].length, bodyEnd: m.index + m[0].length };
    if (m[2] === "/") out.push(span);
    else current = span;
  }
  return out;
}

function columnOfRef(ref: string): number {
  let n = 0;
  for (const ch of ref.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + code - 64;
  }
  return n;
}

/** The column styles of `<cols>`: what a new cell of an existing row takes, as in Excel. */
function columnStyles(xml: string, before: number): (col: number) => number | null {
  const styles: { min: number; max: number; style: number }[] = [];
  const re = /<(?:[\w.-]+:)?col\b([^>]*?)\/?>/g;
  let m: RegExpExecArray | null;
  const head = xml.slice(0, before);
  while ((m = re.exec(head))) {
    const a = attributesOf(m[1]);
    if (a.style !== undefined) styles.push({ min: Number(a.min), max: Number(a.max), style: Number(a.style) });
  }
  return (col) => styles.find((s) => col >= s.min && col <= s.max)?.style ?? null;
}

const serial = (d: Date, date1904: boolean) => 25569 + d.getTime() / 86_400_000 - (date1904 ? 1462 : 0);

function cellXml(ref: string, style: number | null, cell: CellInput, book: SourceBook): string {
  const s = (id: number | null) => (id === null || id === 0 ? "" : ` s="${id}"`);
  const scalar = (value: Scalar, formula: string): string => {
    const f = formula ? `<f>${escapeText(formula)}</f>` : "";
    if (value === null || value === undefined || value === "") return formula ? `<c r="${ref}"${s(style)}>${f}</c>` : style ? `<c r="${ref}"${s(style)}/>` : "";
    if (value instanceof Date) return `<c r="${ref}"${s(book.dateVariantOf(style ?? 0))}>${f}<v>${serial(value, book.date1904)}</v></c>`;
    if (typeof value === "number") return `<c r="${ref}"${s(style)}>${f}<v>${value}</v></c>`;
    if (typeof value === "boolean") return `<c r="${ref}"${s(style)} t="b">${f}<v>${value ? 1 : 0}</v></c>`;
    if (formula) return `<c r="${ref}"${s(style)} t="str">${f}<v>${escapeText(value)}</v></c>`;
    return `<c r="${ref}"${s(style)} t="inlineStr"><is><t xml:space="preserve">${escapeText(value)}</t></is></c>`;
  };
  if (isFormulaCell(cell)) return scalar(cell.result ?? null, cell.formula);
  if (isLinkCell(cell)) return scalar(cell.text, "");
  return scalar(cell as Scalar, "");
}

/**
 * The sheet's `<hyperlinks>` with the written cells' links replaced. A link is a relationship of the
 * sheet whose target is "#'Tab'!A1", as ExcelJS writes links (`addLink` records it and names it).
 */
function patchHyperlinks(xml: string, updates: CellUpdate[], addLink: (target: string) => string): string {
  const written = new Set(updates.map((u) => a1(u.row, u.col)));
  const added = updates
    .filter((u) => isLinkCell(u.value))
    .map((u) => {
      const link = u.value as { text: string; link: { tab: string; cell: string } };
      return `<hyperlink ref="${a1(u.row, u.col)}" r:id="${escapeXml(addLink(`#${quoteTab(link.link.tab)}!${link.link.cell}`))}"/>`;
    });
  const block = /<(?:[\w.-]+:)?hyperlinks\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?hyperlinks>)/.exec(xml);
  if (!block && added.length === 0) return xml;
  const kept = block
    ? (block[1] ?? "").match(/<(?:[\w.-]+:)?hyperlink\b[^>]*?(?:\/>|>[\s\S]*?<\/(?:[\w.-]+:)?hyperlink>)/g)?.filter((h) => {
        const ref = attributesOf(h.slice(0, h.indexOf(">"))).ref;
        return !ref || !written.has(ref.toUpperCase());
      }) ?? []
    : [];
  const all = [...kept, ...added];
  const element = all.length > 0 ? `<hyperlinks>${all.join("")}</hyperlinks>` : "";
  if (block) return xml.slice(0, block.index) + element + xml.slice(block.index + block[0].length);
  // Hyperlinks come after validations and before the page setup (the order of the OOXML schema).
  const next = /<(?:[\w.-]+:)?(?:printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|colBreaks|customProperties|cellWatches|ignoredErrors|smartTags|drawing|legacyDrawing|legacyDrawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b/.exec(xml);
  const at = next ? next.index : xml.lastIndexOf("</");
  return xml.slice(0, at) + element + xml.slice(at);
}

function patchDimension(xml: string, lastRow: number, lastCol: number): string {
  return xml.replace(/<((?:[\w.-]+:)?dimension)\b([^>]*?)\/>/, (whole, tag: string, attrs: string) => {
    const ref = attributesOf(attrs).ref;
    if (!ref) return whole;
    const r = parseRectA1(ref.includes(":") ? ref : `${ref}:${ref}`);
    const rows = Math.max(r.row + r.rows - 1, lastRow) - r.row + 1;
    const cols = Math.max(r.col + r.cols - 1, lastCol) - r.col + 1;
    return `<${tag} ref="${rectA1({ row: r.row, col: r.col, rows, cols })}"/>`;
  });
}

export function patchSheetXml(xml: string, updates: CellUpdate[], book: SourceBook, addLink: (target: string) => string): string {
  if (updates.length === 0) return xml;
  let bounds = sheetDataBounds(xml);
  if (!bounds) throw new Error("the sheet has no cell data");
  if (bounds.selfClosing) {
    const tagEnd = xml.indexOf(">", bounds.open) + 1;
    xml = `${xml.slice(0, bounds.open)}<sheetData></sheetData>${xml.slice(tagEnd)}`;
    bounds = sheetDataBounds(xml)!;
  }
  const styleOfColumn = columnStyles(xml, bounds.open);
  const rows = rowsOf(xml, bounds.start, bounds.end);
  const byRow = new Map<number, CellUpdate[]>();
  for (const u of updates) byRow.set(u.row, [...(byRow.get(u.row) ?? []), u]);

  const rebuilt = new Map<number, string>();
  const existing = new Map(rows.map((r) => [r.row, r]));
  for (const [rowNumber, changes] of byRow) {
    const span = existing.get(rowNumber);
    const rowAttrs = span ? attributesOf(span.attributes) : {};
    const rowStyle = rowAttrs.customFormat === "1" && rowAttrs.s !== undefined ? Number(rowAttrs.s) : null;
    const cells = new Map<number, { xml: string; style: number | null }>();
    if (span) {
      const body = xml.slice(span.bodyStart, span.bodyEnd);
      let col = 0;
      CELL.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = CELL.exec(body))) {
        const a = attributesOf(m[1]);
        col = a.r ? columnOfRef(a.r) : col + 1;
        cells.set(col, { xml: a.r ? m[0] : m[0].replace(/^<((?:[\w.-]+:)?c)\b/, `<$1 r="${a1(rowNumber, col)}"`), style: a.s !== undefined ? Number(a.s) : null });
      }
    }
    for (const u of changes) {
      const style = cells.get(u.col)?.style ?? rowStyle ?? styleOfColumn(u.col);
      cells.set(u.col, { xml: cellXml(a1(rowNumber, u.col), style, u.value, book), style });
    }
    const body = [...cells.entries()].sort((x, y) => x[0] - y[0]).map(([, c]) => c.xml).join("");
    const attrs = span ? span.attributes.replace(/\s+spans\s*=\s*"[^"]*"/, "") : ` r="${rowNumber}"`;
    const withNumber = /(?:^|\s)r\s*=/.test(attrs) ? attrs : ` r="${rowNumber}"${attrs}`;
    rebuilt.set(rowNumber, `<row${withNumber}>${body}</row>`);
  }

  // The rows in order: those that changed rebuilt, new ones where they belong, the rest untouched.
  const parts: string[] = [xml.slice(0, bounds.start)];
  const fresh = [...rebuilt.keys()].filter((r) => !existing.has(r)).sort((a, b) => a - b);
  let cursor = bounds.start;
  let f = 0;
  for (const span of rows) {
    while (f < fresh.length && fresh[f] < span.row) parts.push(rebuilt.get(fresh[f++])!);
    if (rebuilt.has(span.row)) {
      parts.push(xml.slice(cursor, span.start), rebuilt.get(span.row)!);
      cursor = span.end;
    } else {
      parts.push(xml.slice(cursor, span.end));
      cursor = span.end;
    }
  }
  parts.push(xml.slice(cursor, bounds.end));
  while (f < fresh.length) parts.push(rebuilt.get(fresh[f++])!);
  parts.push(xml.slice(bounds.end));
  const lastRow = Math.max(...updates.map((u) => u.row));
  const lastCol = Math.max(...updates.map((u) => u.col));
  return patchDimension(patchHyperlinks(parts.join(""), updates, addLink), lastRow, lastCol);
}
