import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fiveYearsBefore, hoursOf } from "../../src/core/hours";
import type { CourseEntry } from "../../src/core/courses";
import type { Person } from "../../src/core/people";
import { scheduleCourses, SCHEDULE_YEARS } from "../../src/core/schedule";

const person = (id: string, lastCourseYear?: number): Person => ({ id, name: id, email: "", role: "teacher", subjects: ["тарых"], department: "", lastCourseYear });
const course = (personId: string, date: string, hours: number, extra: Partial<CourseEntry> = {}): CourseEntry => ({
  personId,
  date,
  hours,
  title: "x",
  programmeType: 5,
  provider: "",
  distance: false,
  certificate: true,
  ...extra,
});

describe("hours over five years", () => {
  const asOf = "2026-11-23";
  it("counts a course after the as-of date minus five years and not after the as-of date", () => {
    expect(fiveYearsBefore(asOf)).toBe("2021-11-23");
    const [h] = hoursOf([person("A")], [course("A", "2021-11-23", 40), course("A", "2021-11-24", 30), course("A", asOf, 2), course("A", "2026-11-24", 100)], asOf);
    expect(h.last5y).toBe(32);
  });

  it("gives the distance share, the minimum, this school year's hours and the due year", () => {
    const [a, b, c] = hoursOf(
      [person("A"), person("B", 2020), person("C", 2019)],
      [
        course("A", "2022-01-10", 30, { distance: true }),
        course("A", "2026-09-01", 16),
        course("A", "2026-08-31", 10),
        course("B", "2024-05-10", 72, { programmeType: 7 }),
        course("C", "2025-02-01", 24, { programmeType: 6 }),
      ],
      asOf,
    );
    expect(a).toMatchObject({ last5y: 56, distanceHours: 30, distanceShare: 0.5357, meetsMinimum: false, tooMuchDistance: true, thisSchoolYear: 16, lastLongCourseYear: null, dueYear: 2026, due: true });
    expect(b).toMatchObject({ last5y: 72, meetsMinimum: true, lastLongCourseYear: 2024, dueYear: 2029, due: false, tooMuchDistance: false });
    expect(c).toMatchObject({ last5y: 24, lastLongCourseYear: 2019, dueYear: 2024, due: true });
  });

  it("takes the minimum and the distance limit from the settings", () => {
    const [h] = hoursOf([person("A")], [course("A", "2025-01-01", 40, { distance: true }), course("A", "2025-02-01", 40)], asOf, { minimumHours: 80, maxDistanceShare: 0.5 });
    expect(h).toMatchObject({ meetsMinimum: true, tooMuchDistance: false, distanceShare: 0.5 });
  });
});

describe("the course schedule (task 7)", () => {
  it("puts the overdue first, keeps everyone within five years, at least 15 % a year and balanced", () => {
    const lastYears = [null, 2018, 2019, 2020, 2021, 2021, 2022, 2022, 2022, 2023, 2023, 2024, 2024, 2024, 2025, 2025, 2026, 2026, 2026, 2026];
    const teachers = lastYears.map((lastYear, i) => ({ id: `T${i}`, name: `T${String(i).padStart(2, "0")}`, lastYear }));
    const schedule = scheduleCourses(teachers, 2026);
    const slot = new Map(schedule.map((e) => [e.id, e.slot]));
    // The never-trained and those last trained in 2018-2022 are due now (2022 + 4 = 2026).
    for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 8]) expect(slot.get(`T${i}`)).toBe(0);
    for (const e of schedule) expect(e.slot).toBeLessThanOrEqual(e.deadline);
    const counts = Array.from({ length: SCHEDULE_YEARS }, (_, k) => schedule.filter((e) => e.slot === k).length);
    expect(counts).toEqual([9, 3, 3, 3, 2]);
    expect(counts.reduce((a, b) => a + b)).toBe(20);
  });

  it("with no deadlines forcing it, every year gets an even share and at least 15 % (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 7, max: 300 }), (n) => {
        const teachers = Array.from({ length: n }, (_, i) => ({ id: `T${i}`, name: `T${i}`, lastYear: 2026 }));
        const counts = Array.from({ length: 5 }, () => 0);
        for (const e of scheduleCourses(teachers, 2026)) counts[e.slot]++;
        return Math.max(...counts) - Math.min(...counts) <= 1 && counts.every((c) => c >= Math.ceil(0.15 * n) - 1 && c >= Math.floor(n / 5));
      }),
    );
  });

  it("never schedules anyone after their deadline, and schedules everyone once (property)", () => {
    const teacher = fc.record({ lastYear: fc.option(fc.integer({ min: 2010, max: 2026 }), { nil: null }) });
    fc.assert(
      fc.property(fc.array(teacher, { maxLength: 200 }), (list) => {
        const teachers = list.map((t, i) => ({ id: `T${i}`, name: `T${i}`, lastYear: t.lastYear }));
        const schedule = scheduleCourses(teachers, 2026);
        const ids = new Set(schedule.map((e) => e.id));
        return ids.size === teachers.length && schedule.every((e) => e.slot <= e.deadline && e.slot >= 0 && e.slot < 5 && (!e.overdue || e.slot === 0));
      }),
    );
  });
});
