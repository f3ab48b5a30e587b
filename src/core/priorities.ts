/**
 * Priorities: at most 4 competencies per person and framework to develop, from agreed levels 1–2,
 * and strengths (agreed level 3) that show who can mentor.
 *
 * Where none were chosen explicitly, the suggestion takes the competencies at agreed level 1 or 2,
 * ordered by level (1 first), then by how many people in the same framework in this school are at
 * level 1–2 in that competency (more first), then by competency number, and keeps the first N
 * (3 by default, 1–4 from the settings tab).
 */
import { competencyNumbers, type FrameworkId } from "./frameworks/index";
import type { Level } from "./levels";
import type { Agreement } from "./agreement";
import type { PriorityChoice } from "./ratings";

export const MAX_PRIORITIES = 4;
export const DEFAULT_SUGGESTED = 3;

export interface PersonPriorities {
  personId: string;
  framework: FrameworkId;
  agreed: Map<string, Level>;
  priorities: string[];
  /** true when the priorities were chosen after the discussion, false when suggested. */
  chosen: boolean;
  strengths: string[];
}

/** How many people of a framework are at level 1–2 in each competency. */
export function needCounts(agreement: Agreement): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of agreement.people) {
    for (const [n, level] of p.agreed) if (level <= 2) counts.set(`${p.framework}|${n}`, (counts.get(`${p.framework}|${n}`) ?? 0) + 1);
  }
  return counts;
}

export function prioritiesOf(agreement: Agreement, choices: PriorityChoice[], suggested = DEFAULT_SUGGESTED): PersonPriorities[] {
  const counts = needCounts(agreement);
  const chosen = new Map<string, Set<string>>();
  for (const c of choices) {
    const key = `${c.personId}|${c.framework}`;
    chosen.set(key, (chosen.get(key) ?? new Set()).add(c.competency));
  }
  return agreement.people.map((p) => {
    const order = competencyNumbers(p.framework);
    const explicit = chosen.get(`${p.personId}|${p.framework}`);
    let priorities: string[];
    if (explicit && explicit.size > 0) {
      priorities = order.filter((n) => explicit.has(n));
    } else {
      priorities = order
        .filter((n) => (p.agreed.get(n) ?? 3) <= 2)
        .map((n) => ({ n, level: p.agreed.get(n)!, need: counts.get(`${p.framework}|${n}`) ?? 0, index: order.indexOf(n) }))
        .sort((a, b) => a.level - b.level || b.need - a.need || a.index - b.index)
        .slice(0, suggested)
        .map((x) => x.n);
    }
    return {
      personId: p.personId,
      framework: p.framework,
      agreed: p.agreed,
      priorities,
      chosen: Boolean(explicit && explicit.size > 0),
      strengths: order.filter((n) => p.agreed.get(n) === 3),
    };
  });
}
