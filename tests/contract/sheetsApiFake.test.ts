/**
 * The Sheets API fake refuses what the real API refuses, with the API's own error text, and a
 * refused batch changes nothing: so a request the port builds wrong fails here, not in a school.
 */
import { describe, expect, it } from "vitest";
import { GasEnvironment } from "../fakes/gas";

type Request = GoogleAppsScript.Sheets.Schema.Request;

function setUp() {
  const env = new GasEnvironment();
  const id = env.spreadsheet.getId();
  env.spreadsheet.insertSheet("Бир");
  const sheet = env.spreadsheet.raw("Бир")!;
  sheet.getRange(1, 1).setValues([["сакталат"]]);
  const send = (...requests: unknown[]) => () => env.sheetsApi.batchUpdate({ requests: requests as Request[] }, id);
  return { env, id, sheet, sheetId: sheet.getSheetId(), send };
}

describe("the Sheets API fake", () => {
  it("rejects an unknown request kind and an unknown field, naming them as the API does", () => {
    const { send, sheetId } = setUp();
    expect(send({ paintCells: { range: { sheetId } } })).toThrow(/Unknown name "paintCells" at 'requests\[0\]': Cannot find field\./);
    expect(send({ repeatCell: { range: { sheetId }, cell: { userEnteredFormat: { bgColor: {} } }, fields: "userEnteredFormat" } })).toThrow(/Unknown name "bgColor"/);
    expect(send({ updateCells: { start: { sheetId }, rows: [{ values: [{ userEnteredValue: { textValue: "x" } }] }], fields: "userEnteredValue" } })).toThrow(/Unknown name "textValue"/);
    // Google's schema (the vendored discovery document) allows one kind per request.
    expect(send({ updateCells: { range: { sheetId } }, addSheet: { properties: { title: "x" } } })).toThrow(/oneof field 'kind' is already set/);
  });

  it("rejects a range outside the grid, overlapping merges and a second sheet of the same title", () => {
    const { send, sheet, sheetId } = setUp();
    expect(send({ repeatCell: { range: { sheetId, startRowIndex: 0, endRowIndex: sheet.maxRows + 1, startColumnIndex: 0, endColumnIndex: 1 }, cell: {}, fields: "userEnteredFormat" } })).toThrow(/exceeds grid limits/);
    expect(send({ updateCells: { start: { sheetId, rowIndex: sheet.maxRows, columnIndex: 0 }, rows: [{ values: [{ userEnteredValue: { stringValue: "x" } }] }], fields: "userEnteredValue" } })).toThrow(/exceeds grid limits|is after last row in grid/);
    const merge = (r0: number, r1: number) => ({ mergeCells: { range: { sheetId, startRowIndex: r0, endRowIndex: r1, startColumnIndex: 0, endColumnIndex: 2 }, mergeType: "MERGE_ALL" } });
    expect(send(merge(0, 2), merge(1, 3))).toThrow(/You can't merge cells that overlap a merged range\./);
    expect(send({ addSheet: { properties: { title: "Бир" } } })).toThrow(/A sheet with the name "Бир" already exists\. Please enter another name\./);
    expect(send({ updateCells: { range: { sheetId: 424242 }, fields: "userEnteredValue" } })).toThrow(/No grid with id: 424242/);
  });

  it("rejects a body over 10 MB (counted in UTF-8 bytes, as it travels)", () => {
    const { send, sheetId } = setUp();
    // 5.5 million Cyrillic letters: 11 MB in UTF-8, though only 5.5 million characters.
    const big = "ж".repeat(5_500_000);
    expect(send({ updateCells: { start: { sheetId, rowIndex: 0, columnIndex: 0 }, rows: [{ values: [{ userEnteredValue: { stringValue: big } }] }], fields: "userEnteredValue" } })).toThrow(
      /Request payload size exceeds the limit: 10485760 bytes\./,
    );
  });

  it("applies a batch all or nothing: a failing request undoes the ones before it", () => {
    const { send, sheet, sheetId, env } = setUp();
    const write = { updateCells: { start: { sheetId, rowIndex: 0, columnIndex: 0 }, rows: [{ values: [{ userEnteredValue: { stringValue: "жаңы" } }] }], fields: "userEnteredValue" } };
    const names = env.spreadsheet.sheets.map((s) => s.name);
    expect(send(write, { addSheet: { properties: { title: "Эки" } } }, { addSheet: { properties: { title: "Бир" } } })).toThrow(/already exists/);
    expect(sheet.peek(1, 1)!.value).toBe("сакталат");
    expect(env.spreadsheet.sheets.map((s) => s.name)).toEqual(names);
    send(write)();
    expect(sheet.peek(1, 1)!.value).toBe("жаңы");
  });

  it("keeps text as text: a stringValue that looks like a formula is never parsed", () => {
    const { send, sheet, sheetId } = setUp();
    send({ updateCells: { start: { sheetId, rowIndex: 0, columnIndex: 0 }, rows: [{ values: [{ userEnteredValue: { stringValue: "=1+1" } }, { userEnteredValue: { formulaValue: "=1+1" } }] }], fields: "userEnteredValue" } })();
    expect(sheet.peek(1, 1)).toMatchObject({ value: "=1+1", formula: "" });
    expect(sheet.peek(1, 2)!.formula).toBe("=1+1");
  });
});
