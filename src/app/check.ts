/** Use-case "Check entries": read every input tab once, apply every rule, report. */
import { agreeLevels } from "../core/agreement";
import { checkPriorities, checkRoster, compareRatings } from "../core/check";
import type { CheckResult } from "../core/problems";
import { a1 } from "../workbook/a1";
import { interpret, invalidKey, type SchoolRecords } from "../workbook/interpret";
import type { WorkbookPort } from "../workbook/port";
import { readState } from "../workbook/read";
import { TAB_STAFF } from "../workbook/schema";

export interface CheckOutcome extends CheckResult {
  records: SchoolRecords;
}

export function checkWorkbook(port: WorkbookPort, today: Date = new Date()): CheckOutcome {
  const state = readState(port);
  const records = interpret(state, today);
  const columns = state.staff.table?.columns;
  const rowOf = new Map(records.people.map((p) => [p.id, p.row]));
  const rosterProblems = checkRoster(records.people, (personId, field) => ({
    tab: TAB_STAFF,
    cell: a1(rowOf.get(personId) ?? 1, columns?.get(field) ?? 1),
  }));
  const { disagreements, missing } = compareRatings(records.people, records.levels, (id, fw, n, rater) =>
    records.invalidCells.has(invalidKey(id, fw, n, rater)),
  );
  const priorities = checkPriorities(records.people, records.priorities, agreeLevels(records.people, records.levels, false));
  return {
    problems: [...records.problems, ...rosterProblems, ...priorities.problems],
    warnings: priorities.warnings,
    disagreements,
    missing,
    records,
  };
}
