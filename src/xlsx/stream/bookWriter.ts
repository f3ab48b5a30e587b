/**
 * Writes a whole workbook with ExcelJS's streaming WorkbookWriter: each tab rendered in this run is
 * written row by row (renderWriter.ts), and each tab that was not touched is carried over from the
 * source file as it is, XML and notes and all, never read into cells. Only what ties the parts
 * together is rewritten: the workbook's sheet list, defined names, relationships and content types
 * (the style table starts as the source's, so style numbers keep their meaning).
 */
import { EventEmitter } from "node:events";
import { promisify } from "node:util";
import { constants as zlibConstants, crc32, deflateRaw } from "node:zlib";
import { PassThrough, type Writable } from "node:stream";
import ExcelJS from "exceljs";
import type StylesXform from "exceljs/lib/xlsx/xform/style/styles-xform";
import WorkbookXform from "exceljs/lib/xlsx/xform/book/workbook-xform";
import ContentTypesXform from "exceljs/lib/xlsx/xform/core/content-types-xform";
import type { TabRender } from "../../workbook/port";
import { sheetOptions, writeRender, type SheetOptions, type SheetWriter } from "./renderWriter";
import { relKind, relsPathOf, resolvePart, type DefinedName, type Relationship, type SharedStringTable, type SourceBook, type SourceSheet } from "./sourceBook";
import { ZipWriter } from "./zipWriter";
import { escapeText, escapeXml } from "./xml";

/** A tab as the next save writes it: a render of this run, or a sheet of the source carried over. */
export type OutputTab =
  | { kind: "render"; render: TabRender; /** Columns that get the default font: the render's width when it was written. */ columnsWithFont?: number }
  | { kind: "source"; sheet: SourceSheet; /** The sheet's XML when it was changed in place; else read from the source. */ xml: string | null };

/** What the subclass below reaches inside ExcelJS's WorkbookWriter (4.4). */
interface WriterInternals {
  styles: StylesXform;
  _worksheets: unknown[];
  readonly nextId: number;
  zip: { append(data: Buffer | string, options: { name: string }): void; abort?(): void };
  commentRefs: { commentName: string; vmlDrawing: string }[];
  sharedStrings: SharedStrings;
  media: unknown[];
  _definedNames: { model: unknown[] };
  views: unknown[];
  addWorksheet(name: string, options?: SheetOptions): SheetWriter;
  addThemes(): Promise<void>;
  addOfficeRels(): Promise<void>;
}

/**
 * The shared-string table ExcelJS fills as it writes cells, started with the source's items in
 * order (kept as their XML, so rich text stays rich), so a carried sheet's string numbers keep
 * their meaning. Equal plain strings share one item.
 */
class SharedStrings {
  private readonly items: string[] = [];
  private readonly index = new Map<string, number>();
  private refs = 0;

  constructor(source: SharedStringTable | null) {
    source?.items.forEach((item, i) => {
      this.items.push(item);
      // Only plain items are shared with new text: a rich one would lend it its formatting.
      if (!/<(?:[\w.-]+:)?r>/.test(item) && !this.index.has(source.texts[i])) this.index.set(source.texts[i], i);
    });
  }

  get count(): number {
    return this.items.length;
  }

  add(value: string): number {
    this.refs++;
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.items.length;
      const space = /^\s|\s$|\n/.test(value) ? ' xml:space="preserve"' : "";
      this.items.push(`<si><t${space}>${escapeText(value)}</t></si>`);
      this.index.set(value, i);
    }
    return i;
  }

  toXml(): string {
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.refs}" uniqueCount="${this.items.length}">${this.items.join("")}</sst>`;
  }
}

/**
 * Where a part is streamed (a sheet as its rows are written, its notes, its relationships): it is
 * deflated in pieces of a few megabytes as it grows, in Node's thread pool while the next rows
 * are made, so a 60 MB sheet never sits in memory uncompressed and the second core does the
 * compressing. Each piece ends on a zlib sync flush, so the pieces join into one deflate stream.
 */
export class PartStream extends EventEmitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly pieces: Promise<Buffer>[] = [];
  private inFlight = 0;
  private crc = 0;
  private size = 0;

  constructor(
    private readonly name: string,
    private readonly zip: ZipWriter,
    private readonly level: number,
  ) {
    super();
  }

  write(chunk: Buffer | string | { toBuffer(): Buffer }): boolean {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.isBuffer(chunk) ? chunk : chunk.toBuffer();
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= PIECE) this.flush(false);
    return true;
  }

  /** True when the writer should wait (drain) before making more: two pieces are being deflated. */
  get backlogged(): boolean {
    return this.inFlight >= 2;
  }

  drain(): Promise<void> {
    return this.inFlight < 2 ? Promise.resolve() : new Promise((resolve) => this.once("piece", () => resolve(this.drain())));
  }

  private flush(last: boolean): void {
    const piece = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.crc = crc32(piece, this.crc);
    this.size += piece.length;
    this.inFlight++;
    this.pieces.push(
      deflate(piece, { level: this.level, finishFlush: last ? zlibConstants.Z_FINISH : zlibConstants.Z_SYNC_FLUSH }).finally(() => {
        this.inFlight--;
        this.emit("piece");
      }),
    );
  }

  end(chunk?: Buffer | string): void {
    if (chunk !== undefined) this.write(chunk);
    this.flush(true);
    const { crc, size } = this;
    const stored = Promise.all(this.pieces).then((pieces) => {
      const data = Buffer.concat(pieces);
      return { method: 8, crc32: crc, compressedSize: data.length, size, data };
    });
    this.zip.addPending(this.name, stored);
    this.emit("finish");
    this.emit("zipped");
  }

  pause(): this {
    return this;
  }

  resume(): this {
    return this;
  }
}

/** How much of a part is deflated at a time. */
const PIECE = 4 * 1024 * 1024;
const deflate = promisify(deflateRaw);

class Writer extends ExcelJS.stream.xlsx.WorkbookWriter {
  /** Parts of the content-type list for carried-over parts ExcelJS does not know of. */
  extraTypes: { overrides: Map<string, string>; defaults: Map<string, string> } = { overrides: new Map(), defaults: new Map() };
  extraNames: { name: string; localSheetId?: number; ranges: string[] }[] = [];
  readonly parts: ZipWriter;

  constructor(
    private readonly out: Writable,
    private readonly level: number,
    strings: SharedStringTable | null,
  ) {
    // ExcelJS's own archiver is set aside: the parts go to our ZipWriter, which can copy carried
    // parts still compressed and deflates the others in the thread pool.
    super({ stream: new PassThrough(), useStyles: true, useSharedStrings: true });
    const w = this.internals;
    w.zip.abort?.();
    this.parts = new ZipWriter(level);
    w.zip = { append: (data, options) => this.parts.add(options.name, data) };
    w.sharedStrings = new SharedStrings(strings);
    void w.addThemes();
    void w.addOfficeRels();
  }

  get internals(): WriterInternals {
    return this as unknown as WriterInternals;
  }

  _openStream(path: string): PartStream {
    return new PartStream(path, this.parts, this.level);
  }

  _finalize(): Promise<void> {
    return this.parts.writeTo(this.out);
  }

  /** The live formulas must be recalculated when the file is opened, whatever results they carry. */
  override addWorkbook(): Promise<void> {
    const w = this.internals;
    const model = {
      worksheets: w._worksheets.filter(Boolean),
      definedNames: [...w._definedNames.model, ...this.extraNames],
      views: w.views,
      properties: {},
      calcProperties: { fullCalcOnLoad: true },
    };
    const xform = new WorkbookXform();
    xform.prepare(model);
    w.zip.append(xform.toXml(model), { name: "/xl/workbook.xml" });
    return Promise.resolve();
  }

  override addSharedStrings(): Promise<void> {
    const strings = this.internals.sharedStrings;
    if (strings.count > 0) this.internals.zip.append(strings.toXml(), { name: "/xl/sharedStrings.xml" });
    return Promise.resolve();
  }

  override addContentTypes(): Promise<void> {
    const w = this.internals;
    const xml = new ContentTypesXform().toXml({ worksheets: w._worksheets.filter(Boolean), sharedStrings: w.sharedStrings, commentRefs: w.commentRefs, media: w.media });
    const extra = [
      ...[...this.extraTypes.defaults].map(([ext, type]) => `<Default Extension="${escapeXml(ext)}" ContentType="${escapeXml(type)}"/>`),
      ...[...this.extraTypes.overrides].map(([part, type]) => `<Override PartName="/${escapeXml(part)}" ContentType="${escapeXml(type)}"/>`),
    ];
    w.zip.append(xml.replace("</Types>", `${extra.join("")}</Types>`), { name: "[Content_Types].xml" });
    return Promise.resolve();
  }
}

/** The style manager's inside (ExcelJS 4.4's StylesXform in its writing role). */
interface StyleManager {
  map: Record<"numFmt" | "font" | "fill" | "border" | "style", { toXml(model: unknown): string }>;
  model: { numFmts: string[]; fonts: string[]; fills: string[]; borders: string[]; styles: string[]; dxfs: unknown[] };
  index: { style: Record<string, number>; numFmt: Record<string, number>; font: Record<string, number>; border: Record<string, number>; fill: Record<string, number> };
  initIndex(): void;
  _addNumFmtStr(code: string): number;
}

/**
 * Starts the new file's style table as a copy of the source's, entry for entry, so every style
 * number in a carried sheet (cells, rows, columns, conditional formats) keeps its meaning and its
 * XML is copied byte for byte. New styles are added after them, and shared where equal.
 */
function seedStyles(target: StylesXform, source: StylesXform): void {
  const src = source.model as unknown as { numFmts?: { id: number; formatCode: string }[]; fonts?: unknown[]; fills?: unknown[]; borders?: unknown[]; styles?: Record<string, unknown>[]; dxfs?: unknown[] };
  if (!src.styles || src.styles.length === 0) return;
  const t = target as unknown as StyleManager;
  t.initIndex();
  t.model = { numFmts: [], fonts: [], fills: [], borders: [], styles: [], dxfs: structuredClone(src.dxfs ?? []) };
  const put = (list: string[], index: Record<string, number>, xml: string) => {
    if (index[xml] === undefined) index[xml] = list.length;
    list.push(xml);
  };
  for (const f of src.fonts ?? []) put(t.model.fonts, t.index.font, t.map.font.toXml(f));
  for (const f of src.fills ?? []) put(t.model.fills, t.index.fill, t.map.fill.toXml(f));
  for (const b of src.borders ?? []) put(t.model.borders, t.index.border, t.map.border.toXml(b));
  for (const xf of src.styles) put(t.model.styles, t.index.style, t.map.style.toXml({ ...xf, xfId: 0 }));
  const ids = new Map<string, number>();
  for (const nf of src.numFmts ?? []) {
    t.model.numFmts.push(t.map.numFmt.toXml(nf));
    ids.set(nf.formatCode, nf.id);
  }
  // Custom number formats get ids after the highest one the source used (ExcelJS counts from 164).
  let next = Math.max(163, ...ids.values()) + 1;
  const builtIn = t._addNumFmtStr.bind(t);
  t._addNumFmtStr = (code: string) => {
    const known = ids.get(code);
    if (known !== undefined) return known;
    const before = t.model.numFmts.length;
    const id = builtIn(code);
    if (t.model.numFmts.length === before) return id; // one of Excel's built-in formats
    t.model.numFmts[t.model.numFmts.length - 1] = t.map.numFmt.toXml({ id: next, formatCode: code });
    ids.set(code, next);
    return next++;
  };
}

function relationshipsXml(rels: Relationship[]): string {
  const items = rels.map(
    (r) => `<Relationship Id="${escapeXml(r.id)}" Type="${escapeXml(r.type)}" Target="${escapeXml(r.target)}"${r.external ? ' TargetMode="External"' : ""}/>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.join("")}</Relationships>`;
}

/** Copies a carried sheet's XML and the parts it refers to (notes, their drawing, anything else). */
function carrySheet(writer: Writer, book: SourceBook, sheet: SourceSheet, changed: string | null, copied: Set<string>): void {
  const w = writer.internals;
  const id = w.nextId;
  // A stand-in ExcelJS lists in the workbook, its relationships and content types, already committed.
  w._worksheets[id] = { id, name: sheet.name, state: sheet.state, committed: true };
  const name = `xl/worksheets/sheet${id}.xml`;
  if (changed !== null) writer.parts.add(name, changed);
  else writer.parts.addStored(name, book.zip.stored(sheet.path)!);

  const rels: Relationship[] = [];
  for (const rel of sheet.relationships) {
    if (rel.external) {
      rels.push(rel);
      continue;
    }
    const from = resolvePart(sheet.path, rel.target);
    const stored = book.zip.stored(from);
    if (!stored) continue;
    const kind = relKind(rel.type);
    if (kind === "comments") {
      writer.parts.addStored(`xl/comments${id}.xml`, stored);
      w.commentRefs.push({ commentName: `comments${id}`, vmlDrawing: `vmlDrawing${id}` });
      rels.push({ ...rel, target: `../comments${id}.xml` });
    } else if (kind === "vmlDrawing") {
      writer.parts.addStored(`xl/drawings/vmlDrawing${id}.vml`, stored);
      rels.push({ ...rel, target: `../drawings/vmlDrawing${id}.vml` });
    } else {
      copyPart(writer, book, from, copied);
      rels.push({ ...rel, target: `/${from}` });
    }
  }
  if (rels.length > 0) writer.parts.add(`xl/worksheets/_rels/sheet${id}.xml.rels`, relationshipsXml(rels));
}

/** Any other part (a drawing, a table, printer settings) keeps its name, its relationships and its type. */
function copyPart(writer: Writer, book: SourceBook, part: string, copied: Set<string>): void {
  if (copied.has(part)) return;
  copied.add(part);
  const stored = book.zip.stored(part);
  if (!stored) return;
  writer.parts.addStored(part, stored);
  const type = book.contentTypes.overrides.get(part);
  if (type) writer.extraTypes.overrides.set(part, type);
  const ext = part.slice(part.lastIndexOf(".") + 1).toLowerCase();
  const byExtension = book.contentTypes.defaults.get(ext);
  if (!type && byExtension && ext !== "xml" && ext !== "rels") writer.extraTypes.defaults.set(ext, byExtension);
  const relsPath = relsPathOf(part);
  const relsBytes = book.zip.read(relsPath);
  if (relsBytes) {
    writer.parts.add(relsPath, relsBytes);
    const rels = /Target="([^"]*)"(?![^>]*TargetMode="External")/g;
    let m: RegExpExecArray | null;
    const text = relsBytes.toString("utf8");
    while ((m = rels.exec(text))) copyPart(writer, book, resolvePart(part, m[1]), copied);
  }
}

/** The source's defined names that belong to carried sheets (print titles, print areas) or to no sheet. */
function carriedNames(book: SourceBook, tabs: OutputTab[]): Writer["extraNames"] {
  const newIndex = new Map<number, number>();
  tabs.forEach((t, i) => {
    if (t.kind === "source") newIndex.set(t.sheet.index, i);
  });
  return book.definedNames
    .filter((d: DefinedName) => d.localSheetId === undefined || newIndex.has(d.localSheetId))
    .map((d) => ({ name: d.name, ...(d.localSheetId === undefined ? {} : { localSheetId: newIndex.get(d.localSheetId) }), ranges: [d.text] }));
}

export interface WriteOptions {
  creator: string;
  /** zlib level for the archive: 6 packs as tightly as ExcelJS does by default. */
  compression?: number;
}

export async function writeWorkbook(stream: Writable, tabs: OutputTab[], book: SourceBook | null, options: WriteOptions): Promise<void> {
  const writer = new Writer(stream, options.compression ?? 6, book?.sharedStrings ?? null);
  (writer as unknown as { creator: string }).creator = options.creator;
  const w = writer.internals;
  if (book) {
    seedStyles(w.styles, book.styles);
    writer.extraNames = carriedNames(book, tabs);
  }
  const copied = new Set<string>();
  for (const tab of tabs) {
    if (tab.kind === "render") await writeRender(w.addWorksheet(tab.render.name, sheetOptions(tab.render)), tab.render, tab.columnsWithFont);
    else carrySheet(writer, book!, tab.sheet, tab.xml, copied);
  }
  await writer.commit();
}
