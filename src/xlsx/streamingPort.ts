/**
 * The workbook port of the `ukoo` command: an .xlsx file read and written by streaming, so memory
 * and time follow what a command changes, not the size of the school. A tab is read from its XML
 * only when a use-case asks for it; a tab the command writes is kept as its render and streamed
 * out row by row on save; every other tab is carried into the new file as it was (stream/).
 * The in-memory port (xlsxPort.ts) writes the same workbook; tests compare the two.
 */
import { createWriteStream, promises as fs } from "node:fs";
import { PassThrough } from "node:stream";
import { once } from "node:events";
import type { CellBlock, CellInput, Scalar, TabData, TabDetails, TabRender, WorkbookPort } from "../workbook/port";
import { writeWorkbook, type OutputTab } from "./stream/bookWriter";
import { patchSheetXml, type CellUpdate } from "./stream/sheetPatch";
import { eachSheetRow, inspectRender, inspectSheetXml, readRender, readSheetXml } from "./stream/sheetRead";
import { SourceBook } from "./stream/sourceBook";

type Tab = OutputTab;

export class StreamingXlsxPort implements WorkbookPort {
  private tabs: Tab[];

  private constructor(private readonly book: SourceBook | null) {
    this.tabs = (book?.sheets ?? []).filter((s) => s.path && book!.zip.has(s.path)).map((sheet) => ({ kind: "source", sheet, xml: null }));
  }

  /** The file counts dates from 1904 (old Mac Excel): the streaming writer writes the 1900 system only. */
  get date1904(): boolean {
    return this.book?.date1904 ?? false;
  }

  static empty(): StreamingXlsxPort {
    return new StreamingXlsxPort(null);
  }

  static async fromBuffer(buffer: Buffer): Promise<StreamingXlsxPort> {
    return new StreamingXlsxPort(await SourceBook.open(buffer));
  }

  static async load(path: string): Promise<StreamingXlsxPort> {
    return StreamingXlsxPort.fromBuffer(await fs.readFile(path));
  }

  private find(name: string): Tab | undefined {
    return this.tabs.find((t) => (t.kind === "render" ? t.render.name : t.sheet.name) === name);
  }

  private sourceXml(tab: Extract<Tab, { kind: "source" }>): string {
    return tab.xml ?? this.book!.zip.text(tab.sheet.path) ?? "";
  }

  tabNames(): string[] {
    return this.tabs.map((t) => (t.kind === "render" ? t.render.name : t.sheet.name));
  }

  /** Read afresh each time: a use-case reads a tab once, and nothing is kept that it no longer needs. */
  readTab(name: string): TabData | null {
    const tab = this.find(name);
    if (!tab) return null;
    if (tab.kind === "render") return readRender(tab.render);
    return readSheetXml(name, tab.xml ?? this.book!.zip.read(tab.sheet.path) ?? "", this.book!);
  }

  forEachRow(name: string, visit: (row: number, values: Scalar[], formulas: string[]) => void): boolean {
    const tab = this.find(name);
    if (!tab) return false;
    if (tab.kind === "render") {
      const data = readRender(tab.render);
      data.values.forEach((values, r) => visit(r + 1, values, data.formulas[r]));
    } else eachSheetRow(tab.xml ?? this.book!.zip.read(tab.sheet.path) ?? "", this.book!, visit);
    return true;
  }

  inspectTab(name: string): TabDetails | null {
    const tab = this.find(name);
    const data = this.readTab(name);
    if (!tab || !data) return null;
    const details = tab.kind === "render" ? inspectRender(tab.render) : inspectSheetXml(this.sourceXml(tab), this.book!, tab.sheet);
    return { ...data, ...details };
  }

  writeTab(render: TabRender): void {
    const i = this.tabs.findIndex((t) => (t.kind === "render" ? t.render.name : t.sheet.name) === render.name);
    // The render is kept as given and streamed out on save; a later update writes into a copy of its grid.
    const tab: Tab = { kind: "render", render };
    if (i >= 0) this.tabs[i] = tab;
    else this.tabs.push(tab);
  }

  orderTabs(names: string[]): void {
    const wanted = names.map((n) => this.find(n)).filter((t): t is Tab => t !== undefined);
    this.tabs = [...wanted, ...this.tabs.filter((t) => !wanted.includes(t))];
  }

  updateCells(name: string, blocks: CellBlock[]): void {
    const tab = this.find(name);
    if (!tab) throw new Error(`No tab ${name}`);
    const updates: CellUpdate[] = blocks.flatMap((b) => b.values.flatMap((row, r) => row.map((value, c) => ({ row: b.row + r, col: b.col + c, value }))));
    if (tab.kind === "source") {
      const rels = tab.sheet.relationships;
      const addLink = (target: string) => {
        let n = rels.length + 1;
        while (rels.some((r) => r.id === `rId${n}`)) n++;
        rels.push({ id: `rId${n}`, type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink", target, external: true });
        return `rId${n}`;
      };
      tab.xml = patchSheetXml(this.sourceXml(tab), updates, this.book!, addLink);
      return;
    }
    // A tab rendered in this run takes the values into its grid, as cells written after the render.
    const cells = tab.render.cells.map((row) => [...row]);
    tab.columnsWithFont ??= cells.reduce((w, row) => Math.max(w, row.length), 0);
    for (const u of updates) {
      while (cells.length < u.row) cells.push([]);
      const row = cells[u.row - 1];
      while (row.length < u.col) row.push(null);
      row[u.col - 1] = u.value;
    }
    tab.render = { ...tab.render, cells };
  }

  appendRows(name: string, rows: CellInput[][]): void {
    if (!this.find(name) || rows.length === 0) return;
    const last = this.readTab(name)?.values.length ?? 0;
    // Blank cells are left alone, as the in-memory port does.
    const blocks: CellBlock[] = [];
    rows.forEach((row, r) =>
      row.forEach((value, c) => {
        if (value !== null && value !== undefined) blocks.push({ row: last + r + 1, col: c + 1, values: [[value]] });
      }),
    );
    this.updateCells(name, blocks);
  }

  /** The whole workbook as a new .xlsx, written to `path` (streamed to disk as it is made). */
  async save(path: string): Promise<void> {
    const out = createWriteStream(path);
    const done = once(out, "close");
    await writeWorkbook(out, this.tabs, this.book, { creator: "ҮКӨ Sheets" });
    await done;
  }

  async toBuffer(): Promise<Buffer> {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    const ended = once(stream, "end");
    await writeWorkbook(stream, this.tabs, this.book, { creator: "ҮКӨ Sheets" });
    await ended;
    return Buffer.concat(chunks);
  }
}
