/**
 * The year-round forms of the sidebar: a leader's observation of a lesson (tool 1.1), which adds one
 * row to the observation log, and a teacher's portfolio checklist (tool 1.3), which writes only that
 * teacher's row. The forms' wording is the guide's data, word for word, in the user's language; what
 * is written is in the workbook's language, as the tabs' dropdowns and the check read it.
 */
import { focusText } from "../../workbook/render/yearRoundTabs";
import { isRealDate } from "../../core/dates";
import { t, type Lang } from "../../core/messages/index";
import { frameworksOf } from "../../core/people";
import { MONITORING, OBSERVATION_FORM, observationProblems, type Answer, type Grade, type Observation } from "../../core/yearRound/observation";
import { linkProblem, missingItems, OPTIONAL_ITEMS, PORTFOLIO, PORTFOLIO_ITEMS, type Portfolio } from "../../core/yearRound/portfolio";
import { a1 } from "../../workbook/a1";
import type { PersonRecord } from "../../workbook/interpret";
import type { CellInput, WorkbookPort } from "../../workbook/port";
import type { TabState } from "../../workbook/read";
import { gradeKey, portfolioKey, questionKey, YEAR_ROUND_HEADER_ROW } from "../../workbook/schema";
import { cellText } from "../../workbook/table";
import type { LogEntry } from "../auditLog";
import { rowBlocks, rowOf } from "./forms";

/**
 * Why a year-round form cannot be shown or saved, beyond the server's own refusals: the tab is
 * missing, or a column the save must write is (set-up puts both back), or the person has no row.
 */
export type YearRoundError = "no_tab" | "no_column" | "no_row" | "bad_request";

/** Generated cells a save fills in when their column is there, and may leave out when it is not. */
const GENERATED = new Set(["name", "focus", "complete"]);

/** Whether every value to write has its column (set-up restores a deleted one). */
function columnsFor(columns: Map<string, number>, values: Map<string, CellInput>): boolean {
  return [...values].every(([key, value]) => value === null || GENERATED.has(key) || columns.has(key));
}

const label = (text: { ky: string; ru: string }, lang: Lang) => (lang === "ru" ? text.ru : text.ky);

// ---- 1.1 Observing a lesson -----------------------------------------------------------------------

export interface ObservationFormData {
  tool: string;
  title: string;
  instructions: string;
  /** The form's wording is the project's Russian translation (the official one is Kyrgyz). */
  translated: boolean;
  today: string;
  teachers: { id: string; name: string; subjects: string[] }[];
  sections: { id: string; label: string; title: string; questions: { id: string; text: string }[] }[];
  answers: { key: Answer; label: string }[];
  grades: { key: Grade; label: string }[];
}

/** The people an observation can be about: everyone in the teacher framework, by name. */
function teachersOf(people: PersonRecord[]): PersonRecord[] {
  return people.filter((p) => frameworksOf(p).includes("teacher")).sort((a, b) => a.name.localeCompare(b.name, "ky"));
}

export function observationForm(tab: TabState, people: PersonRecord[], today: Date, lang: Lang): ObservationFormData | YearRoundError {
  if (!tab.table) return "no_tab";
  return {
    tool: "1.1",
    title: label(OBSERVATION_FORM.title, lang),
    instructions: label(OBSERVATION_FORM.instructions, lang),
    translated: lang === "ru",
    today: today.toISOString().slice(0, 10),
    teachers: teachersOf(people).map((p) => ({ id: p.id, name: p.name, subjects: p.subjects })),
    sections: OBSERVATION_FORM.sections.map((s) => ({
      id: s.id,
      label: s.label,
      title: lang === "ru" ? s.titleRu : s.title,
      questions: s.questions.map((q) => ({ id: q.id, text: lang === "ru" ? q.textRu : q.text })),
    })),
    answers: OBSERVATION_FORM.answers.map((a) => ({ key: a.key, label: a[lang] })),
    grades: MONITORING.grades.map((g) => ({ key: g.key, label: g[lang] })),
  };
}

/** An observation as the form sends it: the log's record without its observer (the user saving it), with the lesson's topic. */
export type ObservationPayload = Omit<Observation, "observer"> & { topic: string };

/**
 * What the rules say of an observation before it is written: the guide's problems, a teacher on the
 * roster, no day after today, and a grade for every chosen section (4.5 counts by the grades).
 */
function observationRefused(o: Observation, people: PersonRecord[], today: Date): boolean {
  if (observationProblems(o).length > 0 || !isRealDate(o.date)) return true;
  if (!teachersOf(people).some((p) => p.id === o.teacherId)) return true;
  if (o.date > today.toISOString().slice(0, 10)) return true;
  return o.sections.some((s) => !o.grades[s]);
}

export interface SavedObservation {
  /** The row it was written to, as far as the tab showed before the write. */
  row: number;
  log: LogEntry[];
}

/**
 * Appends one row to the observation log, each value in the column where the tab has it; answers and
 * grades are the workbook language's labels, which the tab's dropdowns and the check accept.
 */
export function saveObservation(
  port: WorkbookPort,
  tab: TabState,
  people: PersonRecord[],
  observer: { name: string; who: string },
  payload: ObservationPayload,
  now: Date,
  workbookLang: Lang,
): SavedObservation | YearRoundError {
  const columns = tab.table?.columns;
  if (!tab.table || !columns) return "no_tab";
  const observation: Observation = { ...payload, observer: observer.name, sections: [...new Set(payload.sections)] };
  if (observationRefused(observation, people, now)) return "bad_request";
  const teacher = people.find((p) => p.id === payload.teacherId)!;
  const values = new Map<string, CellInput>([
    // A real date, so the column's date rule accepts it (every port appends it with a date format).
    ["date", new Date(`${payload.date}T00:00:00.000Z`)],
    ["observer", observer.name],
    ["teacher_id", teacher.id],
    ["name", teacher.name],
    ["class", payload.className.trim() || null],
    ["subject", payload.subject.trim() || null],
    ["topic", payload.topic.trim() || null],
    ["focus", focusText(observation.sections, workbookLang)],
    ["strengths", payload.strengths.trim() || null],
    ["advice", payload.advice.trim() || null],
  ]);
  for (const s of observation.sections) values.set(gradeKey(s), gradeLabel(observation.grades[s], workbookLang));
  for (const [q, answer] of Object.entries(observation.answers)) values.set(questionKey(q), OBSERVATION_FORM.answers.find((a) => a.key === answer)![workbookLang]);
  if (!columnsFor(columns, values)) return "no_column";
  const width = Math.max(...columns.values());
  const row: CellInput[] = new Array(width).fill(null);
  for (const [key, value] of values) {
    const col = columns.get(key);
    if (col !== undefined) row[col - 1] = value;
  }
  port.appendRows(tab.name, [row]);
  const rowNumber = Math.max(tab.table.headerRow, YEAR_ROUND_HEADER_ROW, ...tab.table.rows.map((r) => r.rowNumber)) + 1;
  const log = observation.sections.map(
    (s): LogEntry => ({
      when: now,
      who: observer.who,
      where: `${tab.name}!${a1(rowNumber, columns.get(gradeKey(s)) ?? 1)}`,
      personId: teacher.id,
      framework: "1.1",
      field: t(workbookLang, "log.field.observationGrade", { section: OBSERVATION_FORM.sections.find((x) => x.id === s)!.label, date: observation.date }),
      old: "",
      value: gradeLabel(observation.grades[s], workbookLang),
      source: "sidebar",
    }),
  );
  return { row: rowNumber, log };
}

function gradeLabel(grade: Grade, lang: Lang): string {
  return MONITORING.grades.find((g) => g.key === grade)![lang];
}

// ---- 1.3 The portfolio checklist ------------------------------------------------------------------

export interface PortfolioForm {
  personId: string;
  name: string;
  tool: string;
  title: string;
  translated: boolean;
  readOnly: boolean;
  sections: { id: string; label: string; title: string; items: { id: string; text: string; optional: boolean; value: string }[] }[];
  missing: number;
  required: number;
}

export function portfolioForm(tab: TabState, person: PersonRecord, readOnly: boolean, lang: Lang): PortfolioForm | YearRoundError {
  if (!tab.table) return "no_tab";
  const row = rowOf(tab, person.id);
  if (!row) return "no_row";
  const links = Object.fromEntries(PORTFOLIO_ITEMS.map((i) => [i.id, cellText(row.cells[portfolioKey(i.id)])]));
  return {
    personId: person.id,
    name: person.name,
    tool: "1.3",
    title: label(PORTFOLIO.title, lang),
    translated: lang === "ru",
    readOnly,
    sections: PORTFOLIO.sections.map((s) => ({
      id: s.id,
      // The guide's label is Kyrgyz ("I бөлүм."); Russian says it in its own words.
      label: lang === "ru" ? t(lang, "ui.pf.sectionLabel", { id: s.id }) : s.label,
      title: lang === "ru" ? s.titleRu : s.title,
      items: s.items.map((i) => ({ id: i.id, text: lang === "ru" ? i.textRu : i.text, optional: OPTIONAL_ITEMS.has(i.id), value: links[i.id] })),
    })),
    missing: missingItems({ personId: person.id, links }).length,
    required: PORTFOLIO_ITEMS.length - OPTIONAL_ITEMS.size,
  };
}

/** For the leadership: every teacher and how many items of their portfolio are still missing. */
export function portfolioList(people: PersonRecord[], portfolios: Portfolio[]): { id: string; name: string; missing: number }[] {
  const byId = new Map(portfolios.map((p) => [p.personId, p]));
  return teachersOf(people).map((p) => ({ id: p.id, name: p.name, missing: missingItems(byId.get(p.id) ?? { personId: p.id, links: {} }).length }));
}

/**
 * Writes a teacher's links into their own row, and the row's "complete" cell, in one call. A link is
 * one line; one that starts with "=" is kept as the text it is (the port never writes a formula).
 */
export function savePortfolio(port: WorkbookPort, tab: TabState, personId: string, links: Record<string, string>, workbookLang: Lang): { missing: number } | YearRoundError {
  const columns = tab.table?.columns;
  if (!columns) return "no_tab";
  const row = rowOf(tab, personId);
  if (!row) return "no_row";
  if (Object.values(links).some((text) => linkProblem(text) === "multiline")) return "bad_request";
  const merged = Object.fromEntries(PORTFOLIO_ITEMS.map((i) => [i.id, i.id in links ? links[i.id].trim() : cellText(row.cells[portfolioKey(i.id)])]));
  const missing = missingItems({ personId, links: merged }).length;
  // Only the items whose text changed: a cell already holding that text (perhaps as a rich link) is left as it is.
  const changed = Object.entries(links).filter(([id, text]) => text.trim() !== cellText(row.cells[portfolioKey(id)]));
  const values = new Map<string, CellInput>(changed.map(([id, text]) => [portfolioKey(id), text.trim() || null]));
  values.set("complete", missing === 0 ? t(workbookLang, "portfolio.complete.yes") : t(workbookLang, "portfolio.complete.no", { count: missing }));
  if (!columnsFor(columns, values)) return "no_column";
  const cells = new Map<number, CellInput>();
  for (const [key, value] of values) {
    const col = columns.get(key);
    if (col !== undefined) cells.set(col, value);
  }
  port.updateCells(tab.name, rowBlocks(row.rowNumber, cells));
  return { missing };
}
