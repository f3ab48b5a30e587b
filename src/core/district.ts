/**
 * The district's consolidation of school applications (tool 4.3): sums by competency × subject in
 * the layout of appendix 13, and a per-school breakdown. Schools are keyed by their code (or, when
 * a school has none, by where its file came from), so gathering again never counts a school twice.
 */
import type { Application, ApplicationOther } from "./application";
import { competencyNumbers } from "./frameworks/index";
import type { SchoolInfo } from "./school";
import { FORM_SUBJECTS, normaliseSubject } from "./subjects";

export interface SchoolApplication {
  /** Where it came from: a file name or a spreadsheet URL. */
  source: string;
  school: SchoolInfo;
  application: Application;
}

export interface DistrictApplication extends Application {
  schools: { source: string; name: string; code: string; teachers: number; total: number; rows: Record<string, number> }[];
}

export function schoolKey(app: SchoolApplication): string {
  return app.school.code.trim() !== "" ? `code:${app.school.code.trim()}` : `source:${app.source}`;
}

export function consolidate(apps: SchoolApplication[]): DistrictApplication {
  // The last file of a school wins: gathering again replaces, never adds.
  const unique = new Map<string, SchoolApplication>();
  for (const app of apps) unique.set(schoolKey(app), app);
  const list = [...unique.values()];
  const found = new Set<string>();
  for (const a of list) for (const s of a.application.subjects) found.add(normaliseSubject(s));
  const subjects = [...FORM_SUBJECTS, ...[...found].filter((s) => !(FORM_SUBJECTS as readonly string[]).includes(s)).sort((a, b) => a.localeCompare(b, "ky"))];
  const zeros = () => Object.fromEntries(subjects.map((s) => [s, 0])) as Record<string, number>;
  const add = (target: Record<string, number>, from: Record<string, number>) => {
    for (const [s, n] of Object.entries(from)) target[normaliseSubject(s)] = (target[normaliseSubject(s)] ?? 0) + n;
  };
  const rows = competencyNumbers("teacher").map((n) => ({ competency: n, total: 0, bySubject: zeros() }));
  const other = new Map<string, ApplicationOther>();
  const totals = { total: 0, bySubject: zeros() };
  const leader: Record<string, number> = {};
  const director: Record<string, number> = {};
  let teachers = 0;
  for (const { application: a } of list) {
    teachers += a.teachers;
    for (const r of a.rows) {
      const row = rows.find((x) => x.competency === r.competency);
      if (!row) continue;
      row.total += r.total;
      add(row.bySubject, r.bySubject);
    }
    for (const o of a.other) {
      const key = o.text.toLowerCase().replace(/\s+/g, " ").trim();
      const row = other.get(key) ?? { text: o.text, total: 0, bySubject: zeros() };
      row.total += o.total;
      add(row.bySubject, o.bySubject);
      other.set(key, row);
    }
    totals.total += a.totals.total;
    add(totals.bySubject, a.totals.bySubject);
    for (const [n, c] of Object.entries(a.leader)) leader[n] = (leader[n] ?? 0) + c;
    for (const [n, c] of Object.entries(a.director)) director[n] = (director[n] ?? 0) + c;
  }
  const ordered = (counts: Record<string, number>, fw: "leader" | "director") =>
    Object.fromEntries(competencyNumbers(fw).filter((n) => counts[n]).map((n) => [n, counts[n]]));
  return {
    subjects,
    teachers,
    rows,
    other: [...other.values()],
    totals,
    leader: ordered(leader, "leader"),
    director: ordered(director, "director"),
    schools: list.map((s) => ({
      source: s.source,
      name: s.school.name,
      code: s.school.code,
      teachers: s.application.teachers,
      total: s.application.totals.total,
      rows: Object.fromEntries(s.application.rows.map((r) => [r.competency, r.total])),
    })),
  };
}

/** One row per school, framework, competency and subject with a count: the long format for BigQuery and the like. */
export interface LongRow {
  school_code: string;
  school: string;
  district: string;
  year: string;
  framework: "teacher" | "leader" | "director";
  competency: string;
  subject: string;
  count: number;
}

export function longRows(apps: SchoolApplication[]): LongRow[] {
  const out: LongRow[] = [];
  for (const { school, application: a } of apps) {
    const base = { school_code: school.code, school: school.name, district: school.district, year: school.year };
    for (const r of a.rows) for (const [subject, count] of Object.entries(r.bySubject)) if (count > 0) out.push({ ...base, framework: "teacher", competency: r.competency, subject, count });
    for (const o of a.other) for (const [subject, count] of Object.entries(o.bySubject)) if (count > 0) out.push({ ...base, framework: "teacher", competency: `other: ${o.text}`, subject, count });
    for (const [competency, count] of Object.entries(a.leader)) out.push({ ...base, framework: "leader", competency, subject: "", count });
    for (const [competency, count] of Object.entries(a.director)) out.push({ ...base, framework: "director", competency, subject: "", count });
  }
  return out;
}
