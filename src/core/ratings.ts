/** Ratings as the cycle sees them: who rated whom, in which framework, at which level. */
import type { FrameworkId } from "./frameworks/index";
import type { Level } from "./levels";

export const RATERS = ["self", "supervisor", "agreed"] as const;
export type Rater = (typeof RATERS)[number];

/** Where a value sits in the workbook, for messages that point at the cell. */
export interface CellRef {
  tab: string;
  cell: string;
}

export interface LevelEntry {
  personId: string;
  framework: FrameworkId;
  competency: string;
  rater: Rater;
  level: Level;
  where?: CellRef;
}

export interface PriorityChoice {
  personId: string;
  framework: FrameworkId;
  competency: string;
  where?: CellRef;
}

export function ratingKey(personId: string, framework: FrameworkId, competency: string): string {
  return `${personId}\u0000${framework}\u0000${competency}`;
}

/** Indexes level entries by person, framework, competency and rater. */
export class RatingIndex {
  private readonly map = new Map<string, Partial<Record<Rater, LevelEntry>>>();

  constructor(entries: Iterable<LevelEntry>) {
    for (const e of entries) {
      const key = ratingKey(e.personId, e.framework, e.competency);
      const slot = this.map.get(key) ?? {};
      slot[e.rater] = e;
      this.map.set(key, slot);
    }
  }

  get(personId: string, framework: FrameworkId, competency: string, rater: Rater): LevelEntry | undefined {
    return this.map.get(ratingKey(personId, framework, competency))?.[rater];
  }

  level(personId: string, framework: FrameworkId, competency: string, rater: Rater): Level | undefined {
    return this.get(personId, framework, competency, rater)?.level;
  }
}
