/**
 * The same school generated through SpreadsheetApp and through the Sheets API: the application
 * (4.3), the summary (4.2) and the plans (4.1) are the same cell for cell — values, formulas,
 * formats, notes, validations, conditional formats, merges, frozen panes, column widths and row
 * heights, as Sheets holds them.
 */
import { describe, expect, it } from "vitest";
import { writeDemo } from "../../src/app/demoWorkbook";
import { generate } from "../../src/app/generate";
import { TAB_APPLICATION, TAB_PLANS, TAB_SUMMARY } from "../../src/workbook/schema";
import type { FakeSheet, GasEnvironment } from "../fakes/gas";
import { type SheetsApi, SheetsApiWorkbookPort } from "../../src/gas/sheetsApiPort";
import { sheetsApiPort, sheetsPort, TODAY } from "../helpers";
import { readState } from "../../src/workbook/read";
import { interpret } from "../../src/workbook/interpret";
import { a1 } from "../../src/workbook/a1";

/** A cell's format with Sheets' defaults filled in, so "not set" and "set to the default" agree. */
function format(style: Record<string, unknown>) {
  return {
    background: style.background ? String(style.background).toLowerCase() : null,
    fontColor: String(style.fontColor ?? "#000000").toLowerCase(),
    fontWeight: style.fontWeight ?? "normal",
    fontStyle: style.fontStyle ?? "normal",
    fontSize: style.fontSize ?? 10,
    hAlign: style.hAlign ?? null,
    vAlign: style.vAlign ?? "bottom",
    numberFormat: style.numberFormat ?? "General",
    wrap: style.wrap ?? "OVERFLOW",
  };
}

/** Everything Sheets holds for a tab, cell by cell, in a form two hosts' results can be compared in. */
function held(env: GasEnvironment, name: string) {
  const sheet = env.spreadsheet.raw(name) as FakeSheet;
  const cells: Record<string, unknown> = {};
  for (let r = 1; r <= sheet.maxRows; r++) {
    for (let c = 1; c <= sheet.maxCols; c++) {
      const cell = sheet.peek(r, c);
      if (!cell) continue;
      const value = cell.value instanceof Date ? `date:${cell.value.toISOString()}` : cell.value;
      const entry = { value, formula: cell.formula, note: cell.note, format: format(cell.style as Record<string, unknown>), validation: cell.validation ? JSON.stringify(cell.validation) : null };
      const blank = value === "" && !cell.formula && !cell.note && !cell.validation && JSON.stringify(entry.format) === JSON.stringify(format({}));
      if (!blank) cells[`${r},${c}`] = entry;
    }
  }
  return {
    grid: [sheet.maxRows, sheet.maxCols],
    cells,
    merges: [...sheet.merges].sort((a, b) => a.row - b.row || a.col - b.col),
    frozen: [sheet.frozenRows, sheet.frozenCols],
    rules: sheet.rules.map((rule) => JSON.stringify(rule)),
    columnWidths: [...sheet.columnWidths].sort((a, b) => a[0] - b[0]),
    hiddenColumns: [...sheet.hiddenColumns].sort((a, b) => a - b),
    rowHeights: [...sheet.rowHeights].sort((a, b) => a[0] - b[0]),
  };
}

describe("the Sheets API writes what SpreadsheetApp writes", () => {
  it("4.1 plans, 4.2 summary and 4.3 application are the same cell for cell on the same school", () => {
    const viaApp = sheetsPort();
    const viaApi = sheetsApiPort();
    for (const { port } of [viaApp, viaApi]) {
      writeDemo(port, TODAY);
      generate(port, { provisional: true, now: TODAY });
    }
    viaApi.port.flush();
    expect(viaApi.env.batchUpdates.length).toBeGreaterThan(0);
    for (const tab of [TAB_APPLICATION, TAB_SUMMARY, TAB_PLANS]) {
      const a = held(viaApp.env, tab);
      const b = held(viaApi.env, tab);
      expect(Object.keys(a.cells).length, tab).toBeGreaterThan(50);
      // Cell by cell first, so a difference names its cell.
      for (const key of new Set([...Object.keys(a.cells), ...Object.keys(b.cells)])) expect(b.cells[key], `${tab} ${key}`).toEqual(a.cells[key]);
      // The grid: the API sizes it exactly; SpreadsheetApp may leave one spare row or column (it
      // sizes the grid in one call per axis whatever size it had), which holds nothing.
      expect(a.grid[0] - b.grid[0], tab).toBeGreaterThanOrEqual(0);
      expect(a.grid[0] - b.grid[0], tab).toBeLessThanOrEqual(1);
      expect(a.grid[1] - b.grid[1], tab).toBeGreaterThanOrEqual(0);
      expect(a.grid[1] - b.grid[1], tab).toBeLessThanOrEqual(1);
      expect({ ...b, grid: null }, tab).toEqual({ ...a, grid: null });
    }
  });
});

describe("what the Sheets API port reads", () => {
  it("a first read brings every tab but the deferred ones; a deferred tab asked for is read alone", () => {
    const { env } = sheetsApiPort();
    const school = sheetsPort(env).port;
    writeDemo(school, TODAY);
    generate(school, { provisional: true, now: TODAY });
    const api = (env.globals() as { Sheets: SheetsApi }).Sheets;
    const asked = () =>
      env.calls
        .filter((c) => c.target === "Sheets.Values")
        .map((c) => ((c.args?.[1] as { ranges: string[] }).ranges).map((r) => r.slice(1, -1)));
    env.resetCalls();
    const plans = new SheetsApiWorkbookPort(api, env.spreadsheet.getId(), { deferred: [TAB_PLANS] });
    expect(plans.readTab(TAB_PLANS)!.values.length).toBeGreaterThan(10);
    expect(asked()).toEqual([[TAB_PLANS], [TAB_PLANS]]);
    env.resetCalls();
    const inputs = new SheetsApiWorkbookPort(api, env.spreadsheet.getId(), { deferred: [TAB_PLANS] });
    inputs.readTab("Кызматкерлер");
    const [first] = asked();
    expect(first).toContain(TAB_SUMMARY);
    expect(first).not.toContain(TAB_PLANS);
    expect(first.length).toBe(env.spreadsheet.sheets.length - 1);
  });
});

describe("a date a formula gives", () => {
  it("is the same day through SpreadsheetApp (a Date) and the Sheets API (its serial number)", () => {
    const { env } = sheetsApiPort();
    const school = sheetsPort(env).port;
    writeDemo(school, TODAY);
    const sheet = env.spreadsheet.raw("Курстар")!;
    const dateCol = readState(school).courses.table!.columns.get("date")!;
    const row = readState(school).courses.table!.rows[0].rowNumber;
    const cell = sheet.cell(row, dateCol);
    cell.formula = "=DATE(2026;10;1)";
    cell.value = new Date(2026, 9, 1);
    const api = (env.globals() as { Sheets: SheetsApi }).Sheets;
    for (const port of [sheetsPort(env).port, new SheetsApiWorkbookPort(api, env.spreadsheet.getId())]) {
      const records = interpret(readState(port), TODAY);
      expect(records.problems.filter((p) => p.tab === "Курстар" && p.cell === a1(row, dateCol))).toEqual([]);
      expect(records.courses.some((c) => c.date === "2026-10-01")).toBe(true);
    }
  });
});
