/**
 * The school workbook's tabs and columns. Both hosts write exactly these tabs; headers are written
 * in the workbook's language and recognised in either language when read back.
 */
import { competencyNumbers, FRAMEWORKS, type FrameworkId } from "../core/frameworks/index";
import { allTranslations, t, type Lang, type MessageKey } from "../core/messages/index";
import type { ColumnDef } from "./table";
import { COURSE_COLUMNS, STAFF_COLUMNS } from "../core/interchange/columns";
import { OBSERVATION_FORM } from "../core/yearRound/observation";
import { PORTFOLIO } from "../core/yearRound/portfolio";

export type RatingRater = "self" | "supervisor";

export const TAB_SETTINGS = "Мектеп";
export const TAB_STAFF = "Кызматкерлер";
export const TAB_COURSES = "Курстар";
export const TAB_CHECK = "Текшерүү";
export const TAB_SUMMARY = "4.2 Жыйынды";
export const TAB_APPLICATION = "4.3 Өтүнмө";
export const TAB_YEAR_PLAN = "4.4 Жылдык план";
export const TAB_PLANS = "4.1 Жеке пландар";
export const TAB_HOURS = "4.5 Сааттар";
export const TAB_LOG = "Журнал";
// The year-round tools (guide tools 1.1–1.3) and the archive of past years.
export const TAB_OBSERVATIONS = "1.1 Байкоолор";
export const TAB_MENTORING = "1.2 Насаатчылык";
export const TAB_PORTFOLIO = "1.3 Портфолио";
export const TAB_EXPERTISE = "1.3 Экспертиза";
export const TAB_HISTORY = "Тарых";

const FRAMEWORK_TAB_WORD: Record<FrameworkId, string> = {
  teacher: "Мугалим",
  leader: "Жетекчи",
  director: "Деректир",
};

/** Sheet names stay within Excel's 31 characters and avoid : \ / ? * [ ]. */
export function ratingTabName(framework: FrameworkId, rater: RatingRater): string {
  const tool = FRAMEWORKS[framework].tools[rater];
  return rater === "self"
    ? `${tool} ${FRAMEWORK_TAB_WORD[framework]} — өзүн баалоо`
    : `${tool} ${FRAMEWORK_TAB_WORD[framework]} — супервайзер`;
}

export function agreementTabName(framework: FrameworkId): string {
  return `Макулдашуу — ${FRAMEWORK_TAB_WORD[framework].toLowerCase()}`;
}

/** A column of an input tab: its key, its header in the workbook's language, and what it accepts. */
export interface ColumnSpec {
  key: string;
  header: (lang: Lang) => string;
  /** Every header accepted when reading. */
  labels: string[];
  /** Generated columns are rewritten on every set-up; input columns are never overwritten. */
  input: boolean;
  width: number;
  /**
   * A live formula the tab rebuilds on every write (the agreement tabs' self, supervisor and
   * difference cells and their helpers): its cells are never read back, which at 2,000 staff
   * spares the memory of 300,000 formulas.
   */
  live?: boolean;
}

function col(key: string, messageKey: MessageKey, input: boolean, width: number, params = {}): ColumnSpec {
  return {
    key,
    header: (lang) => t(lang, messageKey, params),
    labels: allTranslations(messageKey, params),
    input,
    width,
  };
}

export function toColumnDefs(specs: ColumnSpec[]): ColumnDef[] {
  return specs.map((s) => ({ key: s.key, labels: s.labels, ...(s.live ? { live: true } : {}) }));
}

// ---- Staff roster -------------------------------------------------------------------------------

// The roster has the columns of staff.csv, and the courses ledger those of courses.csv.
export const STAFF_INPUT_KEYS = STAFF_COLUMNS;
export type StaffKey = (typeof STAFF_INPUT_KEYS)[number];

const STAFF_WIDTHS: Record<StaffKey, number> = {
  id: 70,
  name: 220,
  email: 200,
  role: 150,
  subjects: 220,
  category: 90,
  experience_years: 90,
  last_course_year: 120,
  supervisor_id: 110,
  department: 150,
};

export const STAFF_HEADER_ROW = 2;

export function staffColumns(): ColumnSpec[] {
  return [
    ...STAFF_INPUT_KEYS.map((key) => col(key, `col.${key}` as MessageKey, true, STAFF_WIDTHS[key])),
    col("frameworks", "col.frameworks", false, 200),
  ];
}

// ---- Settings -----------------------------------------------------------------------------------

export const SETTINGS_HEADER_ROW = 2;

export function settingsColumns(): ColumnSpec[] {
  return [
    col("field", "tab.settings.field", false, 260),
    col("value", "tab.settings.value", true, 320),
    col("key", "tab.settings.key", false, 90),
  ];
}

// ---- Self and supervisor rating tabs --------------------------------------------------------------

export const RATING_HEADER_ROW = 3;
export const NEED_SLOTS = 3;

export const levelKey = (n: string) => `L:${n}`;
export const explanationKey = (n: string) => `E:${n}`;
export const needKey = (k: number) => `need${k}`;

export function ratingColumns(framework: FrameworkId, rater: RatingRater): ColumnSpec[] {
  const numbers = competencyNumbers(framework);
  const specs: ColumnSpec[] = [col("id", "col.id", false, 70), col("name", "col.name", false, 200)];
  if (rater === "supervisor") specs.push(col("supervisor", "col.supervisorName", false, 170));
  for (const n of numbers) specs.push({ key: levelKey(n), header: () => n, labels: [n], input: true, width: n.length > 2 ? 44 : 36 });
  for (const n of numbers) specs.push(col(explanationKey(n), "col.explanation", true, 180, { n }));
  if (rater === "self") {
    const needLabel: MessageKey = framework === "teacher" ? "col.need.teacher" : "col.need.other";
    for (let k = 1; k <= NEED_SLOTS; k++) specs.push(col(needKey(k), needLabel, true, 220, { k }));
    if (framework === "teacher") {
      specs.push(col("career", "col.career", true, 200));
      specs.push(col("roles", "col.roles", true, 220));
    }
  }
  specs.push(col("comment", "col.comment", true, 240));
  return specs;
}

// ---- Agreement tabs -------------------------------------------------------------------------------

export const AGREEMENT_HEADER_ROW = 4;

export function agreementColumns(): ColumnSpec[] {
  return [
    col("id", "col.id", false, 70),
    col("name", "col.name", false, 190),
    col("supervisor", "col.supervisorName", false, 160),
    col("n", "col.competencyNo", false, 44),
    col("competency", "col.competency", false, 380),
    { ...col("self", "col.selfLevel", false, 60), live: true },
    { ...col("sup", "col.supervisorLevel", false, 90), live: true },
    { ...col("diff", "col.difference", false, 70), live: true },
    col("agreed", "col.agreed", true, 110),
    col("priority", "col.priority", true, 90),
    col("discussion", "col.discussion", true, 260),
    // Hidden helpers: where this person's row and this competency's column are in the rating tabs.
    { ...col("selfRow", "col.helper", false, 40), key: "selfRow", labels: ["selfRow"], header: () => "selfRow", live: true },
    { ...col("supRow", "col.helper", false, 40), key: "supRow", labels: ["supRow"], header: () => "supRow", live: true },
    { ...col("selfCol", "col.helper", false, 40), key: "selfCol", labels: ["selfCol"], header: () => "selfCol", live: true },
    { ...col("supCol", "col.helper", false, 40), key: "supCol", labels: ["supCol"], header: () => "supCol", live: true },
  ];
}

// ---- Courses ledger -------------------------------------------------------------------------------

export const COURSES_HEADER_ROW = 2;
export const COURSE_INPUT_KEYS = COURSE_COLUMNS;
export type CourseKey = (typeof COURSE_INPUT_KEYS)[number];

export function courseColumns(): ColumnSpec[] {
  return [
    col("person_id", "col.person_id", true, 110),
    col("name", "col.name", false, 200),
    col("date", "col.date", true, 120),
    col("hours", "col.hours", true, 70),
    col("title", "col.title", true, 300),
    col("programme_type", "col.programme_type", true, 110),
    col("provider", "col.provider", true, 200),
    col("distance", "col.distance", true, 110),
    col("certificate", "col.certificate", true, 110),
  ];
}

export function inputTabNames(): string[] {
  const names = [TAB_SETTINGS, TAB_STAFF];
  for (const fw of ["teacher", "leader", "director"] as FrameworkId[]) {
    names.push(ratingTabName(fw, "self"), ratingTabName(fw, "supervisor"), agreementTabName(fw));
  }
  names.push(TAB_COURSES, ...YEAR_ROUND_TABS);
  return names;
}

// ---- The year-round tools (guide tools 1.1–1.3) ------------------------------------------------------
// Their headers are the guide's own wording, taken from the tools' data; ids are the guide's numbers.

export const YEAR_ROUND_HEADER_ROW = 3;
export const questionKey = (id: string) => `Q:${id}`;
export const gradeKey = (section: string) => `G:${section}`;
export const portfolioKey = (item: string) => `P:${item}`;
export const expertiseKey = (q: string) => `X:${q}`;

/** A column whose header is a text of the guide's data, in either language. */
function textCol(key: string, text: { ky: string; ru: string }, input: boolean, width: number): ColumnSpec {
  return { key, header: (lang) => text[lang], labels: [text.ky, text.ru], input, width };
}

/** Tool 1.1: one row per observed lesson; for each section, the observer's grade then the form's questions. */
export function observationColumns(): ColumnSpec[] {
  const specs = [
    col("date", "col.date", true, 110),
    col("observer", "col.observer", true, 170),
    col("teacher_id", "col.teacher_id", true, 100),
    col("name", "col.name", false, 180),
    col("class", "col.class", true, 70),
    col("subject", "col.subject", true, 130),
    col("topic", "col.topic", true, 180),
    col("focus", "col.focus", false, 220),
  ];
  for (const s of OBSERVATION_FORM.sections) {
    specs.push(col(gradeKey(s.id), "col.sectionGrade", true, 190, { section: s.label }));
    for (const q of s.questions) specs.push(textCol(questionKey(q.id), { ky: `${q.id}. ${q.text}`, ru: `${q.id}. ${q.textRu}` }, true, 150));
  }
  specs.push(col("strengths", "col.strengths", true, 240), col("advice", "col.advice", true, 240));
  return specs;
}

/** Tool 1.2: one row per mentoring meeting; the year plan's pairs (task 6) arrive as rows to fill. */
export function mentoringColumns(): ColumnSpec[] {
  return [
    col("mentor_id", "col.mentor_id", true, 100),
    col("mentor", "col.mentor", false, 170),
    col("mentee_id", "col.mentee_id", true, 100),
    col("mentee", "col.mentee", false, 170),
    col("competency", "col.mentoringCompetency", true, 120),
    col("date", "col.date", true, 110),
    col("type", "col.meetingType", true, 340),
    col("before", "col.before", true, 260),
    col("after", "col.after", true, 260),
    col("notes", "col.notes", true, 220),
  ];
}

/** Tool 1.3: one row per teacher, one column per item of the portfolio, holding a link or a file name. */
export function portfolioColumns(): ColumnSpec[] {
  const specs = [col("id", "col.id", false, 70), col("name", "col.name", false, 190)];
  for (const s of PORTFOLIO.sections) {
    for (const item of s.items) specs.push(textCol(portfolioKey(item.id), { ky: `${item.id} ${item.text}`, ru: `${item.id} ${item.textRu}` }, true, 150));
  }
  specs.push(col("complete", "col.portfolioComplete", false, 90), col("comment", "col.comment", true, 200));
  return specs;
}

/** "Портфолио экспертизасы": one row per review, with the form's fields. */
export function expertiseColumns(): ColumnSpec[] {
  return [
    col("teacher_id", "col.teacher_id", true, 100),
    col("name", "col.name", false, 180),
    textCol("expert", PORTFOLIO.expertise.header.find((h) => h.key === "expert")!, true, 170),
    textCol("date", PORTFOLIO.expertise.header.find((h) => h.key === "date")!, true, 110),
    ...PORTFOLIO.expertise.questions.map((q) => textCol(expertiseKey(q.key), q, true, 240)),
  ];
}

export const YEAR_ROUND_TABS = [TAB_OBSERVATIONS, TAB_MENTORING, TAB_PORTFOLIO, TAB_EXPERTISE];
