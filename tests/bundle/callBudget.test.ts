/**
 * The call budget of each step in Google Sheets, on the built bundle: SpreadsheetApp and Sheets API
 * calls together, the same at 30, 150 and 600 staff; and the Sheets API's write quota (60 write
 * requests a minute per user), for every step and for a district gathering of 200 schools.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { t } from "../../src/core/messages/index";
import { TAB_PLANS, TAB_YEAR_PLAN } from "../../src/workbook/schema";
import { agreedSchool, districtOf, gatherStepCost, loadBundle, schoolStepCosts } from "../fixtures/stepCalls";

const CODE = readFileSync(join(__dirname, "../../dist/Code.js"), "utf8");

const BUDGET = { setup: 12, check: 8, build: 12, export: 12, save: 4 } as const;

describe("service calls per step through the Sheets API", () => {
  it("every step is within its budget, and costs the same at 30, 150 and 600 staff", () => {
    const bySize = [30, 150, 600].map((staff) => schoolStepCosts(CODE, staff, true));
    expect(bySize[2].people).toBeGreaterThan(bySize[0].people * 15);
    for (const [step, budget] of Object.entries(BUDGET) as [keyof typeof BUDGET, number][]) {
      const totals = bySize.map((c) => c[step].total);
      for (const total of totals) expect(total, step).toBeLessThanOrEqual(budget);
      // The same at every size, but for the body split: 600 staff's plans are more than one 9 MB body.
      const writes = bySize.map((c) => c[step].byMethod["Sheets.batchUpdate"] ?? 0);
      const rest = totals.map((t, i) => t - writes[i]);
      expect(rest, step).toEqual([rest[0], rest[0], rest[0]]);
      expect(writes[0], step).toBeLessThanOrEqual(1);
      expect(writes[1], step).toBeLessThanOrEqual(1);
    }
    // A save, a check and set-up read the input tabs, never the megabytes of generated plans;
    // generation reads the plans and the year plan back, to keep what people typed there.
    const large = bySize[2];
    for (const step of ["save", "check", "setup"] as const) {
      expect(large[step].tabsRead, step).toContain("Кызматкерлер");
      expect(large[step].tabsRead, step).not.toContain(TAB_PLANS);
      expect(large[step].tabsRead, step).not.toContain(TAB_YEAR_PLAN);
    }
    expect(large.build.tabsRead).toEqual(expect.arrayContaining([TAB_PLANS, TAB_YEAR_PLAN, "Кызматкерлер"]));
  }, 240_000);

  it("a district gathering step costs at most 3 calls and 2 per school", () => {
    for (const schools of [1, 10, 25]) expect(gatherStepCost(CODE, schools, true).total).toBeLessThanOrEqual(3 + 2 * schools);
  });

  it("the old SpreadsheetApp path still works where the service is off, and costs the same at 30 and 150 staff", () => {
    const [small, large] = [30, 150].map((staff) => schoolStepCosts(CODE, staff, false));
    for (const step of Object.keys(BUDGET) as (keyof typeof BUDGET)[]) {
      expect(small[step].total, step).toBe(large[step].total);
      expect(small[step].byMethod["Sheets.batchUpdate"] ?? 0, step).toBe(0);
    }
  });
});

describe("the Sheets API's quota: 60 write requests a minute per user", () => {
  it("no step sends more than one write; gathering 200 schools waits between steps so no minute holds more than 60 writes or reads", () => {
    const env = districtOf(200, true);
    // The fakes' clock is the server's and Google's: the fake refuses any request past the quota
    // (60 reads, 60 writes a minute per user). A step takes a second, then the sidebar waits what it asks.
    env.pauseMs = 0;
    const gas = loadBundle(CODE, env);
    const stamps: { at: number; write: boolean }[] = [];
    env.beforeCall = (call) => {
      if (call.target === "Sheets" || call.target === "Sheets.Values") stamps.push({ at: env.clock.now(), write: call.method === "batchUpdate" });
    };
    let restart = true;
    let done = false;
    for (let steps = 0; steps < 100 && !done; steps++) {
      const answer = gas.sidebarCall("districtStep", [restart], env.spreadsheet.getId()) as { status: string; data: { done: boolean; waitMs: number } };
      expect(answer.status).toBe("success");
      restart = false;
      env.clock.advance(1000 + answer.data.waitMs);
      done = answer.data.done;
    }
    expect(done).toBe(true);
    expect(env.spreadsheet.raw("Мектептер боюнча")!.lastRow()).toBe(201);
    env.beforeCall = null;
    const perMinute = (write: boolean) => {
      let worst = 0;
      for (const s of stamps) worst = Math.max(worst, stamps.filter((x) => x.write === write && x.at >= s.at && x.at < s.at + 60_000).length);
      return worst;
    };
    expect(stamps.filter((s) => s.write).length).toBeGreaterThan(0);
    expect(perMinute(true)).toBeLessThanOrEqual(60);
    expect(perMinute(false)).toBeLessThanOrEqual(60);
  });
});

describe("where the advanced service is off", () => {
  it("the overview says once how to turn it on (a catalogue message, in Kyrgyz and Russian); with it on it says nothing", () => {
    expect(t("ky", "ui.notice.sheetsApi")).toMatch(/Google Sheets API.*Services/);
    expect(t("ru", "ui.notice.sheetsApi")).toMatch(/Google Sheets API.*Службы/);
    const env = agreedSchool(30, false);
    const gas = loadBundle(CODE, env);
    const first = gas.sidebarCall("dashboard", []) as { status: string; data: { steps: unknown[]; notice: string | null } };
    expect(first.status).toBe("success");
    expect(first.data.steps.length).toBeGreaterThan(0);
    expect(first.data.notice).toBe("ui.notice.sheetsApi");
    const again = gas.sidebarCall("dashboard", []) as { data: { notice: string | null } };
    expect(again.data.notice).toBeNull();
    // The SpreadsheetApp path did the work: no call went to the advanced service.
    expect(env.sheetsApiCalls()).toBe(0);
    const on = agreedSchool(30, true);
    const withApi = loadBundle(CODE, on);
    expect((withApi.sidebarCall("dashboard", [], on.spreadsheet.getId()) as { data: { notice: string | null } }).data.notice).toBeNull();
  });
});
