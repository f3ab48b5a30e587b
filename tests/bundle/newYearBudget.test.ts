/**
 * The new school year's call budget in Google Sheets, on the built bundle: the same at 30, 150 and
 * 600 staff but for the body split, on both paths. (Apart from the other steps' budget so that the
 * two long files run side by side.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { newYearStepCost } from "../fixtures/stepCalls";

const CODE = readFileSync(join(__dirname, "../../dist/Code.js"), "utf8");

describe("service calls of the new school year", () => {
  it("starting the new school year costs the same at 30, 150 and 600 staff, but for the body split; so does its SpreadsheetApp path", () => {
    const bySize = [30, 150, 600].map((staff) => newYearStepCost(CODE, staff, true));
    const writes = bySize.map((c) => c.byMethod["Sheets.batchUpdate"] ?? 0);
    const rest = bySize.map((c, i) => c.total - writes[i]);
    // One metadata read and two value reads for the step, the same again for the protections of the new history tab.
    expect(rest).toEqual([rest[0], rest[0], rest[0]]);
    expect(rest[0]).toBeLessThanOrEqual(14);
    // The archive, the cleared tabs and the plans go in one batch (more only past 9 MB of body), the protections in another.
    expect(writes[0]).toBeLessThanOrEqual(2);
    const [small, large] = [30, 150].map((staff) => newYearStepCost(CODE, staff, false));
    expect(small.total).toBe(large.total);
    // Five new years of schools up to 600 on the faithful fakes: minutes, not seconds.
  }, 240_000);
});
