/**
 * From the workbook's records to everything the завуч generates: agreed levels, each person's
 * priorities and strengths, the school summary (4.2) and the application (4.3). Pure: the tabs and
 * the JSON are rendered from this one result, so they always agree.
 */
import { agreeLevels, type Agreement } from "../core/agreement";
import { buildApplication, type Application } from "../core/application";
import { prioritiesOf, type PersonPriorities } from "../core/priorities";
import { summarise, type Summary } from "../core/summary";
import { schoolYearStart } from "../core/courses";
import { hoursOf, type PersonHours } from "../core/hours";
import { pairMentors, type Mentoring } from "../core/mentoring";
import { scheduleCourses, type ScheduleEntry } from "../core/schedule";
import type { SchoolRecords } from "../workbook/interpret";
import { changeOf, movedUp, NO_LAST_YEAR, parseSchoolYear, pastKey, peopleMovedUp, type LastYear } from "../core/history";

export interface Cycle {
  records: SchoolRecords;
  /** YYYY-MM-DD: hours are counted up to this day. */
  asOf: string;
  /** The school year the plans are for, by its starting year (2026 for 2026-2027). */
  planYear: number;
  agreement: Agreement;
  priorities: PersonPriorities[];
  summary: Summary;
  application: Application;
  hours: PersonHours[];
  schedule: ScheduleEntry[];
  mentoring: Mentoring;
  /** Last school year's agreed levels, from the history tab (none before the first new year). */
  lastYear: LastYear;
}

/** The plan's school year: the settings tab's "2026-2027", else the school year of the as-of date. */
export function planYearOf(year: string, asOf: string): number {
  return parseSchoolYear(year)?.start ?? schoolYearStart(asOf);
}

export function computeCycle(records: SchoolRecords, provisional: boolean, asOf: string, lastYear: LastYear = NO_LAST_YEAR): Cycle {
  const { settings } = records;
  const agreement = agreeLevels(records.people, records.levels, provisional);
  const priorities = prioritiesOf(agreement, records.priorities, settings.priorityCount);
  const hours = hoursOf(records.people, records.courses, asOf, {
    minimumHours: settings.minimumHours,
    maxDistanceShare: settings.maxDistancePercent / 100,
  });
  const planYear = planYearOf(settings.year, asOf);
  const lastCourse = new Map(hours.map((h) => [h.id, h.lastLongCourseYear]));
  const teachers = records.people.filter((p) => p.subjects.length > 0);
  return {
    records,
    asOf,
    planYear,
    agreement,
    priorities,
    summary: summarise(priorities),
    application: buildApplication(records.people, priorities, records.needs),
    hours,
    schedule: scheduleCourses(
      teachers.map((p) => ({ id: p.id, name: p.name, lastYear: lastCourse.get(p.id) ?? null })),
      planYear,
    ),
    mentoring: pairMentors(records.people, priorities),
    lastYear,
  };
}

/** The JSON of `ukoo export --json`. */
export function cycleJson(cycle: Cycle) {
  const { settings } = cycle.records;
  return {
    school: {
      name: settings.name,
      address: settings.address,
      code: settings.code,
      district: settings.district,
      contact: settings.contact,
      phone: settings.phone,
      email: settings.email,
      year: settings.year,
    },
    people: cycle.priorities.map((p) => ({
      id: p.personId,
      framework: p.framework,
      agreed: Object.fromEntries(p.agreed),
      priorities: p.priorities,
      strengths: p.strengths,
      change: changesOf(p, cycle.lastYear),
    })),
    summary: cycle.summary,
    sinceLastYear: {
      year: cycle.lastYear.year || null,
      peopleMovedUp: peopleMovedUp(cycle.priorities, cycle.lastYear).size,
      movedUp: Object.fromEntries(Object.entries(movedUp(cycle.priorities, cycle.lastYear)).map(([fw, counts]) => [fw, Object.fromEntries(counts)])),
    },
    unresolved: cycle.agreement.unresolved.map((u) => ({
      person_id: u.personId,
      framework: u.framework,
      competency: u.competency,
      self: u.self,
      supervisor: u.supervisor,
    })),
    application: applicationJson(cycle.application),
    hours: cycle.hours.map((h) => ({
      id: h.id,
      last5y: h.last5y,
      distanceShare: h.distanceShare,
      meets72: h.meetsMinimum,
      dueYear: h.dueYear,
    })),
  };
}

/** One person's change per competency since last year (↑ / ↓ / =), where both years have an agreed level. */
function changesOf(p: PersonPriorities, lastYear: LastYear): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [n, level] of p.agreed) {
    const change = changeOf(lastYear.agreed.get(pastKey(p.personId, p.framework, n)), level);
    if (change !== "") out[n] = change;
  }
  return out;
}

export function applicationJson(app: Application) {
  return {
    subjects: app.subjects,
    teachers: app.teachers,
    rows: app.rows,
    other: app.other,
    totals: app.totals,
    leader: app.leader,
    director: app.director,
  };
}
