/**
 * The sidebar's year-round saves on every host: a leader's lesson observation appends one row to
 * 1.1 in the tab's own columns and logs its grades; a teacher's portfolio writes only their row of
 * 1.3. Every bad request is refused and writes nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { writeDemo } from "../../src/app/demoWorkbook";
import { setUpWorkbook } from "../../src/app/setUp";
import { handle, LockBusyError, type Answer, type SidebarHost } from "../../src/app/sidebar/server";
import type { ObservationPayload, PortfolioForm } from "../../src/app/sidebar/yearRound";
import type { Lang } from "../../src/core/messages/index";
import { interpret } from "../../src/workbook/interpret";
import type { Scalar, WorkbookPort } from "../../src/workbook/port";
import { readState } from "../../src/workbook/read";
import { gradeKey, portfolioKey, questionKey, TAB_LOG, TAB_OBSERVATIONS, TAB_PORTFOLIO, YEAR_ROUND_HEADER_ROW } from "../../src/workbook/schema";
import { HOSTS, TODAY } from "../helpers";

function hostFor(port: WorkbookPort, email: string, lang: Lang = "ky"): SidebarHost & { lockCount: () => number } {
  let locks = 0;
  let busy = false;
  return {
    port: () => port,
    email: () => email,
    chosenId: () => null,
    setChosenId: () => undefined,
    lang: () => lang,
    setLang: () => undefined,
    locked: (work) => {
      if (busy) throw new LockBusyError();
      busy = true;
      locks++;
      try {
        return work();
      } finally {
        busy = false;
      }
    },
    now: () => TODAY,
    lockCount: () => locks,
  };
}

/** The same workbook with one tab gone, as a school that has not run set-up since the tab was added. */
function without(port: WorkbookPort, tab: string): WorkbookPort {
  return new Proxy(port, {
    get(target, key, receiver) {
      if (key === "tabNames") return () => target.tabNames().filter((n) => n !== tab);
      if (key === "readTab" || key === "inspectTab") return (name: string) => (name === tab ? null : target[key](name));
      const value = Reflect.get(target, key, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const OBSERVATION: ObservationPayload = {
  teacherId: "T005",
  date: "2026-11-20",
  className: "7-А",
  subject: "математика",
  topic: "Бөлчөктөрдү кошуу",
  sections: ["II", "V"],
  answers: { "7": "yes", "7.1": "no", "8": "other", "23": "yes" },
  grades: { II: "meets", V: "improve" },
  strengths: "=1+1 окуучулар активдүү",
  advice: "Кайтарым байланышка убакыт калтырыңыз.",
};

const errorOf = (a: Answer) => (a.status === "error" ? a.type : "success");

function snapshot(port: WorkbookPort, tab: string): { values: Scalar[][]; formulas: string[][] } {
  const data = port.readTab(tab)!;
  return { values: data.values, formulas: data.formulas };
}

describe.each(HOSTS)("the sidebar's year-round forms on $name", ({ make }) => {
  let port: WorkbookPort;
  beforeAll(() => {
    const host = make();
    writeDemo(host.port, TODAY, 24);
    port = host.port;
  });

  it("a завуч's observation is one new row, each value in its column, grades and answers as the tab's labels, every grade logged", () => {
    const before = snapshot(port, TAB_OBSERVATIONS);
    const logBefore = port.readTab(TAB_LOG)?.values.length ?? 0;
    const zavuch = hostFor(port, "z01@mektep12.kg");
    const answer = handle(zavuch, "saveObservation", [OBSERVATION]);
    expect(answer).toEqual({ status: "success", data: { row: before.values.length + 1 } });
    expect(zavuch.lockCount()).toBe(1);

    const after = snapshot(port, TAB_OBSERVATIONS);
    expect(after.values.length).toBe(before.values.length + 1);
    after.values.slice(0, before.values.length).forEach((row, i) => expect(row.slice(0, before.values[i].length)).toEqual(before.values[i]));
    const columns = readState(port).observations.table!.columns;
    const row = after.values.at(-1)!;
    const cell = (key: string) => row[columns.get(key)! - 1];
    // A real date (on the Sheets API too: it reads back as a date only with its date format).
    expect(cell("date")).toEqual(new Date("2026-11-20T00:00:00.000Z"));
    expect([cell("observer"), cell("teacher_id"), cell("class"), cell("subject"), cell("topic")]).toEqual(["Асанова Чынара", "T005", "7-А", "математика", "Бөлчөктөрдү кошуу"]);
    expect([cell(gradeKey("II")), cell(gradeKey("V")), cell(gradeKey("I"))]).toEqual(["Күткөндөгүгө туура келет", "Жакшыртуу талап кылынат", null]);
    expect([cell(questionKey("7")), cell(questionKey("7.1")), cell(questionKey("8")), cell(questionKey("23")), cell(questionKey("24"))]).toEqual(["Ооба", "Жок", "Дагы башка", "Ооба", null]);
    // User text is text, whatever it starts with.
    expect(cell("strengths")).toBe("=1+1 окуучулар активдүү");
    expect(after.formulas.at(-1)!.every((f) => f === "")).toBe(true);

    // The check reads it back as an observation with its grades, and no problem names its row.
    const records = interpret(readState(port), TODAY);
    const read = records.yearRound.observations.find((o) => o.teacherId === "T005" && o.date === "2026-11-20")!;
    expect(read).toMatchObject({ sections: ["II", "V"], grades: { II: "meets", V: "improve" }, answers: OBSERVATION.answers, observer: "Асанова Чынара" });
    expect(records.problems.filter((p) => p.tab === TAB_OBSERVATIONS && /^[A-Z]+(\d+)$/.exec(p.cell)?.[1] === String(after.values.length))).toEqual([]);

    const log = port.readTab(TAB_LOG)!.values.slice(Math.max(logBefore, 2));
    const gradeCol = (s: string) => readState(port).observations.table!.columns.get(gradeKey(s))!;
    expect(log.map((r) => r.slice(1, 8).map((v) => v ?? ""))).toEqual([
      ["Асанова Чынара <z01@mektep12.kg>", `${TAB_OBSERVATIONS}!${letter(gradeCol("II"))}${after.values.length}`, "T005", "1.1", "Байкоо 2026-11-20: II. — баа", "", "Күткөндөгүгө туура келет"],
      ["Асанова Чынара <z01@mektep12.kg>", `${TAB_OBSERVATIONS}!${letter(gradeCol("V"))}${after.values.length}`, "T005", "1.1", "Байкоо 2026-11-20: V. — баа", "", "Жакшыртуу талап кылынат"],
    ]);
  });

  it("finds each column where the tab has it, when someone has moved columns in the grid", () => {
    const data = port.readTab(TAB_OBSERVATIONS)!;
    const columns = readState(port).observations.table!.columns;
    const [a, b] = [columns.get("class")! - 1, columns.get("teacher_id")! - 1];
    const swapped = data.values.map((row) => row.map((v, i) => (i === a ? row[b] : i === b ? row[a] : v)));
    port.writeTab({ name: TAB_OBSERVATIONS, cells: swapped });
    const moved = readState(port).observations.table!.columns;
    expect([moved.get("class"), moved.get("teacher_id")]).toEqual([b + 1, a + 1]);
    expect(handle(hostFor(port, "z01@mektep12.kg"), "saveObservation", [{ ...OBSERVATION, teacherId: "T007", className: "9-Б" }]).status).toBe("success");
    const row = port.readTab(TAB_OBSERVATIONS)!.values.at(-1)!;
    expect([row[b], row[a]]).toEqual(["9-Б", "T007"]);
    expect(interpret(readState(port), TODAY).yearRound.observations.some((o) => o.teacherId === "T007" && o.className === "9-Б" && o.date === "2026-11-20")).toBe(true);
  });

  it("the form comes in the user's language; the row is written in the workbook's language", () => {
    const form = handle(hostFor(port, "dir@mektep12.kg", "ru"), "observationForm", []);
    expect(form.status).toBe("success");
    const data = (form as { data: { answers: { label: string }[]; grades: { label: string }[]; sections: { title: string }[]; today: string; teachers: { id: string }[] } }).data;
    expect(data.answers.map((a) => a.label)).toEqual(["Да", "Нет", "Другое"]);
    expect(data.grades[0].label).toBe("Лучше ожидаемого");
    expect(data.sections[0].title).toBe("Учебная среда в классе");
    expect(data.today).toBe("2026-11-23");
    expect(data.teachers.some((t) => t.id === "T005")).toBe(true);
    expect(data.teachers.some((t) => t.id === "D01")).toBe(true);
    expect(handle(hostFor(port, "dir@mektep12.kg", "ru"), "saveObservation", [{ ...OBSERVATION, teacherId: "T006", sections: ["I"], answers: { "1": "no" }, grades: { I: "above" } }]).status).toBe("success");
    const columns = readState(port).observations.table!.columns;
    const row = port.readTab(TAB_OBSERVATIONS)!.values.at(-1)!;
    expect([row[columns.get("observer")! - 1], row[columns.get(gradeKey("I"))! - 1], row[columns.get(questionKey("1"))! - 1]]).toEqual(["Сатыбалдиева Сезим", "Күткөндөгүдөн жакшы", "Жок"]);
  });

  it("refuses an observation from someone who does not lead, and every malformed one, writing nothing", () => {
    const before = snapshot(port, TAB_OBSERVATIONS);
    const zavuch = hostFor(port, "z01@mektep12.kg");
    for (const email of ["t005@mektep12.kg", "d01@mektep12.kg", "nobody@example.com"]) {
      expect(errorOf(handle(hostFor(port, email), "saveObservation", [OBSERVATION])), email).toBe("forbidden");
      expect(errorOf(handle(hostFor(port, email), "observationForm", [])), email).toBe("forbidden");
    }
    const bad: [string, unknown][] = [
      ["no section", { ...OBSERVATION, sections: [], answers: {}, grades: {} }],
      ["a section without its grade", { ...OBSERVATION, grades: { II: "meets" } }],
      ["a grade for a section not chosen", { ...OBSERVATION, grades: { ...OBSERVATION.grades, I: "above" } }],
      ["an answer outside the chosen sections", { ...OBSERVATION, answers: { ...OBSERVATION.answers, "1": "yes" } }],
      ["an answer that is not one of the three", { ...OBSERVATION, answers: { "7": "maybe" } }],
      ["a grade not on 4.5's scale", { ...OBSERVATION, grades: { II: "meets", V: "excellent" } }],
      ["an unknown section", { ...OBSERVATION, sections: ["II", "VI"] }],
      ["an unknown question", { ...OBSERVATION, answers: { "99": "yes" } }],
      ["a day that does not exist", { ...OBSERVATION, date: "2026-02-30" }],
      ["a day after today", { ...OBSERVATION, date: "2026-11-24" }],
      ["a date in another form", { ...OBSERVATION, date: "20.11.2026" }],
      ["someone not on the roster", { ...OBSERVATION, teacherId: "T999" }],
      ["someone who does not teach", { ...OBSERVATION, teacherId: "Z03" }],
      ["a class too long", { ...OBSERVATION, className: "x".repeat(201) }],
      ["no payload", undefined],
    ];
    for (const [what, payload] of bad) expect(errorOf(handle(zavuch, "saveObservation", payload === undefined ? [] : [payload])), what).toBe("bad_request");
    expect(snapshot(port, TAB_OBSERVATIONS)).toEqual(before);
  });

  it("says which tab is missing when the workbook has no observation log or portfolio yet", () => {
    const noLog = without(port, TAB_OBSERVATIONS);
    expect(handle(hostFor(noLog, "z01@mektep12.kg"), "observationForm", [])).toEqual({ status: "error", type: "no_tab", tab: TAB_OBSERVATIONS });
    expect(handle(hostFor(noLog, "z01@mektep12.kg"), "saveObservation", [OBSERVATION])).toEqual({ status: "error", type: "no_tab", tab: TAB_OBSERVATIONS });
    const noPortfolio = without(port, TAB_PORTFOLIO);
    expect(handle(hostFor(noPortfolio, "t005@mektep12.kg"), "portfolioForm", ["T005"])).toEqual({ status: "error", type: "no_tab", tab: TAB_PORTFOLIO });
    expect(handle(hostFor(noPortfolio, "t005@mektep12.kg"), "savePortfolio", ["T005", { "I.1": "x" }])).toEqual({ status: "error", type: "no_tab", tab: TAB_PORTFOLIO });
  });

  it("a teacher's portfolio save writes their row only; a link typed as =1+1 stays text", () => {
    const teacher = hostFor(port, "t005@mektep12.kg");
    const form = handle(teacher, "portfolioForm", ["T005"]) as { status: "success"; data: PortfolioForm };
    expect(form.data.readOnly).toBe(false);
    expect(form.data.sections.map((s) => s.label)).toEqual(["I бөлүм.", "II бөлүм.", "III бөлүм.", "IV бөлүм.", "V бөлүм."]);
    expect(form.data.sections[0].items[0].text).toBe("Ф.А.А., атасынын аты, туулган жылы;");
    expect(form.data.missing).toBe(form.data.required);

    const before = snapshot(port, TAB_PORTFOLIO);
    const columns = readState(port).portfolio.table!.columns;
    const mine = before.values.findIndex((r) => r[columns.get("id")! - 1] === "T005");
    const saved = handle(teacher, "savePortfolio", ["T005", { "I.1": "=1+1", "I.2": " https://drive.google.com/file/d/abc ", "II.1": "—", "V.1": "" }]);
    expect(saved).toEqual({ status: "success", data: { missing: form.data.required - 3 } });
    const after = snapshot(port, TAB_PORTFOLIO);
    const cell = (key: string) => after.values[mine][columns.get(key)! - 1];
    expect(cell(portfolioKey("I.1"))).toBe("=1+1");
    expect(after.formulas[mine][columns.get(portfolioKey("I.1"))! - 1]).toBe("");
    expect(cell(portfolioKey("I.2"))).toBe("https://drive.google.com/file/d/abc");
    expect(cell(portfolioKey("II.1"))).toBe("—");
    expect(cell("complete")).toBe(`жок: ${form.data.required - 3}`);
    after.values.forEach((row, i) => {
      if (i !== mine) expect(row, `row ${i + 1}`).toEqual(before.values[i] ?? row.map(() => null));
    });
    const again = handle(teacher, "portfolioForm", ["T005"]) as { data: PortfolioForm };
    expect(again.data.sections[0].items.slice(0, 2).map((i) => i.value)).toEqual(["=1+1", "https://drive.google.com/file/d/abc"]);
    expect(again.data.missing).toBe(form.data.required - 3);
    expect(interpret(readState(port), TODAY).yearRound.portfolios.find((p) => p.personId === "T005")!.links["I.1"]).toBe("=1+1");
    expect(before.values.length).toBe(after.values.length);
    expect(YEAR_ROUND_HEADER_ROW).toBeLessThan(mine + 1);

    // A save writes only the items whose text changed (and the generated "complete" cell): an item
    // sent as it already stands is not written again, so a rich link in the cell keeps its link.
    const written: number[] = [];
    const update = port.updateCells.bind(port);
    port.updateCells = (name, blocks) => {
      for (const b of blocks) b.values[0].forEach((_, i) => written.push(b.col + i));
      update(name, blocks);
    };
    handle(teacher, "savePortfolio", ["T005", { "I.1": "=1+1", "I.2": "https://drive.google.com/file/d/abc", "I.4": "курс.pdf" }]);
    expect(written.sort((a, b) => a - b)).toEqual([columns.get(portfolioKey("I.4"))!, columns.get("complete")!].sort((a, b) => a - b));
  });

  it("nobody saves another teacher's portfolio; the leadership may read one; bad links are refused", () => {
    const before = snapshot(port, TAB_PORTFOLIO);
    expect(errorOf(handle(hostFor(port, "t005@mektep12.kg"), "savePortfolio", ["T006", { "I.1": "x" }]))).toBe("forbidden");
    expect(errorOf(handle(hostFor(port, "t005@mektep12.kg"), "portfolioForm", ["T006"]))).toBe("forbidden");
    expect(errorOf(handle(hostFor(port, "z01@mektep12.kg"), "savePortfolio", ["T006", { "I.1": "x" }]))).toBe("forbidden");
    expect(errorOf(handle(hostFor(port, "d01@mektep12.kg"), "portfolioForm", ["T006"]))).toBe("forbidden");
    const read = handle(hostFor(port, "z01@mektep12.kg"), "portfolioForm", ["T006"]) as { status: string; data: PortfolioForm };
    expect([read.status, read.data.readOnly, read.data.personId]).toEqual(["success", true, "T006"]);
    const list = handle(hostFor(port, "z01@mektep12.kg"), "portfolios", []) as { status: string; data: { id: string; name: string; missing: number }[] };
    expect(list.data.find((t) => t.id === "T001")).toEqual({ id: "T001", name: "Кадырова Токтокан", missing: 0 });
    expect(list.data.find((t) => t.id === "T006")!.missing).toBe(read.data.missing);
    expect(list.data.some((t) => t.id === "Z03")).toBe(false);
    expect(errorOf(handle(hostFor(port, "t005@mektep12.kg"), "portfolios", []))).toBe("forbidden");
    // A person with no teacher framework has no portfolio.
    expect(errorOf(handle(hostFor(port, "z03@mektep12.kg"), "portfolioForm", ["Z03"]))).toBe("forbidden");
    const teacher = hostFor(port, "t005@mektep12.kg");
    expect(errorOf(handle(teacher, "savePortfolio", ["T005", { "I.1": "бир\nэки" }]))).toBe("bad_request");
    expect(errorOf(handle(teacher, "savePortfolio", ["T005", { "IX.1": "x" }]))).toBe("bad_request");
    expect(errorOf(handle(teacher, "savePortfolio", ["T005", { "I.1": 5 }]))).toBe("bad_request");
    expect(errorOf(handle(teacher, "savePortfolio", ["T005", { "I.1": "x".repeat(2001) }]))).toBe("bad_request");
    expect(snapshot(port, TAB_PORTFOLIO)).toEqual(before);
  });

  it("refuses, naming the tab, when a column the save must write has been deleted; set-up puts it back", () => {
    const data = port.readTab(TAB_OBSERVATIONS)!;
    const gone = readState(port).observations.table!.columns.get(gradeKey("II"))! - 1;
    port.writeTab({ name: TAB_OBSERVATIONS, cells: data.values.map((row) => row.filter((_, i) => i !== gone)) });
    const before = snapshot(port, TAB_OBSERVATIONS);
    expect(handle(hostFor(port, "z01@mektep12.kg"), "saveObservation", [OBSERVATION])).toEqual({ status: "error", type: "no_column", tab: TAB_OBSERVATIONS });
    expect(snapshot(port, TAB_OBSERVATIONS)).toEqual(before);
    // A section whose columns are all there is still saved.
    expect(handle(hostFor(port, "z01@mektep12.kg"), "saveObservation", [{ ...OBSERVATION, sections: ["V"], answers: { "23": "no" }, grades: { V: "above" } }]).status).toBe("success");
    setUpWorkbook(port, TODAY);
    expect(readState(port).observations.table!.columns.has(gradeKey("II"))).toBe(true);
    expect(handle(hostFor(port, "z01@mektep12.kg"), "saveObservation", [OBSERVATION]).status).toBe("success");
  });

  it("the audit log names the row the observation landed in, below a note someone typed under the table", () => {
    const last = port.readTab(TAB_OBSERVATIONS)!.values.length;
    // In the table's last column, two blank rows below the last observation.
    const farRight = readState(port).observations.table!.headerValues.length;
    port.appendRows(TAB_OBSERVATIONS, [[], [], [...new Array(farRight - 1).fill(null), "эскертүү: 2-чейрек"]]);
    const logBefore = port.readTab(TAB_LOG)?.values.length ?? 0;
    const saved = handle(hostFor(port, "z01@mektep12.kg"), "saveObservation", [{ ...OBSERVATION, teacherId: "T009", sections: ["V"], answers: {}, grades: { V: "meets" } }]);

    const rows = port.readTab(TAB_OBSERVATIONS)!.values;
    const teacherCol = readState(port).observations.table!.columns.get("teacher_id")!;
    const landed = rows.findIndex((r, i) => i >= last && r[teacherCol - 1] === "T009") + 1;
    expect(landed).toBe(last + 4);
    expect(saved).toEqual({ status: "success", data: { row: landed } });
    expect(rows[last + 2][farRight - 1]).toBe("эскертүү: 2-чейрек");
    const gradeCol = readState(port).observations.table!.columns.get(gradeKey("V"))!;
    expect(port.readTab(TAB_LOG)!.values.slice(Math.max(logBefore, 2)).map((r) => r[2])).toEqual([`${TAB_OBSERVATIONS}!${letter(gradeCol)}${landed}`]);
  });
});

function letter(col: number): string {
  let s = "";
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
