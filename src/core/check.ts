/**
 * The cycle's own rules over typed data: who rates whom, and how the self and supervisor levels
 * compare. Cell-level problems are found while reading the workbook (workbook/interpret.ts).
 */
import type { Agreement } from "./agreement";
import { competencyNumbers } from "./frameworks/index";
import { MAX_PRIORITIES } from "./priorities";
import { frameworksOf, needsSupervisorOnRoster, type Person } from "./people";
import type { Disagreement, MissingRating, Problem } from "./problems";
import { RatingIndex, type CellRef, type LevelEntry, type PriorityChoice, type Rater } from "./ratings";

export type Locate = (personId: string, field: "id" | "supervisor_id") => CellRef;

export function checkRoster(people: Person[], locate: Locate): Problem[] {
  const byId = new Map(people.map((p) => [p.id, p]));
  const problems: Problem[] = [];
  const add = (code: Problem["code"], person: Person, field: "id" | "supervisor_id", value = "") =>
    problems.push({
      code,
      params: { name: person.name || person.id },
      ...locate(person.id, field),
      personId: person.id,
      framework: "",
      competency: "",
      value,
    });

  for (const person of people) {
    const sup = person.supervisorId;
    if (frameworksOf(person).length === 0) add("problem.staff.no_framework", person, "id");
    if (!needsSupervisorOnRoster(person)) {
      if (sup !== undefined && sup === person.id) add("problem.staff.self_supervisor", person, "supervisor_id", sup);
      else if (sup !== undefined && !byId.has(sup)) add("problem.staff.unknown_supervisor", person, "supervisor_id", sup);
      continue;
    }
    if (sup === undefined) add("problem.staff.no_supervisor", person, "supervisor_id");
    else if (sup === person.id) add("problem.staff.self_supervisor", person, "supervisor_id", sup);
    else if (!byId.has(sup)) add("problem.staff.unknown_supervisor", person, "supervisor_id", sup);
  }
  return problems;
}

/**
 * Every self/supervisor difference (whether or not an agreed level was recorded) and every rating
 * not yet given. A cell holding something invalid is a problem, not a missing rating.
 */
export function compareRatings(
  people: Person[],
  levels: LevelEntry[],
  isInvalid: (personId: string, framework: LevelEntry["framework"], n: string, rater: Rater) => boolean,
): { disagreements: Disagreement[]; missing: MissingRating[] } {
  const index = new RatingIndex(levels);
  const disagreements: Disagreement[] = [];
  const missing: MissingRating[] = [];
  for (const person of people) {
    for (const framework of frameworksOf(person)) {
      for (const competency of competencyNumbers(framework)) {
        const self = index.level(person.id, framework, competency, "self");
        const supervisor = index.level(person.id, framework, competency, "supervisor");
        if (self !== undefined && supervisor !== undefined && self !== supervisor) {
          const agreed = index.level(person.id, framework, competency, "agreed") ?? null;
          disagreements.push({ personId: person.id, framework, competency, self, supervisor, agreed });
        }
        for (const rater of ["self", "supervisor"] as const) {
          const given = rater === "self" ? self : supervisor;
          if (given === undefined && !isInvalid(person.id, framework, competency, rater)) {
            missing.push({ personId: person.id, framework, competency, rater });
          }
        }
      }
    }
  }
  return { disagreements, missing };
}

/**
 * Explicit priority choices: more than 4 for one person and framework is a problem (reported at the
 * fifth mark); a competency chosen although its agreed level is 3 is a warning.
 */
export function checkPriorities(
  people: Person[],
  choices: PriorityChoice[],
  agreement: Agreement,
): { problems: Problem[]; warnings: Problem[] } {
  const names = new Map(people.map((p) => [p.id, p.name || p.id]));
  const agreed = new Map(agreement.people.map((p) => [`${p.personId}|${p.framework}`, p.agreed]));
  const byPerson = new Map<string, PriorityChoice[]>();
  for (const c of choices) byPerson.set(`${c.personId}|${c.framework}`, [...(byPerson.get(`${c.personId}|${c.framework}`) ?? []), c]);
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const item = (code: Problem["code"], c: PriorityChoice, params: Problem["params"]): Problem => ({
    code,
    params: { name: names.get(c.personId) ?? c.personId, competency: c.competency, ...params },
    tab: c.where?.tab ?? "",
    cell: c.where?.cell ?? "",
    personId: c.personId,
    framework: c.framework,
    competency: c.competency,
    value: "✓",
  });
  for (const [key, list] of byPerson) {
    if (list.length > MAX_PRIORITIES) problems.push(item("problem.priority.too_many", list[MAX_PRIORITIES], { count: list.length, framework: list[0].framework }));
    for (const c of list) if (agreed.get(key)?.get(c.competency) === 3) warnings.push(item("warning.priority.level3", c, {}));
  }
  return { problems, warnings };
}
