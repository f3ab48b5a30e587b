/**
 * Tool 4.3, the application to the district office and the national institute (appendix 13):
 * how many teachers need each competency, by main subject, plus the subject needs teachers wrote
 * (item 9.1), and the competencies leaders and directors need. It holds counts only: no names,
 * no individual ratings.
 */
import { competencyNumbers, type FrameworkId } from "./frameworks/index";
import type { Person } from "./people";
import type { PersonPriorities } from "./priorities";
import { normaliseSubject, subjectColumns } from "./subjects";

export interface ApplicationRow {
  competency: string;
  total: number;
  bySubject: Record<string, number>;
}

export interface ApplicationOther {
  text: string;
  total: number;
  bySubject: Record<string, number>;
}

export interface Application {
  subjects: string[];
  teachers: number;
  rows: ApplicationRow[];
  other: ApplicationOther[];
  totals: { total: number; bySubject: Record<string, number> };
  leader: Record<string, number>;
  director: Record<string, number>;
}

function zeros(subjects: string[]): Record<string, number> {
  return Object.fromEntries(subjects.map((s) => [s, 0]));
}

export function buildApplication(
  people: Person[],
  priorities: PersonPriorities[],
  needs: { personId: string; framework: FrameworkId; text: string }[],
): Application {
  const byId = new Map(people.map((p) => [p.id, p]));
  const teachers = people.filter((p) => p.subjects.length > 0);
  const subjects = subjectColumns(people.flatMap((p) => p.subjects));
  const mainSubject = (id: string) => normaliseSubject(byId.get(id)?.subjects[0] ?? "");

  const rows: ApplicationRow[] = competencyNumbers("teacher").map((n) => ({ competency: n, total: 0, bySubject: zeros(subjects) }));
  const rowOf = new Map(rows.map((r) => [r.competency, r]));
  const leader: Record<string, number> = {};
  const director: Record<string, number> = {};
  for (const p of priorities) {
    for (const n of p.priorities) {
      if (p.framework === "teacher") {
        const row = rowOf.get(n)!;
        row.total++;
        row.bySubject[mainSubject(p.personId)] = (row.bySubject[mainSubject(p.personId)] ?? 0) + 1;
      } else {
        const target = p.framework === "leader" ? leader : director;
        target[n] = (target[n] ?? 0) + 1;
      }
    }
  }

  // "Башка": the subject needs written in teachers' self-assessments, one row per need (same text, same row).
  const other = new Map<string, ApplicationOther & { people: Set<string> }>();
  for (const need of needs) {
    if (need.framework !== "teacher") continue;
    const key = need.text.toLowerCase().replace(/\s+/g, " ").trim();
    const row = other.get(key) ?? { text: need.text.replace(/\s+/g, " ").trim(), total: 0, bySubject: zeros(subjects), people: new Set<string>() };
    if (!row.people.has(need.personId)) {
      row.people.add(need.personId);
      row.total++;
      row.bySubject[mainSubject(need.personId)] = (row.bySubject[mainSubject(need.personId)] ?? 0) + 1;
    }
    other.set(key, row);
  }
  const otherRows = [...other.values()].map(({ text, total, bySubject }) => ({ text, total, bySubject }));

  const totals = { total: 0, bySubject: zeros(subjects) };
  for (const r of [...rows, ...otherRows]) {
    totals.total += r.total;
    for (const s of subjects) totals.bySubject[s] += r.bySubject[s] ?? 0;
  }
  const ordered = (counts: Record<string, number>, fw: FrameworkId) =>
    Object.fromEntries(competencyNumbers(fw).filter((n) => counts[n]).map((n) => [n, counts[n]]));
  return {
    subjects,
    teachers: teachers.length,
    rows,
    other: otherRows,
    totals,
    leader: ordered(leader, "leader"),
    director: ordered(director, "director"),
  };
}
