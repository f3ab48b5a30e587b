import { describe, expect, it } from "vitest";
import { agreeLevels } from "../../src/core/agreement";
import { prioritiesOf } from "../../src/core/priorities";
import type { Person } from "../../src/core/people";
import type { LevelEntry } from "../../src/core/ratings";
import { normaliseSubject, subjectColumns, FORM_SUBJECTS } from "../../src/core/subjects";
import { rankPriorities } from "../../src/core/summary";

const director: Person = { id: "D", name: "D", email: "", role: "director", subjects: [], department: "" };
const entry = (competency: string, rater: LevelEntry["rater"], level: 1 | 2 | 3, personId = "D"): LevelEntry => ({
  personId,
  framework: "director",
  competency,
  rater,
  level,
});

describe("agreed levels", () => {
  it("takes the recorded level, else matching levels, else leaves it unresolved", () => {
    const levels = [entry("1", "self", 1), entry("1", "supervisor", 3), entry("1", "agreed", 2), entry("2", "self", 2), entry("2", "supervisor", 2), entry("3", "self", 1), entry("3", "supervisor", 2), entry("4", "self", 3)];
    const final = agreeLevels([director], levels, false);
    expect(final.people[0].agreed.get("1")).toBe(2);
    expect(final.people[0].agreed.get("2")).toBe(2);
    expect(final.people[0].agreed.has("3")).toBe(false);
    expect(final.unresolved.slice(0, 2)).toEqual([
      { personId: "D", framework: "director", competency: "3", self: 1, supervisor: 2 },
      { personId: "D", framework: "director", competency: "4", self: 3, supervisor: null },
    ]);
    expect(final.unresolved).toHaveLength(19);
    const provisional = agreeLevels([director], levels, true);
    expect(provisional.people[0].agreed.get("3")).toBe(2);
    expect(provisional.people[0].agreed.get("4")).toBe(3);
    expect(provisional.people[0].agreed.has("5")).toBe(false);
    expect(provisional.unresolved).toHaveLength(19);
  });
});

describe("suggested priorities", () => {
  it("orders by level, then by how many in the framework need it, then by number; keeps N", () => {
    const others = ["A", "B"].map((id) => ({ ...director, id }));
    const all = [director, ...others];
    const everyone3 = (id: string) => Array.from({ length: 21 }, (_, i) => [entry(String(i + 1), "self", 3, id), entry(String(i + 1), "supervisor", 3, id)]).flat();
    const levels = [...everyone3("D"), ...everyone3("A"), ...everyone3("B")].filter(
      (e) => !(e.personId === "D" && ["2", "5", "7", "9"].includes(e.competency)) && !(e.personId !== "D" && e.competency === "9"),
    );
    // D: 2 → level 1; 5, 7, 9 → level 2. A and B also need 9, so 9 comes before 5 and 7.
    levels.push(entry("2", "self", 1), entry("2", "supervisor", 1));
    for (const n of ["5", "7", "9"]) levels.push(entry(n, "self", 2), entry(n, "supervisor", 2));
    for (const id of ["A", "B"]) levels.push(entry("9", "self", 2, id), entry("9", "supervisor", 2, id));
    const agreement = agreeLevels(all, levels, false);
    const suggest = (n: number) => prioritiesOf(agreement, [], n).find((p) => p.personId === "D")!.priorities;
    expect(suggest(4)).toEqual(["2", "9", "5", "7"]);
    expect(suggest(3)).toEqual(["2", "9", "5"]);
    expect(suggest(1)).toEqual(["2"]);
    const chosen = prioritiesOf(agreement, [{ personId: "D", framework: "director", competency: "7" }], 3).find((p) => p.personId === "D")!;
    expect(chosen).toMatchObject({ priorities: ["7"], chosen: true });
    expect(chosen.strengths).toHaveLength(17);
  });
});

describe("ranking and subjects", () => {
  it("ranks by priority count, then level-1 count, then number", () => {
    const c = (competency: string, priority: number, level1: number) => ({ competency, priority, level1, level2: 0, level3: 0 });
    expect(rankPriorities([c("1", 1, 0), c("2", 3, 0), c("3", 3, 2), c("4", 1, 0)]).map((x) => x.competency)).toEqual(["3", "2", "1", "4"]);
  });

  it("folds spellings of a subject into one column and puts the form's nine first", () => {
    for (const s of ["Математика", "математика", "матем", "МАТЕМ."]) expect(normaliseSubject(s)).toBe("матем");
    expect(normaliseSubject("Башталгыч класстар")).toBe("башт. кл.");
    expect(normaliseSubject("Русский язык")).toBe("орус т.");
    expect(normaliseSubject(" Англис  тили ")).toBe("англис тили");
    expect(subjectColumns(["Англис тили", "физика", "информатика", "англис тили"])).toEqual([...FORM_SUBJECTS, "англис тили", "информатика"]);
  });
});
