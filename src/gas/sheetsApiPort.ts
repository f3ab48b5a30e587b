/**
 * The workbook port over the Sheets API (the advanced "Sheets" service): a step's reads are one
 * metadata `get` and two `Values.batchGet` for every tab at once, and its writes are gathered into
 * one `batchUpdate` sent by `flush()`. So a step costs the same handful of calls whether the school
 * has 30 staff or 600, and its changes land together or not at all.
 *
 * Text goes in as `stringValue`, which Sheets never parses: no user text can become a formula.
 */
import {
  type CellBlock,
  type CellInput,
  type CellStyle,
  isFormulaCell,
  isLinkCell,
  type Rect,
  type Scalar,
  type TabData,
  type TabDetails,
  type TabRender,
  type Validation,
  type WorkbookPort,
} from "../workbook/port";
import { consecutive, neededGrid, runs, styleLayers, type StyleLayer } from "./sheetsPort";
import { forSheets, linkFormula, sheetsFormula } from "./formulaSyntax";

type Request = GoogleAppsScript.Sheets.Schema.Request;
type CellData = GoogleAppsScript.Sheets.Schema.CellData;
type CellFormat = GoogleAppsScript.Sheets.Schema.CellFormat;
type GridRange = GoogleAppsScript.Sheets.Schema.GridRange;
type Color = GoogleAppsScript.Sheets.Schema.Color;
type RowData = GoogleAppsScript.Sheets.Schema.RowData;
type ExtendedValue = GoogleAppsScript.Sheets.Schema.ExtendedValue;
type Spreadsheet = GoogleAppsScript.Sheets.Schema.Spreadsheet;

/** The part of the advanced service this port uses, typed with the service's own schema. */
export interface SheetsApi {
  Spreadsheets: {
    get(spreadsheetId: string, optionalArgs: object): Spreadsheet;
    batchUpdate(resource: GoogleAppsScript.Sheets.Schema.BatchUpdateSpreadsheetRequest, spreadsheetId: string): GoogleAppsScript.Sheets.Schema.BatchUpdateSpreadsheetResponse;
    Values: {
      batchGet(spreadsheetId: string, optionalArgs: object): GoogleAppsScript.Sheets.Schema.BatchGetValuesResponse;
    };
  };
}

/** A body stays under the API's 10 MB limit with room for the JSON around the requests. */
export const BODY_LIMIT = 9 * 1024 * 1024;
/** A single request larger than this (a tab of thousands of rows) is sent in parts. */
const REQUEST_LIMIT = 4 * 1024 * 1024;

const METADATA_FIELDS =
  "properties(timeZone,locale),sheets(properties(sheetId,title,index,gridProperties(rowCount,columnCount)),conditionalFormats(ranges(sheetId)),protectedRanges(protectedRangeId,description))";

export interface SheetInfo {
  sheetId: number;
  title: string;
  /** How many conditional format rules the sheet has, so a rewrite can delete them all. */
  ruleCount: number;
  protectedRanges: { protectedRangeId: number; description: string }[];
  /** The grid's size, at least: a write past it first adds what it needs (Sheets refuses cells outside the grid). */
  rows: number;
  cols: number;
}

/** A1 name of a whole tab, quoted as the API wants it. */
export const quotedTab = (title: string) => `'${title.replace(/'/g, "''")}'`;

/** Dates travel through the port as midnight UTC of their day; Sheets holds them as serial day numbers. */
const EPOCH = Date.UTC(1899, 11, 30);
export function toSerial(d: Date): number {
  return (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - EPOCH) / 86_400_000;
}
export function fromSerial(n: number): Date {
  const d = new Date(EPOCH + Math.round(n * 86_400_000));
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function colorOf(hex: string): Color {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return {};
  // Four decimals tell every 8-bit channel apart and keep a tab's body short.
  const channel = (h: string) => Math.round((parseInt(h, 16) / 255) * 1e4) / 1e4;
  return { red: channel(m[1]), green: channel(m[2]), blue: channel(m[3]) };
}

/** The size of `text` in UTF-8, as the request body travels (Cyrillic takes two bytes a letter). */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** A request of more rows than fit in a body, cut into requests of consecutive rows. */
function pieces(request: Request, bytes: number): Request[] {
  const cells = request.updateCells;
  if (!cells || !cells.rows || !cells.start || bytes <= REQUEST_LIMIT || cells.rows.length < 2) return [request];
  const count = Math.ceil(bytes / REQUEST_LIMIT);
  const size = Math.ceil(cells.rows.length / count);
  const out: Request[] = [];
  for (let i = 0; i < cells.rows.length; i += size) {
    out.push({ updateCells: { ...cells, start: { ...cells.start, rowIndex: (cells.start.rowIndex ?? 0) + i }, rows: cells.rows.slice(i, i + size) } });
  }
  return out;
}

const H_ALIGN = { left: "LEFT", center: "CENTER", right: "RIGHT" } as const;
const V_ALIGN = { top: "TOP", middle: "MIDDLE", bottom: "BOTTOM" } as const;
const DATE_FORMAT = { type: "DATE", pattern: "yyyy-mm-dd" };

function numberFormatOf(pattern: string): GoogleAppsScript.Sheets.Schema.NumberFormat | undefined {
  if (pattern === "General") return undefined;
  if (pattern === "@") return { type: "TEXT", pattern };
  if (/%/.test(pattern)) return { type: "PERCENT", pattern };
  if (/[yd]/i.test(pattern)) return { type: "DATE", pattern };
  return { type: "NUMBER", pattern };
}

/** One style property as the API's CellFormat, and the field mask that names it. */
const FORMAT_OF: Record<keyof CellStyle, { field: string; format: (v: unknown) => CellFormat }> = {
  background: { field: "userEnteredFormat.backgroundColor", format: (v) => (v ? { backgroundColor: colorOf(String(v)) } : {}) },
  fontColor: { field: "userEnteredFormat.textFormat.foregroundColor", format: (v) => ({ textFormat: { foregroundColor: colorOf(String(v ?? "#000000")) } }) },
  bold: { field: "userEnteredFormat.textFormat.bold", format: (v) => ({ textFormat: { bold: Boolean(v) } }) },
  italic: { field: "userEnteredFormat.textFormat.italic", format: (v) => ({ textFormat: { italic: Boolean(v) } }) },
  fontSize: { field: "userEnteredFormat.textFormat.fontSize", format: (v) => ({ textFormat: { fontSize: Number(v ?? 10) } }) },
  hAlign: { field: "userEnteredFormat.horizontalAlignment", format: (v) => (v ? { horizontalAlignment: H_ALIGN[v as keyof typeof H_ALIGN] } : {}) },
  vAlign: { field: "userEnteredFormat.verticalAlignment", format: (v) => ({ verticalAlignment: V_ALIGN[(v ?? "bottom") as keyof typeof V_ALIGN] }) },
  numberFormat: {
    field: "userEnteredFormat.numberFormat",
    format: (v) => {
      const nf = numberFormatOf(String(v ?? "General"));
      return nf ? { numberFormat: nf } : {};
    },
  },
  wrap: { field: "userEnteredFormat.wrapStrategy", format: (v) => ({ wrapStrategy: v ? "WRAP" : "OVERFLOW_CELL" }) },
};

export class SheetsApiWorkbookPort implements WorkbookPort {
  private sheets: SheetInfo[] | null = null;
  private properties: { timeZone: string; locale: string } | null = null;
  /** The tabs as the first read found them, before this port wrote anything. */
  private found: string[] | null = null;
  private readonly cache = new Map<string, TabData>();
  /** Tabs written since they were read: a read of one sends the queue first. */
  private readonly stale = new Set<string>();
  private pending: Request[] = [];
  /** Where in `pending` each write (a tab rewritten, cells updated, rows appended) begins. */
  private groupStarts: number[] = [];
  private nextSheetId = 0;
  /** A batch with protections gives them new ids, so they are read again when asked for. */
  private protectionsChanged = false;
  private protectionsStale = false;

  /**
   * @param valuesOnly reads computed values alone, in one call per read (no formulas, dates as the
   *   text they show): enough for a school's exported application read by the district.
   * @param inspector the same spreadsheet through SpreadsheetApp, for `inspectTab` (diagnostics).
   * @param deferred tabs left out of the first read, read only when asked for: the large generated
   *   tabs a save or a check never reads (the plans of 600 staff are megabytes of text).
   * @param onlyAsked every tab read alone, when asked for: a school's spreadsheet, of which the
   *   district wants the application tab and nothing else (the rest can be megabytes).
   */
  constructor(
    private readonly api: SheetsApi,
    readonly spreadsheetId: string,
    private readonly options: { valuesOnly?: boolean; inspector?: () => WorkbookPort; deferred?: readonly string[]; onlyAsked?: boolean } = {},
  ) {}

  // ---- metadata ---------------------------------------------------------------------------------

  private meta(): SheetInfo[] {
    if (!this.sheets) {
      const got = this.api.Spreadsheets.get(this.spreadsheetId, { fields: METADATA_FIELDS });
      this.properties = { timeZone: got.properties?.timeZone ?? "", locale: got.properties?.locale ?? "" };
      this.sheets = (got.sheets ?? [])
        .map((s) => ({
          sheetId: s.properties?.sheetId ?? 0,
          title: s.properties?.title ?? "",
          index: s.properties?.index ?? 0,
          ruleCount: (s.conditionalFormats ?? []).length,
          protectedRanges: (s.protectedRanges ?? []).map((p) => ({ protectedRangeId: p.protectedRangeId ?? 0, description: p.description ?? "" })),
          rows: s.properties?.gridProperties?.rowCount ?? 0,
          cols: s.properties?.gridProperties?.columnCount ?? 0,
        }))
        .sort((a, b) => a.index - b.index)
        .map(({ index: _index, ...info }) => info);
      this.found ??= this.sheets.map((s) => s.title);
      this.nextSheetId = Math.max(0, ...this.sheets.map((s) => s.sheetId)) + 1;
    }
    return this.sheets;
  }

  /** The tabs the spreadsheet had when this port first read it: what a step found, not what it made. */
  foundTabNames(): string[] {
    this.meta();
    return this.found ?? [];
  }

  /** The spreadsheet's time zone (File → Settings), in which its people live their days. */
  timeZone(): string {
    this.meta();
    return this.properties?.timeZone ?? "";
  }

  /** The spreadsheet's locale, in which Sheets parses formulas. */
  locale(): string {
    this.meta();
    return this.properties?.locale ?? "";
  }

  /** Every sheet with its id and protected ranges, as the API last reported them plus what is queued. */
  sheetInfos(): readonly SheetInfo[] {
    if (this.protectionsStale) {
      this.flush();
      this.sheets = null;
      this.protectionsStale = false;
    }
    return this.meta();
  }

  private info(title: string): SheetInfo | undefined {
    return this.meta().find((s) => s.title === title);
  }

  private sheetIdOf = (title: string): number => this.info(title)?.sheetId ?? 0;

  tabNames(): string[] {
    return this.meta().map((s) => s.title);
  }

  // ---- reads ------------------------------------------------------------------------------------

  readTab(name: string): TabData | null {
    if (!this.info(name)) return null;
    if (!this.cache.has(name) || this.stale.has(name)) this.load(name);
    return this.cache.get(name) ?? null;
  }

  /** Reads `wanted` and, on the first read, every other tab too: one batchGet per render option. */
  private load(wanted: string): void {
    if (this.stale.has(wanted)) this.flush();
    // A large tab asked for is read alone; any other read brings every tab not yet read but those.
    const deferred = new Set(this.options.deferred ?? []);
    const titles = deferred.has(wanted) || this.options.onlyAsked ? [wanted] : this.tabNames().filter((t) => t === wanted || ((!this.cache.has(t) || this.stale.has(t)) && !deferred.has(t)));
    const ranges = titles.map(quotedTab);
    const values = this.api.Spreadsheets.Values.batchGet(this.spreadsheetId, {
      ranges,
      majorDimension: "ROWS",
      valueRenderOption: "UNFORMATTED_VALUE",
      dateTimeRenderOption: this.options.valuesOnly ? "FORMATTED_STRING" : "SERIAL_NUMBER",
    }).valueRanges ?? [];
    // FORMULA gives each formula's text, and with FORMATTED_STRING a date comes back as text where
    // the first read gave its serial number: that is how a date is told from a number.
    const formulas = this.options.valuesOnly
      ? []
      : (this.api.Spreadsheets.Values.batchGet(this.spreadsheetId, {
          ranges,
          majorDimension: "ROWS",
          valueRenderOption: "FORMULA",
          dateTimeRenderOption: "FORMATTED_STRING",
        }).valueRanges ?? []);
    titles.forEach((title, i) => {
      this.cache.set(title, tabData(title, (values[i]?.values ?? []) as unknown[][], formulas[i] ? ((formulas[i].values ?? []) as unknown[][]) : null));
      this.stale.delete(title);
    });
  }

  /**
   * Drops what was read, so the next read asks Sheets again (another person may have saved since):
   * used when a step takes the document lock. The tabs' names and ids are kept.
   */
  forgetValues(): void {
    this.cache.clear();
  }

  inspectTab(name: string): TabDetails | null {
    this.flush();
    if (!this.options.inspector) throw new Error("inspectTab needs SpreadsheetApp");
    return this.options.inspector().inspectTab(name);
  }

  // ---- writes -----------------------------------------------------------------------------------

  /** Marks the start of one write's requests, which flush keeps in one batch where they fit. */
  private startGroup(): void {
    if (this.groupStarts.at(-1) !== this.pending.length) this.groupStarts.push(this.pending.length);
  }

  /** The pending requests, one array per write. */
  private groups(): Request[][] {
    const starts = this.groupStarts[0] === 0 ? this.groupStarts : [0, ...this.groupStarts];
    return starts.map((start, i) => this.pending.slice(start, starts[i + 1] ?? this.pending.length)).filter((g) => g.length > 0);
  }

  /** Adds requests of the caller's own (protections) to the step's batch. */
  queue(requests: Request[]): void {
    this.startGroup();
    this.pending.push(...requests);
    if (requests.some((r) => r.addProtectedRange || r.deleteProtectedRange)) this.protectionsChanged = true;
  }

  /**
   * Sends everything queued: one batchUpdate, or one per 9 MB of body. A write that fits in a body
   * (a tab rewritten, say) is never cut across two: if a later batch fails, each tab is left either
   * as it was or as it was meant to be, never half cleared. Returns the calls made.
   */
  flush(): number {
    if (this.pending.length === 0) return 0;
    const batches: Request[][] = [[]];
    let size = 0;
    const newBatch = () => {
      if (batches[batches.length - 1].length === 0) return;
      batches.push([]);
      size = 0;
    };
    for (const group of this.groups()) {
      const sized = group.map((request) => ({ request, bytes: utf8Bytes(JSON.stringify(request)) }));
      const total = sized.reduce((n, r) => n + r.bytes, 0);
      if (total <= BODY_LIMIT && size + total > BODY_LIMIT) newBatch();
      for (const { request: whole, bytes: wholeBytes } of sized) {
        for (const request of pieces(whole, wholeBytes)) {
          const bytes = request === whole ? wholeBytes : utf8Bytes(JSON.stringify(request));
          if (size + bytes > BODY_LIMIT) newBatch();
          batches[batches.length - 1].push(request);
          size += bytes;
        }
      }
    }
    this.pending = [];
    this.groupStarts = [];
    for (const requests of batches) this.api.Spreadsheets.batchUpdate({ requests }, this.spreadsheetId);
    if (this.protectionsChanged) this.protectionsStale = true;
    this.protectionsChanged = false;
    return batches.length;
  }

  pendingRequests(): readonly Request[] {
    return this.pending;
  }

  writeTab(render: TabRender): void {
    this.startGroup();
    const grid = neededGrid(render);
    let info = this.info(render.name);
    const requests: Request[] = [];
    if (!info) {
      info = { sheetId: this.nextSheetId++, title: render.name, ruleCount: 0, protectedRanges: [], rows: grid.rows, cols: grid.cols };
      this.meta().push(info);
      requests.push({ addSheet: { properties: { sheetId: info.sheetId, title: render.name, gridProperties: { rowCount: grid.rows, columnCount: grid.cols } } } });
    } else {
      const sheetId = info.sheetId;
      // Start from a clean tab: merges, frozen panes, rules, contents, formats, notes, validations.
      requests.push({ updateSheetProperties: { properties: { sheetId, gridProperties: { frozenRowCount: 0, frozenColumnCount: 0 } }, fields: "gridProperties.frozenRowCount,gridProperties.frozenColumnCount" } });
      requests.push({ unmergeCells: { range: { sheetId } } });
      for (let i = 0; i < info.ruleCount; i++) requests.push({ deleteConditionalFormatRule: { sheetId, index: 0 } });
      info.ruleCount = 0;
      requests.push({ updateCells: { range: { sheetId }, fields: "userEnteredValue,userEnteredFormat,note,dataValidation" } });
      requests.push({ updateSheetProperties: { properties: { sheetId, gridProperties: { rowCount: grid.rows, columnCount: grid.cols } }, fields: "gridProperties.rowCount,gridProperties.columnCount" } });
      info.rows = grid.rows;
      info.cols = grid.cols;
      requests.push({ updateDimensionProperties: { range: { sheetId, dimension: "COLUMNS" }, properties: { hiddenByUser: false }, fields: "hiddenByUser" } });
    }
    const sheetId = info.sheetId;
    const range = (r: Rect): GridRange => ({ sheetId, startRowIndex: r.row - 1, endRowIndex: r.row - 1 + r.rows, startColumnIndex: r.col - 1, endColumnIndex: r.col - 1 + r.cols });

    // Values and formats go together, cell by cell: a cell carries only what differs from a new
    // cell, so a tab of thousands of small styled ranges stays a fraction of the API's 10 MB.
    const painted = paint(render);
    const height = Math.max(render.cells.length, painted.rows);
    const width = Math.max(0, ...render.cells.map((row) => row.length), painted.cols);
    if (height > 0 && width > 0) {
      const rows: RowData[] = [];
      for (let r = 1; r <= height; r++) {
        const line = render.cells[r - 1] ?? [];
        const values: CellData[] = [];
        for (let c = 1; c <= width; c++) {
          const cell = line[c - 1];
          const value = this.extendedValue(cell ?? null);
          const format = painted.format(r, c, cell instanceof Date);
          values.push({ ...(value ? { userEnteredValue: value } : {}), ...(format ? { userEnteredFormat: format } : {}) });
        }
        rows.push({ values });
      }
      requests.push({ updateCells: { start: { sheetId, rowIndex: 0, columnIndex: 0 }, rows, fields: "userEnteredValue,userEnteredFormat" } });
    }
    if (render.notes && render.notes.length > 0) {
      const top = Math.min(...render.notes.map((n) => n.row));
      const left = Math.min(...render.notes.map((n) => n.col));
      const rows: RowData[] = [];
      for (const n of render.notes) {
        const line = (rows[n.row - top] ??= { values: [] });
        line.values![n.col - left] = { note: n.text };
      }
      for (let r = 0; r < rows.length; r++) {
        rows[r] ??= { values: [] };
        rows[r].values = Array.from(rows[r].values!, (v) => v ?? {});
      }
      requests.push({ updateCells: { start: { sheetId, rowIndex: top - 1, columnIndex: left - 1 }, rows, fields: "note" } });
    }
    for (const v of render.validations ?? []) requests.push({ setDataValidation: { range: range(v.range), rule: this.validationRule(v) } });
    (render.conditionalFormats ?? []).forEach((cf, index) => {
      const format: CellFormat = {};
      if (cf.style.background) format.backgroundColor = colorOf(cf.style.background);
      if (cf.style.fontColor || cf.style.bold) format.textFormat = { ...(cf.style.fontColor ? { foregroundColor: colorOf(cf.style.fontColor) } : {}), ...(cf.style.bold ? { bold: true } : {}) };
      requests.push({
        addConditionalFormatRule: {
          index,
          rule: { ranges: [range(cf.range)], booleanRule: { condition: { type: "CUSTOM_FORMULA", values: [{ userEnteredValue: `=${forSheets(cf.formula)}` }] }, format } },
        },
      });
    });
    info.ruleCount = (render.conditionalFormats ?? []).length;
    for (const m of render.merges ?? []) requests.push({ mergeCells: { range: range(m), mergeType: "MERGE_ALL" } });
    for (const m of render.mergeAcross ?? []) requests.push({ mergeCells: { range: range(m), mergeType: "MERGE_ROWS" } });
    requests.push({
      updateSheetProperties: {
        properties: { sheetId, gridProperties: { frozenRowCount: render.frozenRows ?? 0, frozenColumnCount: render.frozenCols ?? 0 }, ...(render.tabColor ? { tabColor: colorOf(render.tabColor) } : {}) },
        fields: `gridProperties.frozenRowCount,gridProperties.frozenColumnCount${render.tabColor ? ",tabColor" : ""}`,
      },
    });
    const dimension = (dim: "ROWS" | "COLUMNS", start: number, count: number, properties: GoogleAppsScript.Sheets.Schema.DimensionProperties, fields: string): Request => ({
      updateDimensionProperties: { range: { sheetId, dimension: dim, startIndex: start - 1, endIndex: start - 1 + count }, properties, fields },
    });
    for (const run of runs(render.columnWidths ?? [])) requests.push(dimension("COLUMNS", run.start, run.count, { pixelSize: run.value }, "pixelSize"));
    for (const run of consecutive(render.hiddenColumns ?? [])) requests.push(dimension("COLUMNS", run.start, run.count, { hiddenByUser: true }, "hiddenByUser"));
    for (const h of render.rowHeights ?? []) requests.push(dimension("ROWS", h.row, h.rows ?? 1, { pixelSize: h.height }, "pixelSize"));
    this.pending.push(...requests);
    this.stale.add(render.name);
  }

  updateCells(name: string, blocks: CellBlock[]): void {
    const info = this.info(name);
    if (!info) throw new Error(`No tab ${name}`);
    this.startGroup();
    for (const b of blocks) {
      if (b.values.length === 0) continue;
      // Rows of new people past the grid's last row (Sheets refuses cells outside the grid): the grid grows first.
      const lastRow = b.row + b.values.length - 1;
      const lastCol = b.col + Math.max(...b.values.map((row) => row.length)) - 1;
      if (lastRow > info.rows) this.pending.push({ appendDimension: { sheetId: info.sheetId, dimension: "ROWS", length: lastRow - info.rows } });
      if (lastCol > info.cols) this.pending.push({ appendDimension: { sheetId: info.sheetId, dimension: "COLUMNS", length: lastCol - info.cols } });
      info.rows = Math.max(info.rows, lastRow);
      info.cols = Math.max(info.cols, lastCol);
      this.pending.push({ updateCells: { start: { sheetId: info.sheetId, rowIndex: b.row - 1, columnIndex: b.col - 1 }, rows: b.values.map((row) => this.rowData(row)), fields: "userEnteredValue" } });
      // A date typed into a cell without a date format would show as a number.
      b.values.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (cell instanceof Date) {
            this.pending.push({
              repeatCell: {
                range: { sheetId: info.sheetId, startRowIndex: b.row - 1 + r, endRowIndex: b.row + r, startColumnIndex: b.col - 1 + c, endColumnIndex: b.col + c },
                cell: { userEnteredFormat: { numberFormat: DATE_FORMAT } },
                fields: "userEnteredFormat.numberFormat",
              },
            });
          }
        }),
      );
    }
    this.stale.add(name);
  }

  appendRows(name: string, rows: CellInput[][]): void {
    const info = this.info(name);
    if (!info || rows.length === 0) return;
    // appendCells cannot format only some cells, so rows holding a date carry a number format for
    // every cell: the date's, text for text (as the tabs' id and text columns are), none otherwise.
    const dated = rows.some((row) => row.some((cell) => cell instanceof Date));
    const rowData = dated ? rows.map((row) => this.datedRowData(row)) : rows.map((row) => this.rowData(row));
    this.startGroup();
    this.pending.push({ appendCells: { sheetId: info.sheetId, rows: rowData, fields: dated ? "userEnteredValue,userEnteredFormat.numberFormat" : "userEnteredValue" } });
    this.stale.add(name);
  }

  private datedRowData(row: CellInput[]): RowData {
    return {
      values: this.rowData(row).values!.map((data, i): CellData => {
        const cell = row[i];
        const numberFormat = cell instanceof Date ? DATE_FORMAT : typeof cell === "string" ? { type: "TEXT" } : undefined;
        return numberFormat ? { ...data, userEnteredFormat: { numberFormat } } : data;
      }),
    };
  }

  orderTabs(names: string[]): void {
    const sheets = this.meta();
    const wanted = names.filter((n) => sheets.some((s) => s.title === n));
    const target = [...wanted, ...sheets.map((s) => s.title).filter((n) => !wanted.includes(n))];
    const current = sheets.map((s) => s.title);
    if (target.every((n, i) => current[i] === n)) return;
    this.startGroup();
    // Moving each sheet to its place in turn: the ones before it are already in theirs.
    target.forEach((title, index) => {
      const info = sheets.find((s) => s.title === title)!;
      if (sheets.indexOf(info) === index) return;
      this.pending.push({ updateSheetProperties: { properties: { sheetId: info.sheetId, index }, fields: "index" } });
      sheets.splice(sheets.indexOf(info), 1);
      sheets.splice(index, 0, info);
    });
  }

  /** Removes a tab (the blank first sheet of a new spreadsheet). */
  deleteTab(name: string): void {
    const info = this.info(name);
    if (!info) return;
    this.startGroup();
    this.pending.push({ deleteSheet: { sheetId: info.sheetId } });
    this.meta().splice(this.meta().indexOf(info), 1);
    this.cache.delete(name);
  }

  /** Values alone: what a save or a log line writes into cells whose formats stay as they are. */
  private rowData(row: CellInput[]): RowData {
    const values = row.map((cell): CellData => {
      const value = this.extendedValue(cell);
      return value ? { userEnteredValue: value } : {};
    });
    return { values };
  }

  private extendedValue(cell: CellInput): ExtendedValue | null {
    if (cell === null || cell === undefined || cell === "") return null;
    if (isFormulaCell(cell)) return { formulaValue: sheetsFormula(cell) };
    if (isLinkCell(cell)) return { formulaValue: linkFormula(this.sheetIdOf(cell.link.tab), cell.link.cell, cell.text) };
    if (cell instanceof Date) return { numberValue: toSerial(cell) };
    if (typeof cell === "string") return { stringValue: cell };
    if (typeof cell === "number") return { numberValue: cell };
    return { boolValue: cell };
  }

  private validationRule(v: Validation): GoogleAppsScript.Sheets.Schema.DataValidationRule {
    const common = { strict: !v.allowInvalid, inputMessage: v.helpText };
    switch (v.rule.kind) {
      case "list":
        return { ...common, showCustomUi: true, condition: { type: "ONE_OF_LIST", values: v.rule.values.map((value) => ({ userEnteredValue: value })) } };
      case "listFromRange":
        return { ...common, showCustomUi: true, condition: { type: "ONE_OF_RANGE", values: [{ userEnteredValue: `=${quotedTab(v.rule.tab)}!${v.rule.range}` }] } };
      case "number":
        return { ...common, condition: { type: "NUMBER_BETWEEN", values: [{ userEnteredValue: String(v.rule.min ?? -1e9) }, { userEnteredValue: String(v.rule.max ?? 1e9) }] } };
      case "date":
        return { ...common, condition: { type: "DATE_IS_VALID" } };
    }
  }
}

/** A new cell's value of each style property: what a cell need not say. */
const IS_DEFAULT: Record<keyof CellStyle, (v: unknown) => boolean> = {
  background: (v) => !v,
  fontColor: (v) => !v || String(v).toLowerCase() === "#000000",
  bold: (v) => !v,
  italic: (v) => !v,
  fontSize: (v) => v === undefined || v === null || Number(v) === 10,
  hAlign: (v) => !v,
  vAlign: (v) => !v || v === "bottom",
  numberFormat: (v) => !v || v === "General",
  wrap: (v) => !v,
};

/**
 * Each cell's format after the render's styles, painted property by property as the SpreadsheetApp
 * port paints them (each property's fallback over the area it covers, then its ranges in order).
 * A date outside any number-format range shows as a date.
 */
export function paint(render: TabRender): { rows: number; cols: number; format(row: number, col: number, isDate: boolean): CellFormat | undefined } {
  const layers = styleLayers(render).map((layer: StyleLayer) => {
    const { box } = layer;
    const fallback = fallbackOf(layer);
    const grid: unknown[][] = Array.from({ length: box.rows }, () => new Array<unknown>(box.cols).fill(fallback));
    for (const { range: r, value } of layer.ranges) {
      for (let row = r.row; row < r.row + r.rows; row++) {
        const line = grid[row - box.row];
        for (let col = r.col; col < r.col + r.cols; col++) line[col - box.col] = value;
      }
    }
    return { key: layer.prop.key, box, grid };
  });
  const rows = Math.max(0, ...layers.map((l) => l.box.row + l.box.rows - 1));
  const cols = Math.max(0, ...layers.map((l) => l.box.col + l.box.cols - 1));
  return {
    rows,
    cols,
    format(row, col, isDate) {
      let format: CellFormat | undefined;
      let numberFormatSet = false;
      for (const { key, box, grid } of layers) {
        if (row < box.row || row >= box.row + box.rows || col < box.col || col >= box.col + box.cols) continue;
        if (key === "numberFormat") numberFormatSet = true;
        const value = grid[row - box.row][col - box.col];
        if (IS_DEFAULT[key](value)) continue;
        const part = FORMAT_OF[key].format(value);
        format = { ...format, ...part, ...(part.textFormat ? { textFormat: { ...format?.textFormat, ...part.textFormat } } : {}) };
      }
      if (isDate && !numberFormatSet) format = { ...format, numberFormat: DATE_FORMAT };
      return format;
    },
  };
}

function fallbackOf(layer: StyleLayer): unknown {
  const key = layer.prop.key;
  return key === "bold" || key === "italic" || key === "wrap" ? false : layer.prop.fallback;
}

/** A tab's two reads as the port's TabData: values and formulas, trimmed to the used area. */
export function tabData(name: string, valueRows: unknown[][], formulaRows: unknown[][] | null): TabData {
  const height = Math.max(valueRows.length, formulaRows?.length ?? 0);
  const values: Scalar[][] = [];
  const formulas: string[][] = [];
  let lastRow = 0;
  let lastCol = 0;
  for (let r = 0; r < height; r++) {
    const vRow = valueRows[r] ?? [];
    const fRow = formulaRows?.[r] ?? [];
    const width = Math.max(vRow.length, fRow.length);
    const vOut: Scalar[] = [];
    const fOut: string[] = [];
    for (let c = 0; c < width; c++) {
      const v = vRow[c];
      const f = fRow[c];
      let value: Scalar = v === "" || v === undefined || v === null ? null : (v as Scalar);
      let formula = "";
      if (typeof f === "string" && f.startsWith("=") && f !== v) formula = f.slice(1);
      else if (typeof v === "number" && typeof f === "string" && f !== "") value = fromSerial(v);
      vOut.push(value);
      fOut.push(formula);
      if (value !== null || formula) {
        lastRow = r + 1;
        lastCol = Math.max(lastCol, c + 1);
      }
    }
    values.push(vOut);
    formulas.push(fOut);
  }
  const pad = <T>(row: T[], fill: T) => {
    const out = row.slice(0, lastCol);
    while (out.length < lastCol) out.push(fill);
    return out;
  };
  return {
    name,
    values: values.slice(0, lastRow).map((row) => pad(row, null)),
    formulas: formulas.slice(0, lastRow).map((row) => pad(row, "")),
  };
}
