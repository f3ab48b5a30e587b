/** The courses ledger: who took which course, when, how long, of which programme type (Table 1). */
import type { CellRef } from "./ratings";

export interface CourseEntry {
  personId: string;
  /** YYYY-MM-DD */
  date: string;
  hours: number;
  title: string;
  /** 1–7, the programme types of Table 1 of the regulation (appendix 16). */
  programmeType: number;
  provider: string;
  distance: boolean;
  certificate: boolean;
  where?: CellRef;
}

/** A course that renews the five-yearly requirement: the planned 72-hour course (type 7) or any course of 72 hours or more. */
export function isLongCourse(course: Pick<CourseEntry, "hours" | "programmeType">): boolean {
  return course.programmeType === 7 || course.hours >= 72;
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The school year (starting 1 September) a date falls in, by its starting calendar year. */
export function schoolYearStart(iso: string): number {
  const [y, m] = iso.split("-").map(Number);
  return m >= 9 ? y : y - 1;
}

export function schoolYearLabel(start: number): string {
  return `${start}-${start + 1}`;
}
