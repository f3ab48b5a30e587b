/**
 * Agreed levels (guide §9.2–9.3): the level recorded after the discussion; otherwise the self and
 * supervisor levels when they are equal; otherwise unresolved. In provisional mode an unresolved
 * item takes the supervisor's level, or the self level when the supervisor has not rated yet.
 */
import { competencyNumbers, type FrameworkId } from "./frameworks/index";
import type { Level } from "./levels";
import { frameworksOf, type Person } from "./people";
import { RatingIndex, type LevelEntry } from "./ratings";

export interface Unresolved {
  personId: string;
  framework: FrameworkId;
  competency: string;
  self: Level | null;
  supervisor: Level | null;
}

/** Agreed levels of one person in one framework; a competency without a level is absent. */
export interface PersonAgreement {
  personId: string;
  framework: FrameworkId;
  agreed: Map<string, Level>;
}

export interface Agreement {
  people: PersonAgreement[];
  unresolved: Unresolved[];
  provisional: boolean;
}

export function agreeLevels(people: Person[], levels: LevelEntry[], provisional: boolean): Agreement {
  const index = new RatingIndex(levels);
  const out: PersonAgreement[] = [];
  const unresolved: Unresolved[] = [];
  for (const person of people) {
    for (const framework of frameworksOf(person)) {
      const agreed = new Map<string, Level>();
      for (const n of competencyNumbers(framework)) {
        const recorded = index.level(person.id, framework, n, "agreed");
        const self = index.level(person.id, framework, n, "self") ?? null;
        const supervisor = index.level(person.id, framework, n, "supervisor") ?? null;
        if (recorded !== undefined) agreed.set(n, recorded);
        else if (self !== null && self === supervisor) agreed.set(n, self);
        else {
          unresolved.push({ personId: person.id, framework, competency: n, self, supervisor });
          const fallback = supervisor ?? self;
          if (provisional && fallback !== null) agreed.set(n, fallback);
        }
      }
      out.push({ personId: person.id, framework, agreed });
    }
  }
  return { people: out, unresolved, provisional };
}
