/**
 * The course schedule of the year plan (task 7): for each teacher the school year of the next long
 * course, over the next five school years. Everyone returns within five years of their last course,
 * overdue teachers come first, each year gets at least 15 % of the teachers where that is possible
 * (the school's regulation: 15 % a year, 75 % in five years), and the years are kept balanced.
 */
export interface ScheduleInput {
  id: string;
  /** Calendar year of the last long course; null if never. */
  lastYear: number | null;
  /** For a stable order among equals. */
  name: string;
}

export interface ScheduleEntry {
  id: string;
  lastYear: number | null;
  /** 0..4: which of the five school years. */
  slot: number;
  /** The latest slot that keeps them within five years of their last course. */
  deadline: number;
  overdue: boolean;
}

export const SCHEDULE_YEARS = 5;
export const MIN_SHARE_PER_YEAR = 0.15;

/**
 * `firstYear` is the calendar year the first school year starts in (2026 for 2026-2027). A course in
 * the school year starting in L+4 ends by August of L+5, within five years of a course in year L.
 */
export function scheduleCourses(teachers: ScheduleInput[], firstYear: number): ScheduleEntry[] {
  const withDeadline = teachers.map((t) => {
    const raw = t.lastYear === null ? 0 : t.lastYear + 4 - firstYear;
    return { ...t, deadline: Math.max(0, Math.min(SCHEDULE_YEARS - 1, raw)), overdue: t.lastYear === null || raw < 0 };
  });
  // Most urgent first: overdue, then earliest deadline, then longest since the last course.
  withDeadline.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      a.deadline - b.deadline ||
      (a.lastYear ?? -Infinity) - (b.lastYear ?? -Infinity) ||
      a.name.localeCompare(b.name, "ky") ||
      a.id.localeCompare(b.id),
  );
  const out: ScheduleEntry[] = [];
  let queue = withDeadline;
  for (let slot = 0; slot < SCHEDULE_YEARS; slot++) {
    const yearsLeft = SCHEDULE_YEARS - slot;
    const mustGo = queue.filter((t) => t.deadline <= slot).length;
    // An even share of who is left, never fewer than must go now.
    const take = Math.max(mustGo, Math.ceil(queue.length / yearsLeft));
    for (const t of queue.slice(0, take)) out.push({ id: t.id, lastYear: t.lastYear, slot, deadline: t.deadline, overdue: t.overdue });
    queue = queue.slice(take);
  }
  return out;
}
