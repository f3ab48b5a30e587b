/**
 * The streaming port (what `ukoo` uses) writes the same workbook as the in-memory ExcelJS port:
 * every tab of the demo school, all generated tabs included, compared cell by cell (value, type,
 * formula, style) and sheet by sheet (merges, validations, conditional formats, notes, columns,
 * row heights, frozen panes, page setup, print titles, page breaks), both files read back by
 * ExcelJS's ordinary (non-streaming) reader.
 */
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { writeDemo } from "../../src/app/demoWorkbook";
import { generate } from "../../src/app/generate";
import { setUpWorkbook } from "../../src/app/setUp";
import type { WorkbookPort } from "../../src/workbook/port";
import { StreamingXlsxPort } from "../../src/xlsx/streamingPort";
import { XlsxWorkbookPort } from "../../src/xlsx/xlsxPort";
import { ZipReader } from "../../src/xlsx/stream/zipReader";
import { TODAY } from "../helpers";

async function excel(buffer: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

/** What a user sees of a cell: its value (formulas with their text and result) and its style. */
function cellsOf(ws: ExcelJS.Worksheet): Map<string, unknown> {
  const out = new Map<string, unknown>();
  ws.eachRow({ includeEmpty: true }, (row) =>
    row.eachCell({ includeEmpty: true }, (cell) => {
      const style = cell.style ?? {};
      // A fill of "none" and no fill look the same.
      const fill = style.fill && (style.fill as ExcelJS.FillPattern).pattern === "none" ? undefined : style.fill;
      const look = {
        font: style.font ? { ...style.font } : undefined,
        fill,
        alignment: style.alignment,
        numFmt: style.numFmt,
        border: style.border && Object.keys(style.border).length > 0 ? style.border : undefined,
      };
      const value = cell.value as unknown;
      const note = cell.note as unknown;
      const noteText = note ? (typeof note === "string" ? note : ((note as { texts?: { text: string }[] }).texts ?? []).map((t) => t.text).join("")) : undefined;
      if (value === null && !noteText && JSON.stringify(look) === JSON.stringify({ font: ws.getColumn(cell.col).font ? { ...ws.getColumn(cell.col).font } : undefined })) return;
      out.set(cell.address, JSON.parse(JSON.stringify({ value, type: cell.type, look, note: noteText })));
    }),
  );
  return out;
}

function sheetOf(ws: ExcelJS.Worksheet) {
  const model = ws.model as unknown as Record<string, unknown>;
  const columns = (ws.columns ?? []).map((c) => ({ width: c.width, hidden: c.hidden, font: c.font }));
  const heights: Record<number, number | undefined> = {};
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    if (row.height) heights[n] = row.height;
  });
  const setup = ws.pageSetup;
  return JSON.parse(
    JSON.stringify({
      merges: [...((model.merges as string[]) ?? [])].sort(),
      validations: (ws as unknown as { dataValidations: { model: unknown } }).dataValidations.model,
      conditionalFormats: (ws as unknown as { conditionalFormattings: unknown[] }).conditionalFormattings,
      columns,
      heights,
      views: (ws.views ?? []).map((v) => ({ state: v.state, xSplit: (v as { xSplit?: number }).xSplit, ySplit: (v as { ySplit?: number }).ySplit })),
      page: { orientation: setup.orientation, paperSize: setup.paperSize, fitToPage: setup.fitToPage, fitToWidth: setup.fitToWidth, fitToHeight: setup.fitToHeight, margins: setup.margins, printTitlesRow: setup.printTitlesRow },
      breaks: (model.rowBreaks as unknown[]) ?? [],
      tabColor: ws.properties.tabColor,
    }),
  );
}

async function expectSameWorkbook(a: Uint8Array, b: Uint8Array): Promise<void> {
  const [x, y] = [await excel(a), await excel(b)];
  expect(y.worksheets.map((w) => w.name)).toEqual(x.worksheets.map((w) => w.name));
  for (const wx of x.worksheets) {
    const wy = y.getWorksheet(wx.name)!;
    const [cx, cy] = [cellsOf(wx), cellsOf(wy)];
    for (const [address, cell] of cx) expect({ tab: wx.name, address, cell: cy.get(address) }).toEqual({ tab: wx.name, address, cell });
    expect({ tab: wx.name, cells: [...cy.keys()].filter((k) => !cx.has(k)) }).toEqual({ tab: wx.name, cells: [] });
    expect({ tab: wx.name, ...sheetOf(wy) }).toEqual({ tab: wx.name, ...sheetOf(wx) });
  }
  // Live formulas are recalculated when the file is opened, whatever results it carries.
  expect(new ZipReader(Buffer.from(b)).text("xl/workbook.xml")).toMatch(/<calcPr[^>]*fullCalcOnLoad="1"/);
}

/** The demo school, set up, with every generated tab (4.1–4.5), on one port. */
function school(port: WorkbookPort): WorkbookPort {
  writeDemo(port, TODAY);
  setUpWorkbook(port, TODAY);
  generate(port, { provisional: true, now: TODAY, asOf: "2026-11-23" });
  return port;
}

describe("the streaming xlsx port writes what the in-memory port writes", () => {
  it("every tab of a school with all its generated tabs, cell by cell and sheet by sheet", async () => {
    const memory = school(XlsxWorkbookPort.empty()) as XlsxWorkbookPort;
    const streaming = school(StreamingXlsxPort.empty()) as StreamingXlsxPort;
    await expectSameWorkbook(await memory.toBuffer(), await streaming.toBuffer());
  });

  it("a tab carried over untouched from a file keeps everything, through two saves", async () => {
    const memory = school(XlsxWorkbookPort.empty()) as XlsxWorkbookPort;
    const original = await memory.toBuffer();
    // Written once by the in-memory port (as older versions of ukoo did), then by the streaming port twice.
    const once = await (await StreamingXlsxPort.fromBuffer(Buffer.from(original))).toBuffer();
    const twice = await (await StreamingXlsxPort.fromBuffer(once)).toBuffer();
    await expectSameWorkbook(original, once);
    await expectSameWorkbook(original, twice);
  });

  it("generating again on a streamed file changes only the generated tabs", async () => {
    const memory = school(XlsxWorkbookPort.empty()) as XlsxWorkbookPort;
    const file = await StreamingXlsxPort.fromBuffer(Buffer.from(await memory.toBuffer()));
    generate(file, { provisional: true, now: TODAY, asOf: "2026-11-23" });
    generate(memory, { provisional: true, now: TODAY, asOf: "2026-11-23" });
    await expectSameWorkbook(await memory.toBuffer(), await file.toBuffer());
  });

  it("cells written into a carried tab land as in the in-memory port, styles kept", async () => {
    const memory = school(XlsxWorkbookPort.empty()) as XlsxWorkbookPort;
    const memoryAgain = await XlsxWorkbookPort.fromBuffer(await memory.toBuffer());
    const file = await StreamingXlsxPort.fromBuffer(Buffer.from(await memory.toBuffer()));
    const blocks = [
      { row: 5, col: 3, values: [[3, "=1+1", "  бош орун  "]] },
      { row: 7, col: 2, values: [[new Date(Date.UTC(2026, 0, 5)), true, { formula: "2+3", result: 5 }]] },
      { row: 300, col: 1, values: [["жаңы сап", null, { text: "шилтеме", link: { tab: "Мектеп", cell: "B3" } }]] },
    ];
    for (const port of [memoryAgain, file]) {
      port.updateCells("2.1 Мугалим — өзүн баалоо", blocks);
      port.appendRows("Курстар", [["T001", null, "2026-11-23", 3, "бир"], [null, "эки"]]);
    }
    const [x, y] = [await memoryAgain.toBuffer(), await file.toBuffer()];
    const wx = (await excel(x)).getWorksheet("2.1 Мугалим — өзүн баалоо")!;
    const wy = (await excel(y)).getWorksheet("2.1 Мугалим — өзүн баалоо")!;
    const [cx, cy] = [cellsOf(wx), cellsOf(wy)];
    for (const address of ["C5", "D5", "E5", "C7", "D7", "A300", "C300"]) {
      const a = cx.get(address) as { value: unknown; look: unknown };
      const b = cy.get(address) as { value: unknown; look: unknown };
      expect({ address, value: b?.value, look: b?.look }).toEqual({ address, value: a?.value, look: a?.look });
    }
    // A date written into a cell shows as a date (the in-memory port would show its serial number).
    expect(wy.getCell("B7").value).toEqual(new Date(Date.UTC(2026, 0, 5)));
    expect(wy.getCell("B7").numFmt).toBe("mm-dd-yy");
    const logX = (await StreamingXlsxPort.fromBuffer(Buffer.from(x))).readTab("Курстар")!;
    const logY = (await StreamingXlsxPort.fromBuffer(y)).readTab("Курстар")!;
    expect(logY.values).toEqual(logX.values);
  });
});

describe("a workbook in Excel's 1904 date system (old Mac Excel)", () => {
  it("keeps its dates through ukoo's load and save, carried and newly written alike", async () => {
    const { loadWorkbook, saveWorkbook } = await import("../../src/cli/io");
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const book = new ExcelJS.Workbook();
    book.properties.date1904 = true;
    book.addWorksheet("Эскертүүлөр").getCell("A1").value = new Date(Date.UTC(2026, 8, 1));
    const file = join(mkdtempSync(join(tmpdir(), "ukoo-1904-")), "school.xlsx");
    await book.xlsx.writeFile(file);

    const port = await loadWorkbook(file);
    expect(port.readTab("Эскертүүлөр")!.values[0][0]).toEqual(new Date(Date.UTC(2026, 8, 1)));
    port.updateCells("Эскертүүлөр", [{ row: 2, col: 1, values: [[new Date(Date.UTC(2026, 9, 5))]] }]);
    await saveWorkbook(port, file);

    const again = await loadWorkbook(file);
    expect(again.readTab("Эскертүүлөр")!.values.map((r) => r[0])).toEqual([new Date(Date.UTC(2026, 8, 1)), new Date(Date.UTC(2026, 9, 5))]);
    const excel = new ExcelJS.Workbook();
    await excel.xlsx.readFile(file);
    expect(excel.getWorksheet("Эскертүүлөр")!.getCell("A1").value).toEqual(new Date(Date.UTC(2026, 8, 1)));
  });
});
