/** Tool 4.2, the school summary: per framework, how many people are at each level and need each competency. */
import { competencyNumbers, FRAMEWORK_IDS, type FrameworkId } from "./frameworks/index";
import type { PersonPriorities } from "./priorities";

export interface CompetencyCount {
  competency: string;
  level1: number;
  level2: number;
  level3: number;
  priority: number;
}

export type Summary = Record<FrameworkId, CompetencyCount[]>;

export function summarise(people: PersonPriorities[], include: (personId: string) => boolean = () => true): Summary {
  const out = {} as Summary;
  for (const fw of FRAMEWORK_IDS) {
    const rows = new Map(competencyNumbers(fw).map((n) => [n, { competency: n, level1: 0, level2: 0, level3: 0, priority: 0 }]));
    for (const p of people) {
      if (p.framework !== fw || !include(p.personId)) continue;
      for (const [n, level] of p.agreed) {
        const row = rows.get(n)!;
        if (level === 1) row.level1++;
        else if (level === 2) row.level2++;
        else row.level3++;
      }
      for (const n of p.priorities) rows.get(n)!.priority++;
    }
    out[fw] = [...rows.values()];
  }
  return out;
}

/** The school's priorities: by how many people need the competency, then by how many are at level 1. */
export function rankPriorities(counts: CompetencyCount[]): CompetencyCount[] {
  const order = new Map(counts.map((c, i) => [c.competency, i]));
  return [...counts].sort(
    (a, b) => b.priority - a.priority || b.level1 - a.level1 || order.get(a.competency)! - order.get(b.competency)!,
  );
}
