import { describe, expect, it } from "vitest";
import { checkRoster, compareRatings } from "../../src/core/check";
import type { Person } from "../../src/core/people";
import type { LevelEntry } from "../../src/core/ratings";

const person = (id: string, role: Person["role"], supervisorId?: string, subjects = ["математика"]): Person => ({
  id,
  name: `Адам ${id}`,
  email: "",
  role,
  subjects,
  supervisorId,
  department: "",
});
const locate = (id: string, field: string) => ({ tab: "Кызматкерлер", cell: `${field === "id" ? "A" : "I"}${id}` });

describe("checkRoster", () => {
  it("needs a supervisor on the roster for everyone but the director", () => {
    const problems = checkRoster(
      [person("1", "director", undefined, []), person("2", "deputy_head", "1", []), person("3", "teacher"), person("4", "teacher", "4"), person("5", "teacher", "99")],
      locate,
    );
    expect(problems.map((p) => [p.personId, p.code, p.cell])).toEqual([
      ["3", "problem.staff.no_supervisor", "I3"],
      ["4", "problem.staff.self_supervisor", "I4"],
      ["5", "problem.staff.unknown_supervisor", "I5"],
    ]);
  });

  it("flags someone rated in no framework", () => {
    expect(checkRoster([person("1", "director", undefined, []), person("2", "teacher", "1", [])], locate).map((p) => p.code)).toEqual([
      "problem.staff.no_framework",
    ]);
  });
});

describe("compareRatings", () => {
  const people = [person("1", "director", undefined, [])];
  const level = (competency: string, rater: LevelEntry["rater"], l: 1 | 2 | 3): LevelEntry => ({
    personId: "1",
    framework: "director",
    competency,
    rater,
    level: l,
  });

  it("lists every difference with the recorded agreed level, and every rating not given", () => {
    const levels = [level("1", "self", 1), level("1", "supervisor", 3), level("1", "agreed", 2), level("2", "self", 2), level("2", "supervisor", 2), level("3", "self", 3)];
    const { disagreements, missing } = compareRatings(people, levels, () => false);
    expect(disagreements).toEqual([{ personId: "1", framework: "director", competency: "1", self: 1, supervisor: 3, agreed: 2 }]);
    expect(missing.filter((m) => m.rater === "supervisor").map((m) => m.competency)).toEqual(
      Array.from({ length: 19 }, (_, i) => String(i + 3)),
    );
    expect(missing.filter((m) => m.rater === "self")).toHaveLength(18);
  });

  it("does not count a cell holding something invalid as missing", () => {
    const { missing } = compareRatings(people, [], (_id, _fw, n, rater) => n === "5" && rater === "self");
    expect(missing.some((m) => m.competency === "5" && m.rater === "self")).toBe(false);
    expect(missing).toHaveLength(41);
  });
});
