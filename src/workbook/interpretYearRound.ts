/**
 * The year-round tabs (tools 1.1–1.3) read as records, with every bad cell a problem that names it:
 * observations for 4.5, mentoring meetings, portfolios and their reviews. A row with a problem in a
 * field the tools count by (the teacher, the date, a grade) is left out; it is still in the tab. The
 * rows of someone who has left the roster stay as the log's history, counted nowhere and no error.
 */
import { isRealDate } from "../core/dates";
import type { MessageKey } from "../core/messages/index";
import { MENTORING_GUIDE, type Meeting, type MeetingType } from "../core/yearRound/mentoringLog";
import { MONITORING, OBSERVATION_FORM, type Answer, type Grade, type Observation } from "../core/yearRound/observation";
import { linkProblem, PORTFOLIO, PORTFOLIO_ITEMS, type Expertise, type Portfolio } from "../core/yearRound/portfolio";
import { cellAddress, checkLayout, courseDate, displayValue, type PersonRecord, type ProblemList } from "./interpret";
import type { TabState, WorkbookState } from "./read";
import { idText } from "./records";
import { expertiseKey, gradeKey, portfolioKey, questionKey } from "./schema";
import { cellText, isBlank, type LocatedRow } from "./table";

export interface YearRoundRecords {
  observations: Observation[];
  meetings: Meeting[];
  portfolios: Portfolio[];
  reviews: Expertise[];
}

const norm = (text: string) => text.trim().toLowerCase().replace(/\s+/g, " ");

/** A choice written in either language (or as its key) back to its key. */
function chooser<K extends string>(options: { key: K; ky: string; ru: string }[], also: Record<string, K> = {}): (text: string) => K | null {
  const byText = new Map<string, K>();
  for (const o of options) for (const label of [o.key, o.ky, o.ru]) byText.set(norm(label), o.key);
  for (const [label, key] of Object.entries(also)) byText.set(norm(label), key);
  return (text) => byText.get(norm(text)) ?? null;
}

export const parseAnswer = chooser<Answer>(OBSERVATION_FORM.answers, { да: "yes", нет: "no", другое: "other", "+": "yes", "-": "no" });
export const parseGrade = chooser<Grade>(MONITORING.grades, { "1": "above", "2": "meets", "3": "improve", "4": "below" });
export const parseMeetingType = chooser<MeetingType>(MENTORING_GUIDE.meetingTypes);

export function readYearRound(state: WorkbookState, byId: Map<string, PersonRecord>, problems: ProblemList, today: Date): YearRoundRecords {
  const todayIso = today.toISOString().slice(0, 10);
  // Every column people type in: one renamed or deleted is named at its header cell, since what it
  // held is no longer read (a grade column renamed would drop its grades from 4.5 without a word).
  for (const tab of [state.observations, state.mentoring, state.portfolio, state.expertise]) {
    checkLayout(tab, problems, tab.specs.filter((s) => s.input).map((s) => s.key), []);
  }
  return {
    observations: readObservations(state.observations, byId, problems, todayIso),
    meetings: readMeetings(state.mentoring, byId, problems, todayIso),
    portfolios: readPortfolios(state.portfolio, byId, problems),
    reviews: readReviews(state.expertise, byId, problems),
  };
}

type At = (key: string, code: MessageKey, value: string, params?: Record<string, string>) => void;

function reporter(tab: TabState, row: LocatedRow, personId: string, byId: Map<string, PersonRecord>, problems: ProblemList): At {
  return (key, code, value, params = {}) =>
    problems.add(code, cellAddress(tab, row, key), { personId, value, params: { name: byId.get(personId)?.name ?? personId, ...params } });
}

/**
 * The person of a row: "ok" when on the roster; a problem when blank or unknown; "left" when the id
 * is no longer on the roster but the row still names the person (`nameKey`, filled while they were):
 * the log's history of someone who has left, kept in the tab, counted nowhere, and no error.
 */
function personOf(row: LocatedRow, key: string, nameKey: string, at: At, byId: Map<string, PersonRecord>, codes: { none: MessageKey; unknown: MessageKey }): "ok" | "left" | "problem" {
  const id = idText(row.cells[key]);
  if (byId.has(id)) return "ok";
  if (id !== "" && cellText(row.cells[nameKey]) !== "") return "left";
  if (id === "") at(key, codes.none, "");
  else at(key, codes.unknown, id);
  return "problem";
}

function dateOf(row: LocatedRow, key: string, at: At, code: MessageKey): string | null {
  const date = courseDate(row.cells[key]);
  if (isRealDate(date)) return date;
  at(key, code, displayValue(row.cells[key]));
  return null;
}

function readObservations(tab: TabState, byId: Map<string, PersonRecord>, problems: ProblemList, todayIso: string): Observation[] {
  const out: Observation[] = [];
  for (const row of tab.table?.rows ?? []) {
    const teacherId = idText(row.cells["teacher_id"]);
    const at = reporter(tab, row, teacherId, byId, problems);
    const before = problems.items.length;
    if (personOf(row, "teacher_id", "name", at, byId, { none: "problem.observation.no_teacher", unknown: "problem.observation.unknown_teacher" }) === "left") continue;
    // A bad answer is named but leaves the rest of the observation standing; a bad teacher, date or grade does not.
    let badAnswers = 0;
    const date = dateOf(row, "date", at, "problem.observation.bad_date");
    if (date && date > todayIso) at("date", "problem.observation.future_date", date);
    const answers: Observation["answers"] = {};
    const grades: Observation["grades"] = {};
    const sections: string[] = [];
    for (const section of OBSERVATION_FORM.sections) {
      let answered = false;
      for (const q of section.questions) {
        const text = cellText(row.cells[questionKey(q.id)]);
        if (text === "") continue;
        const answer = parseAnswer(text);
        if (answer) {
          answers[q.id] = answer;
          answered = true;
        } else {
          at(questionKey(q.id), "problem.observation.bad_answer", text);
          badAnswers++;
        }
      }
      const gradeText = cellText(row.cells[gradeKey(section.id)]);
      const grade = gradeText === "" ? null : parseGrade(gradeText);
      if (gradeText !== "" && !grade) at(gradeKey(section.id), "problem.observation.bad_grade", gradeText);
      if (grade) grades[section.id] = grade;
      if (answered && !grade && gradeText === "") at(gradeKey(section.id), "problem.observation.no_grade", "", { section: section.label });
      if (answered || grade) sections.push(section.id);
    }
    if (sections.length === 0 && problems.items.length === before) at(gradeKey(OBSERVATION_FORM.sections[0].id), "problem.observation.no_section", "");
    if (problems.items.length - badAnswers > before) continue;
    out.push({
      date: date!,
      observer: cellText(row.cells["observer"]),
      teacherId,
      className: cellText(row.cells["class"]),
      subject: cellText(row.cells["subject"]),
      sections,
      answers,
      grades,
      strengths: cellText(row.cells["strengths"]),
      advice: cellText(row.cells["advice"]),
    });
  }
  return out;
}

function readMeetings(tab: TabState, byId: Map<string, PersonRecord>, problems: ProblemList, todayIso: string): Meeting[] {
  const out: Meeting[] = [];
  for (const row of tab.table?.rows ?? []) {
    const mentorId = idText(row.cells["mentor_id"]);
    const menteeId = idText(row.cells["mentee_id"]);
    const at = reporter(tab, row, menteeId || mentorId, byId, problems);
    const before = problems.items.length;
    const codes = { none: "problem.mentoring.no_person", unknown: "problem.mentoring.unknown_person" } as const;
    const people = [personOf(row, "mentor_id", "mentor", at, byId, codes), personOf(row, "mentee_id", "mentee", at, byId, codes)];
    if (people.includes("left")) continue;
    const typeText = cellText(row.cells["type"]);
    const type = typeText === "" ? null : parseMeetingType(typeText);
    if (typeText !== "" && !type) at("type", "problem.mentoring.bad_type", typeText);
    let date = "";
    if (!isBlank(row.cells["date"])) {
      date = dateOf(row, "date", at, "problem.mentoring.bad_date") ?? "";
      // A meeting planned ahead has not happened: it would count the pair as met this term.
      if (date > todayIso) at("date", "problem.mentoring.future_date", date);
    } else if (type || ["before", "after", "notes"].some((k) => cellText(row.cells[k]) !== "")) {
      at("date", "problem.mentoring.no_date", "");
    }
    if (problems.items.length > before) continue;
    out.push({ mentorId, menteeId, competency: cellText(row.cells["competency"]), date, type });
  }
  return out;
}

function readPortfolios(tab: TabState, byId: Map<string, PersonRecord>, problems: ProblemList): Portfolio[] {
  const out: Portfolio[] = [];
  const firstRow = new Map<string, number>();
  for (const row of tab.table?.rows ?? []) {
    const personId = idText(row.cells["id"]);
    if (!byId.has(personId)) continue;
    const at = reporter(tab, row, personId, byId, problems);
    // One portfolio per teacher: a second row of theirs would be read by no one.
    const first = firstRow.get(personId);
    if (first !== undefined) {
      at("id", "problem.portfolio.duplicate", personId, { row: String(first) });
      continue;
    }
    firstRow.set(personId, row.rowNumber);
    const links: Record<string, string> = {};
    for (const item of PORTFOLIO_ITEMS) {
      const text = cellText(row.cells[portfolioKey(item.id)]);
      if (text === "") continue;
      const problem = linkProblem(text);
      if (problem === "multiline") at(portfolioKey(item.id), "problem.portfolio.multiline", text);
      links[item.id] = text;
    }
    out.push({ personId, links });
  }
  return out;
}

function readReviews(tab: TabState, byId: Map<string, PersonRecord>, problems: ProblemList): Expertise[] {
  const out: Expertise[] = [];
  for (const row of tab.table?.rows ?? []) {
    const teacherId = idText(row.cells["teacher_id"]);
    const at = reporter(tab, row, teacherId, byId, problems);
    const before = problems.items.length;
    if (personOf(row, "teacher_id", "name", at, byId, { none: "problem.expertise.no_teacher", unknown: "problem.expertise.unknown_teacher" }) === "left") continue;
    const date = !isBlank(row.cells["date"]) ? dateOf(row, "date", at, "problem.expertise.bad_date") ?? "" : "";
    if (problems.items.length > before) continue;
    const answers = Object.fromEntries(PORTFOLIO.expertise.questions.map((q) => [q.key, cellText(row.cells[expertiseKey(q.key)])]));
    out.push({ teacherId, expert: cellText(row.cells["expert"]), date, answers });
  }
  return out;
}


