/**
 * The year-round tabs on every host: observations feed 4.5's observation table; the check names every
 * bad cell of the new tabs; the year plan's pairs become the mentoring log; the portfolio has a row
 * per teacher whose links survive set-up; and each tab is protected by role.
 */
import { describe, expect, it } from "vitest";
import { checkWorkbook } from "../../src/app/check";
import { generate } from "../../src/app/generate";
import { protectionPlan } from "../../src/app/protection";
import { setUpWorkbook, writeModel } from "../../src/app/setUp";
import { OBSERVED_EVENTS } from "../../src/core/yearRound/observation";
import { PORTFOLIO_ITEMS } from "../../src/core/yearRound/portfolio";
import { a1 } from "../../src/workbook/a1";
import { interpret } from "../../src/workbook/interpret";
import type { CellInput, WorkbookPort } from "../../src/workbook/port";
import { readState } from "../../src/workbook/read";
import { cellOf, modelFromState } from "../../src/workbook/model";
import { idText } from "../../src/workbook/records";
import { problemMessage } from "../../src/core/problems";
import {
  expertiseColumns,
  gradeKey,
  mentoringColumns,
  observationColumns,
  portfolioColumns,
  portfolioKey,
  questionKey,
  TAB_EXPERTISE,
  TAB_HOURS,
  TAB_MENTORING,
  TAB_OBSERVATIONS,
  TAB_PORTFOLIO,
  YEAR_ROUND_HEADER_ROW,
  type ColumnSpec,
} from "../../src/workbook/schema";
import { STAFF } from "../fixtures/knownSchool";
import { writeKnownSchool } from "../fixtures/knownWorkbook";
import { HOSTS, TODAY } from "../helpers";

const OPTS = { provisional: true, now: TODAY, asOf: "2026-11-23" };
const FIRST_DATA = YEAR_ROUND_HEADER_ROW + 1;

/** A row of a tab with these columns, from values by key. */
function rowOf(specs: ColumnSpec[], values: Record<string, CellInput>): CellInput[] {
  return specs.map((s) => values[s.key] ?? null);
}

function writeRows(port: WorkbookPort, tab: string, specs: ColumnSpec[], rows: Record<string, CellInput>[], first = FIRST_DATA): void {
  port.updateCells(tab, [{ row: first, col: 1, values: rows.map((r) => rowOf(specs, r)) }]);
}

const colOf = (specs: ColumnSpec[], key: string) => specs.findIndex((s) => s.key === key) + 1;

/**
 * Known observations. Worked out by hand for 4.5 (grades best first: above · meets · improve · below):
 *   T1 2025-2026: Окутуу чөйрөсү above 1; Окутуу методикасы = lower of III.а meets and III.б improve → improve 1.
 *   T1 2026-2027: Окутуу чөйрөсү meets 2; Пландоо below 1.
 *   T2 2026-2027: Классты башкаруу below 1 (a Russian label); Баалоо above 1.
 *   T3's row has a date that is not one, so it counts nowhere and the check names its cell.
 */
const OBSERVATIONS: Record<string, CellInput>[] = [
  { date: "2025-10-10", observer: "Бекова Гүлнара", teacher_id: "T1", [gradeKey("I")]: "Күткөндөгүдөн жакшы", [questionKey("1")]: "Ооба", [questionKey("2")]: "Жок", [gradeKey("III.a")]: "Күткөндөгүгө туура келет", [gradeKey("III.b")]: "Жакшыртуу талап кылынат" },
  { date: "2026-10-01", teacher_id: "T1", [gradeKey("I")]: "Күткөндөгүгө туура келет", [gradeKey("II")]: "Күткөндөгүгө жетпей калган", strengths: "=SUM(1,2)" },
  { date: "2026-11-20", teacher_id: "T1", [gradeKey("I")]: "Күткөндөгүгө туура келет", [questionKey("3")]: "Дагы башка" },
  { date: "2026-09-15", teacher_id: "T2", [gradeKey("V")]: "Күткөндөгүдөн жакшы", [gradeKey("IV")]: "Не достигает ожидаемого" },
  { date: "2026-13-01", teacher_id: "T3", [gradeKey("I")]: "Күткөндөгүгө туура келет" },
];

const EXPECTED_45: Record<string, Record<string, Record<string, string>>> = {
  T1: { "2025-2026": { environment: "1 · 0 · 0 · 0", methods: "0 · 0 · 1 · 0" }, "2026-2027": { environment: "0 · 2 · 0 · 0", planning: "0 · 0 · 0 · 1" } },
  T2: { "2026-2027": { classroom: "0 · 0 · 0 · 1", assessment: "1 · 0 · 0 · 0" } },
};

describe.each(HOSTS)("the year-round tools on $name", ({ make }) => {
  it("fills 4.5's observation table from the observation log, event × year × grade", async () => {
    const host = make();
    writeKnownSchool(host.port);
    writeRows(host.port, TAB_OBSERVATIONS, observationColumns(), OBSERVATIONS);
    const port = await host.reopen();
    expect(generate(port, OPTS).status).toBe("generated");
    const rows = (await host.reopen()).readTab(TAB_HOURS)!.values;
    const header = rows[4];
    const years = ["2022-2023", "2023-2024", "2024-2025", "2025-2026", "2026-2027"];
    // The header names each year and event, beside the hours (from column M).
    expect(header.slice(12, 17)).toEqual(OBSERVED_EVENTS.map((e) => `2022-2023\n${e.ky}`));
    for (const id of STAFF.trim().split("\n").slice(1).map((l) => l.split(",")[0])) {
      const row = rows.find((r) => r[0] === id)!;
      const expected = years.flatMap((y) => OBSERVED_EVENTS.map((e) => EXPECTED_45[id]?.[y]?.[e.key] ?? null));
      expect(row.slice(12, 37).map((v) => (v === "" ? null : v)), id).toEqual(expected);
    }
    // Counted up to the as-of day, like the hours: as of 1 November, T1's observation of 20 November is not there yet.
    generate(await host.reopen(), { ...OPTS, asOf: "2026-11-01" });
    const early = (await host.reopen()).readTab(TAB_HOURS)!.values.find((r) => r[0] === "T1")!;
    expect(early[12 + 4 * 5]).toBe("0 · 1 · 0 · 0");
    // The strengths typed as a formula stay text.
    const log = port.readTab(TAB_OBSERVATIONS)!;
    const strengths = colOf(observationColumns(), "strengths");
    expect(log.values[FIRST_DATA][strengths - 1]).toBe("=SUM(1,2)");
    expect(log.formulas[FIRST_DATA][strengths - 1]).toBe("");
  });

  it("names every bad cell of the new tabs, and a set-up keeps every row as typed", async () => {
    const host = make();
    writeKnownSchool(host.port);
    const obs = observationColumns();
    writeRows(host.port, TAB_OBSERVATIONS, obs, [
      { date: "2026-13-01", teacher_id: "T3", [gradeKey("I")]: "жакшы" },
      { date: "2026-10-01", teacher_id: "X9", [questionKey("1")]: "мүмкүн", [questionKey("7")]: "Ооба" },
      { date: "2027-01-01", teacher_id: "" , [gradeKey("II")]: "Күткөндөгүгө туура келет"},
      { date: "2026-10-02", teacher_id: "T4", observer: "Бекова Гүлнара" },
    ]);
    const men = mentoringColumns();
    writeRows(host.port, TAB_MENTORING, men, [
      { mentor_id: "T2", mentee_id: "T1", date: "2026-10-05", type: "чай ичүү" },
      { mentor_id: "T2", mentee_id: "Q7", type: "Насаатчы шакирттин сабагына байкоо жүргүзөт" },
      // Planned ahead: not a meeting that happened, so it cannot count the pair as met this term.
      { mentor_id: "T2", mentee_id: "T1", date: "2026-12-20", type: "Насаатчы шакирттин сабагына байкоо жүргүзөт" },
    ]);
    const exp = expertiseColumns();
    writeRows(host.port, TAB_EXPERTISE, exp, [{ teacher_id: "T1", expert: "Бекова Гүлнара", date: "кечээ" }]);
    const portfolio = host.port.readTab(TAB_PORTFOLIO)!;
    const t1 = portfolio.values.findIndex((r) => r[0] === "T1") + 1;
    const pcol = colOf(portfolioColumns(), portfolioKey("I.2"));
    host.port.updateCells(TAB_PORTFOLIO, [{ row: t1, col: pcol, values: [["диплом.pdf\nдагы бир"]] }]);
    const port = await host.reopen();
    const tabs: [string, ColumnSpec[]][] = [[TAB_OBSERVATIONS, obs], [TAB_MENTORING, men], [TAB_EXPERTISE, exp], [TAB_PORTFOLIO, portfolioColumns()]];
    // What people typed: the input columns (set-up fills in the generated ones, such as names).
    const typed = (p: WorkbookPort, tab: string, specs: ColumnSpec[]) =>
      p.readTab(tab)!.values.map((r) => specs.map((s, i) => (s.input ? r[i] ?? null : "")));
    const before = new Map(tabs.map(([t, specs]) => [t, typed(port, t, specs)]));

    const problems = checkWorkbook(port, TODAY).problems.filter((p) => /^1\.\d /.test(p.tab)).map((p) => `${p.tab}!${p.cell} ${p.code}`);
    const at = (tab: string, specs: ColumnSpec[], row: number, key: string) => `${tab}!${a1(FIRST_DATA + row, colOf(specs, key))}`;
    expect(problems.sort()).toEqual(
      [
        `${at(TAB_OBSERVATIONS, obs, 0, "date")} problem.observation.bad_date`,
        `${at(TAB_OBSERVATIONS, obs, 0, gradeKey("I"))} problem.observation.bad_grade`,
        `${at(TAB_OBSERVATIONS, obs, 1, "teacher_id")} problem.observation.unknown_teacher`,
        `${at(TAB_OBSERVATIONS, obs, 1, questionKey("1"))} problem.observation.bad_answer`,
        `${at(TAB_OBSERVATIONS, obs, 1, gradeKey("II"))} problem.observation.no_grade`,
        `${at(TAB_OBSERVATIONS, obs, 2, "teacher_id")} problem.observation.no_teacher`,
        `${at(TAB_OBSERVATIONS, obs, 2, "date")} problem.observation.future_date`,
        `${at(TAB_OBSERVATIONS, obs, 3, gradeKey("I"))} problem.observation.no_section`,
        `${at(TAB_MENTORING, men, 0, "type")} problem.mentoring.bad_type`,
        `${at(TAB_MENTORING, men, 1, "mentee_id")} problem.mentoring.unknown_person`,
        `${at(TAB_MENTORING, men, 1, "date")} problem.mentoring.no_date`,
        `${at(TAB_MENTORING, men, 2, "date")} problem.mentoring.future_date`,
        `${at(TAB_EXPERTISE, exp, 0, "date")} problem.expertise.bad_date`,
        `${TAB_PORTFOLIO}!${a1(t1, pcol)} problem.portfolio.multiline`,
      ].sort(),
    );
    setUpWorkbook(port, TODAY);
    const after = await host.reopen();
    for (const [tab, specs] of tabs) expect(typed(after, tab, specs), tab).toEqual(before.get(tab));
    expect(after.readTab(TAB_OBSERVATIONS)!.values[FIRST_DATA + 2][colOf(obs, "name") - 1]).toBe("Эсенова Динара");
  });

  it("keeps the rows of someone who left the roster as history, named and unflagged; a bad answer leaves the grades counted", async () => {
    const host = make();
    writeKnownSchool(host.port);
    const obs = observationColumns();
    writeRows(host.port, TAB_OBSERVATIONS, obs, [
      { date: "2026-10-02", teacher_id: "T4", name: "Эсенова Динара", [gradeKey("I")]: "Күткөндөгүгө туура келет" },
      { date: "2026-10-03", teacher_id: "T44", [gradeKey("I")]: "Күткөндөгүгө туура келет" },
      { date: "2026-10-04", teacher_id: "T1", [gradeKey("I")]: "Күткөндөгүдөн жакшы", [questionKey("1")]: "Ооба.", [questionKey("2")]: "Жок" },
    ]);
    writeRows(host.port, TAB_MENTORING, mentoringColumns(), [{ mentor_id: "T3", mentor: "Турдубаев Улан", mentee_id: "T4", mentee: "Эсенова Динара", date: "2026-10-05" }]);
    // T4 leaves: the roster is written without them (and every input tab with it, in Russian now).
    const model = modelFromState(readState(host.port));
    model.staff.rows = model.staff.rows.filter((r) => idText(r["id"]) !== "T4");
    model.settings.set("language", cellOf("ru"));
    writeModel(host.port, model, TODAY);
    const port = await host.reopen();

    const rows = port.readTab(TAB_OBSERVATIONS)!.values;
    const row = (id: string) => rows.find((r) => r[colOf(obs, "teacher_id") - 1] === id)!;
    expect(row("T4")[colOf(obs, "name") - 1]).toBe("Эсенова Динара");
    const mentoring = port.readTab(TAB_MENTORING)!.values.find((r) => r[colOf(mentoringColumns(), "mentee_id") - 1] === "T4")!;
    expect(mentoring[colOf(mentoringColumns(), "mentee") - 1]).toBe("Эсенова Динара");
    const problems = checkWorkbook(port, TODAY).problems.filter((p) => /^1\.\d /.test(p.tab)).map((p) => `${p.cell} ${p.code}`);
    expect(problems.sort()).toEqual([
      `${a1(FIRST_DATA + 1, colOf(obs, "teacher_id"))} problem.observation.unknown_teacher`,
      `${a1(FIRST_DATA + 2, colOf(obs, questionKey("1")))} problem.observation.bad_answer`,
    ]);
    const records = interpret(readState(port), TODAY).yearRound;
    expect(records.observations.map((o) => [o.teacherId, o.grades, o.answers])).toEqual([["T1", { I: "above" }, { "2": "no" }]]);
    expect(records.meetings).toEqual([]);
  });

  it("gives a thousand rows below the last one their dropdowns and date rule, for the years of rows set-up leaves as they are", async () => {
    const host = make();
    writeKnownSchool(host.port);
    const obs = observationColumns();
    writeRows(host.port, TAB_OBSERVATIONS, obs, Array.from({ length: 230 }, (_, i) => ({ date: "2026-10-01", teacher_id: "T1", class: `${i}`, [gradeKey("I")]: "Күткөндөгүгө туура келет" })));
    const port = await host.reopen();
    setUpWorkbook(port, TODAY);
    // Set-up found the tab in order: the rules are those it was written with, so they must reach far.
    const lastRow = FIRST_DATA + 230 + 200;
    const covers = (key: string) => port.inspectTab(TAB_OBSERVATIONS)!.validations.some((v) => v.range.col === colOf(obs, key) && v.range.row <= lastRow && v.range.row + v.range.rows - 1 >= lastRow);
    expect([covers(gradeKey("I")), covers(questionKey("1")), covers("date")]).toEqual([true, true, true]);
  });

  it("a language switch rewrites the answers, grades and meeting types in the new language, so the dropdowns accept them", async () => {
    const host = make();
    writeKnownSchool(host.port);
    const obs = observationColumns();
    writeRows(host.port, TAB_OBSERVATIONS, obs, [{ date: "2026-10-01", teacher_id: "T1", [gradeKey("I")]: "Күткөндөгүгө туура келет", [questionKey("1")]: "Ооба", [questionKey("2")]: "жок" }]);
    const men = mentoringColumns();
    writeRows(host.port, TAB_MENTORING, men, [{ mentor_id: "T2", mentee_id: "T1", date: "2026-10-05", type: "Насаатчы шакирттин сабагына байкоо жүргүзөт" }]);
    const before = interpret(readState(host.port), TODAY).yearRound;
    const model = modelFromState(readState(host.port));
    model.settings.set("language", cellOf("ru"));
    writeModel(host.port, model, TODAY);
    setUpWorkbook(host.port, TODAY);
    const port = await host.reopen();
    const row = port.readTab(TAB_OBSERVATIONS)!.values[FIRST_DATA - 1];
    expect([row[colOf(obs, gradeKey("I")) - 1], row[colOf(obs, questionKey("1")) - 1], row[colOf(obs, questionKey("2")) - 1]]).toEqual(["Соответствует ожиданиям", "Да", "Нет"]);
    expect(port.readTab(TAB_MENTORING)!.values[FIRST_DATA - 1][colOf(men, "type") - 1]).toBe("Наставник наблюдает урок подопечного");
    const after = interpret(readState(port), TODAY);
    expect(after.problems.filter((p) => /^1\.\d /.test(p.tab))).toEqual([]);
    expect(after.yearRound.observations).toEqual(before.observations);
    expect(after.yearRound.meetings).toEqual(before.meetings);
  });

  it("names a renamed column people type in at its header cell, whichever tab it is on", async () => {
    const host = make();
    writeKnownSchool(host.port);
    const obs = observationColumns();
    writeRows(host.port, TAB_OBSERVATIONS, obs, [{ date: "2026-10-01", teacher_id: "T1", [gradeKey("I")]: "Күткөндөгүгө туура келет" }]);
    host.port.updateCells(TAB_OBSERVATIONS, [{ row: YEAR_ROUND_HEADER_ROW, col: colOf(obs, gradeKey("I")), values: [["Баа (I)"]] }]);
    host.port.updateCells(TAB_EXPERTISE, [{ row: YEAR_ROUND_HEADER_ROW, col: colOf(expertiseColumns(), "expert"), values: [["Ким текшерди"]] }]);
    const port = await host.reopen();
    const layout = checkWorkbook(port, TODAY).problems.filter((p) => p.code === "problem.layout.column_missing").map((p) => `${p.tab}!${p.cell}`);
    expect(layout.sort()).toEqual(
      [`${TAB_EXPERTISE}!${a1(YEAR_ROUND_HEADER_ROW, colOf(expertiseColumns(), "expert"))}`, `${TAB_OBSERVATIONS}!${a1(YEAR_ROUND_HEADER_ROW, colOf(obs, gradeKey("I")))}`].sort(),
    );
    // Nothing else is pointed at column A for it.
    expect(checkWorkbook(port, TODAY).problems.filter((p) => p.tab === TAB_OBSERVATIONS && /^A\d/.test(p.cell))).toEqual([]);
  });

  it("names a teacher's second portfolio row, and set-up keeps both rows' links", async () => {
    const host = make();
    writeKnownSchool(host.port);
    const specs = portfolioColumns();
    const tab = host.port.readTab(TAB_PORTFOLIO)!;
    const extra = tab.values.length + 1;
    host.port.updateCells(TAB_PORTFOLIO, [{ row: extra, col: 1, values: [specs.map((s) => (s.key === "id" ? "T1" : s.key === portfolioKey("I.2") ? "https://drive.google.com/x" : null))] }]);
    let port = await host.reopen();
    const problems = checkWorkbook(port, TODAY).problems.filter((p) => p.tab === TAB_PORTFOLIO);
    const first = tab.values.findIndex((r) => r[0] === "T1") + 1;
    expect(problems.map((p) => [p.cell, p.code, problemMessage(p, "ky")])).toEqual([[a1(extra, 1), "problem.portfolio.duplicate", expect.stringContaining(`${first}-сапта`)]]);
    setUpWorkbook(port, TODAY);
    port = await host.reopen();
    const after = port.readTab(TAB_PORTFOLIO)!.values.filter((r) => r[0] === "T1");
    expect(after.map((r) => r[colOf(specs, portfolioKey("I.2")) - 1])).toEqual([null, "https://drive.google.com/x"]);
  });

  it("turns the year plan's pairs into the mentoring log once, and keeps the meetings people wrote", async () => {
    const host = make();
    writeKnownSchool(host.port);
    let port = await host.reopen();
    const { cycle } = generate(port, OPTS) as { cycle: import("../../src/app/cycle").Cycle };
    port = await host.reopen();
    const men = mentoringColumns();
    const log = port.readTab(TAB_MENTORING)!.values.slice(YEAR_ROUND_HEADER_ROW);
    const pairs = new Set(cycle.mentoring.pairs.map((p) => `${p.mentorId}>${p.menteeId}`));
    expect(pairs.size).toBeGreaterThan(0);
    expect(new Set(log.map((r) => `${r[0]}>${r[colOf(men, "mentee_id") - 1]}`))).toEqual(pairs);
    // A meeting is written on the first pair's row; building again neither adds nor changes a row.
    const dateCol = colOf(men, "date");
    port.updateCells(TAB_MENTORING, [{ row: FIRST_DATA, col: dateCol, values: [["2026-11-02", "Сабакка байкоо жүргүзүүдөн кийин тараптардын жолугушуусу", "=cmd|' /C calc'!A0"]] }]);
    port = await host.reopen();
    const written = port.readTab(TAB_MENTORING)!.values;
    generate(port, OPTS);
    port = await host.reopen();
    expect(port.readTab(TAB_MENTORING)!.values).toEqual(written);
    const records = interpret(readState(port), TODAY).yearRound;
    expect(records.meetings[0]).toMatchObject({ date: "2026-11-02", type: "talk" });
    expect(port.readTab(TAB_MENTORING)!.formulas[FIRST_DATA - 1].every((f) => f === "")).toBe(true);

    // Pairs whose rows were deleted come back appended below, in the tab's own columns; the rows
    // people wrote (here with a column moved to the end) are not rewritten.
    const kept = written.slice(0, FIRST_DATA);
    port.writeTab({ name: TAB_MENTORING, cells: [...kept.slice(0, YEAR_ROUND_HEADER_ROW - 1), [...kept[YEAR_ROUND_HEADER_ROW - 1].slice(1), kept[YEAR_ROUND_HEADER_ROW - 1][0]], [...kept[FIRST_DATA - 1].slice(1), kept[FIRST_DATA - 1][0]]] });
    port = await host.reopen();
    const before = port.readTab(TAB_MENTORING)!.values;
    generate(port, OPTS);
    port = await host.reopen();
    const after = port.readTab(TAB_MENTORING)!.values;
    expect(after.slice(0, FIRST_DATA)).toEqual(before.slice(0, FIRST_DATA));
    const moved = (r: (typeof after)[number]) => `${r[r.length - 1]}>${r[colOf(men, "mentee_id") - 2]}`;
    expect(new Set(after.slice(YEAR_ROUND_HEADER_ROW).map(moved))).toEqual(pairs);
    expect(after.length).toBe(FIRST_DATA + pairs.size - 1);
  });

  it("keeps a portfolio row per teacher whose links survive set-up, and protects each tab by role", async () => {
    const host = make();
    writeKnownSchool(host.port);
    const specs = portfolioColumns();
    const tab = host.port.readTab(TAB_PORTFOLIO)!;
    const ids = tab.values.slice(YEAR_ROUND_HEADER_ROW).map((r) => r[0]);
    // Everyone who teaches (the director has no subject in the known school).
    expect(ids).toEqual(["Z1", "D1", "D2", "T1", "T2", "T3", "T4"]);
    const t2 = ids.indexOf("T2") + FIRST_DATA;
    const links = PORTFOLIO_ITEMS.filter((i) => !i.id.startsWith("V")).map((i) => `https://drive.google.com/${i.id}`);
    host.port.updateCells(TAB_PORTFOLIO, [{ row: t2, col: colOf(specs, portfolioKey(PORTFOLIO_ITEMS[0].id)), values: [links] }]);
    let port = await host.reopen();
    setUpWorkbook(port, TODAY);
    port = await host.reopen();
    const row = port.readTab(TAB_PORTFOLIO)!.values[t2 - 1];
    expect(row.slice(2, 2 + links.length)).toEqual(links);
    expect(row[colOf(specs, "complete") - 1]).toBe("ооба");
    expect(port.readTab(TAB_PORTFOLIO)!.values[t2 - 2][colOf(specs, "complete") - 1]).toBe(`жок: ${links.length}`);

    const state = readState(port);
    const records = interpret(state, TODAY);
    const withEmails = { ...records, people: records.people.map((p) => ({ ...p, email: `${p.id.toLowerCase()}@school.kg` })) };
    const rules = protectionPlan(state, withEmails, [], "z1@school.kg");
    const wholeTab = (name: string) => rules.find((r) => r.tab === name && r.range === null)!;
    const leaders = ["dir@school.kg", "z1@school.kg"];
    for (const name of [TAB_OBSERVATIONS, TAB_EXPERTISE, TAB_PORTFOLIO]) expect(wholeTab(name).editors.sort(), name).toEqual(leaders);
    // Mentors and mentees write their meetings, whatever pairs the next build makes.
    expect(wholeTab(TAB_MENTORING).editors.sort()).toEqual(withEmails.people.map((p) => p.email).sort());
    const own = rules.find((r) => r.tab === TAB_PORTFOLIO && r.range?.row === t2)!;
    expect(own.editors.sort()).toEqual(["dir@school.kg", "t2@school.kg", "z1@school.kg"]);
    expect(own.range).toMatchObject({ row: t2, rows: 1, col: colOf(specs, portfolioKey(PORTFOLIO_ITEMS[0].id)) });
    expect(wholeTab(TAB_PORTFOLIO).unprotected).toContainEqual(own.range);
  });
});

describe.each(HOSTS)("a year-round tab whose header row was lost, on $name", ({ make }) => {
  it("keeps every row through check, build and set-up, and set-up puts the header back", async () => {
    const host = make();
    writeKnownSchool(host.port);
    const tabs: [string, ColumnSpec[], Record<string, CellInput>][] = [
      [TAB_OBSERVATIONS, observationColumns(), OBSERVATIONS[0]],
      [TAB_MENTORING, mentoringColumns(), { mentor_id: "T2", mentee_id: "T1", date: "2026-11-02", notes: "Жакшы баарлашуу" }],
      [TAB_EXPERTISE, expertiseColumns(), { teacher_id: "T1", expert: "Бекова Гүлнара", date: "2026-11-10", "X:q1": "Талаптар сакталган." }],
    ];
    for (const [tab, specs, row] of tabs) {
      writeRows(host.port, tab, specs, [row]);
      // The anchor header relabelled and another header cleared: the header row cannot be found.
      const anchor = colOf(specs, specs.find((s) => s.input)!.key);
      host.port.updateCells(tab, [{ row: YEAR_ROUND_HEADER_ROW, col: 1, values: [specs.map((_, i) => (i + 1 === anchor ? "ID" : null))] }]);
    }
    let port = await host.reopen();
    const problems = checkWorkbook(port, TODAY).problems.filter((p) => p.code === "problem.layout.missing_header").map((p) => `${p.tab}!${p.cell}`);
    expect(problems.sort()).toEqual(tabs.map(([tab]) => `${tab}!A${YEAR_ROUND_HEADER_ROW}`).sort());
    generate(port, OPTS);
    port = await host.reopen();
    setUpWorkbook(port, TODAY);
    port = await host.reopen();
    for (const [tab, specs, row] of tabs) {
      const values = port.readTab(tab)!.values;
      expect(values[YEAR_ROUND_HEADER_ROW - 1].slice(0, specs.length), tab).toEqual(specs.map((s) => s.header("ky")));
      const first = values[FIRST_DATA - 1];
      for (const [key, value] of Object.entries(row)) expect(first[colOf(specs, key) - 1], `${tab} ${key}`).toEqual(value);
    }
    expect(checkWorkbook(port, TODAY).problems.filter((p) => p.code.startsWith("problem.layout"))).toEqual([]);
  });
});

describe.each(HOSTS)("a year-round tab whose header row was deleted, on $name", ({ make }) => {
  it("reads the row that moved up into the header's place as data, and set-up puts the header back above it", async () => {
    const host = make();
    writeKnownSchool(host.port);
    const specs = observationColumns();
    writeRows(host.port, TAB_OBSERVATIONS, specs, [OBSERVATIONS[0], { ...OBSERVATIONS[0], teacher_id: "T2", name: "Сыдыкова Асель" }]);
    const teachers = () => interpret(readState(host.port), TODAY).yearRound.observations.map((o) => o.teacherId);
    expect(teachers()).toEqual(["T1", "T2"]);
    // "Delete row" on the header: every row below moves up one.
    const data = host.port.readTab(TAB_OBSERVATIONS)!;
    host.port.writeTab({ name: TAB_OBSERVATIONS, cells: data.values.filter((_, i) => i !== YEAR_ROUND_HEADER_ROW - 1) });
    let port = await host.reopen();
    expect(checkWorkbook(port, TODAY).problems.filter((p) => p.tab === TAB_OBSERVATIONS).map((p) => p.code)).toContain("problem.layout.missing_header");
    expect(interpret(readState(port), TODAY).yearRound.observations.map((o) => o.teacherId)).toEqual(["T1", "T2"]);
    setUpWorkbook(port, TODAY);
    port = await host.reopen();
    const values = port.readTab(TAB_OBSERVATIONS)!.values;
    expect(values[YEAR_ROUND_HEADER_ROW - 1].slice(0, specs.length)).toEqual(specs.map((s) => s.header("ky")));
    const teacherCol = colOf(specs, "teacher_id") - 1;
    expect([values[FIRST_DATA - 1][teacherCol], values[FIRST_DATA][teacherCol]]).toEqual(["T1", "T2"]);
    expect(interpret(readState(port), TODAY).yearRound.observations.map((o) => o.teacherId)).toEqual(["T1", "T2"]);
  });
});

describe("the overview of the year-round tools", () => {
  it("counts the pairs met this term, and the portfolios complete and reviewed", async () => {
    const { XlsxWorkbookPort } = await import("../../src/xlsx/xlsxPort");
    const { dashboard } = await import("../../src/app/sidebar/dashboard");
    const port = XlsxWorkbookPort.empty();
    writeKnownSchool(port);
    generate(port, OPTS);
    const men = mentoringColumns();
    const log = port.readTab(TAB_MENTORING)!.values.slice(YEAR_ROUND_HEADER_ROW);
    expect(log.length).toBeGreaterThanOrEqual(2);
    const dateCol = colOf(men, "date");
    // The first pair met this term (from 1 November), the second last term only.
    port.updateCells(TAB_MENTORING, [{ row: FIRST_DATA, col: dateCol, values: [["2026-11-02"], ["2026-10-20"]] }]);
    // A pair of an earlier plan (its row stays in the log) is not one to meet this year.
    writeRows(port, TAB_MENTORING, men, [{ mentor_id: "T4", mentee_id: "Z1", competency: "9" }], FIRST_DATA + log.length);
    const specs = portfolioColumns();
    const t2 = port.readTab(TAB_PORTFOLIO)!.values.findIndex((r) => r[0] === "T2") + 1;
    port.updateCells(TAB_PORTFOLIO, [{ row: t2, col: colOf(specs, portfolioKey("I.1")), values: [PORTFOLIO_ITEMS.slice(0, 28).map((i) => `${i.id}.pdf`)] }]);
    writeRows(port, TAB_EXPERTISE, expertiseColumns(), [
      { teacher_id: "T2", expert: "Бекова Гүлнара", date: "2026-11-10", "X:q1": "Талаптар сакталган." },
      { teacher_id: "T3", expert: "Бекова Гүлнара", date: "2026-11-11" },
    ]);
    const steps = dashboard(checkWorkbook(port, TODAY), "ky", "2026-11-23");
    const step = (key: string) => steps.find((s) => s.key === key)!;
    const pairs = new Set(log.map((r) => `${r[0]}>${r[colOf(men, "mentee_id") - 1]}`)).size;
    expect(step("mentoring")).toMatchObject({ done: 1, total: pairs, ok: false });
    const second = log[1];
    expect(step("mentoring").left[0].text).toBe(`${second[1]} → ${second[3]} (${second[4]})`);
    expect(step("portfolio")).toMatchObject({ done: 1, total: 7, ok: false });
    expect(step("portfolio").left).toContainEqual({ text: "Исаков Нурлан: 28" });
    expect(step("portfolioReviewed")).toMatchObject({ done: 1, total: 7 });
  });
});

describe("the year-round tabs in a Russian workbook", () => {
  it("write their headers, sections and dropdowns in Russian and read the answers back", async () => {
    const { XlsxWorkbookPort } = await import("../../src/xlsx/xlsxPort");
    const { cellOf, modelFromState } = await import("../../src/workbook/model");
    const { writeModel } = await import("../../src/app/setUp");
    const port = XlsxWorkbookPort.empty();
    writeKnownSchool(port);
    const model = modelFromState(readState(port));
    model.settings.set("language", cellOf("ru"));
    writeModel(port, model, TODAY);
    const obs = observationColumns();
    const tab = port.inspectTab(TAB_OBSERVATIONS)!;
    expect(tab.values[0][0]).toBe("1.1 Наблюдение урока: одна строка — одно наблюдение");
    expect(tab.values[1][colOf(obs, gradeKey("I")) - 1]).toBe("I. Учебная среда в классе");
    expect(tab.values[2][colOf(obs, questionKey("1")) - 1]).toMatch(/^1\. /);
    const answers = tab.validations.find((v) => v.range.col === colOf(obs, questionKey("1")))!;
    expect(answers.rule).toEqual({ kind: "list", values: ["Да", "Нет", "Другое"] });
    writeRows(port, TAB_OBSERVATIONS, obs, [{ date: "2026-10-01", teacher_id: "T1", [gradeKey("I")]: "Соответствует ожиданиям", [questionKey("1")]: "Да", [questionKey("2")]: "Другое" }]);
    const records = interpret(readState(port), TODAY);
    expect(records.problems.filter((p) => p.tab === TAB_OBSERVATIONS)).toEqual([]);
    expect(records.yearRound.observations[0]).toMatchObject({ sections: ["I"], grades: { I: "meets" }, answers: { "1": "yes", "2": "other" } });
  });
});
