/**
 * Course hours over five years (tool 4.5; regulation 4.5.4 and 6.8): a course counts when its date
 * is after the as-of date minus five years and not after the as-of date. The minimum (72 hours)
 * and the largest share of distance hours (15 %) are settings, because the national rule may change.
 */
import { isLongCourse, schoolYearStart, type CourseEntry } from "./courses";
import type { Person } from "./people";

export interface HoursSettings {
  minimumHours: number;
  /** As a fraction: 0.15 for 15 %. */
  maxDistanceShare: number;
}

export const DEFAULT_HOURS_SETTINGS: HoursSettings = { minimumHours: 72, maxDistanceShare: 0.15 };

export interface PersonHours {
  id: string;
  last5y: number;
  distanceHours: number;
  distanceShare: number;
  meetsMinimum: boolean;
  tooMuchDistance: boolean;
  thisSchoolYear: number;
  /** The year of the last long course: the roster's, or a later one in the ledger; null if never. */
  lastLongCourseYear: number | null;
  /** Last long course year + 5, or the as-of year if there was none. */
  dueYear: number;
  /** Due this year or earlier. */
  due: boolean;
}

/** The same day five years earlier (29 February falls back to 28 February). */
export function fiveYearsBefore(asOf: string): string {
  const [y, m, d] = asOf.split("-").map(Number);
  const day = m === 2 && d === 29 ? 28 : d;
  return `${y - 5}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function hoursOf(people: Person[], courses: CourseEntry[], asOf: string, settings: HoursSettings = DEFAULT_HOURS_SETTINGS): PersonHours[] {
  const from = fiveYearsBefore(asOf);
  const yearStart = `${schoolYearStart(asOf)}-09-01`;
  const asOfYear = Number(asOf.slice(0, 4));
  const byPerson = new Map<string, CourseEntry[]>();
  for (const c of courses) byPerson.set(c.personId, [...(byPerson.get(c.personId) ?? []), c]);
  return people.map((p) => {
    const own = (byPerson.get(p.id) ?? []).filter((c) => c.date <= asOf);
    const window = own.filter((c) => c.date > from);
    const last5y = round(sum(window.map((c) => c.hours)));
    const distanceHours = round(sum(window.filter((c) => c.distance).map((c) => c.hours)));
    const distanceShare = last5y > 0 ? round(distanceHours / last5y, 4) : 0;
    const ledgerYears = own.filter(isLongCourse).map((c) => Number(c.date.slice(0, 4)));
    const years = [...ledgerYears, ...(p.lastCourseYear !== undefined ? [p.lastCourseYear] : [])];
    const lastLongCourseYear = years.length > 0 ? Math.max(...years) : null;
    const dueYear = lastLongCourseYear === null ? asOfYear : lastLongCourseYear + 5;
    return {
      id: p.id,
      last5y,
      distanceHours,
      distanceShare,
      meetsMinimum: last5y >= settings.minimumHours,
      tooMuchDistance: distanceShare > settings.maxDistanceShare,
      thisSchoolYear: round(sum(own.filter((c) => c.date >= yearStart).map((c) => c.hours))),
      lastLongCourseYear,
      dueYear,
      due: dueYear <= asOfYear,
    };
  });
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
