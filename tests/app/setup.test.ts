import { describe, expect, it } from "vitest";
import { checkWorkbook } from "../../src/app/check";
import { setUpWorkbook } from "../../src/app/setUp";
import { writeDemo } from "../../src/app/demoWorkbook";
import { checkResultJson } from "../../src/core/problems";
import { agreementTabName, inputTabNames, ratingTabName, TAB_STAFF } from "../../src/workbook/schema";
import { HOSTS, TODAY } from "../helpers";

for (const host of HOSTS) {
  describe(`set up / repair on ${host.name}`, () => {
    it("creates every tab of the school workbook, in order, on an empty workbook", async () => {
      const h = host.make();
      setUpWorkbook(h.port, TODAY);
      const port = await h.reopen();
      expect(port.tabNames()).toEqual(inputTabNames());
      const settings = port.readTab("Мектеп")!;
      expect(settings.values.map((r) => r[2])).toEqual([
        null,
        "Ачкыч",
        "name",
        "address",
        "code",
        "district",
        "contact",
        "phone",
        "email",
        "year",
        "language",
        "pupils",
        "priority_count",
        "summary_department",
        "plan_tasks",
        "hours_min",
        "distance_share_max",
      ]);
      expect(settings.values[10][1]).toBe("ky");
      expect(settings.values[12][1]).toBe(3);
      expect(settings.values.slice(14, 17).map((r) => r[1])).toEqual([4, 72, 15]);
      const staff = port.readTab(TAB_STAFF)!;
      expect(staff.values[1].slice(0, 4)).toEqual(["ID", "Аты-жөнү", "E-mail", "Кызматы"]);
    });

    it("gives level cells a 1/2/3 dropdown that rejects anything else, with help naming the levels", async () => {
      const h = host.make();
      writeDemo(h.port, TODAY);
      const port = await h.reopen();
      for (const tab of [ratingTabName("teacher", "self"), ratingTabName("leader", "supervisor"), ratingTabName("director", "self")]) {
        const details = port.inspectTab(tab)!;
        const levelRule = details.validations.find((v) => v.rule.kind === "list" && v.rule.values.join() === "1,2,3")!;
        expect(levelRule.allowInvalid).toBe(false);
        expect(levelRule.helpText).toMatch(/төмөнкү.*ортоңку.*жогорку/);
        expect(levelRule.range.row).toBe(4);
        expect(levelRule.range.col).toBe(tab.includes("супервайзер") ? 4 : 3);
      }
    });

    it("shows each competency's number in the header with its statement as a note", async () => {
      const h = host.make();
      writeDemo(h.port, TODAY);
      const details = (await h.reopen()).inspectTab(ratingTabName("teacher", "supervisor"))!;
      expect(details.values[2].slice(3, 6)).toEqual(["1", "2", "3"]);
      const note = details.notes.find((n) => n.row === 3 && n.col === 4)!;
      expect(note.text).toMatch(/^1\. Бул мугалим /);
    });

    it("the demo gives the same check on both hosts", async () => {
      const h = host.make();
      writeDemo(h.port, TODAY);
      const result = checkResultJson(checkWorkbook(await h.reopen(), TODAY), "ky");
      expect(result.problems.map((p) => `${p.tab}!${p.cell}`)).toEqual([
        "2.1 Мугалим — өзүн баалоо!G10",
        "2.1 Мугалим — өзүн баалоо!L24",
        "2.1 Мугалим — өзүн баалоо!C30",
        "3.1 Мугалим — супервайзер!E14",
        "2.2 Жетекчи — өзүн баалоо!E8",
        "Кызматкерлер!I20",
      ]);
      expect(result.disagreements.length).toBeGreaterThan(100);
    });
  });
}

describe("the agreement view", () => {
  it("fills the agreed level only where self and supervisor match, and colours differences live", async () => {
    const h = HOSTS[0].make();
    writeDemo(h.port, TODAY);
    const port = await h.reopen();
    const tab = port.inspectTab(agreementTabName("teacher"))!;
    const header = tab.values[3];
    const col = (label: string) => header.indexOf(label);
    const [self, sup, diff, agreed] = ["Өз баасы", "Супервайзердин баасы", "Айырма", "Макулдашылган деңгээл"].map(col);
    expect([self, sup, diff, agreed].every((c) => c >= 0)).toBe(true);
    let matched = 0;
    let differing = 0;
    for (let r = 4; r < tab.values.length; r++) {
      const row = tab.values[r];
      if (typeof row[self] !== "number" || typeof row[sup] !== "number") continue;
      expect(row[diff]).toBe((row[sup] as number) - (row[self] as number));
      expect(tab.formulas[r][self]).toMatch(/^IFERROR\(IF\(INDEX\('2\.1 Мугалим — өзүн баалоо'!\$A:\$/);
      if (row[self] === row[sup]) {
        matched++;
        expect(tab.formulas[r][agreed]).toMatch(/^IF\(AND\(ISNUMBER\(F\d+\),F\d+=G\d+\),F\d+,""\)$/);
        expect(row[agreed]).toBe(row[self]);
      } else if (!tab.formulas[r][agreed]) {
        differing++;
      }
    }
    expect(matched).toBeGreaterThan(500);
    expect(differing).toBeGreaterThan(10);
    const bands = tab.conditionalFormats.map((c) => [c.formula, c.style.background]);
    expect(bands).toEqual([
      ["AND(ISNUMBER($H5),$H5>=2)", "#f6b26b"],
      ["AND(ISNUMBER($H5),$H5=1)", "#fde7c4"],
      ["AND(ISNUMBER($H5),$H5<=-2)", "#8ab4f8"],
      ["AND(ISNUMBER($H5),$H5=-1)", "#d2e3fc"],
      ['AND(ISNUMBER($H5),$H5<>0,$I5="")', "#f4cccc"],
    ]);
    // The legend explains the colours.
    expect(tab.values[1].slice(0, 3)).toEqual(["Белгилер:", "Супервайзер 1 деңгээлге жогору", "Супервайзер 2 деңгээлге жогору"]);
  });

  it("its formulas point at the person's row and the competency's column of the rating tabs", async () => {
    const h = HOSTS[0].make();
    writeDemo(h.port, TODAY);
    const port = await h.reopen();
    const agreement = port.readTab(agreementTabName("leader"))!;
    const selfTab = port.readTab(ratingTabName("leader", "self"))!;
    // Evaluate MATCH/INDEX as a spreadsheet would, for every row.
    for (let r = 4; r < agreement.values.length; r++) {
      const [id, , , n] = agreement.values[r];
      const rowIndex = selfTab.values.findIndex((row) => row[0] === id);
      const colIndex = selfTab.values[2].indexOf(n);
      const expected = rowIndex < 0 || colIndex < 0 ? "" : selfTab.values[rowIndex][colIndex] ?? "";
      const shown = agreement.values[r][5] ?? "";
      expect(typeof expected === "string" ? expected.trim() : expected, `${id} ${n}`).toEqual(typeof shown === "string" ? shown.trim() : shown);
      expect(agreement.formulas[r][11]).toBe(`MATCH($A${r + 1},'2.2 Жетекчи — өзүн баалоо'!$A:$A,0)`);
      expect(agreement.formulas[r][13]).toBe(`MATCH($D${r + 1},'2.2 Жетекчи — өзүн баалоо'!$3:$3,0)`);
    }
  });
});
