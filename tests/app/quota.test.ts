/** The district gathering's pace under the Sheets API's 60 requests a minute. */
import { describe, expect, it } from "vitest";
import { pace, waitFor, type CallLog } from "../../src/app/quota";

const cost = { fixed: 3, perItem: 2 };

describe("pace", () => {
  it("takes the whole chunk when the last minute is empty, and only what fits after a step", () => {
    expect(pace([], 0, cost, 25)).toEqual({ items: 25, waitMs: 0 });
    const log: CallLog = [[1_000, 53]];
    // 7 requests left: the district's own 3 and 2 schools.
    expect(pace(log, 2_000, cost, 25)).toEqual({ items: 2, waitMs: 0 });
    expect(pace([[1_000, 58]], 2_000, cost, 25).items).toBe(0);
  });

  it("asks to wait until a whole chunk fits again, and forgets requests older than a minute", () => {
    const log: CallLog = [[1_000, 30], [20_000, 28]];
    const asked = pace(log, 21_000, cost, 25);
    expect(asked.items).toBe(0);
    // The first 30 leaving is not enough for 3 + 2 × 25: the wait runs until the 28 leave too.
    expect(asked.waitMs).toBe(20_000 + 60_000 - 21_000 + 1);
    expect(pace(log, 21_000 + asked.waitMs, cost, 25).items).toBe(25);
    expect(pace(log, 61_001, cost, 25).items).toBe(14);
    expect(waitFor([[1_000, 30]], 2_000, 20)).toBe(0);
    expect(waitFor([], 0, 61)).toBe(60_000);
  });
});
