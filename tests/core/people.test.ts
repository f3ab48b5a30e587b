import { describe, expect, it } from "vitest";
import { frameworksOf, parseCategory, parseRole, parseSubjects } from "../../src/core/people";

describe("roster words", () => {
  it.each([
    ["teacher", "teacher"],
    ["Мугалим", "teacher"],
    ["МУБ жетекчиси", "department_head"],
    ["department_head", "department_head"],
    ["окуу бөлүм башчысы", "deputy_head"],
    ["завуч", "deputy_head"],
    ["деректир", "director"],
    ["Директор", "director"],
  ])("role %s is %s", (word, role) => expect(parseRole(word)).toBe(role));

  it("does not guess unknown roles", () => expect(parseRole("кароолчу")).toBeUndefined());

  it.each([
    ["none", "none"],
    ["к/ж", "none"],
    ["2", "2"],
    ["1", "1"],
    ["highest", "highest"],
    ["жогорку", "highest"],
  ])("category %s is %s", (word, category) => expect(parseCategory(word)).toBe(category));

  it("splits subjects on ; and keeps the first as the main one", () => {
    expect(parseSubjects(" математика ; физика;")).toEqual(["математика", "физика"]);
  });
});

describe("who is rated in which framework (guide §9.2–9.3)", () => {
  it("rates everyone who teaches as a teacher", () => {
    expect(frameworksOf({ role: "teacher", subjects: ["тарых"] })).toEqual(["teacher"]);
    expect(frameworksOf({ role: "teacher", subjects: [] })).toEqual([]);
  });
  it("rates department heads and deputies also as leaders", () => {
    expect(frameworksOf({ role: "department_head", subjects: ["химия"] })).toEqual(["teacher", "leader"]);
    expect(frameworksOf({ role: "deputy_head", subjects: [] })).toEqual(["leader"]);
  });
  it("rates the director as a director, and as a teacher when they teach", () => {
    expect(frameworksOf({ role: "director", subjects: [] })).toEqual(["director"]);
    expect(frameworksOf({ role: "director", subjects: ["тарых"] })).toEqual(["teacher", "director"]);
  });
});
