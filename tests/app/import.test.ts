import { describe, expect, it } from "vitest";
import { checkWorkbook } from "../../src/app/check";
import { demoData, demoFiles } from "../../src/app/demo";
import { applyImport, parseImport } from "../../src/app/importData";
import { writeModel } from "../../src/app/setUp";
import { checkResultJson } from "../../src/core/problems";
import { modelFromState } from "../../src/workbook/model";
import { readState } from "../../src/workbook/read";
import { XlsxWorkbookPort } from "../../src/xlsx/xlsxPort";
import { HOSTS, reloadXlsx, TODAY } from "../helpers";
import { expectedCheck } from "./expected";

function texts(files: ReturnType<typeof demoFiles>) {
  return {
    school: { file: "school.json", text: files["school.json"] },
    staff: { file: "staff.csv", text: files["staff.csv"] },
    ratings: { file: "ratings.csv", text: files["ratings.csv"] },
    priorities: { file: "priorities.csv", text: files["priorities.csv"] },
    courses: { file: "courses.csv", text: files["courses.csv"] },
  };
}

for (const host of HOSTS) {
  describe(`import on ${host.name}`, () => {
    it("a 60-person data set imports and check reports exactly its differences and missing ratings", async () => {
      const data = demoData({ year: 2026, seed: 7 });
      expect(data.people).toHaveLength(60);
      const { bundle, issues } = parseImport(texts(demoFiles(data)), TODAY);
      expect(issues).toEqual([]);
      const h = host.make();
      const model = modelFromState(readState(h.port));
      writeModel(h.port, applyImport(model, bundle, "ky"), TODAY);
      const result = checkResultJson(checkWorkbook(await h.reopen(), TODAY), "ky");
      const expected = expectedCheck(data);
      expect(result.disagreements).toEqual(expected.disagreements);
      expect(result.missing).toEqual(expected.missing);
      expect(expected.disagreements.length).toBeGreaterThan(50);
      expect(expected.missing.length).toBeGreaterThan(20);
      // The one roster gap the generator leaves on purpose is the only problem.
      expect(result.problems.map((p) => [p.tab, p.cell, p.person_id])).toEqual([["Кызматкерлер", "I20", "T012"]]);
    });
  });
}

describe("import into a workbook that already has entries", () => {
  it("keeps ratings already typed for people the files do not mention, and columns people added", async () => {
    const data = demoData({ year: 2026 });
    const files = demoFiles(data);
    let port = XlsxWorkbookPort.empty();
    const first = parseImport(texts(files), TODAY);
    writeModel(port, applyImport(modelFromState(readState(port)), first.bundle, "ky"), TODAY);
    // Someone types a rating by hand and adds a column of their own to the roster.
    const ws = port.workbook.getWorksheet("2.1 Мугалим — өзүн баалоо")!;
    const rowOf = (id: string) => ws.getColumn(1).values.findIndex((v) => v === id);
    ws.getCell(rowOf("T002"), 3).value = 1;
    const staff = port.workbook.getWorksheet("Кызматкерлер")!;
    staff.getCell(2, 13).value = "Телефон";
    staff.getCell(3, 13).value = "+996 700 000 001";
    port = await reloadXlsx(port);
    // Import only ratings for another person.
    const ratingsOnly = { ...texts(files), ratings: { file: "ratings.csv", text: "person_id,framework,competency,rater,level,comment\nT005,teacher,4,self,2,жаңы\n" } };
    const second = parseImport(ratingsOnly, TODAY);
    expect(second.issues).toEqual([]);
    writeModel(port, applyImport(modelFromState(readState(port)), second.bundle, "ky"), TODAY);
    port = await reloadXlsx(port);
    const self = port.readTab("2.1 Мугалим — өзүн баалоо")!;
    const row = (id: string) => self.values.find((r) => r[0] === id)!;
    expect(row("T002")[2]).toBe(1);
    expect(row("T005")[5]).toBe(2);
    const roster = port.readTab("Кызматкерлер")!;
    expect(roster.values[1][11]).toBe("Телефон");
    expect(roster.values[2][11]).toBe("+996 700 000 001");
  });
});
