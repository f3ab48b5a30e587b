/**
 * Use-case "import": the interchange files are validated as a whole first; only when every line of
 * every file is good are they applied to the workbook's input model. Nothing is written otherwise.
 */
import { nextYear, parseSchoolYear, yearLabel } from "../core/history";
import type { FileIssue } from "../core/interchange/issues";
import {
  parseCoursesCsv,
  parsePrioritiesCsv,
  parseRatingsCsv,
  parseSchoolJson,
  parseStaffCsv,
  type CourseRecord,
  type PriorityRecord,
  type RatingRecord,
} from "../core/interchange/files";
import { t, type Lang, type MessageKey } from "../core/messages/index";
import type { Person } from "../core/people";
import type { SchoolInfo } from "../core/school";
import { agreementRowKey, cellOf, type InputModel, type Row } from "../workbook/model";
import { idText } from "../workbook/records";
import { agreementTabName, explanationKey, levelKey } from "../workbook/schema";
import type { LogEntry } from "./auditLog";
import { cellText } from "../workbook/table";

export interface ImportTexts {
  school?: { file: string; text: string };
  staff: { file: string; text: string };
  ratings?: { file: string; text: string };
  priorities?: { file: string; text: string };
  courses?: { file: string; text: string };
}

export interface ImportBundle {
  school?: SchoolInfo;
  people: Person[];
  ratings: RatingRecord[];
  priorities: PriorityRecord[];
  courses: CourseRecord[];
}

/**
 * `archivedYears`: the school years the history tab holds. A school.json still naming one of them
 * (last year's file, imported again after the new year) would put the workbook back a year.
 */
export function parseImport(texts: ImportTexts, today: Date, archivedYears: ReadonlySet<string> = new Set()): { bundle: ImportBundle; issues: FileIssue[] } {
  const issues: FileIssue[] = [];
  const school = texts.school ? parseSchoolJson(texts.school.text, texts.school.file, issues) : undefined;
  if (texts.school && school && archivedYears.has(school.year)) {
    const latest = [...archivedYears].map(parseSchoolYear).filter((y) => y !== null).sort((a, b) => b.start - a.start)[0];
    issues.push({ file: texts.school.file, line: 0, code: "json.yearArchived", params: { year: school.year, next: latest ? yearLabel(nextYear(latest)) : "" } });
  }
  const people = parseStaffCsv(texts.staff.text, texts.staff.file, issues, today.getUTCFullYear());
  const byId = new Map(people.map((p) => [p.id, p]));
  const ratings = texts.ratings ? parseRatingsCsv(texts.ratings.text, texts.ratings.file, issues, byId) : [];
  const priorities = texts.priorities ? parsePrioritiesCsv(texts.priorities.text, texts.priorities.file, issues, byId) : [];
  const isoToday = today.toISOString().slice(0, 10);
  const courses = texts.courses ? parseCoursesCsv(texts.courses.text, texts.courses.file, issues, byId, isoToday) : [];
  return { bundle: { school, people, ratings, priorities, courses }, issues };
}

/** A date-only value: midnight UTC of that day (the port's convention for dates). */
export function dateOnly(iso: string): Date {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function staffRow(person: Person, lang: Lang, previous: Row | undefined): Row {
  const row: Row = {};
  for (const [key, cell] of Object.entries(previous ?? {})) if (key.startsWith("extra:")) row[key] = cell;
  row.id = cellOf(person.id);
  row.name = cellOf(person.name);
  row.email = cellOf(person.email || null);
  row.role = cellOf(t(lang, `role.${person.role}` as MessageKey));
  row.subjects = cellOf(person.subjects.join("; ") || null);
  row.category = cellOf(person.category ? t(lang, `category.${person.category}` as MessageKey) : null);
  row.experience_years = cellOf(person.experienceYears ?? null);
  row.last_course_year = cellOf(person.lastCourseYear ?? null);
  row.supervisor_id = cellOf(person.supervisorId ?? null);
  row.department = cellOf(person.department || null);
  return row;
}

/** What an import changes in agreed levels and priority marks, for the audit log. */
export function importLogEntries(model: InputModel, bundle: ImportBundle, who: string, when: Date, lang: Lang): LogEntry[] {
  const entries: LogEntry[] = [];
  const entry = (personId: string, fw: string, field: string, old: string, value: string): LogEntry => ({
    when,
    who,
    where: agreementTabName(fw as never),
    personId,
    framework: fw,
    field,
    old,
    value,
    source: "import",
  });
  for (const r of bundle.ratings) {
    if (r.rater !== "agreed") continue;
    const cell = model.agreement[r.framework].rows.get(agreementRowKey(r.personId, r.competency))?.["agreed"];
    const old = cell && !cell.formula ? cellText(cell) : "";
    if (old !== String(r.level)) entries.push(entry(r.personId, r.framework, t(lang, "log.field.agreed", { n: r.competency }), old, String(r.level)));
  }
  for (const p of bundle.priorities) {
    const cell = model.agreement[p.framework].rows.get(agreementRowKey(p.personId, p.competency))?.["priority"];
    if (cellText(cell) !== "✓") entries.push(entry(p.personId, p.framework, t(lang, "log.field.priority", { n: p.competency }), cellText(cell), "✓"));
  }
  return entries;
}

/** Applies a validated bundle to the model (in place) and returns it. */
export function applyImport(model: InputModel, bundle: ImportBundle, lang: Lang): InputModel {
  if (bundle.school) for (const [key, value] of Object.entries(bundle.school)) model.settings.set(key, cellOf(value || null));

  const previous = new Map(model.staff.rows.map((r) => [idText(r["id"]), r]));
  model.staff.rows = bundle.people.map((p) => staffRow(p, lang, previous.get(p.id)));

  for (const r of bundle.ratings) {
    if (r.rater === "agreed") {
      const rows = model.agreement[r.framework].rows;
      const key = agreementRowKey(r.personId, r.competency);
      const row = rows.get(key) ?? { id: cellOf(r.personId), n: cellOf(r.competency) };
      row.agreed = cellOf(r.level);
      if (r.comment) row.discussion = cellOf(r.comment);
      rows.set(key, row);
    } else {
      const rows = model.rating[r.framework][r.rater].rows;
      const row = rows.get(r.personId) ?? { id: cellOf(r.personId) };
      row[levelKey(r.competency)] = cellOf(r.level);
      if (r.comment) row[explanationKey(r.competency)] = cellOf(r.comment);
      rows.set(r.personId, row);
    }
  }

  for (const p of bundle.priorities) {
    const rows = model.agreement[p.framework].rows;
    const key = agreementRowKey(p.personId, p.competency);
    const row = rows.get(key) ?? { id: cellOf(p.personId), n: cellOf(p.competency) };
    row.priority = cellOf("✓");
    rows.set(key, row);
  }

  // Courses are appended; a line identical to one already in the ledger is not added twice.
  const signature = (personId: string, date: string, title: string, hours: string) => `${personId}|${date}|${title}|${hours}`;
  const existing = new Set(
    model.courses.rows.map((r) => signature(idText(r["person_id"]), cellText(r["date"]), cellText(r["title"]), cellText(r["hours"]))),
  );
  const yesNo = (v: boolean) => t(lang, v ? "yes" : "no");
  for (const c of bundle.courses) {
    const sig = signature(c.personId, c.date, c.title, String(c.hours));
    if (existing.has(sig)) continue;
    existing.add(sig);
    model.courses.rows.push({
      person_id: cellOf(c.personId),
      date: cellOf(dateOnly(c.date)),
      hours: cellOf(c.hours),
      title: cellOf(c.title),
      programme_type: cellOf(c.programmeType),
      provider: cellOf(c.provider || null),
      distance: cellOf(yesNo(c.distance)),
      certificate: cellOf(yesNo(c.certificate)),
    });
  }
  return model;
}
