import { describe, expect, it } from "vitest";
import { parseLevel } from "../../src/core/levels";

describe("parseLevel", () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 3],
    ["3", 3],
    [" 3 ", 3],
    ["\t2\n", 2],
    ["2,0", 2],
  ])("reads %j as level %d", (input, level) => {
    expect(parseLevel(input)).toEqual({ kind: "level", level });
  });

  it.each([
    [0, "out_of_range"],
    [4, "out_of_range"],
    ["-1", "not_a_number"],
    ["+1", "not_a_number"],
    [-1, "out_of_range"],
    [2.5, "not_whole"],
    ["2.5", "not_whole"],
    ["жакшы", "not_a_number"],
    ["3a", "not_a_number"],
    [true, "not_a_number"],
    [new Date(), "not_a_number"],
    ["=1+2", "formula"],
  ])("rejects %j (%s)", (input, reason) => {
    expect(parseLevel(input)).toEqual({ kind: "invalid", reason });
  });

  it("rejects any formula, even one that shows a valid level", () => {
    expect(parseLevel(3, "1+2")).toEqual({ kind: "invalid", reason: "formula" });
  });

  it("treats blank as empty", () => {
    for (const v of [null, undefined, "", "   "]) expect(parseLevel(v)).toEqual({ kind: "empty" });
  });
});
