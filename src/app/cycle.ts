/**
 * From the workbook's records to everything the завуч generates: agreed levels, each person's
 * priorities and strengths, the school summary (4.2) and the application (4.3). Pure: the tabs and
 * the JSON are rendered from this one result, so they always agree.
 */
import { agreeLevels, type Agreement } from "../core/agreement";
import { buildApplication, type Application } from "../core/application";
import { prioritiesOf, type PersonPriorities } from "../core/priorities";
import { summarise, type Summary } from "../core/summary";
import type { SchoolRecords } from "../workbook/interpret";

export interface Cycle {
  records: SchoolRecords;
  agreement: Agreement;
  priorities: PersonPriorities[];
  summary: Summary;
  application: Application;
}

export function computeCycle(records: SchoolRecords, provisional: boolean): Cycle {
  const agreement = agreeLevels(records.people, records.levels, provisional);
  const priorities = prioritiesOf(agreement, records.priorities, records.settings.priorityCount);
  return {
    records,
    agreement,
    priorities,
    summary: summarise(priorities),
    application: buildApplication(records.people, priorities, records.needs),
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
    })),
    summary: cycle.summary,
    unresolved: cycle.agreement.unresolved.map((u) => ({
      person_id: u.personId,
      framework: u.framework,
      competency: u.competency,
      self: u.self,
      supervisor: u.supervisor,
    })),
    application: applicationJson(cycle.application),
  };
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
