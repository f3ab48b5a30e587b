import { describe, expect, it } from "vitest";
import { checkWorkbook } from "../../src/app/check";
import { generate } from "../../src/app/generate";
import { writeModel } from "../../src/app/setUp";
import { checkResultJson } from "../../src/core/problems";
import { cellOf, modelFromState } from "../../src/workbook/model";
import type { WorkbookPort } from "../../src/workbook/port";
import { readState } from "../../src/workbook/read";
import { TAB_HOURS, TAB_PLANS, TAB_YEAR_PLAN } from "../../src/workbook/schema";
import { XlsxWorkbookPort } from "../../src/xlsx/xlsxPort";
import { StreamingXlsxPort } from "../../src/xlsx/streamingPort";
import { STAFF } from "../fixtures/knownSchool";
import { writeKnownSchool } from "../fixtures/knownWorkbook";
import { HOSTS, reloadXlsx, TODAY, type PortUnderTest } from "../helpers";

const knownSchool = (port: WorkbookPort, staff = STAFF) => writeKnownSchool(port, staff);

const OPTS = { provisional: false, now: TODAY, asOf: "2026-11-23" };

/** Row (1-based) of the first row whose hidden key is `key`. */
function rowOfKey(port: WorkbookPort, tab: string, key: string): number {
  return port.readTab(tab)!.values.findIndex((r) => r[0] === key) + 1;
}

describe("the hours tab (4.5) and the schedule on a school with a known answer", () => {
  it("gives exact hours, distance shares, minimum flags and due years as of a date", async () => {
    let port = XlsxWorkbookPort.empty();
    knownSchool(port);
    expect(generate(port, OPTS).status).toBe("generated");
    port = await reloadXlsx(port);
    const rows = port.readTab(TAB_HOURS)!.values;
    expect(rows[0][0]).toBe("4.5-курал. Курстардын сааттары акыркы беш жылда (2021-11-23 кийин — 2026-11-23 чейин)");
    const row = (id: string) => rows.find((r) => r[0] === id)!.slice(4, 11);
    expect(row("T1")).toEqual([null, 46, 30, 0.6522, "жок", 16, 2026]);
    expect(row("T2")).toEqual([2024, 72, 0, 0, "ооба", 0, 2029]);
    expect(row("T3")).toEqual([2019, 0, 0, 0, "жок", 0, 2024]);
    expect(row("D1")).toEqual([2021, 24, 0, 0, "жок", 0, 2026]);
  });

  it("puts every teacher in the 4.4 schedule once, the overdue in the first year", async () => {
    let port = XlsxWorkbookPort.empty();
    knownSchool(port);
    generate(port, OPTS);
    port = await reloadXlsx(port);
    const rows = port.readTab(TAB_YEAR_PLAN)!.values;
    const header = rows.findIndex((r) => r[1] === "Ф.А.А.");
    expect(rows[header].slice(4, 9)).toEqual(["2026-2027", "2027-2028", "2028-2029", "2029-2030", "2030-2031"]);
    const schedule = rows.slice(header + 1, header + 8);
    expect(schedule.map((r) => r.slice(4, 9).filter((m) => m === "✓").length)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    const slotOf = (name: string) => schedule.find((r) => String(r[1]).includes(name))!.slice(4, 9).indexOf("✓");
    expect(slotOf("Исаков Нурлан")).toBe(0);
    expect(slotOf("Турдубаев Улан")).toBe(0);
    expect(slotOf("Эсенова Динара")).toBe(0);
    expect(slotOf("Осмонов Бакыт")).toBe(0);
    // Last long course 2023 (roster): by 2027-2028 at the latest, and one year needs one teacher.
    expect(slotOf("Бекова Гүлнара")).toBe(1);
    // Last long course 2024: the school year 2028-2029 ends within five years of it.
    expect(slotOf("Сыдыкова Асель")).toBe(2);
    expect(slotOf("Кадырова Жылдыз")).toBe(2);
  });

  it("check reports bad ledger entries with their cells", async () => {
    let port = XlsxWorkbookPort.empty();
    knownSchool(port);
    const ws = port.workbook.getWorksheet("Курстар")!;
    ws.getCell("A8").value = "T9";
    ws.getCell("C8").value = "2024-02-30";
    ws.getCell("D8").value = 0;
    ws.getCell("F8").value = 9;
    ws.getCell("A9").value = "T1";
    ws.getCell("C9").value = "2027-01-01";
    ws.getCell("D9").value = 8;
    ws.getCell("F9").value = 2;
    port = await reloadXlsx(port);
    const problems = checkResultJson(checkWorkbook(port, TODAY), "ky").problems.filter((p) => p.tab === "Курстар");
    expect(problems.map((p) => p.cell)).toEqual(["A8", "C8", "D8", "F8", "C9"]);
    expect(problems[1].message).toMatch(/2024-02-30.*ЖЖЖЖ-АА-КК/);
    expect(problems[4].message).toMatch(/келечекте/);
  });
});

for (const host of HOSTS) {
  describe(`regenerating the plans keeps what people wrote (${host.name})`, () => {
    it("text typed into 4.4 and 4.1 survives regeneration; a task that goes away is kept, and comes back", async () => {
      const h = host.make();
      knownSchool(h.port);
      generate(h.port, OPTS);
      let port = await h.reopen();

      // What people type: an analysis, a changed activity, their plan, a sign-off.
      const typed: [string, string, number, string][] = [
        [TAB_YEAR_PLAN, "S|I.2", 2, "Жетишүү 4%га өстү."],
        [TAB_YEAR_PLAN, "L|task:teacher:2", 2, "Ачык сабактар — ар бир МУБда"],
        [TAB_YEAR_PLAN, "L|young", 8, "Насаатчы бекитилди"],
        [TAB_PLANS, "L|T1:goal:teacher:1", 3, "Мектептеги семинарга катышуу"],
        [TAB_PLANS, "S|T1:sign:interim", 3, "Исаков Н."],
        [TAB_PLANS, "S|T1:fields", 3, "ОшМУ, математика"],
      ];
      for (const [tab, key, col, text] of typed) edit(h, port, tab, rowOfKey(port, tab, key), col, text);
      port = await h.reopen();
      generate(port, OPTS);
      port = await h.reopen();
      for (const [tab, key, col, text] of typed) expect(port.readTab(tab)!.values[rowOfKey(port, tab, key) - 1][col - 1], key).toBe(text);

      // Only one task this year: task 2's activities move to the kept section, still keyed.
      const model = modelFromState(readState(port));
      model.settings.set("plan_tasks", cellOf("1"));
      writeModel(port, model, TODAY);
      generate(port, OPTS);
      port = await h.reopen();
      const plan = port.readTab(TAB_YEAR_PLAN)!.values;
      const kept = plan.findIndex((r) => String(r[1]).startsWith("Сакталган жазуулар"));
      expect(kept).toBeGreaterThan(0);
      const keptRow = plan.findIndex((r) => r[0] === "L|task:teacher:2");
      expect(keptRow).toBeGreaterThan(kept);
      expect(plan[keptRow][1]).toBe("Ачык сабактар — ар бир МУБда");
      expect(plan.filter((r) => String(r[1]).startsWith("2-милдет. Мен сабактардын планын"))).toHaveLength(1);

      model.settings.set("plan_tasks", cellOf("4"));
      writeModel(port, model, TODAY);
      generate(port, OPTS);
      port = await h.reopen();
      const back = port.readTab(TAB_YEAR_PLAN)!.values;
      expect(back.some((r) => String(r[1]).startsWith("Сакталган жазуулар"))).toBe(false);
      expect(back[rowOfKey(port, TAB_YEAR_PLAN, "L|task:teacher:2") - 1][1]).toBe("Ачык сабактар — ар бир МУБда");
    });

    it("the plan of someone who left the roster is kept, not dropped", async () => {
      const h = host.make();
      knownSchool(h.port);
      generate(h.port, OPTS);
      let port = await h.reopen();
      edit(h, port, TAB_PLANS, rowOfKey(port, TAB_PLANS, "L|T4:goal:teacher:1"), 3, "Англис тилинде баалоо боюнча тренинг");
      port = await h.reopen();
      const model = modelFromState(readState(port));
      model.staff.rows = model.staff.rows.filter((r) => r.id.value !== "T4");
      writeModel(port, model, TODAY);
      generate(port, OPTS);
      port = await h.reopen();
      const plans = port.readTab(TAB_PLANS)!.values;
      const kept = plans.findIndex((r) => String(r[1]).startsWith("Сакталган жазуулар"));
      const row = plans.findIndex((r) => r[0] === "L|T4:goal:teacher:1");
      expect(kept).toBeGreaterThan(0);
      expect(row).toBeGreaterThan(kept);
      expect(plans[row][2]).toBe("Англис тилинде баалоо боюнча тренинг");
    });
  });
}

describe("rows people insert", () => {
  it("an activity row inserted without a key stays with its task", async () => {
    let port = XlsxWorkbookPort.empty();
    knownSchool(port);
    generate(port, OPTS);
    port = await reloadXlsx(port);
    const ws = port.workbook.getWorksheet(TAB_YEAR_PLAN)!;
    const r = rowOfKey(port, TAB_YEAR_PLAN, "L|task:teacher:1");
    ws.spliceRows(r + 1, 0, [null, "Кошумча иш-чара: коучинг", "Ноябрь"]);
    port = await reloadXlsx(port);
    generate(port, OPTS);
    port = await reloadXlsx(port);
    const rows = port.readTab(TAB_YEAR_PLAN)!.values;
    const added = rows.findIndex((row) => row[1] === "Кошумча иш-чара: коучинг");
    expect(rows[added][0]).toBe("L|task:teacher:1");
    expect(rows[added][2]).toBe("Ноябрь");
  });
});

/**
 * Types into a cell as a person would: through ExcelJS for xlsx, into the file's sheet XML for the
 * streaming port, through the fake sheet for Sheets.
 */
function edit(h: PortUnderTest, port: WorkbookPort, tab: string, row: number, col: number, value: string) {
  if (port instanceof XlsxWorkbookPort) port.workbook.getWorksheet(tab)!.getCell(row, col).value = value;
  else if (port instanceof StreamingXlsxPort) port.updateCells(tab, [{ row, col, values: [[value]] }]);
  else h.env!.spreadsheet.raw(tab)!.getRange(row, col).setValues([[value]]);
}
