/**
 * The interchange files (school.json, staff.csv, ratings.csv, priorities.csv, courses.csv),
 * validated row by row. Nothing is applied unless every row of every file is good.
 */
import * as z from "zod/mini";
import { competencyNumbers, isFrameworkId, type FrameworkId } from "../frameworks/index";
import { parseLevel } from "../levels";
import type { MessageKey } from "../messages/index";
import { frameworksOf, parseCategory, parseRole, parseSubjects, type Person } from "../people";
import { RATERS, type LevelEntry, type PriorityChoice, type Rater } from "../ratings";
import { SCHOOL_FIELDS, type SchoolInfo } from "../school";
import { readCsv } from "./csv";
import type { CourseEntry } from "../courses";
import { COURSE_COLUMNS, PRIORITY_COLUMNS, RATING_COLUMNS, STAFF_COLUMNS } from "./columns";
import { isRealDate } from "../dates";
import type { FileIssue } from "./issues";

export { COURSE_COLUMNS, PRIORITY_COLUMNS, RATING_COLUMNS, STAFF_COLUMNS };

/** The data files' lines are the core's entries, before they have a cell in the workbook. */
export type RatingRecord = Omit<LevelEntry, "where"> & { comment: string };
export type PriorityRecord = Omit<PriorityChoice, "where">;
/** A line of courses.csv: a ledger entry, not yet at a cell. */
export type CourseRecord = Omit<CourseEntry, "where">;

type Issues = FileIssue[];

function issue(issues: Issues, file: string, line: number, code: MessageKey, params: Record<string, string | number> = {}) {
  issues.push({ file, line, code, params });
}

// ---- school.json ----------------------------------------------------------------------------

const schoolSchema = z.object(
  Object.fromEntries(SCHOOL_FIELDS.map((f) => [f, z.optional(z.union([z.string(), z.number()]))])) as Record<
    (typeof SCHOOL_FIELDS)[number],
    z.ZodMiniOptional<z.ZodMiniUnion<[z.ZodMiniString<string>, z.ZodMiniNumber<number>]>>
  >,
);

export function parseSchoolJson(text: string, file: string, issues: Issues): SchoolInfo | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    issue(issues, file, 0, "json.bad", { reason: (error as Error).message });
    return undefined;
  }
  const parsed = schoolSchema.safeParse(data);
  if (!parsed.success) {
    for (const e of parsed.error.issues) {
      if (e.path.length === 0) issue(issues, file, 0, "json.notObject");
      else issue(issues, file, 0, "json.fieldNotText", { field: e.path.join(".") });
    }
    return undefined;
  }
  const out = {} as SchoolInfo;
  for (const f of SCHOOL_FIELDS) out[f] = String(parsed.data[f] ?? "").trim();
  return out;
}

// ---- staff.csv ------------------------------------------------------------------------------

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseStaffCsv(text: string, file: string, issues: Issues, currentYear: number): Person[] {
  const table = readCsv(text, file, STAFF_COLUMNS);
  issues.push(...table.issues);
  const people: Person[] = [];
  const lineOfId = new Map<string, number>();
    for (const row of table.rows) {
    const r = row.record;
    const at = (code: MessageKey, params: Record<string, string | number> = {}) => issue(issues, file, row.line, code, params);
    const before = issues.length;
    if (r.id === "") at("row.missing", { column: "id" });
    else if (lineOfId.has(r.id)) at("row.duplicate", { line: lineOfId.get(r.id)! });
    if (r.name === "") at("row.missing", { column: "name" });
    if (r.email !== "" && !EMAIL.test(r.email)) at("problem.staff.bad_email", { value: r.email });
    const role = parseRole(r.role);
    if (!role) at("problem.staff.bad_role", { value: r.role });
    const subjects = parseSubjects(r.subjects);
    const category = parseCategory(r.category);
    if (r.category !== "" && !category) at("problem.staff.bad_category", { value: r.category });
    const experience = r.experience_years === "" ? undefined : /^\d+$/.test(r.experience_years) ? Number(r.experience_years) : NaN;
    if (Number.isNaN(experience)) at("problem.staff.bad_experience", { value: r.experience_years });
    const year = r.last_course_year === "" ? undefined : /^\d{4}$/.test(r.last_course_year) ? Number(r.last_course_year) : NaN;
    if (year !== undefined && (Number.isNaN(year) || year < 1950 || year > currentYear)) {
      at("problem.staff.bad_year", { value: r.last_course_year });
    }
    if (r.supervisor_id !== "" && r.supervisor_id === r.id) at("problem.staff.self_supervisor", { name: r.name || r.id });
    if (role && frameworksOf({ role, subjects }).length === 0) at("problem.staff.no_framework", { name: r.name || r.id });
    if (r.id !== "" && !lineOfId.has(r.id)) {
      lineOfId.set(r.id, row.line);
    }
    if (issues.length > before || !role) continue;
    people.push({
      id: r.id,
      name: r.name,
      email: r.email,
      role,
      subjects,
      category,
      experienceYears: experience,
      lastCourseYear: year,
      supervisorId: r.supervisor_id || undefined,
      department: r.department,
    });
  }
  // Supervisors are checked once every id is known, so the order of lines does not matter.
  const unknownSupervisor = new Set<string>();
  for (const row of table.rows) {
    const sup = row.record.supervisor_id;
    if (sup !== "" && sup !== row.record.id && !lineOfId.has(sup)) {
      issue(issues, file, row.line, "problem.staff.unknown_supervisor", { value: sup });
      unknownSupervisor.add(row.record.id);
    }
  }
  return people.filter((p) => !unknownSupervisor.has(p.id));
}

// ---- ratings.csv, priorities.csv ------------------------------------------------------------

interface Target {
  personId: string;
  framework: FrameworkId;
  competency: string;
}

/** The person, framework and competency columns shared by ratings and priorities. */
function readTarget(
  record: Record<string, string>,
  line: number,
  file: string,
  issues: Issues,
  people: Map<string, Person>,
): Target | undefined {
  const before = issues.length;
  const person = people.get(record.person_id);
  if (!person) issue(issues, file, line, "row.unknownPerson", { value: record.person_id });
  const fw = record.framework.toLowerCase();
  if (!isFrameworkId(fw)) {
    issue(issues, file, line, "row.badFramework", { value: record.framework });
    return undefined;
  }
  const n = record.competency.replace(/\s+/g, "");
  if (!competencyNumbers(fw).includes(n)) issue(issues, file, line, "row.badCompetency", { value: record.competency, framework: fw });
  if (person && !frameworksOf(person).includes(fw)) {
    issue(issues, file, line, "row.notInFramework", { name: person.name, framework: fw });
  }
  return issues.length > before ? undefined : { personId: record.person_id, framework: fw, competency: n };
}

export function parseRatingsCsv(text: string, file: string, issues: Issues, people: Map<string, Person>): RatingRecord[] {
  const table = readCsv(text, file, RATING_COLUMNS);
  issues.push(...table.issues);
  const out: RatingRecord[] = [];
  const seen = new Map<string, number>();
  for (const { line, record } of table.rows) {
    const before = issues.length;
    const target = readTarget(record, line, file, issues, people);
    const rater = record.rater.toLowerCase() as Rater;
    if (!(RATERS as readonly string[]).includes(rater)) issue(issues, file, line, "row.badRater", { value: record.rater });
    const parsed = parseLevel(record.level);
    if (parsed.kind !== "level") issue(issues, file, line, "row.badLevel", { value: record.level });
    if (target) {
      const key = `${target.personId}|${target.framework}|${target.competency}|${rater}`;
      if (seen.has(key)) issue(issues, file, line, "row.duplicate", { line: seen.get(key)! });
      else seen.set(key, line);
    }
    if (issues.length > before || !target || parsed.kind !== "level") continue;
    out.push({ ...target, rater, level: parsed.level, comment: record.comment });
  }
  return out;
}

export function parsePrioritiesCsv(text: string, file: string, issues: Issues, people: Map<string, Person>): PriorityRecord[] {
  const table = readCsv(text, file, PRIORITY_COLUMNS);
  issues.push(...table.issues);
  const out: PriorityRecord[] = [];
  const seen = new Map<string, number>();
  for (const { line, record } of table.rows) {
    const target = readTarget(record, line, file, issues, people);
    if (!target) continue;
    const key = `${target.personId}|${target.framework}|${target.competency}`;
    if (seen.has(key)) {
      issue(issues, file, line, "row.duplicate", { line: seen.get(key)! });
      continue;
    }
    seen.set(key, line);
    out.push(target);
  }
  return out;
}

export { isRealDate };

// ---- courses.csv ----------------------------------------------------------------------------

const YES = new Set(["yes", "y", "ооба", "да", "1", "true"]);
const NO = new Set(["no", "n", "жок", "нет", "0", "false"]);

export function parseCoursesCsv(
  text: string,
  file: string,
  issues: Issues,
  people: Map<string, Person>,
  today: string,
): CourseRecord[] {
  const table = readCsv(text, file, COURSE_COLUMNS);
  issues.push(...table.issues);
  const out: CourseRecord[] = [];
  for (const { line, record } of table.rows) {
    const before = issues.length;
    const at = (code: MessageKey, params: Record<string, string | number> = {}) => issue(issues, file, line, code, params);
    if (!people.has(record.person_id)) at("row.unknownPerson", { value: record.person_id });
    if (!isRealDate(record.date)) at("row.badDate", { value: record.date });
    else if (record.date > today) at("row.futureDate", { value: record.date });
    const hours = Number(record.hours.replace(",", "."));
    if (record.hours === "" || !Number.isFinite(hours) || hours <= 0) at("row.badHours", { value: record.hours });
    const type = Number(record.programme_type);
    if (!/^[1-7]$/.test(record.programme_type)) at("row.badProgrammeType", { value: record.programme_type });
    const yesNo = (column: "distance" | "certificate") => {
      const v = record[column].toLowerCase();
      if (YES.has(v)) return true;
      if (NO.has(v)) return false;
      at("row.badYesNo", { value: record[column] });
      return false;
    };
    const distance = yesNo("distance");
    const certificate = yesNo("certificate");
    if (record.title === "") at("row.missing", { column: "title" });
    if (issues.length > before) continue;
    out.push({
      personId: record.person_id,
      date: record.date,
      hours,
      title: record.title,
      programmeType: type,
      provider: record.provider,
      distance,
      certificate,
    });
  }
  return out;
}
