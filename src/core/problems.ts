/** Problems found in a school's data: each names where it is and, through its message, how to fix it. */
import type { FrameworkId } from "./frameworks/index";
import { t, type Lang, type MessageKey, type Params } from "./messages/index";
import type { Level } from "./levels";
import type { Rater } from "./ratings";

export interface Problem {
  code: MessageKey;
  params: Params;
  tab: string;
  cell: string;
  personId: string;
  framework: FrameworkId | "";
  competency: string;
  value: string;
}

export interface Disagreement {
  personId: string;
  framework: FrameworkId;
  competency: string;
  self: Level;
  supervisor: Level;
  agreed: Level | null;
}

export interface MissingRating {
  personId: string;
  framework: FrameworkId;
  competency: string;
  rater: Exclude<Rater, "agreed">;
}

export interface CheckResult {
  problems: Problem[];
  /** Worth a look but not wrong (for example a level-3 competency chosen as a priority). */
  warnings: Problem[];
  disagreements: Disagreement[];
  missing: MissingRating[];
}

export function problemMessage(problem: Problem, lang: Lang): string {
  return t(lang, problem.code, { value: problem.value, ...problem.params });
}

/** The JSON of `ukoo check --json`. */
function problemJson(p: Problem, lang: Lang) {
  return {
    tab: p.tab,
    cell: p.cell,
    person_id: p.personId,
    framework: p.framework,
    competency: p.competency,
    value: p.value,
    message: problemMessage(p, lang),
  };
}

export function checkResultJson(result: CheckResult, lang: Lang) {
  return {
    problems: result.problems.map((p) => problemJson(p, lang)),
    disagreements: result.disagreements.map((d) => ({
      person_id: d.personId,
      framework: d.framework,
      competency: d.competency,
      self: d.self,
      supervisor: d.supervisor,
      agreed: d.agreed,
    })),
    missing: result.missing.map((m) => ({
      person_id: m.personId,
      framework: m.framework,
      competency: m.competency,
      rater: m.rater,
    })),
    warnings: result.warnings.map((p) => problemJson(p, lang)),
  };
}
