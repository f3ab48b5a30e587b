/**
 * Lesson observations (tool 1.1) and the observation part of five-year monitoring (tool 4.5), as
 * rules with no host. The form's wording is data (data/observation.json, data/monitoring.json,
 * word for word from the guide; data/NOTES.md lists every flattening fix).
 *
 * How 4.5 is filled: the observer gives a grade on 4.5's four-step scale to each section of the
 * form they observed (the guide has them observe one focus area at a time, and grading a section is
 * their judgement, not a sum of Ооба/Жок answers). A 4.5 event is fed by the form's sections in
 * `observationSectionMap` (Окутуу методикасы by III.а and III.б); when an observation grades more
 * than one of an event's sections, the event takes the lower grade, so what needs work shows.
 * A cell of the 4.5 table is the number of that year's observations at that grade.
 */
import observationData from "./data/observation.json";
import monitoringData from "./data/monitoring.json";
import { schoolYearLabel, schoolYearStart } from "../courses";

export const ANSWERS = ["yes", "no", "other"] as const;
export type Answer = (typeof ANSWERS)[number];
/** 4.5's scale, best first. */
export const GRADES = ["above", "meets", "improve", "below"] as const;
export type Grade = (typeof GRADES)[number];

export interface Text {
  ky: string;
  ru: string;
}

export interface ObservationQuestion {
  id: string;
  text: string;
  textRu: string;
}

export interface ObservationSection {
  /** "I", "II", "III.a", "III.b", "IV", "V". */
  id: string;
  label: string;
  title: string;
  titleRu: string;
  questions: ObservationQuestion[];
}

export const OBSERVATION_FORM = observationData as unknown as {
  title: Text;
  instructions: Text;
  header: { key: string; ky: string; ru: string }[];
  answers: { key: Answer; ky: string; ru: string }[];
  sections: ObservationSection[];
};

export interface MonitoringEvent {
  key: string;
  ky: string;
  ru: string;
}

export const MONITORING = monitoringData as unknown as {
  title: Text;
  grades: { key: Grade; ky: string; ru: string }[];
  groups: { key: string; ky: string; ru: string; graded: boolean; events: MonitoringEvent[] }[];
  observationSectionMap: Record<string, string[]>;
};

/** The 4.5 events a lesson observation fills, in the table's order. */
export const OBSERVED_EVENTS: MonitoringEvent[] = MONITORING.groups.find((g) => g.key === "lessonObservation")!.events;

/** One observation as the log holds it. */
export interface Observation {
  /** yyyy-mm-dd */
  date: string;
  observer: string;
  teacherId: string;
  className: string;
  subject: string;
  /** The sections the observer chose to fill (one focus area at a time, as the guide says). */
  sections: string[];
  answers: Record<string, Answer>;
  /** The observer's grade per observed section. */
  grades: Record<string, Grade>;
  strengths: string;
  advice: string;
}

/** The school year a day falls in: 1 September to 31 August, as "2026-2027". */
export function schoolYearOf(date: string): string {
  return schoolYearLabel(schoolYearStart(date));
}

export type ObservationProblem =
  | { kind: "unknownSection"; section: string }
  | { kind: "unknownQuestion"; question: string }
  | { kind: "questionOutsideSections"; question: string; section: string }
  | { kind: "gradeWithoutSection"; section: string }
  | { kind: "noSection" }
  | { kind: "badDate"; date: string };

const SECTION_OF = new Map(OBSERVATION_FORM.sections.flatMap((s) => s.questions.map((q) => [q.id, s.id] as const)));
const SECTION_IDS = new Set(OBSERVATION_FORM.sections.map((s) => s.id));

/** What is wrong with an observation, so a form or the check can name it. */
export function observationProblems(o: Observation): ObservationProblem[] {
  const problems: ObservationProblem[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.date) || Number.isNaN(Date.parse(o.date))) problems.push({ kind: "badDate", date: o.date });
  if (o.sections.length === 0) problems.push({ kind: "noSection" });
  for (const s of o.sections) if (!SECTION_IDS.has(s)) problems.push({ kind: "unknownSection", section: s });
  for (const q of Object.keys(o.answers)) {
    const section = SECTION_OF.get(q);
    if (!section) problems.push({ kind: "unknownQuestion", question: q });
    else if (!o.sections.includes(section)) problems.push({ kind: "questionOutsideSections", question: q, section });
  }
  for (const s of Object.keys(o.grades)) if (!o.sections.includes(s)) problems.push({ kind: "gradeWithoutSection", section: s });
  return problems;
}

/** The grade an observation gives a 4.5 event, or null when it observed none of its sections. */
export function eventGrade(o: Observation, event: string): Grade | null {
  const graded = (MONITORING.observationSectionMap[event] ?? []).map((s) => o.grades[s]).filter((g): g is Grade => g !== undefined);
  if (graded.length === 0) return null;
  return graded.reduce((worst, g) => (GRADES.indexOf(g) > GRADES.indexOf(worst) ? g : worst));
}

/** One teacher's 4.5 observation table: event → school year → count of observations per grade. */
export type ObservationTable = Map<string, Map<string, Record<Grade, number>>>;

export function observationTable(log: Observation[], teacherId: string): ObservationTable {
  const table: ObservationTable = new Map(OBSERVED_EVENTS.map((e) => [e.key, new Map()]));
  for (const o of log) {
    if (o.teacherId !== teacherId || observationProblems(o).some((p) => p.kind === "badDate")) continue;
    const year = schoolYearOf(o.date);
    for (const event of OBSERVED_EVENTS) {
      const grade = eventGrade(o, event.key);
      if (!grade) continue;
      const byYear = table.get(event.key)!;
      const counts = byYear.get(year) ?? { above: 0, meets: 0, improve: 0, below: 0 };
      counts[grade]++;
      byYear.set(year, counts);
    }
  }
  return table;
}
