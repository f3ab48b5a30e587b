/**
 * An .xlsx file as found on disk, opened for the streaming port: its sheets (name, part, state,
 * relationships), shared strings, cell styles and defined names. Sheet XML is inflated only when a
 * sheet is read or carried over, and never turned into ExcelJS cells.
 */
import { Readable } from "node:stream";
import StylesXform from "exceljs/lib/xlsx/xform/style/styles-xform";
import NumFmtXform from "exceljs/lib/xlsx/xform/style/numfmt-xform";
import { runsText } from "./sheetScan";
import { childNamed, childrenNamed, parseXml } from "./xml";
import { ZipReader } from "./zipReader";

export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

export interface SourceSheet {
  name: string;
  state: string;
  /** The sheet's part, e.g. "xl/worksheets/sheet3.xml". */
  path: string;
  /** 0-based position among the workbook's sheets (defined names refer to it). */
  index: number;
  relationships: Relationship[];
}

export interface DefinedName {
  name: string;
  localSheetId?: number;
  text: string;
}

/** Relationship types by their last path segment ("comments", "vmlDrawing", "hyperlink", …). */
export const relKind = (type: string) => type.slice(type.lastIndexOf("/") + 1);

/** Resolves a relationship target against the folder of the part that holds the relationship. */
export function resolvePart(fromPart: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = fromPart.split("/").slice(0, -1);
  for (const segment of target.split("/")) {
    if (segment === "..") parts.pop();
    else if (segment !== "." && segment !== "") parts.push(segment);
  }
  return parts.join("/");
}

export function relsPathOf(part: string): string {
  const i = part.lastIndexOf("/");
  return `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
}

function readRelationships(zip: ZipReader, part: string): Relationship[] {
  const xml = zip.text(relsPathOf(part));
  if (!xml) return [];
  return childrenNamed(parseXml(xml), "Relationship").map((r) => ({
    id: r.attributes.Id,
    type: r.attributes.Type ?? "",
    target: r.attributes.Target ?? "",
    external: r.attributes.TargetMode === "External",
  }));
}

/** The shared-string table: each item's text, and its XML as it stands (kept for rich text). */
export interface SharedStringTable {
  texts: string[];
  items: string[];
}

function readSharedStrings(xml: string | null): SharedStringTable {
  const table: SharedStringTable = { texts: [], items: [] };
  if (!xml) return table;
  const re = /<(?:[\w.-]+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?si>)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    table.texts.push(m[1] ? runsText(m[1]) : "");
    table.items.push(m[0]);
  }
  return table;
}

/** Date formats: Excel's built-in ones and any code with day, month, year or time parts. */
function isDateFormat(code: string | undefined): boolean {
  if (!code) return false;
  const bare = code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhsb]/i.test(bare.replace(/General/gi, ""));
}

export class SourceBook {
  private constructor(
    readonly zip: ZipReader,
    readonly sheets: SourceSheet[],
    readonly definedNames: DefinedName[],
    readonly date1904: boolean,
    readonly styles: StylesXform,
    private readonly dateStyles: boolean[],
    readonly sharedStringsPath: string | null,
    /** The content type of every part named in [Content_Types].xml, and the defaults by extension. */
    readonly contentTypes: { overrides: Map<string, string>; defaults: Map<string, string> },
  ) {}

  private sharedStringsCache: SharedStringTable | null = null;

  get sharedStrings(): SharedStringTable {
    return (this.sharedStringsCache ??= readSharedStrings(this.sharedStringsPath ? this.zip.text(this.sharedStringsPath) : null));
  }

  static async open(buffer: Buffer): Promise<SourceBook> {
    const zip = new ZipReader(buffer);
    const rootRels = readRelationships(zip, "");
    const bookPath = resolvePart("", rootRels.find((r) => relKind(r.type) === "officeDocument")?.target ?? "xl/workbook.xml");
    const bookXml = zip.text(bookPath);
    if (!bookXml) throw new Error("not a spreadsheet: the workbook part is missing");
    const book = parseXml(bookXml);
    const bookRels = readRelationships(zip, bookPath);
    const byId = new Map(bookRels.map((r) => [r.id, r]));
    const sheets: SourceSheet[] = childrenNamed(childNamed(book, "sheets"), "sheet").map((s, index) => {
      const rel = byId.get(s.attributes["r:id"] ?? Object.entries(s.attributes).find(([k]) => k.endsWith(":id"))?.[1] ?? "");
      const path = rel ? resolvePart(bookPath, rel.target) : "";
      return { name: s.attributes.name, state: s.attributes.state ?? "visible", path, index, relationships: path ? readRelationships(zip, path) : [] };
    });
    const definedNames = childrenNamed(childNamed(book, "definedNames"), "definedName").map((d) => ({
      name: d.attributes.name,
      localSheetId: d.attributes.localSheetId === undefined ? undefined : Number(d.attributes.localSheetId),
      text: d.text,
    }));
    const props = childNamed(book, "workbookPr");
    const date1904 = props?.attributes.date1904 === "1" || props?.attributes.date1904 === "true";

    const stylesRel = bookRels.find((r) => relKind(r.type) === "styles");
    const styles = new StylesXform();
    const stylesXml = stylesRel ? zip.read(resolvePart(bookPath, stylesRel.target)) : null;
    if (stylesXml) await styles.parseStream(Readable.from([stylesXml]));
    else styles.model = { styles: [] };
    const dateStyles = (styles.model.styles ?? []).map((xf) => {
      const id = xf.numFmtId ?? 0;
      return isDateFormat(styles.index?.numFmt?.[id] ?? NumFmtXform.getDefaultFmtCode(id));
    });

    const stringsRel = bookRels.find((r) => relKind(r.type) === "sharedStrings");
    const types = parseXml(zip.text("[Content_Types].xml") ?? "<Types/>");
    const contentTypes = {
      overrides: new Map(childrenNamed(types, "Override").map((o) => [o.attributes.PartName.replace(/^\//, ""), o.attributes.ContentType])),
      defaults: new Map(childrenNamed(types, "Default").map((d) => [d.attributes.Extension.toLowerCase(), d.attributes.ContentType])),
    };
    return new SourceBook(zip, sheets, definedNames, date1904, styles, dateStyles, stringsRel ? resolvePart(bookPath, stringsRel.target) : null, contentTypes);
  }

  isDateStyle(style: number): boolean {
    return this.dateStyles[style] ?? false;
  }

  /** A cell style like `style` whose number format shows a date: added to this book's styles when needed. */
  dateVariantOf(style: number): number {
    if (this.isDateStyle(style)) return style;
    const xfs = (this.styles.model.styles ??= []);
    const base = xfs[style] ?? { numFmtId: 0, fontId: 0, fillId: 0, borderId: 0 };
    xfs.push({ ...base, numFmtId: 14 });
    this.dateStyles.push(true);
    return xfs.length - 1;
  }

  /** The print titles of a sheet ("1:8" for rows 1 to 8), from the workbook's defined names. */
  printTitlesRow(sheet: SourceSheet): string | undefined {
    const name = this.definedNames.find((d) => d.name === "_xlnm.Print_Titles" && d.localSheetId === sheet.index);
    const m = name ? /\$?(\d+):\$?(\d+)/.exec(name.text.split("!").pop() ?? "") : null;
    return m ? `${m[1]}:${m[2]}` : undefined;
  }
}

