/** The answers a check must give for a generated data set, computed straight from its ratings. */
import { competencyNumbers } from "../../src/core/frameworks/index";
import { frameworksOf } from "../../src/core/people";
import type { DemoData } from "../../src/app/demo";

export function expectedCheck(data: DemoData, overrides: Map<string, number | "invalid"> = new Map()) {
  const level = new Map<string, number>();
  for (const r of data.ratings) level.set(`${r.personId}|${r.framework}|${r.competency}|${r.rater}`, r.level);
  for (const [key, v] of overrides) {
    if (v === "invalid") level.delete(key);
    else level.set(key, v);
  }
  const disagreements: { person_id: string; framework: string; competency: string; self: number; supervisor: number; agreed: number | null }[] = [];
  const missing: { person_id: string; framework: string; competency: string; rater: string }[] = [];
  for (const p of data.people) {
    for (const fw of frameworksOf(p)) {
      for (const n of competencyNumbers(fw)) {
        const key = `${p.id}|${fw}|${n}`;
        const self = level.get(`${key}|self`);
        const sup = level.get(`${key}|supervisor`);
        if (self !== undefined && sup !== undefined && self !== sup) {
          disagreements.push({ person_id: p.id, framework: fw, competency: n, self, supervisor: sup, agreed: level.get(`${key}|agreed`) ?? null });
        }
        for (const rater of ["self", "supervisor"]) {
          if (level.get(`${key}|${rater}`) === undefined && overrides.get(`${key}|${rater}`) !== "invalid") {
            missing.push({ person_id: p.id, framework: fw, competency: n, rater });
          }
        }
      }
    }
  }
  return { disagreements, missing };
}
