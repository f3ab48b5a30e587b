import { describe, expect, it } from "vitest";
import { checkWorkbook } from "../../src/app/check";
import { writeDemo } from "../../src/app/demoWorkbook";
import { setUpWorkbook } from "../../src/app/setUp";
import { checkResultJson } from "../../src/core/problems";
import { XlsxWorkbookPort } from "../../src/xlsx/xlsxPort";
import { reloadXlsx, TODAY } from "../helpers";

const SELF = "2.1 Мугалим — өзүн баалоо";
const SUP = "3.1 Мугалим — супервайзер";

async function demo() {
  const port = XlsxWorkbookPort.empty();
  writeDemo(port, TODAY);
  return reloadXlsx(port);
}

function rowOf(port: XlsxWorkbookPort, tab: string, id: string): number {
  return port.workbook.getWorksheet(tab)!.getColumn(1).values.findIndex((v) => v === id);
}

describe("check entries", () => {
  it("reports every invalid level poked into the workbook with its tab and cell, and accepts ' 3 '", async () => {
    let port = await demo();
    const ws = port.workbook.getWorksheet(SUP)!;
    const r = rowOf(port, SUP, "T030");
    const pokes: [string, unknown, string][] = [
      ["D", 0, "problem.level.out_of_range"],
      ["E", 4, "problem.level.out_of_range"],
      ["F", 2.5, "problem.level.not_whole"],
      ["G", "жогору", "problem.level.not_a_number"],
      ["H", { formula: "1+1", result: 2 }, "problem.level.formula"],
      ["I", "=2", "problem.level.formula"],
    ];
    for (const [col, value] of pokes) ws.getCell(`${col}${r}`).value = value as never;
    ws.getCell(`J${r}`).value = " 3 ";
    port = await reloadXlsx(port);
    const result = checkResultJson(checkWorkbook(port, TODAY), "ru");
    for (const [col, value, code] of pokes) {
      const found = result.problems.find((p) => p.tab === SUP && p.cell === `${col}${r}`);
      expect(found, `${col}${r} ${String(value)}`).toBeDefined();
      expect(found!.person_id).toBe("T030");
      expect(found!.framework).toBe("teacher");
      expect(found!.competency).toBe(String(col.charCodeAt(0) - 67));
      expect(found!.message).toMatch(/1.*2.*3/);
      void code;
    }
    expect(result.problems.find((p) => p.cell === `J${r}` && p.tab === SUP)).toBeUndefined();
    expect(result.missing.find((m) => m.person_id === "T030" && m.competency === "7" && m.rater === "supervisor")).toBeUndefined();
  });

  it("reports duplicate and unknown ids, self-supervision and people in the wrong form", async () => {
    let port = await demo();
    const staff = port.workbook.getWorksheet("Кызматкерлер")!;
    const t5 = rowOf(port, "Кызматкерлер", "T005");
    staff.getCell(`A${rowOf(port, "Кызматкерлер", "T006")}`).value = "T005";
    staff.getCell(`I${rowOf(port, "Кызматкерлер", "T007")}`).value = "T007";
    const self = port.workbook.getWorksheet(SELF)!;
    self.getCell(`A${rowOf(port, SELF, "T008")}`).value = "T999";
    const leader = port.workbook.getWorksheet("2.2 Жетекчи — өзүн баалоо")!;
    const spare = leader.rowCount + 1;
    leader.getCell(`A${spare}`).value = "T010";
    leader.getCell(`C${spare}`).value = 2;
    port = await reloadXlsx(port);
    const problems = checkResultJson(checkWorkbook(port, TODAY), "ky").problems;
    const at = (tab: string, cell: string) => problems.find((p) => p.tab === tab && p.cell === cell)?.message;
    expect(at("Кызматкерлер", `A${t5 + 1}`)).toMatch(/T005.*бир нече жолу/);
    expect(at("Кызматкерлер", `I${t5 + 2}`)).toMatch(/өзүн-өзү баалай албайт/);
    expect(at(SELF, `A${rowOf(port, SELF, "T999")}`)).toMatch(/T999.*тизмесинде жок/);
    expect(at("2.2 Жетекчи — өзүн баалоо", `A${spare}`)).toMatch(/бул формада бааланбайт/);
  });

  it("finds a moved or deleted competency column, still reads the moved one right, and repair puts it back", async () => {
    let port = await demo();
    const before = checkWorkbook(port, TODAY);
    const ws = port.workbook.getWorksheet(SELF)!;
    // Swap the columns of competencies 1 (C) and 2 (D), headers and data, as dragging them would.
    const colC = ws.getColumn(3).values.slice();
    const colD = ws.getColumn(4).values.slice();
    ws.getColumn(3).values = colD;
    ws.getColumn(4).values = colC;
    // Delete the header of competency 22 (column X).
    ws.getCell("X3").value = null;
    port = await reloadXlsx(port);
    const after = checkResultJson(checkWorkbook(port, TODAY), "ky");
    const layout = after.problems.filter((p) => p.tab === SELF && p.cell.endsWith("3"));
    expect(layout.map((p) => [p.cell, p.competency])).toEqual([
      ["D3", "1"],
      ["C3", "2"],
      ["X3", "22"],
    ]);
    expect(layout[2].message).toMatch(/«22» мамычасы жок/);
    expect(layout[0].message).toMatch(/C ордуна эмес, D ордунда/);
    const ones = (r: ReturnType<typeof checkWorkbook>) =>
      r.records.levels.filter((l) => l.framework === "teacher" && l.rater === "self" && l.competency === "1").map((l) => `${l.personId}=${l.level}`);
    expect(ones(checkWorkbook(port, TODAY))).toEqual(ones(before));

    setUpWorkbook(port, TODAY);
    port = await reloadXlsx(port);
    const repaired = checkWorkbook(port, TODAY);
    expect(repaired.problems.filter((p) => p.tab === SELF && p.cell.endsWith("3"))).toEqual([]);
    expect(ones(repaired)).toEqual(ones(before));
    const header = port.readTab(SELF)!.values[2];
    expect(header.slice(2, 4)).toEqual(["1", "2"]);
    // What was typed under the deleted header is kept in a column of its own, not dropped.
    const kept = header.indexOf("(X)");
    expect(kept).toBeGreaterThan(40);
    const had22 = before.records.levels.filter((l) => l.framework === "teacher" && l.rater === "self" && l.competency === "22");
    expect(had22.length).toBeGreaterThan(30);
    const rows = port.readTab(SELF)!.values;
    for (const l of had22) expect(rows.find((r) => r[0] === l.personId)![kept]).toBe(l.level);
  });

  it("names a missing tab, and repair recreates it without touching what other tabs hold", async () => {
    let port = await demo();
    const typed = port.readTab(SELF)!;
    port.workbook.removeWorksheet(port.workbook.getWorksheet(SUP)!.id);
    port = await reloadXlsx(port);
    const problems = checkResultJson(checkWorkbook(port, TODAY), "ky").problems;
    expect(problems.find((p) => p.tab === SUP)?.message).toMatch(/барагы жок/);
    setUpWorkbook(port, TODAY);
    port = await reloadXlsx(port);
    expect(port.tabNames()).toContain(SUP);
    expect(port.readTab(SELF)!.values).toEqual(typed.values);
  });
});
