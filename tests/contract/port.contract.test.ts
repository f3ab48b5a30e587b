/** One contract, both hosts: what a tab written through the port looks like when read back. */
import { describe, expect, it } from "vitest";
import type { TabRender } from "../../src/workbook/port";
import { HOSTS } from "../helpers";

const render: TabRender = {
  name: "Тест — барак",
  cells: [
    ["Аталышы", null, null, null],
    ["ID", "1", "1.10", "Комментарий"],
    ["T01", 3, "=1+1", "+996 555"],
    ["T02", " 3 ", "-минус", "@mention"],
    [true, new Date(Date.UTC(2025, 2, 15)), { formula: "2+3", result: 5 }, { text: "B3", link: { tab: "Тест — барак", cell: "B3" } }],
  ],
  notes: [{ row: 2, col: 2, text: "1. Мен сабактардын пландарын…" }],
  styles: [
    { range: { row: 2, col: 1, rows: 1, cols: 4 }, style: { bold: true, background: "#e8eaed" } },
    { range: { row: 3, col: 2, rows: 3, cols: 1 }, style: { hAlign: "center" } },
  ],
  validations: [
    {
      range: { row: 3, col: 2, rows: 10, cols: 2 },
      rule: { kind: "list", values: ["1", "2", "3"] },
      allowInvalid: false,
      helpText: "1 — төмөнкү, 2 — ортоңку, 3 — жогорку",
    },
  ],
  conditionalFormats: [
    { range: { row: 3, col: 2, rows: 10, cols: 2 }, formula: "AND(ISNUMBER($B3),$B3>=2)", style: { background: "#f6b26b", bold: true } },
  ],
  // Not across the frozen column: Sheets refuses a merge that a frozen edge cuts.
  merges: [{ row: 1, col: 2, rows: 1, cols: 3 }],
  frozenRows: 2,
  frozenCols: 1,
  columnWidths: [80, 40, 40, 200],
};

for (const host of HOSTS) {
  describe(`workbook port contract: ${host.name}`, () => {
    it("keeps text as text: strings that look like formulas, numbers or signs never change type", async () => {
      const h = host.make();
      h.port.writeTab(render);
      const tab = (await h.reopen()).readTab(render.name)!;
      expect(tab.values[1]).toEqual(["ID", "1", "1.10", "Комментарий"]);
      expect(tab.values[2][2]).toBe("=1+1");
      expect(tab.formulas[2][2]).toBe("");
      expect(tab.values[2][3]).toBe("+996 555");
      expect(tab.values[3]).toEqual(["T02", " 3 ", "-минус", "@mention"]);
      expect(tab.values[2][1]).toBe(3);
    });

    it("writes formulas as formulas, dates as dates, booleans as booleans, links as links", async () => {
      const h = host.make();
      h.port.writeTab(render);
      const tab = (await h.reopen()).readTab(render.name)!;
      expect(tab.formulas[4][2]).toBe("2+3");
      expect(tab.values[4][0]).toBe(true);
      expect(tab.values[4][1]).toEqual(new Date(Date.UTC(2025, 2, 15)));
      expect(tab.values[4][3]).toBe("B3");
    });

    it("keeps notes, validations, conditional formats, merges and frozen panes", async () => {
      const h = host.make();
      h.port.writeTab(render);
      const details = (await h.reopen()).inspectTab(render.name)!;
      expect(details.notes).toEqual([{ row: 2, col: 2, text: "1. Мен сабактардын пландарын…" }]);
      expect(details.validations).toEqual([render.validations![0]]);
      expect(details.conditionalFormats).toEqual([render.conditionalFormats![0]]);
      expect(details.merges).toEqual(render.merges);
      expect(details.frozenRows).toBe(2);
      expect(details.frozenCols).toBe(1);
    });

    it("rewriting a tab replaces its content, validations and rules, and keeps its place", async () => {
      const h = host.make();
      h.port.writeTab({ name: "Биринчи", cells: [["a"]] });
      h.port.writeTab(render);
      h.port.writeTab({ name: "Үчүнчү", cells: [["c"]] });
      h.port.writeTab({ name: render.name, cells: [["жаңы", null]] });
      const port = await h.reopen();
      expect(port.tabNames()).toEqual(["Биринчи", render.name, "Үчүнчү"]);
      const details = port.inspectTab(render.name)!;
      expect(details.values).toEqual([["жаңы"]]);
      expect(details.validations).toEqual([]);
      expect(details.conditionalFormats).toEqual([]);
      expect(details.notes).toEqual([]);
      expect(details.merges).toEqual([]);
    });

    it("orders tabs and reads a missing tab as null", async () => {
      const h = host.make();
      for (const name of ["c", "a", "b"]) h.port.writeTab({ name, cells: [[name]] });
      h.port.orderTabs(["a", "b"]);
      const port = await h.reopen();
      expect(port.tabNames()).toEqual(["a", "b", "c"]);
      expect(port.readTab("жок")).toBeNull();
    });

    it("grows the grid when a tab needs more rows or columns than a new sheet has", async () => {
      const h = host.make();
      const cells = Array.from({ length: 1200 }, (_, r) => Array.from({ length: 30 }, (_, c) => (r === 1199 && c === 29 ? "акыркы" : null)));
      h.port.writeTab({ name: "Чоң", cells, validations: [{ range: { row: 1, col: 1, rows: 1300, cols: 1 }, rule: { kind: "list", values: ["1"] }, allowInvalid: true, helpText: "" }] });
      const tab = (await h.reopen()).readTab("Чоң")!;
      expect(tab.values.length).toBe(1200);
      expect(tab.values[1199][29]).toBe("акыркы");
    });
  });
}

for (const host of HOSTS) {
  describe(`updating cells: ${host.name}`, () => {
    it("writes only the given blocks, as text or formulas, and leaves every other cell", async () => {
      const h = host.make();
      h.port.writeTab({ name: "Форма", cells: [["ID", "1", "2", "Эскертүү"], ["T1", 1, 2, "эски"], ["T2", 3, 3, "башка"]] });
      h.port.updateCells("Форма", [
        { row: 2, col: 2, values: [[3, "=SUM(1)"]] },
        { row: 2, col: 4, values: [["+ жаңы"]] },
      ]);
      const tab = (await h.reopen()).readTab("Форма")!;
      expect(tab.values).toEqual([
        ["ID", "1", "2", "Эскертүү"],
        ["T1", 3, "=SUM(1)", "+ жаңы"],
        ["T2", 3, 3, "башка"],
      ]);
      expect(tab.formulas[1]).toEqual(["", "", "", ""]);
    });
  });
}
