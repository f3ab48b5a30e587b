/**
 * A fake of the Sheets API advanced service (`Sheets.Spreadsheets.get`, `.batchUpdate`,
 * `.Values.batchGet`) that works on the same in-memory spreadsheets as the SpreadsheetApp fake, so
 * a test can write through one and read back through the other. Like the API it:
 *  - checks the whole batch before changing anything, and applies it atomically;
 *  - rejects unknown request kinds and unknown fields, ranges outside the grid, overlapping
 *    merges, two sheets with one title and a body over 10 MB, with the API's error text;
 *  - refuses every write the user the script runs as may not make (protected ranges), a cell of
 *    more than 50,000 characters, a spreadsheet past 10 million cells, a formula or a rule that
 *    does not parse in the spreadsheet's locale;
 *  - counts each call against the per-minute quotas, and fails every call when the service is not
 *    enabled in the script's Cloud project;
 *  - stores strings given as stringValue as text, whatever they start with;
 *  - returns values per valueRenderOption and dateTimeRenderOption, formulas evaluated.
 */
import { FakeConditionalRule, FakeDataValidation, FakeRange, FakeSheet, type FakeSpreadsheet, type GasEnvironment } from "./gas";
import { BODY_BYTES, BODY_TOO_LARGE, CELL_CHARACTERS, CELL_TOO_LONG, wireBytes } from "./limits";
import { PROTECTED_TEXT } from "./protections";
import type { QuotaKind } from "./quota";
import { checkBatchGet, checkBatchUpdate, checkGet, discoveryError } from "../google/discovery";

const BATCH_UPDATE = "sheets.spreadsheets.batchUpdate";

/**
 * Google's words when the advanced service is on in the script but the Sheets API is not enabled in
 * its (standard) Cloud project (https://developers.google.com/apps-script/guides/services/advanced#enable_advanced_services,
 * https://github.com/googleapis/google-api-nodejs-client/issues/1733, https://github.com/burnash/gspread/issues/1286).
 */
export function apiNotEnabled(method: string, project: number): Error {
  return new Error(
    `API call to ${method} failed with error: Google Sheets API has not been used in project ${project} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=${project} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`,
  );
}

type Json = Record<string, unknown>;
type Schema = { [key: string]: Schema | "leaf" | ["list", Schema | "leaf"] };

const COLOR: Schema = { red: "leaf", green: "leaf", blue: "leaf", alpha: "leaf" };
const GRID_RANGE: Schema = { sheetId: "leaf", startRowIndex: "leaf", endRowIndex: "leaf", startColumnIndex: "leaf", endColumnIndex: "leaf" };
const EXTENDED_VALUE: Schema = { stringValue: "leaf", numberValue: "leaf", boolValue: "leaf", formulaValue: "leaf" };
const TEXT_FORMAT: Schema = { foregroundColor: COLOR, bold: "leaf", italic: "leaf", fontSize: "leaf" };
const CELL_FORMAT: Schema = {
  backgroundColor: COLOR,
  textFormat: TEXT_FORMAT,
  horizontalAlignment: "leaf",
  verticalAlignment: "leaf",
  wrapStrategy: "leaf",
  numberFormat: { type: "leaf", pattern: "leaf" },
};
const CONDITION: Schema = { type: "leaf", values: ["list", { userEnteredValue: "leaf" }] };
const VALIDATION_RULE: Schema = { condition: CONDITION, inputMessage: "leaf", strict: "leaf", showCustomUi: "leaf" };
const CELL: Schema = { userEnteredValue: EXTENDED_VALUE, userEnteredFormat: CELL_FORMAT, note: "leaf", dataValidation: VALIDATION_RULE };
const ROWS: Schema = { values: ["list", CELL] };
const GRID_PROPERTIES: Schema = { rowCount: "leaf", columnCount: "leaf", frozenRowCount: "leaf", frozenColumnCount: "leaf" };
const SHEET_PROPERTIES: Schema = { sheetId: "leaf", title: "leaf", index: "leaf", gridProperties: GRID_PROPERTIES, tabColor: COLOR };
const PROTECTED_RANGE: Schema = {
  range: GRID_RANGE,
  description: "leaf",
  warningOnly: "leaf",
  editors: { users: ["list", "leaf"] },
  unprotectedRanges: ["list", GRID_RANGE],
};

/**
 * Every request kind the fake models, with the fields it models. Google's own schema (the vendored
 * discovery document, tests/google/discovery.ts) is checked first: a request Google would refuse
 * fails with Google's words; one Google takes but the fake does not model fails as "fake: …".
 */
const REQUESTS: Record<string, Schema> = {
  addSheet: { properties: SHEET_PROPERTIES },
  deleteSheet: { sheetId: "leaf" },
  updateSheetProperties: { properties: SHEET_PROPERTIES, fields: "leaf" },
  updateCells: { rows: ["list", ROWS], fields: "leaf", start: { sheetId: "leaf", rowIndex: "leaf", columnIndex: "leaf" }, range: GRID_RANGE },
  appendCells: { sheetId: "leaf", rows: ["list", ROWS], fields: "leaf" },
  appendDimension: { sheetId: "leaf", dimension: "leaf", length: "leaf" },
  repeatCell: { range: GRID_RANGE, cell: CELL, fields: "leaf" },
  mergeCells: { range: GRID_RANGE, mergeType: "leaf" },
  unmergeCells: { range: GRID_RANGE },
  updateDimensionProperties: {
    range: { sheetId: "leaf", dimension: "leaf", startIndex: "leaf", endIndex: "leaf" },
    properties: { pixelSize: "leaf", hiddenByUser: "leaf" },
    fields: "leaf",
  },
  setDataValidation: { range: GRID_RANGE, rule: VALIDATION_RULE },
  addConditionalFormatRule: {
    rule: { ranges: ["list", GRID_RANGE], booleanRule: { condition: CONDITION, format: { backgroundColor: COLOR, textFormat: TEXT_FORMAT } } },
    index: "leaf",
  },
  deleteConditionalFormatRule: { sheetId: "leaf", index: "leaf" },
  addProtectedRange: { protectedRange: PROTECTED_RANGE },
  deleteProtectedRange: { protectedRangeId: "leaf" },
};

/** A field Google accepts but the fake does not model: the fake would ignore it, so it refuses. */
function unknownField(name: string, path: string): Error {
  return new Error(`fake: the Sheets API fake does not model "${name}" at '${path}'; model it in tests/fakes/sheetsApi.ts before the product sends it.`);
}

function checkFields(value: unknown, schema: Schema | "leaf", path: string): void {
  if (schema === "leaf" || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid JSON payload received. Invalid value at '${path}'.`);
  for (const [key, v] of Object.entries(value as Json)) {
    if (v === undefined) continue;
    const sub = schema[key];
    if (sub === undefined) throw unknownField(key, path);
    if (Array.isArray(sub)) {
      if (!Array.isArray(v)) throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid JSON payload received. Invalid value at '${path}.${key}'.`);
      v.forEach((item, i) => checkFields(item, sub[1], `${path}.${key}[${i}]`));
    } else checkFields(v, sub, `${path}.${key}`);
  }
}


const hex = (c: Json | undefined): string | null => {
  if (!c) return null;
  const part = (v: unknown) => Math.round(Number(v ?? 0) * 255).toString(16).padStart(2, "0");
  return `#${part(c.red)}${part(c.green)}${part(c.blue)}`;
};

const DATE_TYPES = new Set(["DATE", "DATE_TIME", "TIME"]);
const H_ALIGN: Record<string, string> = { LEFT: "left", CENTER: "center", RIGHT: "right" };
const V_ALIGN: Record<string, string> = { TOP: "top", MIDDLE: "middle", BOTTOM: "bottom" };
const WRAP: Record<string, string> = { WRAP: "WRAP", OVERFLOW_CELL: "OVERFLOW", CLIP: "CLIP" };

const isDatePattern = (pattern: string | undefined) => pattern !== undefined && pattern !== "General" && pattern !== "@" && /[yd]/i.test(pattern);

/** Sheets' serial day number (30 December 1899 is day 0) and back. */
const toSerial = (d: Date) => (Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()) - Date.UTC(1899, 11, 30)) / 86_400_000;
const fromSerial = (n: number) => {
  const utc = new Date(Date.UTC(1899, 11, 30) + Math.round(n * 86_400_000));
  return new Date(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate(), utc.getUTCHours(), utc.getUTCMinutes(), utc.getUTCSeconds());
};

/** The masked top-level fields of a `fields` string: "*" or "userEnteredValue,note". */
function fieldsOf(fields: unknown): (name: string) => boolean {
  const text = String(fields ?? "");
  if (text.trim() === "*") return () => true;
  const names = text.split(",").map((f) => f.trim().split(/[.(]/)[0]);
  return (name) => names.includes(name);
}

/** The sub-fields named for one top-level field: "userEnteredFormat.backgroundColor" → ["backgroundColor"]; none → every one. */
function subFields(fields: unknown, top: string): string[] | "all" {
  const parts = String(fields ?? "")
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f === top || f.startsWith(`${top}.`) || f.startsWith(`${top}(`));
  if (parts.length === 0 || parts.some((p) => p === top)) return "all";
  return parts.map((p) => p.slice(top.length + 1).replace(/\)$/, "").split(/[.(]/)[0]);
}

export class FakeSheetsApi {
  constructor(private readonly env: GasEnvironment) {}

  /** The spreadsheet a call names, after the service's own checks: enabled, within the quota. */
  private book(id: string, method: string, kind: QuotaKind): FakeSpreadsheet {
    if (this.env.sheetsApiState === "disabled") throw apiNotEnabled(method, this.env.quota.projectNumber);
    this.env.quota.charge(method, kind, this.env.effectiveUser());
    const ss = this.env.book(id);
    if (!ss) throw new Error(`API call to ${method} failed with error: Requested entity was not found.`);
    const user = this.env.effectiveUser();
    if (!ss.canEdit(user) && !ss.viewers.includes(user)) throw new Error(`API call to ${method} failed with error: The caller does not have permission`);
    return ss;
  }

  get(id: string, options: { fields?: string; ranges?: string[] } = {}): GoogleAppsScript.Sheets.Schema.Spreadsheet {
    const problems = checkGet(options);
    if (problems.length > 0) throw discoveryError("sheets.spreadsheets.get", problems);
    const ss = this.book(id, "sheets.spreadsheets.get", "read");
    return {
      spreadsheetId: id,
      properties: { title: ss.name, locale: ss.locale, timeZone: ss.timeZone },
      sheets: ss.sheets.map((sh, index) => ({
        properties: {
          sheetId: sh.id,
          title: sh.name,
          index,
          gridProperties: { rowCount: sh.maxRows, columnCount: sh.maxCols, frozenRowCount: sh.frozenRows, frozenColumnCount: sh.frozenCols },
        },
        merges: sh.merges.map((m) => ({ sheetId: sh.id, startRowIndex: m.row - 1, endRowIndex: m.row - 1 + m.rows, startColumnIndex: m.col - 1, endColumnIndex: m.col - 1 + m.cols })),
        conditionalFormats: sh.rules.map(() => ({})),
        // Editors are shown only to those who may edit the protected range (ProtectedRange.editors).
        protectedRanges: ss.protectedRanges
          .filter((p) => p.sheetId === sh.id)
          .map((p) => ({ ...(ss.protections.mayEditProtection(this.env.effectiveUser(), p) ? p.body : { range: p.body.range, description: p.description }), protectedRangeId: p.protectedRangeId, description: p.description })),
      })),
    };
  }

  batchGet(id: string, options: { ranges?: string[]; valueRenderOption?: string; dateTimeRenderOption?: string } = {}): GoogleAppsScript.Sheets.Schema.BatchGetValuesResponse {
    const problems = checkBatchGet(options);
    if (problems.length > 0) throw discoveryError("sheets.spreadsheets.values.batchGet", problems);
    const ss = this.book(id, "sheets.spreadsheets.values.batchGet", "read");
    const formulas = options.valueRenderOption === "FORMULA";
    if (options.valueRenderOption === "FORMATTED_VALUE" || options.valueRenderOption === undefined) throw new Error("fake: only UNFORMATTED_VALUE and FORMULA are modelled");
    const datesAsText = options.dateTimeRenderOption === "FORMATTED_STRING";
    return {
      spreadsheetId: id,
      valueRanges: (options.ranges ?? []).map((range) => {
        const title = range.replace(/^'(.*)'$/, "$1").replace(/''/g, "'");
        const sheet = ss.sheets.find((s) => s.name === title);
        if (!sheet) throw new Error(`API call to sheets.spreadsheets.values.batchGet failed with error: Unable to parse range: ${range}`);
        const rows: unknown[][] = [];
        const lastRow = sheet.lastRow();
        const lastCol = sheet.lastCol();
        for (let r = 1; r <= lastRow; r++) {
          const row: unknown[] = [];
          for (let c = 1; c <= lastCol; c++) {
            const cell = sheet.peek(r, c);
            let v: unknown = cell ? (formulas && cell.formula ? cell.formula : sheet.shown(r, c)) : "";
            if (v instanceof Date) v = datesAsText ? `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, "0")}-${String(v.getDate()).padStart(2, "0")}` : toSerial(v);
            row.push(v);
          }
          // The API leaves out the empty cells at the end of a row, and empty rows at the end.
          while (row.length > 0 && row[row.length - 1] === "") row.pop();
          rows.push(row);
        }
        while (rows.length > 0 && rows[rows.length - 1].length === 0) rows.pop();
        return { range: `${range}!A1:${sheet.maxCols}`, majorDimension: "ROWS", ...(rows.length > 0 ? { values: rows } : {}) };
      }),
    };
  }

  batchUpdate(body: GoogleAppsScript.Sheets.Schema.BatchUpdateSpreadsheetRequest, id: string): GoogleAppsScript.Sheets.Schema.BatchUpdateSpreadsheetResponse {
    const ss = this.book(id, BATCH_UPDATE, "write");
    if (wireBytes(body) > BODY_BYTES) throw new Error(`API call to ${BATCH_UPDATE} failed with error: ${BODY_TOO_LARGE}`);
    const problems = checkBatchUpdate(body);
    if (problems.length > 0) throw discoveryError(BATCH_UPDATE, problems);
    const requests = (body.requests ?? []) as Json[];
    requests.forEach((req, i) => {
      const kinds = Object.keys(req).filter((k) => req[k] !== undefined);
      const schema = REQUESTS[kinds[0]];
      if (!schema) throw unknownField(kinds[0], `requests[${i}]`);
      checkFields(req[kinds[0]], schema, `requests[${i}].${kinds[0]}`);
    });
    // All or nothing, as the API: the spreadsheet is restored if any request fails.
    const before = ss.sheets.map((s) => s.snapshot());
    const order = ss.sheets.slice();
    const protectedBefore = ss.protectedRanges.slice();
    try {
      const replies = requests.map((req, i) => this.apply(ss, req, i));
      for (const s of order) s.commit();
      this.env.batchUpdates.push(body as { requests: unknown[] });
      return { spreadsheetId: id, replies };
    } catch (error) {
      ss.sheets = order;
      order.forEach((s, i) => s.restore(before[i]));
      ss.protectedRanges = protectedBefore;
      ss.structureChanged();
      throw error;
    }
  }

  private sheetOf(ss: FakeSpreadsheet, sheetId: unknown, where: string): FakeSheet {
    const sheet = ss.sheets.find((s) => s.id === Number(sheetId ?? 0));
    if (!sheet) throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: No grid with id: ${String(sheetId)}`);
    return sheet;
  }

  /** A GridRange as 1-based rows and columns, checked against the grid. */
  private rect(ss: FakeSpreadsheet, range: Json | undefined, where: string): { sheet: FakeSheet; row: number; col: number; rows: number; cols: number } {
    const sheet = this.sheetOf(ss, range?.sheetId, where);
    const r0 = Number(range?.startRowIndex ?? 0);
    const r1 = Number(range?.endRowIndex ?? sheet.maxRows);
    const c0 = Number(range?.startColumnIndex ?? 0);
    const c1 = Number(range?.endColumnIndex ?? sheet.maxCols);
    if (r1 > sheet.maxRows || c1 > sheet.maxCols || r0 < 0 || c0 < 0 || r1 < r0 || c1 < c0) {
      throw new Error(
        `API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: Range ('${sheet.name}'!R${r0 + 1}C${c0 + 1}:R${r1}C${c1}) exceeds grid limits. Max rows: ${sheet.maxRows}, max columns: ${sheet.maxCols}`,
      );
    }
    return { sheet, row: r0 + 1, col: c0 + 1, rows: r1 - r0, cols: c1 - c0 };
  }

  private apply(ss: FakeSpreadsheet, req: Json, i: number): Json {
    const [kind] = Object.keys(req).filter((k) => req[k] !== undefined);
    const r = req[kind] as Json;
    const where = `requests[${i}].${kind}`;
    // Every write is the user's: refused where a protection does not name them (protections.ts).
    const guardCells = (area: { sheet: FakeSheet; row: number; col: number; rows: number; cols: number }) => {
      if (area.rows > 0 && area.cols > 0) ss.guardCells(area.sheet, area, BATCH_UPDATE);
    };
    const guardSheet = (sheet: FakeSheet) => ss.guardSheet(sheet, BATCH_UPDATE);
    switch (kind) {
      case "addSheet": {
        const p = (r.properties ?? {}) as Json;
        const title = String(p.title ?? `Sheet${ss.sheets.length + 1}`);
        if (ss.sheets.some((s) => s.name === title)) {
          throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: A sheet with the name "${title}" already exists. Please enter another name.`);
        }
        const id = p.sheetId === undefined ? Math.max(0, ...ss.sheets.map((s) => s.id)) + 1 : Number(p.sheetId);
        if (ss.sheets.some((s) => s.id === id)) throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: A sheet with the id ${id} already exists.`);
        const sheet = new FakeSheet(title, id, this.env, ss);
        const grid = (p.gridProperties ?? {}) as Json;
        if (grid.rowCount !== undefined) sheet.maxRows = Number(grid.rowCount);
        if (grid.columnCount !== undefined) sheet.maxCols = Number(grid.columnCount);
        ss.guardGrowth(sheet.maxRows * sheet.maxCols, BATCH_UPDATE);
        const refused = sheet.freezeRefusal(Number(grid.frozenRowCount ?? 0), Number(grid.frozenColumnCount ?? 0));
        if (refused) throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: ${refused}`);
        sheet.frozenRows = Number(grid.frozenRowCount ?? 0);
        sheet.frozenCols = Number(grid.frozenColumnCount ?? 0);
        const index = p.index === undefined ? ss.sheets.length : Math.min(Number(p.index), ss.sheets.length);
        ss.sheets.splice(index, 0, sheet);
        ss.sheetRenamed(sheet, null, title);
        return { addSheet: { properties: { sheetId: id, title, index } } };
      }
      case "deleteSheet": {
        const sheet = this.sheetOf(ss, r.sheetId, where);
        if (ss.sheets.length === 1) throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: You can't remove all the sheets in a document.`);
        guardSheet(sheet);
        ss.sheetRenamed(sheet, sheet.name, null);
        ss.sheets = ss.sheets.filter((s) => s !== sheet);
        return {};
      }
      case "updateSheetProperties": {
        const p = (r.properties ?? {}) as Json;
        const sheet = this.sheetOf(ss, p.sheetId, where);
        const has = fieldsOf(r.fields);
        // Moving a sheet among the others is not an edit of it; anything else is.
        if (String(r.fields ?? "").split(",").some((f) => f.trim() !== "index")) guardSheet(sheet);
        if (has("title") && p.title !== undefined) {
          if (ss.sheets.some((s) => s !== sheet && s.name === p.title)) {
            throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: A sheet with the name "${String(p.title)}" already exists. Please enter another name.`);
          }
          const old = sheet.name;
          sheet.name = String(p.title);
          ss.sheetRenamed(sheet, old, sheet.name);
        }
        if (has("index") && p.index !== undefined) {
          ss.sheets = ss.sheets.filter((s) => s !== sheet);
          ss.sheets.splice(Math.min(Number(p.index), ss.sheets.length), 0, sheet);
        }
        if (has("gridProperties")) {
          const grid = (p.gridProperties ?? {}) as Json;
          const sub = subFields(r.fields, "gridProperties");
          const want = (name: string) => sub === "all" || sub.includes(name);
          const rowCount = want("rowCount") && grid.rowCount !== undefined ? Number(grid.rowCount) : sheet.maxRows;
          const columnCount = want("columnCount") && grid.columnCount !== undefined ? Number(grid.columnCount) : sheet.maxCols;
          ss.guardGrowth(rowCount * columnCount - sheet.maxRows * sheet.maxCols, BATCH_UPDATE);
          // Rows or columns cut off take their cells with them: a protected one is refused.
          if (rowCount < sheet.maxRows) guardCells({ sheet, row: rowCount + 1, col: 1, rows: sheet.maxRows - rowCount, cols: sheet.maxCols });
          if (columnCount < sheet.maxCols) guardCells({ sheet, row: 1, col: columnCount + 1, rows: sheet.maxRows, cols: sheet.maxCols - columnCount });
          if (want("rowCount") && grid.rowCount !== undefined) sheet.resizeRows(Number(grid.rowCount));
          if (want("columnCount") && grid.columnCount !== undefined) sheet.resizeColumns(Number(grid.columnCount));
          const frozenRows = want("frozenRowCount") ? Number(grid.frozenRowCount ?? 0) : sheet.frozenRows;
          const frozenCols = want("frozenColumnCount") ? Number(grid.frozenColumnCount ?? 0) : sheet.frozenCols;
          const refused = sheet.freezeRefusal(frozenRows, frozenCols);
          if (refused) throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: ${refused}`);
          sheet.frozenRows = frozenRows;
          sheet.frozenCols = frozenCols;
        }
        if (has("tabColor")) sheet.tabColor = hex(p.tabColor as Json | undefined);
        return {};
      }
      case "updateCells": {
        const rows = (r.rows ?? []) as Json[];
        const has = fieldsOf(r.fields);
        if (!r.fields) throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: At least one field must be updated.`);
        if (r.range) {
          const area = this.rect(ss, r.range as Json, where);
          guardCells(area);
          for (let y = 0; y < area.rows; y++) {
            for (let x = 0; x < area.cols; x++) this.writeCell(area.sheet, area.row + y, area.col + x, ((rows[y]?.values as Json[] | undefined) ?? [])[x], has, r.fields, where);
          }
        } else {
          const start = (r.start ?? {}) as Json;
          const height = rows.length;
          const width = Math.max(0, ...rows.map((row) => ((row.values as Json[] | undefined) ?? []).length));
          const area = this.rect(ss, { sheetId: start.sheetId, startRowIndex: start.rowIndex ?? 0, endRowIndex: Number(start.rowIndex ?? 0) + height, startColumnIndex: start.columnIndex ?? 0, endColumnIndex: Number(start.columnIndex ?? 0) + width }, where);
          guardCells(area);
          rows.forEach((row, y) => ((row.values as Json[] | undefined) ?? []).forEach((cell, x) => this.writeCell(area.sheet, area.row + y, area.col + x, cell, has, r.fields, where)));
        }
        return {};
      }
      case "appendCells": {
        const sheet = this.sheetOf(ss, r.sheetId, where);
        const rows = (r.rows ?? []) as Json[];
        const first = sheet.lastRow() + 1;
        const need = first + rows.length - 1;
        const width = Math.max(0, ...rows.map((row) => ((row.values as Json[] | undefined) ?? []).length));
        // The rows appended are cells of the sheet: a protection over them refuses the append.
        guardCells({ sheet, row: first, col: 1, rows: rows.length, cols: Math.max(width, 1) });
        ss.guardGrowth(Math.max(need, sheet.maxRows) * Math.max(width, sheet.maxCols) - sheet.maxRows * sheet.maxCols, BATCH_UPDATE);
        if (need > sheet.maxRows) sheet.maxRows = need;
        if (width > sheet.maxCols) sheet.maxCols = width;
        const has = fieldsOf(r.fields);
        rows.forEach((row, y) => ((row.values as Json[] | undefined) ?? []).forEach((cell, x) => this.writeCell(sheet, first + y, 1 + x, cell, has, r.fields, where)));
        return {};
      }
      case "appendDimension": {
        const sheet = this.sheetOf(ss, r.sheetId, where);
        const length = Number(r.length ?? 0);
        const rows = r.dimension === "ROWS";
        guardSheet(sheet);
        ss.guardGrowth(rows ? length * sheet.maxCols : length * sheet.maxRows, BATCH_UPDATE);
        if (rows) sheet.maxRows += length;
        else sheet.maxCols += length;
        return {};
      }
      case "repeatCell": {
        const area = this.rect(ss, r.range as Json, where);
        guardCells(area);
        const has = fieldsOf(r.fields);
        for (let y = 0; y < area.rows; y++) for (let x = 0; x < area.cols; x++) this.writeCell(area.sheet, area.row + y, area.col + x, r.cell as Json, has, r.fields, where);
        return {};
      }
      case "mergeCells": {
        const area = this.rect(ss, r.range as Json, where);
        guardCells(area);
        const type = String(r.mergeType ?? "MERGE_ALL");
        const parts =
          type === "MERGE_ROWS"
            ? Array.from({ length: area.rows }, (_, y) => ({ row: area.row + y, col: area.col, rows: 1, cols: area.cols }))
            : type === "MERGE_COLUMNS"
              ? Array.from({ length: area.cols }, (_, x) => ({ row: area.row, col: area.col + x, rows: area.rows, cols: 1 }))
              : [{ row: area.row, col: area.col, rows: area.rows, cols: area.cols }];
        for (const m of parts) {
          const overlaps = area.sheet.merges.some((o) => m.row <= o.row + o.rows - 1 && o.row <= m.row + m.rows - 1 && m.col <= o.col + o.cols - 1 && o.col <= m.col + m.cols - 1);
          if (overlaps) throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: You can't merge cells that overlap a merged range.`);
          const refused = area.sheet.mergeRefusal(m);
          if (refused) throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: ${refused}`);
          area.sheet.merges.push(m);
        }
        return {};
      }
      case "unmergeCells": {
        const area = this.rect(ss, r.range as Json, where);
        guardCells(area);
        area.sheet.merges = area.sheet.merges.filter(
          (m) => !(m.row >= area.row && m.col >= area.col && m.row + m.rows <= area.row + area.rows && m.col + m.cols <= area.col + area.cols),
        );
        return {};
      }
      case "updateDimensionProperties": {
        const range = (r.range ?? {}) as Json;
        const sheet = this.sheetOf(ss, range.sheetId, where);
        const rowsDim = range.dimension === "ROWS";
        const max = rowsDim ? sheet.maxRows : sheet.maxCols;
        const start = Number(range.startIndex ?? 0);
        const end = Number(range.endIndex ?? max);
        if (end > max || start < 0 || end < start) {
          throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: Range (${start}:${end}) exceeds grid limits. Max ${rowsDim ? "rows" : "columns"}: ${max}`);
        }
        const p = (r.properties ?? {}) as Json;
        const has = fieldsOf(r.fields);
        guardSheet(sheet);
        for (let n = start + 1; n <= end; n++) {
          if (has("pixelSize") && p.pixelSize !== undefined) (rowsDim ? sheet.rowHeights : sheet.columnWidths).set(n, Number(p.pixelSize));
          if (has("hiddenByUser") && !rowsDim) {
            if (p.hiddenByUser) sheet.hiddenColumns.add(n);
            else sheet.hiddenColumns.delete(n);
          }
        }
        return {};
      }
      case "setDataValidation": {
        const area = this.rect(ss, r.range as Json, where);
        guardCells(area);
        const rule = r.rule ? this.validation(ss, r.rule as Json) : null;
        for (let y = 0; y < area.rows; y++) for (let x = 0; x < area.cols; x++) area.sheet.cell(area.row + y, area.col + x).validation = rule;
        return {};
      }
      case "addConditionalFormatRule": {
        const rule = (r.rule ?? {}) as Json;
        const ranges = ((rule.ranges ?? []) as Json[]).map((g) => this.rect(ss, g, where));
        const boolean = (rule.booleanRule ?? {}) as Json;
        const condition = (boolean.condition ?? {}) as Json;
        const format = (boolean.format ?? {}) as Json;
        const text = (format.textFormat ?? {}) as Json;
        const typed = String(((condition.values ?? []) as Json[])[0]?.userEnteredValue ?? "");
        if (condition.type !== "CUSTOM_FORMULA" || !typed.startsWith("=")) throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: Invalid ConditionalFormatRule.`);
        const sheet = ranges[0].sheet;
        guardSheet(sheet);
        const formula = ss.enterRuleFormula(typed, where, BATCH_UPDATE);
        const fake = new FakeConditionalRule(
          formula,
          hex(format.backgroundColor as Json | undefined),
          hex(text.foregroundColor as Json | undefined),
          text.bold === undefined ? null : Boolean(text.bold),
          ranges.map((g) => new FakeRange(g.sheet, g.row, g.col, g.rows, g.cols)),
        );
        sheet.rules.splice(Math.min(Number(r.index ?? 0), sheet.rules.length), 0, fake);
        return {};
      }
      case "deleteConditionalFormatRule": {
        const sheet = this.sheetOf(ss, r.sheetId, where);
        guardSheet(sheet);
        const index = Number(r.index ?? 0);
        if (index >= sheet.rules.length) throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: No conditional format on sheet ${sheet.id} at index ${index}`);
        sheet.rules.splice(index, 1);
        return {};
      }
      case "addProtectedRange": {
        const pr = r.protectedRange as { range: { sheetId: number }; description: string; editors?: { users?: string[] } };
        this.sheetOf(ss, pr.range.sheetId, where);
        const protectedRangeId = ss.protectedRanges.length + 1000 + this.env.batchUpdates.length * 10000 + i;
        // Whoever adds a protection stays one of its editors, so nobody locks themselves out.
        const users = [...new Set([...(pr.editors?.users ?? []), this.env.effectiveUser()])];
        const body = { ...pr, editors: { ...pr.editors, users } };
        ss.protectedRanges.push({ sheetId: pr.range.sheetId, protectedRangeId, description: pr.description, body: body as unknown as Record<string, unknown> });
        return { addProtectedRange: { protectedRange: { ...body, protectedRangeId } } };
      }
      case "deleteProtectedRange": {
        const id = Number(r.protectedRangeId);
        const found = ss.protectedRanges.find((p) => p.protectedRangeId === id);
        if (!found) throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: No protected range with id: ${id}`);
        // Only the owner and the protection's own editors may remove it.
        if (!ss.protections.mayEditProtection(this.env.effectiveUser(), found)) throw new Error(`API call to ${BATCH_UPDATE} failed with error: ${PROTECTED_TEXT}`);
        ss.protectedRanges = ss.protectedRanges.filter((p) => p.protectedRangeId !== id);
        return {};
      }
      default:
        throw unknownField(kind, `requests[${i}]`);
    }
  }

  private validation(ss: FakeSpreadsheet, rule: Json): FakeDataValidation {
    const condition = (rule.condition ?? {}) as Json;
    const values = ((condition.values ?? []) as Json[]).map((v) => String(v.userEnteredValue ?? ""));
    const allowInvalid = !rule.strict;
    const help = String(rule.inputMessage ?? "");
    switch (condition.type) {
      case "ONE_OF_LIST":
        return new FakeDataValidation("VALUE_IN_LIST", [values, rule.showCustomUi !== false], allowInvalid, help);
      case "ONE_OF_RANGE": {
        const m = /^=?'?(.*?)'?!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(values[0] ?? "");
        const sheet = m ? ss.sheets.find((s) => s.name === m[1].replace(/''/g, "'")) : undefined;
        if (!m || !sheet) throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid DataValidationRule: ${values[0]}`);
        return new FakeDataValidation("VALUE_IN_RANGE", [sheet.getRange(`${m[2]}${m[3]}${m[4] ? `:${m[4]}${m[5]}` : ""}`), true], allowInvalid, help);
      }
      case "NUMBER_BETWEEN":
        return new FakeDataValidation("NUMBER_BETWEEN", values.map(Number), allowInvalid, help);
      case "DATE_IS_VALID":
        return new FakeDataValidation("DATE_IS_VALID_DATE", [], allowInvalid, help);
      default:
        throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid DataValidationRule: unknown condition ${String(condition.type)}`);
    }
  }

  /** One CellData into a cell, for the fields named in the request's mask. */
  private writeCell(sheet: FakeSheet, row: number, col: number, data: Json | undefined, has: (name: string) => boolean, fields: unknown, where: string): void {
    if (row > sheet.maxRows || col > sheet.maxCols) throw new Error(`API call to sheets.spreadsheets.batchUpdate failed with error: Invalid ${where}: GridCoordinate.rowIndex[${row - 1}] is after last row in grid[${sheet.maxRows - 1}]`);
    const d = data ?? {};
    // Clearing a cell that holds nothing changes nothing (and keeps a cleared 20,000-row grid small).
    if (Object.keys(d).length === 0 && !sheet.peek(row, col)) return;
    const cell = sheet.cell(row, col);
    if (has("userEnteredFormat")) {
      const f = (d.userEnteredFormat ?? {}) as Json;
      const text = (f.textFormat ?? {}) as Json;
      const sub = subFields(fields, "userEnteredFormat");
      // The whole format replaced by none: the cell is as a new one, with no format of its own.
      if (sub === "all" && Object.keys(f).length === 0) cell.style = {};
      else {
      const want = (name: string) => sub === "all" || sub.includes(name);
      const textSub = sub === "all" ? "all" : subFields(String(fields).replace(/userEnteredFormat\./g, ""), "textFormat");
      const wantText = (name: string) => want("textFormat") && (textSub === "all" || textSub.includes(name));
      if (want("backgroundColor")) cell.style.background = hex(f.backgroundColor as Json | undefined);
      if (wantText("foregroundColor")) cell.style.fontColor = hex(text.foregroundColor as Json | undefined) ?? "#000000";
      if (wantText("bold")) cell.style.fontWeight = text.bold ? "bold" : "normal";
      if (wantText("italic")) cell.style.fontStyle = text.italic ? "italic" : "normal";
      if (wantText("fontSize")) cell.style.fontSize = text.fontSize === undefined ? 10 : Number(text.fontSize);
      if (want("horizontalAlignment")) cell.style.hAlign = f.horizontalAlignment ? H_ALIGN[String(f.horizontalAlignment)] : null;
      if (want("verticalAlignment")) cell.style.vAlign = f.verticalAlignment ? V_ALIGN[String(f.verticalAlignment)] : "bottom";
      if (want("wrapStrategy")) cell.style.wrap = f.wrapStrategy ? WRAP[String(f.wrapStrategy)] : "OVERFLOW";
      if (want("numberFormat")) cell.style.numberFormat = (f.numberFormat as Json | undefined)?.pattern === undefined ? "General" : String((f.numberFormat as Json).pattern);
      }
    }
    if (has("userEnteredValue")) {
      sheet.book.cellChanged(sheet, row, col);
      const v = d.userEnteredValue as Json | undefined;
      const format = ((d.userEnteredFormat ?? {}) as Json).numberFormat as Json | undefined;
      if (!v) {
        cell.value = "";
        cell.formula = "";
      } else if (v.formulaValue !== undefined) {
        const formula = String(v.formulaValue);
        if (formula.length > CELL_CHARACTERS) throw new Error(`API call to ${BATCH_UPDATE} failed with error: Invalid ${where}: ${CELL_TOO_LONG}`);
        cell.formula = sheet.book.enterFormula(formula, `${where} '${sheet.name}'!R${row}C${col}`, BATCH_UPDATE);
        cell.value = "";
      } else if (v.stringValue !== undefined) {
        if (String(v.stringValue).length > CELL_CHARACTERS) throw new Error(`API call to ${BATCH_UPDATE} failed with error: Invalid ${where}: ${CELL_TOO_LONG}`);
        cell.value = String(v.stringValue);
        cell.formula = "";
      } else if (v.numberValue !== undefined) {
        cell.value = (format && DATE_TYPES.has(String(format.type))) || isDatePattern(cell.style.numberFormat) ? fromSerial(Number(v.numberValue)) : Number(v.numberValue);
        cell.formula = "";
      } else if (v.boolValue !== undefined) {
        cell.value = Boolean(v.boolValue);
        cell.formula = "";
      }
    }
    // Sheets keeps a date as its serial number and shows it as a date where the format is one.
    const dated = isDatePattern(cell.style.numberFormat);
    if (dated && typeof cell.value === "number") cell.value = fromSerial(cell.value);
    else if (!dated && cell.value instanceof Date && cell.style.numberFormat !== undefined) cell.value = toSerial(cell.value);
    if (has("note")) {
      if (String(d.note ?? "").length > CELL_CHARACTERS) throw new Error(`API call to ${BATCH_UPDATE} failed with error: Invalid ${where}: ${CELL_TOO_LONG}`);
      cell.note = d.note === undefined ? "" : String(d.note);
    }
    if (has("dataValidation")) cell.validation = d.dataValidation ? this.validation(sheet.book, d.dataValidation as Json) : null;
  }
}
