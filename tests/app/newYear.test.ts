import { describe, expect, it } from "vitest";
import { generate } from "../../src/app/generate";
import { applyImport, parseImport } from "../../src/app/importData";
import { refusalText, startNewYear } from "../../src/app/newYear";
import { setUpWorkbook, writeModel } from "../../src/app/setUp";
import { competencyNumbers, type FrameworkId } from "../../src/core/frameworks/index";
import { frameworksOf } from "../../src/core/people";
import { t } from "../../src/core/messages/index";
import { agreementRowKey, cellOf, modelFromState } from "../../src/workbook/model";
import type { Scalar, WorkbookPort } from "../../src/workbook/port";
import { readState } from "../../src/workbook/read";
import { interpret } from "../../src/workbook/interpret";
import {
  explanationKey,
  levelKey,
  needKey,
  TAB_COURSES,
  TAB_HISTORY,
  TAB_EXPERTISE,
  TAB_MENTORING,
  TAB_OBSERVATIONS,
  TAB_PORTFOLIO,
  YEAR_ROUND_HEADER_ROW,
  YEAR_ROUND_TABS,
  TAB_PLANS,
  TAB_STAFF,
  TAB_SUMMARY,
  TAB_YEAR_PLAN,
} from "../../src/workbook/schema";
import { XlsxWorkbookPort } from "../../src/xlsx/xlsxPort";
import { StreamingXlsxPort } from "../../src/xlsx/streamingPort";
import { COURSES, PRIORITIES, ratingsCsv, SCHOOL, STAFF } from "../fixtures/knownSchool";
import { HOSTS, sheetsApiPort, TODAY, type PortUnderTest } from "../helpers";
import { GasEnvironment } from "../fakes/gas";
import { SheetsApiWorkbookPort, type SheetsApi } from "../../src/gas/sheetsApiPort";
import { writeDemo } from "../../src/app/demoWorkbook";
import { handle, type SidebarHost } from "../../src/app/sidebar/server";
import type { OwnForm } from "../../src/app/sidebar/forms";

const OPTS = { provisional: false, now: TODAY, asOf: "2026-11-23" };

/** The known school of year 1, every difference agreed, with a few texts people wrote about their ratings. */
function yearOne(port: WorkbookPort) {
  const { bundle, issues } = parseImport(
    {
      school: { file: "school.json", text: SCHOOL },
      staff: { file: "staff.csv", text: STAFF },
      ratings: { file: "ratings.csv", text: ratingsCsv(3) },
      priorities: { file: "priorities.csv", text: PRIORITIES },
      courses: { file: "courses.csv", text: COURSES },
    },
    TODAY,
  );
  expect(issues).toEqual([]);
  const model = applyImport(modelFromState(readState(port)), bundle, "ky");
  const self = model.rating.teacher.self.rows.get("T1")!;
  self[explanationKey("1")] = cellOf("Сабакты пландоону үйрөнүп жатам");
  self[needKey(1)] = cellOf("Ыктымалдуулук теориясы");
  self.career = cellOf("=методист болуу");
  model.rating.teacher.supervisor.rows.get("T1")![explanationKey("1")] = cellOf("Максаттары так эмес");
  model.agreement.teacher.rows.get(agreementRowKey("D1", "1"))!.discussion = cellOf("Ачык сабактан кийин 3 деп макулдаштык");
  writeModel(port, model, TODAY);
}

/** Year 2: everyone at 3/3 but these, so the changes against year 1 are known by hand. */
const YEAR_TWO: Record<string, number> = { "T1|teacher|1": 2, "T2|teacher|2": 1, "T3|teacher|4": 1, "D1|teacher|1": 2 };

function yearTwo(port: WorkbookPort) {
  const model = modelFromState(readState(port));
  for (const person of interpret(readState(port), TODAY).people) {
    for (const fw of frameworksOf(person) as FrameworkId[]) {
      for (const n of competencyNumbers(fw)) {
        const level = YEAR_TWO[`${person.id}|${fw}|${n}`] ?? 3;
        model.rating[fw].self.rows.get(person.id)![levelKey(n)] = cellOf(level);
        model.rating[fw].supervisor.rows.get(person.id)![levelKey(n)] = cellOf(level);
      }
    }
  }
  writeModel(port, model, TODAY);
}

function rowOfKey(port: WorkbookPort, tab: string, key: string): number {
  return port.readTab(tab)!.values.findIndex((r) => r[0] === key) + 1;
}

/** Every tab's values and formulas: what "nothing changed" compares. */
function snapshot(port: WorkbookPort): Record<string, { values: Scalar[][]; formulas: string[][] }> {
  return Object.fromEntries(port.tabNames().map((name) => [name, { values: port.readTab(name)!.values, formulas: port.readTab(name)!.formulas }]));
}

const TYPED: [string, string, number, string][] = [
  [TAB_PLANS, "L|T1:goal:teacher:1", 3, "Мектептеги семинарга катышуу"],
  [TAB_PLANS, "S|T1:fields", 3, "ОшМУ, математика"],
  [TAB_PLANS, "S|T1:sign:plan", 3, "Исаков Н."],
  [TAB_PLANS, "S|T1:sign:plan", 6, "Осмонов Б."],
  [TAB_PLANS, "S|T1:comment:interim", 3, "Пландын жарымы аткарылды"],
  [TAB_YEAR_PLAN, "S|I.2", 2, "Жетишүү 4%га өстү."],
  [TAB_YEAR_PLAN, "L|task:teacher:2", 2, "Ачык сабактар — ар бир МУБда"],
];

for (const host of HOSTS) {
  describe(`two school years on one workbook (${host.name})`, () => {
    it("archives year 1 exactly, clears it, keeps what people wrote, and 4.2 shows the change in year 2", async () => {
      const h = host.make();
      yearOne(h.port);
      expect(generate(h.port, OPTS).status).toBe("generated");
      let port = await h.reopen();
      for (const [tab, key, col, text] of TYPED) edit(h, port, tab, rowOfKey(port, tab, key), col, text);
      port = await h.reopen();
      // The year-round tools' records, as people write them: the new year never touches them.
      const first = YEAR_ROUND_HEADER_ROW + 1;
      port.updateCells(TAB_OBSERVATIONS, [{ row: first, col: 1, values: [["2026-10-05", "Бекова Гүлнара", "T1", null, "5-А", "математика", "=жакшы сабак", null, "Күткөндөгүгө туура келет", "Ооба"]] }]);
      port.updateCells(TAB_MENTORING, [{ row: first + 100, col: 1, values: [["T2", null, "T1", null, "3", "2026-11-02", "Сабакка байкоо жүргүзүүдөн кийин тараптардын жолугушуусу", "", "", "Жакшы баарлашуу"]] }]);
      port.updateCells(TAB_PORTFOLIO, [{ row: first + 4, col: 3, values: [["https://drive.google.com/a", "диплом.pdf", "—"]] }]);
      port.updateCells(TAB_EXPERTISE, [{ row: first, col: 1, values: [["T1", null, "Бекова Гүлнара", "2026-11-10", "Талаптар сакталган."]] }]);
      port = await h.reopen();
      const yearRoundBefore = YEAR_ROUND_TABS.map((tab) => port.readTab(tab));
      const roster = port.readTab(TAB_STAFF)!;
      const courses = port.readTab(TAB_COURSES)!;

      const outcome = startNewYear(port, { year: "2027-2028", now: TODAY });
      expect(outcome).toMatchObject({ status: "started", from: "2026-2027", to: "2027-2028" });
      port = await h.reopen();

      // The history holds year 1: a row per person × competency, then the texts, sign-offs and hours.
      const history = port.readTab(TAB_HISTORY)!.values;
      expect(history[1]).toEqual(["Окуу жылы", "Кызматкердин ID", "Аты-жөнү", "Форма", "Эмне сакталды", "Компетенция", "Өз баасы", "Супервайзердин баасы", "Макулдашылган деңгээл", "Артыкчылыкпы", "Өз баасынын түшүндүрмөсү", "Супервайзердин түшүндүрмөсү", "Талкуунун жыйынтыгы", "Мааниси"]);
      // The new year's own two rows close the year's archive: started with it, done once the year moved on.
      expect(history.slice(-2).map((r) => [r[0], r[4], r[13]])).toEqual([
        ["2026-2027", "rollover:started", "2027-2028"],
        ["2026-2027", "rollover:done", "2027-2028"],
      ]);
      const rows = history.slice(2, -2);
      expect(outcome.status === "started" && outcome.archived).toBe(rows.length);
      expect(rows.every((r) => r[0] === "2026-2027")).toBe(true);
      const levelRows = rows.filter((r) => r[4] === "level");
      // 7 teachers × 22, 3 leaders × 11, the director × 21.
      expect(levelRows).toHaveLength(7 * 22 + 3 * 11 + 21);
      const level = (id: string, fw: string, n: string) => levelRows.find((r) => r[1] === id && r[3] === fw && r[5] === n)!.slice(6);
      expect(level("T1", "teacher", "1")).toEqual([1, 1, 1, "ооба", "Сабакты пландоону үйрөнүп жатам", "Максаттары так эмес", null, null]);
      expect(level("T3", "teacher", "1")).toEqual([2, 1, 1, "жок", null, null, null, null]);
      expect(level("T3", "teacher", "4")).toEqual([2, 2, 2, "ооба", null, null, null, null]);
      expect(level("D1", "teacher", "1")).toEqual([2, 3, 3, "жок", null, null, "Ачык сабактан кийин 3 деп макулдаштык", null]);
      expect(level("DIR", "director", "12")).toEqual([1, 2, 2, "ооба", null, null, null, null]);
      const items = (id: string) => rows.filter((r) => r[1] === id && r[4] !== "level").map((r) => [r[3], r[4], r[13]]);
      expect(items("T1")).toEqual([
        ["teacher", "need1", "Ыктымалдуулук теориясы"],
        ["teacher", "career", "=методист болуу"],
        [null, "sign:plan:person", "Исаков Н."],
        [null, "sign:plan:leader_date", "Осмонов Б."],
        [null, "review:interim:person", "Пландын жарымы аткарылды"],
        [null, "hours:last5y", 16],
        [null, "hours:year", 16],
        [null, "hours:distance_share", 0],
        [null, "hours:meets_minimum", "жок"],
        [null, "hours:due_year", 2027],
      ]);
      expect(items("T2").map((r) => [r[1], r[2]])).toEqual([["hours:last5y", 72], ["hours:year", 0], ["hours:distance_share", 0], ["hours:meets_minimum", "ооба"], ["hours:last_long_course", 2024], ["hours:due_year", 2029]]);
      // Text is kept as text, never as a formula.
      expect(port.readTab(TAB_HISTORY)!.formulas.flat().every((f) => f === "")).toBe(true);

      // Cleared: the ratings, their texts, the agreement; the year moved on.
      const state = readState(port);
      const records = interpret(state, TODAY);
      expect(records.settings.year).toBe("2027-2028");
      expect(records.levels).toEqual([]);
      expect(records.priorities).toEqual([]);
      expect(records.needs).toEqual([]);
      const selfT1 = state.rating.teacher.self.table!.rows.find((r) => r.cells.id.value === "T1")!.cells;
      expect([selfT1[levelKey("1")], selfT1[explanationKey("1")], selfT1.career].map((c) => c?.value ?? null)).toEqual([null, null, null]);
      const d1 = state.agreement.teacher.table!.rows.find((r) => r.cells.id.value === "D1" && String(r.cells.n.value) === "1")!.cells;
      expect(d1.agreed.formula).toMatch(/^IF\(AND\(ISNUMBER/);
      expect(d1.discussion?.value ?? null).toBeNull();

      // Untouched: the roster and the courses.
      expect(port.readTab(TAB_STAFF)).toEqual(roster);
      expect(port.readTab(TAB_COURSES)).toEqual(courses);
      expect(YEAR_ROUND_TABS.map((tab) => port.readTab(tab))).toEqual(yearRoundBefore);
      expect(port.readTab(TAB_PORTFOLIO)!.values[first + 3].slice(2, 5)).toEqual(["https://drive.google.com/a", "диплом.pdf", "—"]);

      // What people wrote in the plans: in place, or in the kept section; the sign-offs are cleared.
      const plans = port.readTab(TAB_PLANS)!.values;
      const keptAt = plans.findIndex((r) => String(r[1]).startsWith("Сакталган жазуулар"));
      const goal = plans.findIndex((r) => r[0] === "L|T1:goal:teacher:1");
      expect(keptAt).toBeGreaterThan(0);
      expect(goal).toBeGreaterThan(keptAt);
      expect(plans[goal][2]).toBe("Мектептеги семинарга катышуу");
      expect(plans[rowOfKey(port, TAB_PLANS, "S|T1:fields") - 1][2]).toBe("ОшМУ, математика");
      const sign = plans[rowOfKey(port, TAB_PLANS, "S|T1:sign:plan") - 1];
      expect(rowOfKey(port, TAB_PLANS, "S|T1:sign:plan") - 1).toBeLessThan(keptAt);
      expect(sign.slice(2, 6)).toEqual([null, null, null, null]);
      expect(plans.some((r) => String(r[1]).includes("2027-2028"))).toBe(true);
      const yearPlan = port.readTab(TAB_YEAR_PLAN)!.values;
      expect(yearPlan[rowOfKey(port, TAB_YEAR_PLAN, "S|I.2") - 1][1]).toBe("Жетишүү 4%га өстү.");
      const task = yearPlan.findIndex((r) => r[0] === "L|task:teacher:2" && r[1] === "Ачык сабактар — ар бир МУБда");
      expect(task).toBeGreaterThan(yearPlan.findIndex((r) => String(r[1]).startsWith("Сакталган жазуулар")));

      // A second run for the same year, a year that is not the next, a bad year: refused, nothing changes.
      const before = snapshot(port);
      const again = startNewYear(port, { year: "2027-2028", now: TODAY });
      expect(again).toEqual({ status: "refused", refusal: { reason: "same_year", year: "2027-2028" } });
      expect(refusalText(again.status === "refused" ? again.refusal : (null as never), "ky")).toMatch(/^Окуу жылы буга чейин эле 2027-2028/);
      expect(startNewYear(port, { year: "2029-2030", now: TODAY })).toMatchObject({ status: "refused", refusal: { reason: "not_next", next: "2028-2029" } });
      expect(startNewYear(port, { year: "2028-2030", now: TODAY })).toMatchObject({ status: "refused", refusal: { reason: "bad_year" } });
      port = await h.reopen();
      expect(snapshot(port)).toEqual(before);

      // Year 2, assessed differently: the summary shows each change and the moved-up counts.
      yearTwo(port);
      expect(generate(port, OPTS).status).toBe("generated");
      port = await h.reopen();
      const summary = port.readTab(TAB_SUMMARY)!.values;
      const changeTitles = summary.map((r, i) => [String(r[0]), i] as const).filter(([text]) => text.startsWith("Өткөн окуу жылына (2026-2027)"));
      expect(changeTitles).toHaveLength(3);
      const teacherBlock = summary.slice(changeTitles[0][1]);
      const arrows = (id: string) => teacherBlock.find((r) => r[0] === id)!.slice(3, 10);
      expect(arrows("T1")).toEqual([3, 0, "↑", "↑", "↑", "=", "="]);
      expect(arrows("T2")).toEqual([1, 0, "=", "=", "=", "=", "↑"]);
      expect(arrows("T3")).toEqual([1, 1, "↑", "=", "=", "↓", "="]);
      expect(arrows("D1")).toEqual([0, 1, "↓", "=", "=", "=", "="]);
      const movedUp = (block: Scalar[][]) => block.find((r) => String(r[0]).startsWith("Деңгээлин жогорулаткандар"))!;
      // People who moved up (T1, T2, T3, T4 — not the 7 competencies they moved up in), then per competency.
      expect(movedUp(teacherBlock).slice(3, 10)).toEqual([4, null, 3, 1, 2, 0, 1]);
      expect(movedUp(summary.slice(changeTitles[1][1])).slice(3, 7)).toEqual([2, null, 1, 1]);
      // The director moved up in two competencies: one person.
      expect(movedUp(summary.slice(changeTitles[2][1])).slice(3, 5)).toEqual([1, null]);
      // The school: T1–T4, Z1, D1 (as a leader) and the director.
      expect(summary[3][0]).toBe("Мектеп боюнча 7 киши өткөн окуу жылына (2026-2027) салыштырмалуу жок дегенде бир компетенцияда деңгээлин жогорулатты.");

      // Not before 2027-2028 has begun (pressed twice, the menu would close a year nobody assessed)…
      const unchanged = snapshot(port);
      expect(startNewYear(port, { year: "2028-2029", now: TODAY })).toMatchObject({ status: "refused", refusal: { reason: "not_begun", begins: "2027-09-01" } });
      expect(snapshot(await h.reopen())).toEqual(unchanged);
      // …then the next new year adds year 2 below year 1, which stays as it was.
      port = await h.reopen();
      expect(startNewYear(port, { year: "2028-2029", now: new Date(Date.UTC(2027, 10, 23, 9)) }).status).toBe("started");
      port = await h.reopen();
      const both = port.readTab(TAB_HISTORY)!.values.slice(2);
      expect(both.slice(0, rows.length + 2)).toEqual(history.slice(2));
      const second = both.slice(rows.length + 2);
      expect(second.every((r) => r[0] === "2027-2028")).toBe(true);
      expect(second.slice(-2).map((r) => r[4])).toEqual(["rollover:started", "rollover:done"]);
      expect(second.find((r) => r[1] === "T3" && r[4] === "level" && r[5] === "4")!.slice(6, 10)).toEqual([1, 1, 1, "ооба"]);
    });
  });
}

describe("a year that is already in the history", () => {
  it("is not archived twice, even when the settings tab's year was set back by hand", async () => {
    const port = XlsxWorkbookPort.empty();
    yearOne(port);
    expect(startNewYear(port, { year: "2027-2028", now: TODAY }).status).toBe("started");
    const model = modelFromState(readState(port));
    model.settings.set("year", cellOf("2026-2027"));
    writeModel(port, model, TODAY);
    const history = port.readTab(TAB_HISTORY)!.values.length;
    const outcome = startNewYear(port, { year: "2027-2028", now: TODAY });
    expect(outcome).toEqual({ status: "refused", refusal: { reason: "archived", year: "2026-2027" } });
    expect(refusalText(outcome.status === "refused" ? outcome.refusal : (null as never), "ru")).toMatch(/^2026-2027 учебный год уже сохранён/);
    expect(port.readTab(TAB_HISTORY)!.values.length).toBe(history);
  });

  it("refuses when the settings tab has no year to archive", () => {
    const port = XlsxWorkbookPort.empty();
    yearOne(port);
    const model = modelFromState(readState(port));
    model.settings.set("year", cellOf(null));
    writeModel(port, model, TODAY);
    expect(startNewYear(port, { year: "2027-2028", now: TODAY })).toEqual({ status: "refused", refusal: { reason: "no_current_year", value: "" } });
    expect(port.tabNames()).not.toContain(TAB_HISTORY);
  });

  it("leaves the rows of people who left the roster as they were", () => {
    const port = XlsxWorkbookPort.empty();
    yearOne(port);
    const model = modelFromState(readState(port));
    model.staff.rows = model.staff.rows.filter((r) => r.id.value !== "T4");
    writeModel(port, model, TODAY);
    startNewYear(port, { year: "2027-2028", now: TODAY });
    const t4 = readState(port).rating.teacher.self.table!.rows.find((r) => r.cells.id.value === "T4")!;
    expect(t4.cells[levelKey("1")].value).toBe(2);
    expect(port.readTab(TAB_HISTORY)!.values.some((r) => r[1] === "T4")).toBe(false);
  });
});

describe("set-up after a new year", () => {
  it("never reads the history tab as a renamed input tab, and leaves it as it is", () => {
    const port = XlsxWorkbookPort.empty();
    yearOne(port);
    startNewYear(port, { year: "2027-2028", now: TODAY });
    const history = port.readTab(TAB_HISTORY);
    const read: string[] = [];
    const readTab = port.readTab.bind(port);
    port.readTab = (name: string) => (read.push(name), readTab(name));
    port.workbook.removeWorksheet(port.workbook.getWorksheet(TAB_COURSES)!.id);
    expect(setUpWorkbook(port, TODAY).recovered).toEqual({});
    expect(read).not.toContain(TAB_HISTORY);
    port.readTab = readTab;
    expect(port.readTab(TAB_HISTORY)).toEqual(history);
  });
});

describe("the sidebar's own form after a new year", () => {
  const host = (port: WorkbookPort): SidebarHost => ({
    port: () => port,
    email: () => "",
    chosenId: () => "T1",
    setChosenId: () => undefined,
    lang: () => "ky",
    setLang: () => undefined,
    locked: (work) => work(),
    now: () => TODAY,
  });

  it("shows last year's agreed level beside each competency, and nothing before the first new year", () => {
    const port = XlsxWorkbookPort.empty();
    yearOne(port);
    const form = () => (handle(host(port), "ownForm", ["teacher"]) as { data: OwnForm }).data;
    expect(form().lastYear).toBe("");
    expect(form().competencies.every((c) => c.lastYear === null)).toBe(true);
    startNewYear(port, { year: "2027-2028", now: TODAY });
    expect(form().lastYear).toBe("2026-2027");
    expect(form().competencies.slice(0, 4).map((c) => [c.n, c.level, c.lastYear])).toEqual([["1", null, 1], ["2", null, 2], ["3", null, 2], ["4", null, 3]]);
  });

  it("refuses a save from a form opened before the new year started, and writes nothing", () => {
    const port = XlsxWorkbookPort.empty();
    yearOne(port);
    const opened = (handle(host(port), "ownForm", ["teacher"]) as { data: { schoolYear: string } }).data;
    expect(opened.schoolYear).toBe("2026-2027");
    const supervisor = { ...host(port), chosenId: () => "D1" };
    const rated = (handle(supervisor, "superviseeForm", ["T1", "teacher"]) as { data: { schoolYear: string } }).data;
    startNewYear(port, { year: "2027-2028", now: TODAY });
    const before = snapshot(port);
    const ratings = { levels: { "1": 3 }, comments: {}, needs: [], career: "", roles: "", comment: "" };
    expect(handle(host(port), "saveOwn", ["teacher", { ...ratings, schoolYear: opened.schoolYear }])).toEqual({ status: "error", type: "year_changed" });
    expect(handle(supervisor, "saveSupervisor", ["T1", "teacher", { levels: { "1": 3 }, comments: {}, schoolYear: rated.schoolYear }])).toEqual({ status: "error", type: "year_changed" });
    expect(handle(supervisor, "saveAgreement", ["T1", "teacher", { agreed: { "1": 3 }, priorities: [], schoolYear: rated.schoolYear }])).toEqual({ status: "error", type: "year_changed" });
    expect(snapshot(port)).toEqual(before);
    // Opened again, in the new year, it saves.
    const again = (handle(host(port), "ownForm", ["teacher"]) as { data: { schoolYear: string } }).data;
    expect(handle(host(port), "saveOwn", ["teacher", { ...ratings, schoolYear: again.schoolYear }])).toEqual({ status: "success", data: undefined });
  });
});

/** Types into a cell as a person would (see tests/app/plans.test.ts). */
function edit(h: PortUnderTest, port: WorkbookPort, tab: string, row: number, col: number, value: string) {
  if (port instanceof XlsxWorkbookPort) port.workbook.getWorksheet(tab)!.getCell(row, col).value = value;
  else if (port instanceof StreamingXlsxPort) port.updateCells(tab, [{ row, col, values: [[value]] }]);
  else h.env!.spreadsheet.raw(tab)!.getRange(row, col).setValues([[value]]);
}

describe("starting the new year from the sidebar's overview", () => {
  const host = (port: WorkbookPort, id: string, extra: Partial<SidebarHost> = {}): SidebarHost => ({
    port: () => port,
    email: () => "",
    chosenId: () => id,
    setChosenId: () => undefined,
    lang: () => "ky",
    setLang: () => undefined,
    locked: (work) => work(),
    now: () => TODAY,
    ...extra,
  });
  const offerOf = (h: SidebarHost) => (handle(h, "dashboard", []) as { data: { newYear: unknown } }).data.newYear;

  it("offers a leader the next year, starts it exactly as the menu does, protects the new history tab, and never twice", () => {
    const port = XlsxWorkbookPort.empty();
    yearOne(port);
    let protections = 0;
    const leader = host(port, "Z1", { protect: () => (protections++, 12) });
    expect(offerOf(leader)).toEqual({ from: "2026-2027", to: "2027-2028", blocked: null, confirm: t("ky", "newYear.confirm", { from: "2026-2027", to: "2027-2028", tab: TAB_HISTORY }) });

    // A teacher may not, and a malformed year is refused before anything is read.
    const untouched = snapshot(port);
    expect(handle(host(port, "T1"), "newYear", ["2027-2028"])).toEqual({ status: "error", type: "forbidden" });
    expect(handle(leader, "newYear", ["2027/2028"])).toEqual({ status: "error", type: "bad_request" });
    expect(snapshot(port)).toEqual(untouched);

    const started = handle(leader, "newYear", ["2027-2028"]) as { status: string; data: { started: boolean; text: string } };
    expect(started.status).toBe("success");
    expect(started.data.started).toBe(true);
    expect(started.data.text).toMatch(/^2026-2027 окуу жылы «Тарых» барагына сакталды \(\d+ сап\)\. Жаңы окуу жылы: 2027-2028\./);
    expect(protections).toBe(1);
    // The same workbook as the menu's (and ukoo new-year's) use-case leaves.
    const byMenu = XlsxWorkbookPort.empty();
    yearOne(byMenu);
    expect(startNewYear(byMenu, { year: "2027-2028", now: TODAY, lang: "ky" }).status).toBe("started");
    expect(snapshot(port)).toEqual(snapshot(byMenu));

    // Right after, the overview says why not instead of offering; pressed anyway, nothing changes.
    const after = snapshot(port);
    expect(offerOf(leader)).toEqual({ from: "2027-2028", to: "2028-2029", blocked: expect.stringContaining("2027-09-01"), confirm: null });
    expect(handle(leader, "newYear", ["2027-2028"])).toEqual({ status: "success", data: { started: false, text: refusalText({ reason: "same_year", year: "2027-2028" }, "ky") } });
    expect(protections).toBe(1);
    expect(snapshot(port)).toEqual(after);
  });

  it("set-up from the overview protects as the menu's does, and tells whether it could", () => {
    const port = XlsxWorkbookPort.empty();
    yearOne(port);
    const setUp = (extra: Partial<SidebarHost>) => (handle(host(port, "Z1", extra), "run", ["setup"]) as { data: { tabs: number; protectedRanges?: number | null } }).data;
    expect(setUp({ protect: () => 31 })).toEqual({ tabs: expect.any(Number), protectedRanges: 31 });
    expect(setUp({ protect: () => null }).protectedRanges).toBeNull();
    // A host with nothing to protect (the local preview) says nothing about protections.
    expect(setUp({}).protectedRanges).toBeUndefined();
  });
});

describe("a new school year stopped between its Sheets API batches", () => {
  /** The demo school of 150 (its new year is several batches), plans generated, on the Sheets API fake; `failAt`: the batchUpdate that fails. */
  function school(failAt?: number) {
    const env = new GasEnvironment();
    // What is written is compared, formulas by their text: computing them at every read costs minutes here.
    env.evaluateFormulas = false;
    const { port: setup } = sheetsApiPort(env);
    writeDemo(setup, TODAY, 150);
    expect(generate(setup, { ...OPTS, provisional: true }).status).toBe("generated");
    setup.flush();
    const api = (env.globals() as { Sheets: SheetsApi }).Sheets;
    let batches = 0;
    const flaky: SheetsApi = {
      Spreadsheets: {
        ...api.Spreadsheets,
        batchUpdate: (body, id) => {
          if (++batches === failAt) throw new Error("We're sorry, a server error occurred. Please wait a bit and try again.");
          return api.Spreadsheets.batchUpdate(body, id);
        },
      },
    };
    const fresh = () => new SheetsApiWorkbookPort(flaky, env.spreadsheet.getId());
    return { env, fresh, batches: () => batches };
  }
  /** What each tab holds as written: a formula's text (what it shows depends on other tabs), else the value. */
  const everything = (port: WorkbookPort) =>
    Object.fromEntries(
      port.tabNames().map((name) => {
        const tab = port.readTab(name)!;
        return [name, tab.values.map((row, r) => row.map((value, c) => (tab.formulas[r][c] ? `=${tab.formulas[r][c]}` : value)))];
      }),
    );
  const year = (port: WorkbookPort) => readState(port).settings.table!.rows.map((r) => r.cells).find((c) => c["key"]?.value === "year")!["value"].value;

  it("leaves every tab whole and the year where it was; run again, it finishes exactly as an unbroken run", () => {
    const unbroken = school();
    const before = everything(unbroken.fresh());
    const done = unbroken.fresh();
    expect(startNewYear(done, { year: "2027-2028", now: TODAY }).status).toBe("started");
    done.flush();
    const sent = unbroken.batches();
    expect(sent).toBeGreaterThanOrEqual(2);
    const after = everything(unbroken.fresh());

    for (let failAt = 2; failAt <= sent; failAt++) {
      const broken = school(failAt);
      const port = broken.fresh();
      expect(startNewYear(port, { year: "2027-2028", now: TODAY }).status).toBe("started");
      expect(() => port.flush()).toThrow("server error");
      const halfway = everything(broken.fresh());
      // Each tab is as it was or as it is meant to be, never half written; the year has not moved.
      for (const name of Object.keys(after)) {
        if (name === TAB_HISTORY) continue;
        expect([before[name], after[name]], `${name} after failing batch ${failAt}`).toContainEqual(halfway[name]);
      }
      expect(year(broken.fresh())).toBe("2026-2027");
      // Pressed again: finished, the archive not written twice.
      const again = broken.fresh();
      expect(startNewYear(again, { year: "2027-2028", now: TODAY })).toMatchObject({ status: "started", archived: expect.any(Number) });
      again.flush();
      expect(everything(broken.fresh())).toEqual(after);
      // And then it is done: a third press is refused.
      expect(startNewYear(broken.fresh(), { year: "2027-2028", now: TODAY })).toMatchObject({ status: "refused", refusal: { reason: "same_year" } });
    }
  });
});
