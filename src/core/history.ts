/**
 * The school years and what one year's agreed levels say against the year before: the rules of
 * starting a new school year and of the change shown in the summary (4.2). Pure.
 */
import { competencyNumbers, FRAMEWORK_IDS, type FrameworkId } from "./frameworks/index";
import type { Level } from "./levels";
import type { PersonPriorities } from "./priorities";

/** A school year "2026-2027" by its two calendar years. */
export interface SchoolYear {
  start: number;
  end: number;
}

/** "2026-2027" (or "2026 – 2027") as a school year; null unless it is two consecutive years. */
export function parseSchoolYear(text: string): SchoolYear | null {
  const m = /^(\d{4})\s*[-–]\s*(\d{4})$/.exec(text.trim());
  if (!m || Number(m[2]) !== Number(m[1]) + 1) return null;
  return { start: Number(m[1]), end: Number(m[2]) };
}

export const yearLabel = (year: SchoolYear) => `${year.start}-${year.end}`;

export const nextYear = (year: SchoolYear): SchoolYear => ({ start: year.end, end: year.end + 1 });

export const previousYear = (year: SchoolYear): SchoolYear => ({ start: year.start - 1, end: year.start });

/** The last day of a school year, as of which its course hours are archived. */
export const yearEndDate = (year: SchoolYear) => `${year.end}-08-31`;

export type RolloverRefusal =
  | { reason: "bad_year"; value: string }
  | { reason: "no_current_year"; value: string }
  | { reason: "same_year"; year: string }
  | { reason: "not_next"; from: string; to: string; next: string }
  | { reason: "archived"; year: string }
  | { reason: "not_begun"; from: string; to: string; begins: string };

/**
 * Whether the school may go from `current` (the settings tab's year) to `wanted` on `today`
 * (yyyy-mm-dd): never twice for one year, never to any year but the next one, and only once the
 * year it closes has begun (so pressing the menu again right after a new year does not close a year
 * nobody has assessed). Returns the two years, or why not.
 */
export function checkRollover(current: string, wanted: string, archivedYears: ReadonlySet<string>, today: string): { from: SchoolYear; to: SchoolYear } | RolloverRefusal {
  const to = parseSchoolYear(wanted);
  if (!to) return { reason: "bad_year", value: wanted };
  const from = parseSchoolYear(current);
  if (!from) return { reason: "no_current_year", value: current };
  if (yearLabel(from) === yearLabel(to)) return { reason: "same_year", year: yearLabel(to) };
  if (to.start !== from.end) return { reason: "not_next", from: yearLabel(from), to: yearLabel(to), next: yearLabel(nextYear(from)) };
  if (archivedYears.has(yearLabel(from))) return { reason: "archived", year: yearLabel(from) };
  const begins = `${from.start}-09-01`;
  if (today < begins) return { reason: "not_begun", from: yearLabel(from), to: yearLabel(to), begins };
  return { from, to };
}

/** One person's agreed levels of a past year, by framework and competency. */
export type PastLevels = Map<string, Level>;

export const pastKey = (personId: string, framework: FrameworkId, competency: string) => `${personId}|${framework}|${competency}`;

/** Last year's agreed levels: the year they are from ("" when the history holds none) and the levels. */
export interface LastYear {
  year: string;
  agreed: PastLevels;
}

export const NO_LAST_YEAR: LastYear = { year: "", agreed: new Map() };

export type Change = "↑" | "↓" | "=" | "";

/** This year's agreed level against last year's: blank when either is missing. */
export function changeOf(last: Level | undefined, now: Level | undefined): Change {
  if (last === undefined || now === undefined) return "";
  return now > last ? "↑" : now < last ? "↓" : "=";
}

/** The people who moved up in at least one competency of any framework since last year. */
export function peopleMovedUp(priorities: PersonPriorities[], lastYear: LastYear, include: (personId: string) => boolean = () => true): Set<string> {
  const out = new Set<string>();
  for (const p of priorities) {
    if (!include(p.personId)) continue;
    for (const [n, level] of p.agreed) if (changeOf(lastYear.agreed.get(pastKey(p.personId, p.framework, n)), level) === "↑") out.add(p.personId);
  }
  return out;
}

/** Per framework and competency, how many people moved up since last year (of those `include` keeps). */
export function movedUp(priorities: PersonPriorities[], lastYear: LastYear, include: (personId: string) => boolean = () => true): Record<FrameworkId, Map<string, number>> {
  const out = {} as Record<FrameworkId, Map<string, number>>;
  for (const fw of FRAMEWORK_IDS) out[fw] = new Map(competencyNumbers(fw).map((n) => [n, 0]));
  for (const p of priorities) {
    if (!include(p.personId)) continue;
    for (const [n, level] of p.agreed) {
      if (changeOf(lastYear.agreed.get(pastKey(p.personId, p.framework, n)), level) === "↑") out[p.framework].set(n, (out[p.framework].get(n) ?? 0) + 1);
    }
  }
  return out;
}
