import { describe, expect, it } from "vitest";
import { cycleJson } from "../../src/app/cycle";
import { exportApplication, generate, readCycle } from "../../src/app/generate";
import { applyImport, parseImport } from "../../src/app/importData";
import { writeModel } from "../../src/app/setUp";
import { checkWorkbook } from "../../src/app/check";
import { checkResultJson } from "../../src/core/problems";
import { FORM_SUBJECTS } from "../../src/core/subjects";
import { cellOf, modelFromState } from "../../src/workbook/model";
import { readState } from "../../src/workbook/read";
import { needKey, TAB_APPLICATION, TAB_SUMMARY } from "../../src/workbook/schema";
import { XlsxWorkbookPort } from "../../src/xlsx/xlsxPort";
import type { WorkbookPort } from "../../src/workbook/port";
import { NEEDS, PRIORITIES, ratingsCsv, SCHOOL, STAFF } from "../fixtures/knownSchool";
import { HOSTS, reloadXlsx, TODAY } from "../helpers";

function knownSchool(port: WorkbookPort, agreedForD1?: number) {
  const { bundle, issues } = parseImport(
    {
      school: { file: "school.json", text: SCHOOL },
      staff: { file: "staff.csv", text: STAFF },
      ratings: { file: "ratings.csv", text: ratingsCsv(agreedForD1) },
      priorities: { file: "priorities.csv", text: PRIORITIES },
    },
    TODAY,
  );
  expect(issues).toEqual([]);
  const model = applyImport(modelFromState(readState(port)), bundle, "ky");
  for (const [id, texts] of Object.entries(NEEDS)) texts.forEach((text, i) => (model.rating.teacher.self.rows.get(id)![needKey(i + 1)] = cellOf(text)));
  writeModel(port, model, TODAY);
}

const SUBJECTS = [...FORM_SUBJECTS, "англис тили"];
const by = (counts: Record<string, number>) => Object.fromEntries(SUBJECTS.map((s) => [s, counts[s] ?? 0]));

describe("agreed levels, priorities, summary and application on a school with a known answer", () => {
  it("refuses to generate while a level is unresolved and lists it", () => {
    const port = XlsxWorkbookPort.empty();
    knownSchool(port);
    const outcome = generate(port, { provisional: false, now: TODAY });
    expect(outcome.status).toBe("unresolved");
    if (outcome.status !== "unresolved") return;
    expect(outcome.unresolved).toEqual([{ personId: "D1", framework: "teacher", competency: "1", self: 2, supervisor: 3 }]);
    expect(port.tabNames()).not.toContain(TAB_SUMMARY);
  });

  it("computes every priority, strength and count exactly", () => {
    const port = XlsxWorkbookPort.empty();
    knownSchool(port, 3);
    const json = cycleJson(readCycle(port, false, TODAY));
    expect(json.unresolved).toEqual([]);
    const person = (id: string, fw: string) => json.people.find((p) => p.id === id && p.framework === fw)!;
    expect(person("T1", "teacher").priorities).toEqual(["1", "2", "3"]);
    expect(person("T2", "teacher").priorities).toEqual(["2", "5"]);
    expect(person("T3", "teacher").priorities).toEqual(["4"]);
    expect(person("T4", "teacher").priorities).toEqual(["1", "3"]);
    expect(person("D2", "teacher").priorities).toEqual([]);
    expect(person("D2", "teacher").strengths).toHaveLength(22);
    expect(person("T1", "teacher").strengths).toEqual(Array.from({ length: 19 }, (_, i) => String(i + 4)));
    expect(person("Z1", "leader").priorities).toEqual(["1.1"]);
    expect(person("D1", "leader").priorities).toEqual(["1.2", "1.5"]);
    expect(person("DIR", "director").priorities).toEqual(["4", "12"]);
    expect(person("DIR", "director").agreed["12"]).toBe(2);

    expect(json.summary.teacher.slice(0, 6)).toEqual([
      { competency: "1", level1: 2, level2: 1, level3: 4, priority: 2 },
      { competency: "2", level1: 1, level2: 1, level3: 5, priority: 2 },
      { competency: "3", level1: 0, level2: 2, level3: 5, priority: 2 },
      { competency: "4", level1: 0, level2: 1, level3: 6, priority: 1 },
      { competency: "5", level1: 0, level2: 1, level3: 6, priority: 1 },
      { competency: "6", level1: 0, level2: 0, level3: 7, priority: 0 },
    ]);
    expect(json.summary.leader.slice(0, 2)).toEqual([
      { competency: "1.1", level1: 1, level2: 0, level3: 2, priority: 1 },
      { competency: "1.2", level1: 0, level2: 1, level3: 2, priority: 1 },
    ]);

    const app = json.application;
    expect(app.subjects).toEqual(SUBJECTS);
    expect(app.teachers).toBe(7);
    expect(app.rows.slice(0, 6)).toEqual([
      { competency: "1", total: 2, bySubject: by({ матем: 1, "англис тили": 1 }) },
      { competency: "2", total: 2, bySubject: by({ матем: 1, физика: 1 }) },
      { competency: "3", total: 2, bySubject: by({ матем: 1, "англис тили": 1 }) },
      { competency: "4", total: 1, bySubject: by({ тарых: 1 }) },
      { competency: "5", total: 1, bySubject: by({ физика: 1 }) },
      { competency: "6", total: 0, bySubject: by({}) },
    ]);
    expect(app.other).toEqual([
      { text: "Ыктымалдуулук теориясы", total: 2, bySubject: by({ матем: 1, физика: 1 }) },
      { text: "Кыргызстан тарыхынын даталары", total: 1, bySubject: by({ тарых: 1 }) },
    ]);
    expect(app.totals).toEqual({ total: 11, bySubject: by({ матем: 4, физика: 3, тарых: 2, "англис тили": 2 }) });
    expect(app.leader).toEqual({ "1.1": 1, "1.2": 1, "1.5": 1 });
    expect(app.director).toEqual({ "4": 1, "12": 1 });
  });

  it("takes the supervisor's level for unresolved items in provisional mode, and says so on every tab", async () => {
    let port = XlsxWorkbookPort.empty();
    knownSchool(port);
    const outcome = generate(port, { provisional: true, now: TODAY });
    expect(outcome.status).toBe("generated");
    port = await reloadXlsx(port);
    for (const tab of [TAB_SUMMARY, TAB_APPLICATION]) {
      expect(port.readTab(tab)!.values[1][0]).toMatch(/^ШАРТТУУ ВАРИАНТ: 1 баа али макулдашыла элек/);
    }
    const cycle = readCycle(port, true, TODAY);
    expect(cycle.priorities.find((p) => p.personId === "D1" && p.framework === "teacher")!.agreed.get("1")).toBe(3);
  });

  it("suggests as many priorities as the settings tab asks for", () => {
    const port = XlsxWorkbookPort.empty();
    knownSchool(port, 3);
    const model = modelFromState(readState(port));
    model.settings.set("priority_count", cellOf("1"));
    writeModel(port, model, TODAY);
    const cycle = readCycle(port, false, TODAY);
    expect(cycle.priorities.find((p) => p.personId === "T1" && p.framework === "teacher")!.priorities).toEqual(["1"]);
    expect(cycle.priorities.find((p) => p.personId === "T3" && p.framework === "teacher")!.priorities).toEqual(["4"]);
  });

  it("check reports more than 4 chosen priorities as a problem and a level-3 choice as a warning", () => {
    const port = XlsxWorkbookPort.empty();
    knownSchool(port, 3);
    const model = modelFromState(readState(port));
    for (const n of ["1", "2", "3", "5", "6"]) model.agreement.teacher.rows.get(`T1\u0000${n}`)!.priority = cellOf("✓");
    writeModel(port, model, TODAY);
    const result = checkResultJson(checkWorkbook(port, TODAY), "ky");
    const tooMany = result.problems.filter((p) => p.message.includes("4төн ашпашы керек"));
    expect(tooMany.map((p) => [p.person_id, p.competency, p.tab])).toEqual([["T1", "6", "Макулдашуу — мугалим"]]);
    expect(result.warnings.map((w) => [w.person_id, w.framework, w.competency])).toEqual([
      ["T1", "teacher", "5"],
      ["T1", "teacher", "6"],
      ["D1", "leader", "1.5"],
    ]);
  });
});

for (const host of HOSTS) {
  describe(`the generated tabs on ${host.name}`, () => {
    it("4.2 shows the matrix with priorities marked, the counts and the ranking; one department on request", async () => {
      const h = host.make();
      knownSchool(h.port, 3);
      generate(h.port, { provisional: false, now: TODAY });
      const port = await h.reopen();
      const rows = port.readTab(TAB_SUMMARY)!.values;
      const t1 = rows.find((r) => r[0] === "T1")!;
      expect(t1.slice(0, 10)).toEqual(["T1", "Исаков Нурлан", "Математика", "1, 2, 3", expect.stringMatching(/^4, 5, 6/), "1★", "2★", "2★", 3, 3]);
      const level1 = rows.find((r) => r[0] === "1-деңгээлде (төмөнкү)")!;
      expect(level1.slice(5, 10)).toEqual([2, 1, 0, 0, 0]);
      const ranked = rows.findIndex((r) => r[0] === "Орун");
      expect(rows.slice(ranked + 1, ranked + 6).map((r) => [r[0], r[1], r[2], String(r[3]).split(".")[0]])).toEqual([
        [1, 2, 2, "1"],
        [2, 2, 1, "2"],
        [3, 2, 0, "3"],
        [4, 1, 0, "4"],
        [5, 1, 0, "5"],
      ]);
      expect(port.readTab(TAB_SUMMARY)!.values[1][0]).toMatch(/^Түзүлгөн: 2026-11-23/);

      generate(h.port, { provisional: false, now: TODAY, department: "Коомдук" });
      const dept = (await h.reopen()).readTab(TAB_SUMMARY)!.values;
      expect(dept[0][0]).toBe("4.2-курал. Жыйынды: Коомдук");
      expect(dept.filter((r) => /^(T|D|Z)\d/.test(String(r[0]))).map((r) => r[0])).toEqual(["D2", "T3", "T4", "D2"]);
      expect(dept.find((r) => r[0] === "1-деңгээлде (төмөнкү)")!.slice(5, 7)).toEqual([1, 0]);
    });

    it("4.3 is laid out like appendix 13, counts exact, with no person's name and no individual rating", async () => {
      const h = host.make();
      knownSchool(h.port, 3);
      generate(h.port, { provisional: false, now: TODAY });
      const port = await h.reopen();
      const rows = port.readTab(TAB_APPLICATION)!.values;
      expect(rows[0][0]).toBe("4.3-курал. 2026-2027-окуу жылы окуудан өтүү жөнүндө мектептен РПК КЖКИ/УБ жана рай/шаарББге өтүнмө");
      expect(rows[6].slice(0, 4)).toEqual(["Билим берүү тармагы", "Программанын аталышы", "Мугалимдердин саны", "Предметтин аталышы"]);
      expect(rows[7].slice(3)).toEqual(SUBJECTS);
      expect(rows[8].slice(0, 5)).toEqual(["Күтүүлүчү натыйжаларды мерчемдөө жана баалоо", expect.stringMatching(/^1\. Мен сабак пландарын/), 2, 1, 0]);
      expect(rows[16][0]).toBe("Түзүмдүү мазмунду иргеп алуу жана окутуунун жигердүү усулдарын өздөштүрүү");
      const other = rows.findIndex((r) => r[0] === "Башка");
      expect(rows[other].slice(1, 3)).toEqual(["23. Ыктымалдуулук теориясы", 2]);
      expect(rows[other + 2][1]).toBe("25.");
      const total = rows.find((r) => r[1] === "БААРДЫГЫ:")!;
      expect(total.slice(2)).toEqual([11, ...SUBJECTS.map((s) => ({ матем: 4, физика: 3, тарых: 2, "англис тили": 2 })[s] ?? 0)]);
      const text = rows.flat().map(String).join("\n");
      expect(text).toContain("1.1 (1), 1.2 (1), 1.5 (1)");
      expect(text).toContain("4 (1), 12 (1)");
      expect(text).toContain("Мектеп деректири");
      for (const line of STAFF.trim().split("\n").slice(1)) {
        const [id, name] = line.split(",");
        expect(text).not.toContain(name);
        expect(rows.flat()).not.toContain(id);
      }
    });
  });
}

describe("export-application", () => {
  it("writes a workbook holding only the application, printing on A4 landscape with repeated headers", async () => {
    const source = XlsxWorkbookPort.empty();
    knownSchool(source, 3);
    const target = XlsxWorkbookPort.empty();
    const outcome = exportApplication(source, { provisional: false, now: TODAY }, () => target);
    expect(outcome.status).toBe("generated");
    const file = await reloadXlsx(target);
    expect(file.tabNames()).toEqual([TAB_APPLICATION]);
    const ws = file.workbook.getWorksheet(TAB_APPLICATION)!;
    expect(ws.pageSetup.orientation).toBe("landscape");
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.printTitlesRow).toBe("1:8");
  });
});
