/** The discovery-document checks: what the product sends passes, and each rule catches its mistake. */
import { describe, expect, it } from "vitest";
import { checkBatchGet, checkBatchUpdate, checkFieldMask, checkGet, discoveryError } from "./discovery";

const grid = (sheetId: number, r0: number, r1: number, c0: number, c1: number) => ({ sheetId, startRowIndex: r0, endRowIndex: r1, startColumnIndex: c0, endColumnIndex: c1 });
const red = { red: 0.9569, green: 0.8, blue: 0.8 };

/** One of each request kind the product sends, shaped as src/gas/sheetsApiPort.ts and protection.ts shape them. */
const VALID = {
  requests: [
    { addSheet: { properties: { sheetId: 7, title: "Журнал", gridProperties: { rowCount: 100, columnCount: 12 } } } },
    { updateSheetProperties: { properties: { sheetId: 7, gridProperties: { frozenRowCount: 1, frozenColumnCount: 0 }, tabColor: red }, fields: "gridProperties.frozenRowCount,gridProperties.frozenColumnCount,tabColor" } },
    { updateSheetProperties: { properties: { sheetId: 7, index: 0 }, fields: "index" } },
    { updateCells: { range: { sheetId: 7 }, fields: "userEnteredValue,userEnteredFormat,note,dataValidation" } },
    {
      updateCells: {
        start: { sheetId: 7, rowIndex: 0, columnIndex: 0 },
        rows: [
          {
            values: [
              { userEnteredValue: { stringValue: "=not a formula" }, userEnteredFormat: { textFormat: { bold: true, fontSize: 12, foregroundColor: red }, backgroundColor: red, horizontalAlignment: "CENTER", verticalAlignment: "MIDDLE", wrapStrategy: "WRAP" } },
              { userEnteredValue: { numberValue: 45500 }, userEnteredFormat: { numberFormat: { type: "DATE", pattern: "yyyy-mm-dd" } } },
              { userEnteredValue: { formulaValue: '=HYPERLINK("#gid=7&range=A1","go")' } },
              { userEnteredValue: { boolValue: false } },
              {},
            ],
          },
        ],
        fields: "userEnteredValue,userEnteredFormat",
      },
    },
    { updateCells: { start: { sheetId: 7, rowIndex: 2, columnIndex: 1 }, rows: [{ values: [{ note: "a note" }] }], fields: "note" } },
    { appendCells: { sheetId: 7, rows: [{ values: [{ userEnteredValue: { stringValue: "x" }, userEnteredFormat: { numberFormat: { type: "TEXT" } } }] }], fields: "userEnteredValue,userEnteredFormat.numberFormat" } },
    { repeatCell: { range: grid(7, 1, 2, 1, 2), cell: { userEnteredFormat: { numberFormat: { type: "DATE", pattern: "yyyy-mm-dd" } } }, fields: "userEnteredFormat.numberFormat" } },
    { mergeCells: { range: grid(7, 0, 1, 0, 4), mergeType: "MERGE_ALL" } },
    { mergeCells: { range: grid(7, 1, 3, 0, 4), mergeType: "MERGE_ROWS" } },
    { unmergeCells: { range: { sheetId: 7 } } },
    { updateDimensionProperties: { range: { sheetId: 7, dimension: "COLUMNS", startIndex: 0, endIndex: 3 }, properties: { pixelSize: 120 }, fields: "pixelSize" } },
    { updateDimensionProperties: { range: { sheetId: 7, dimension: "COLUMNS" }, properties: { hiddenByUser: false }, fields: "hiddenByUser" } },
    { setDataValidation: { range: grid(7, 1, 50, 2, 3), rule: { strict: true, inputMessage: "Choose one", showCustomUi: true, condition: { type: "ONE_OF_LIST", values: [{ userEnteredValue: "да" }, { userEnteredValue: "жок" }] } } } },
    { setDataValidation: { range: grid(7, 1, 50, 3, 4), rule: { strict: false, showCustomUi: true, condition: { type: "ONE_OF_RANGE", values: [{ userEnteredValue: "='Lists'!A2:A50" }] } } } },
    { setDataValidation: { range: grid(7, 1, 50, 4, 5), rule: { strict: true, condition: { type: "NUMBER_BETWEEN", values: [{ userEnteredValue: "0" }, { userEnteredValue: "100" }] } } } },
    { setDataValidation: { range: grid(7, 1, 50, 5, 6), rule: { strict: true, condition: { type: "DATE_IS_VALID" } } } },
    { addConditionalFormatRule: { index: 0, rule: { ranges: [grid(7, 1, 50, 0, 6)], booleanRule: { condition: { type: "CUSTOM_FORMULA", values: [{ userEnteredValue: "=$F2<TODAY()" }] }, format: { backgroundColor: red, textFormat: { bold: true } } } } } },
    { deleteConditionalFormatRule: { sheetId: 7, index: 0 } },
    { addProtectedRange: { protectedRange: { range: { sheetId: 7 }, description: "ҮКӨ: plan", warningOnly: false, editors: { users: ["head@school.kg"] }, unprotectedRanges: [grid(7, 1, 50, 2, 3)] } } },
    { deleteProtectedRange: { protectedRangeId: 123456 } },
    { deleteSheet: { sheetId: 8 } },
  ],
};

const only = (request: object) => checkBatchUpdate({ requests: [request] });
const cell = (c: object) => ({ updateCells: { start: { sheetId: 0, rowIndex: 0, columnIndex: 0 }, rows: [{ values: [c] }], fields: "*" } });

describe("checkBatchUpdate", () => {
  it("passes every request kind the product sends", () => {
    expect(checkBatchUpdate(VALID)).toEqual([]);
  });

  it("refuses an unknown field, with its path and the parser's words", () => {
    const problems = only(cell({ userEnteredFormat: { textFormat: { bolt: true } } }));
    expect(problems).toEqual([
      {
        path: "requests[0].updateCells.rows[0].values[0].userEnteredFormat.textFormat.bolt",
        message: `Invalid JSON payload received. Unknown name "bolt" at 'requests[0].update_cells.rows[0].values[0].user_entered_format.text_format': Cannot find field.`,
      },
    ]);
    expect(only({ frobnicate: {} })[0].message).toBe(`Invalid JSON payload received. Unknown name "frobnicate" at 'requests[0]': Cannot find field.`);
  });

  it("refuses a wrong JSON type", () => {
    const bold = only(cell({ userEnteredFormat: { textFormat: { bold: "yes" } } }));
    expect(bold).toEqual([{ path: "requests[0].updateCells.rows[0].values[0].userEnteredFormat.textFormat.bold", message: `Invalid value at 'requests[0].update_cells.rows[0].values[0].user_entered_format.text_format.bold' (TYPE_BOOL), "yes"` }]);
    expect(only(cell({ userEnteredValue: { numberValue: "5" } }))[0].message).toContain("(TYPE_DOUBLE)");
    expect(only(cell({ note: 5 }))[0].message).toContain("(TYPE_STRING), 5");
    expect(only({ unmergeCells: { range: "A1:B2" } })[0].message).toContain("(type.googleapis.com/google.apps.sheets.v4.GridRange)");
    expect(only({ addSheet: { properties: { title: { text: "x" } } } })[0].message).toContain("Starting an object on a scalar field");
    expect(only({ addSheet: { properties: [] } })[0].message).toContain("Proto field is not repeating, cannot start list.");
    expect(checkBatchUpdate({ requests: { addSheet: {} } })[0].path).toBe("requests");
    // A hole left in a row is sent as null, which a list may not hold.
    expect(only({ updateCells: { start: { sheetId: 0 }, rows: [{ values: [{}, undefined] }], fields: "note" } })[0].path).toBe("requests[0].updateCells.rows[0].values[1]");
  });

  it("refuses an int32 that is not whole or out of range", () => {
    const problems = only(cell({ userEnteredFormat: { textFormat: { fontSize: 10.5 } } }));
    expect(problems).toEqual([{ path: "requests[0].updateCells.rows[0].values[0].userEnteredFormat.textFormat.fontSize", message: `Invalid value at 'requests[0].update_cells.rows[0].values[0].user_entered_format.text_format.font_size' (TYPE_INT32), 10.5` }]);
    expect(only({ deleteSheet: { sheetId: 2 ** 31 } })).toHaveLength(1);
    expect(only({ deleteSheet: { sheetId: "3" } })).toHaveLength(1);
    expect(only({ deleteSheet: { sheetId: -1 } })).toEqual([]);
  });

  it("refuses a value outside an enum", () => {
    expect(only({ mergeCells: { range: grid(0, 0, 1, 0, 2), mergeType: "MERGE_EVERYTHING" } })).toEqual([
      { path: "requests[0].mergeCells.mergeType", message: `Invalid value at 'requests[0].merge_cells.merge_type' (type.googleapis.com/google.apps.sheets.v4.MergeCellsRequest.MergeType), "MERGE_EVERYTHING"` },
    ]);
    expect(only({ setDataValidation: { range: grid(0, 0, 1, 0, 1), rule: { condition: { type: "ONE_OF" } } } })[0].path).toBe("requests[0].setDataValidation.rule.condition.type");
    expect(only(cell({ userEnteredFormat: { horizontalAlignment: 1 } }))).toHaveLength(1);
  });

  it("wants exactly one kind per request", () => {
    expect(checkBatchUpdate({ requests: [{ unmergeCells: { range: { sheetId: 0 } }, deleteSheet: { sheetId: 0 } }] })).toEqual([
      { path: "requests[0]", message: `Invalid value at 'requests[0]' (oneof), oneof field 'kind' is already set. Cannot set 'deleteSheet'` },
    ]);
    expect(checkBatchUpdate({ requests: [{}] })).toEqual([{ path: "requests[0]", message: "Invalid requests[0]: No request set." }]);
    expect(checkBatchUpdate({ requests: [] })).toEqual([{ path: "requests", message: "Must specify at least one request." }]);
  });

  it("wants at most one value per ExtendedValue", () => {
    const problems = only(cell({ userEnteredValue: { stringValue: "1", numberValue: 1 } }));
    expect(problems).toEqual([{ path: "requests[0].updateCells.rows[0].values[0].userEnteredValue", message: expect.stringContaining("oneof field 'value' is already set. Cannot set 'numberValue'") }]);
    expect(only(cell({ userEnteredValue: {} }))).toEqual([]);
  });

  it("checks each request's mask against the object it updates", () => {
    const repeat = (fields: string) => only({ repeatCell: { range: grid(0, 0, 1, 0, 1), cell: {}, fields } });
    expect(repeat("userEnteredFormat.colour")).toEqual([
      { path: "requests[0].repeatCell.fields", message: "Invalid requests[0].repeatCell: Invalid field mask 'userEnteredFormat.colour': 'userEnteredFormat.colour' is not a field of CellData." },
    ]);
    expect(repeat("userEnteredFormat(textFormat(bold,italic),numberFormat),note")).toEqual([]);
    expect(repeat("userEnteredFormat(textFormat(bolt),numberFormat)")[0].message).toContain("'userEnteredFormat.textFormat.bolt'");
    expect(repeat("userEnteredFormat(textFormat")).toHaveLength(1);
    expect(repeat("*")).toEqual([]);
    expect(repeat("note, userEnteredValue")).toHaveLength(1); // the API reads " userEnteredValue"
    expect(repeat("cell.note")).toHaveLength(1); // the root is implied
    expect(repeat("note.text")).toHaveLength(1); // a string has no fields
    // Each kind's root: the sheet's properties, a dimension's, a protected range.
    expect(only({ updateSheetProperties: { properties: { sheetId: 0 }, fields: "gridProperties.rowCount" } })).toEqual([]);
    expect(only({ updateSheetProperties: { properties: { sheetId: 0 }, fields: "userEnteredValue" } })).toHaveLength(1);
    expect(only({ updateDimensionProperties: { range: { sheetId: 0, dimension: "ROWS" }, properties: {}, fields: "pixelSize,hiddenByUser" } })).toEqual([]);
    expect(only({ updateProtectedRange: { protectedRange: { protectedRangeId: 1 }, fields: "editors.users,unprotectedRanges" } })).toEqual([]);
    // Kinds outside the explicit table, found from the doc: an embedded object's overlay position, a slicer's spec.
    expect(only({ updateEmbeddedObjectPosition: { objectId: 1, newPosition: {}, fields: "anchorCell,widthPixels" } })).toEqual([]);
    expect(only({ updateSlicerSpec: { slicerId: 1, spec: {}, fields: "title,filterCriteria.condition" } })).toEqual([]);
  });

  it("refuses an update without a mask, where the doc says one is required", () => {
    expect(only({ updateCells: { range: { sheetId: 0 } } })).toEqual([{ path: "requests[0].updateCells", message: "Invalid requests[0].updateCells: At least one field must be updated." }]);
    expect(only({ repeatCell: { range: { sheetId: 0 }, cell: {}, fields: "" } })).toHaveLength(1);
    expect(only({ updateSheetProperties: { properties: { sheetId: 0 } } })).toHaveLength(1);
    expect(only({ updateDimensionProperties: { range: { sheetId: 0, dimension: "ROWS" }, properties: { pixelSize: 3 } } })).toHaveLength(1);
    // Its mask is needed only when an overlay position is given.
    expect(only({ updateEmbeddedObjectPosition: { objectId: 1, newPosition: { newSheet: true } } })).toEqual([]);
  });

  it("walks a ~10 MB body of 100k cells well under a second", () => {
    const rows = Array.from({ length: 2000 }, (_, r) => ({
      values: Array.from({ length: 50 }, (_, c) => ({
        userEnteredValue: c % 2 ? { numberValue: r * c } : { stringValue: `Мугалимдин пландары ${r}:${c}` },
        userEnteredFormat: { textFormat: { bold: c === 0 }, numberFormat: { type: "TEXT" }, backgroundColor: { red: 0.5, green: 0.5, blue: 0.5 } },
      })),
    }));
    const body = { requests: [{ updateCells: { start: { sheetId: 0, rowIndex: 0, columnIndex: 0 }, rows, fields: "userEnteredValue,userEnteredFormat" } }] };
    expect(JSON.stringify(body).length).toBeGreaterThan(9_000_000);
    const started = performance.now();
    expect(checkBatchUpdate(body)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("checkBatchGet and checkGet", () => {
  it("passes the product's reads", () => {
    const ranges = ["'Журнал'", "'It''s'"];
    expect(checkBatchGet({ ranges, majorDimension: "ROWS", valueRenderOption: "UNFORMATTED_VALUE", dateTimeRenderOption: "SERIAL_NUMBER" })).toEqual([]);
    expect(checkBatchGet({ ranges, majorDimension: "ROWS", valueRenderOption: "FORMULA", dateTimeRenderOption: "FORMATTED_STRING", fields: "valueRanges(range,values)", quotaUser: "x", prettyPrint: false })).toEqual([]);
    expect(checkGet({ fields: "sheets(properties(sheetId,title,index),conditionalFormats(ranges(sheetId)),protectedRanges(protectedRangeId,description))" })).toEqual([]);
    expect(checkGet({ includeGridData: false, ranges: ["A1:B2"], fields: "sheets.data.rowData.values.userEnteredValue,properties.title" })).toEqual([]);
  });

  it("refuses an unknown parameter", () => {
    expect(checkBatchGet({ ranges: ["A1"], valueRenderOptions: "FORMULA" })).toEqual([
      { path: "valueRenderOptions", message: `Invalid JSON payload received. Unknown name "valueRenderOptions": Cannot bind query parameter. Field 'valueRenderOptions' could not be found in request message.` },
    ]);
    expect(checkGet({ spreadsheetId: "abc" })).toHaveLength(1); // a path parameter, given positionally
  });

  it("refuses a value outside a parameter's enum, and repeated parameters that are not lists of strings", () => {
    expect(checkBatchGet({ valueRenderOption: "RAW" })).toEqual([{ path: "valueRenderOption", message: `Invalid value at 'value_render_option' (type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), "RAW"` }]);
    expect(checkBatchGet({ ranges: "A1:B2" })).toEqual([{ path: "ranges", message: expect.stringContaining("(TYPE_STRING)") }]);
    expect(checkBatchGet({ ranges: ["A1", 2] })[0].path).toBe("ranges[1]");
    expect(checkGet({ includeGridData: "true" })).toHaveLength(1);
    expect(checkGet({ alt: "xml" })).toHaveLength(1);
  });

  it("checks a partial-response mask against the method's response", () => {
    expect(checkGet({ fields: "sheets(properties(sheetIdd))" })).toEqual([{ path: "fields", message: "Error expanding 'fields' parameter. Cannot find matching fields for path 'sheets.properties.sheetIdd'." }]);
    expect(checkBatchGet({ fields: "valueRanges(values,rnage)" })[0].message).toContain("'valueRanges.rnage'");
  });
});

describe("checkFieldMask", () => {
  it("reads dots, parentheses and *", () => {
    expect(checkFieldMask("sheets(properties(sheetId,title,index),conditionalFormats(ranges(sheetId)),protectedRanges(protectedRangeId,description))", "Spreadsheet")).toEqual([]);
    expect(checkFieldMask("properties.title,sheets.properties.gridProperties(rowCount,columnCount)", "Spreadsheet")).toEqual([]);
    expect(checkFieldMask("sheets.*,namedRanges", "Spreadsheet")).toEqual([]);
    expect(checkFieldMask("sheets(properties(sheetIdd,titel)),nope", "Spreadsheet").map((p) => p.path)).toEqual(["sheets.properties.sheetIdd", "sheets.properties.titel", "nope"]);
    expect(checkFieldMask("userEnteredFormat.colour", "CellData")).toEqual([{ path: "userEnteredFormat.colour", message: "Cannot find matching fields for path 'userEnteredFormat.colour'." }]);
    expect(checkFieldMask("a,,b", "CellData")).toHaveLength(3);
    expect(checkFieldMask("note)", "CellData")).toHaveLength(1);
    expect(() => checkFieldMask("x", "NoSuchSchema")).toThrow();
  });
});

describe("discoveryError", () => {
  it("words the error as Apps Script throws it", () => {
    const problems = only({ updateCells: { start: { sheetId: 0 }, rows: [], fields: "note", foo: 1 } });
    expect(discoveryError("sheets.spreadsheets.batchUpdate", problems).message).toBe(
      `API call to sheets.spreadsheets.batchUpdate failed with error: Invalid JSON payload received. Unknown name "foo" at 'requests[0].update_cells': Cannot find field.`,
    );
    expect(discoveryError("sheets.spreadsheets.values.batchGet", checkBatchGet({ valueRenderOption: "RAW" })).message).toBe(
      `API call to sheets.spreadsheets.values.batchGet failed with error: Invalid value at 'value_render_option' (type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), "RAW"`,
    );
  });

  it("gives every parser problem a line, and past the parser only the first bad request", () => {
    const parse = checkBatchUpdate({ requests: [{ deleteSheet: { sheetId: 0, a: 1 } }, { deleteSheet: { sheetId: 0, b: 1 } }] });
    expect(discoveryError("sheets.spreadsheets.batchUpdate", parse).message.split("\n")).toHaveLength(2);
    const semantic = checkBatchUpdate({ requests: [{ updateCells: { range: { sheetId: 0 } } }, { repeatCell: { range: { sheetId: 0 } } }] });
    expect(semantic).toHaveLength(2);
    expect(discoveryError("sheets.spreadsheets.batchUpdate", semantic).message).toBe("API call to sheets.spreadsheets.batchUpdate failed with error: Invalid requests[0].updateCells: At least one field must be updated.");
    expect(discoveryError("sheets.spreadsheets.get", checkGet({ fields: "sheets(properties(sheetIdd))" })).message).toContain("Error expanding 'fields' parameter.");
  });
});
