import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { pairMentors, MAX_MENTEES } from "../../src/core/mentoring";
import type { Person } from "../../src/core/people";
import type { PersonPriorities } from "../../src/core/priorities";
import type { Level } from "../../src/core/levels";

const person = (id: string, department: string): Person => ({ id, name: id, email: "", role: "teacher", subjects: ["x"], department });
const prio = (personId: string, agreed: Record<string, Level>, priorities: string[]): PersonPriorities => ({
  personId,
  framework: "teacher",
  agreed: new Map(Object.entries(agreed)),
  priorities,
  chosen: false,
  strengths: Object.entries(agreed).filter(([, l]) => l === 3).map(([n]) => n),
});

describe("mentoring pairs", () => {
  it("prefers a mentor from the same department, caps mentors at 3 mentees, lists the unmatched", () => {
    const people = [person("M1", "Математика"), person("M2", "Тарых"), ...["A", "B", "C", "D", "E"].map((id) => person(id, "Математика"))];
    const priorities = [
      prio("M1", { "1": 3, "2": 3 }, []),
      prio("M2", { "1": 3 }, []),
      ...["A", "B", "C", "D"].map((id) => prio(id, { "1": 1 }, ["1"])),
      prio("E", { "5": 1 }, ["5"]),
    ];
    const { pairs, unmatched } = pairMentors(people, priorities);
    expect(pairs.map((p) => [p.menteeId, p.mentorId, p.sameDepartment])).toEqual([
      ["A", "M1", true],
      ["B", "M1", true],
      ["C", "M1", true],
      ["D", "M2", false],
    ]);
    expect(unmatched).toEqual([{ menteeId: "E", framework: "teacher", competency: "5" }]);
  });

  it("every pair is a level-3 mentor and a mentee with that priority, at most 3 mentees each (property)", () => {
    const level = fc.constantFrom<Level>(1, 2, 3);
    const row = fc.record({ dept: fc.constantFrom("a", "b", "c"), levels: fc.array(level, { minLength: 6, maxLength: 6 }) });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const people = rows.map((r, i) => person(`P${i}`, r.dept));
        const priorities = rows.map((r, i) => {
          const agreed = Object.fromEntries(r.levels.map((l, n) => [String(n + 1), l])) as Record<string, Level>;
          return prio(`P${i}`, agreed, Object.keys(agreed).filter((n) => agreed[n] <= 2).slice(0, 3));
        });
        const { pairs, unmatched } = pairMentors(people, priorities);
        const byId = new Map(priorities.map((p) => [p.personId, p]));
        const load = new Map<string, Set<string>>();
        for (const p of pairs) load.set(p.mentorId, (load.get(p.mentorId) ?? new Set()).add(p.menteeId));
        const needs = priorities.reduce((n, p) => n + p.priorities.length, 0);
        return (
          pairs.length + unmatched.length === needs &&
          pairs.every((p) => p.mentorId !== p.menteeId && byId.get(p.mentorId)!.agreed.get(p.competency) === 3 && byId.get(p.menteeId)!.priorities.includes(p.competency)) &&
          [...load.values()].every((s) => s.size <= MAX_MENTEES)
        );
      }),
    );
  });
});
