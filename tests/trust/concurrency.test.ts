/**
 * Saves and generations that run at the same moment. The fake lets a test run another user's work
 * right before a given service call — the worst moment, between a read and its write.
 */
import { describe, expect, it } from "vitest";
import { demoEnv as demoOn, PATHS } from "./gas";
import type { Call, GasEnvironment } from "../fakes/gas";

const SELF = "2.1 Мугалим — өзүн баалоо";
const empty = { comments: {}, needs: [], career: "", roles: "", comment: "" };

/** Runs `other` once, just before the `nth` call matching `when`; returns whether it ran. */
function interleave(env: GasEnvironment, when: (c: Call) => boolean, other: () => void, nth = 1): () => boolean {
  let seen = 0;
  let done = false;
  env.beforeCall = (c) => {
    if (done || !when(c) || ++seen < nth) return;
    done = true;
    other();
  };
  return () => done;
}

function cell(env: GasEnvironment, tab: string, id: string, col: number) {
  const sheet = env.spreadsheet.raw(tab)!;
  const row = sheet.getRange(1, 1, sheet.lastRow(), 1).getValues().findIndex((r) => r[0] === id) + 1;
  return { row, get: () => sheet.peek(row, col)?.value, set: (v: unknown) => sheet.getRange(row, col).setValues([[v]]) };
}

for (const path of PATHS) {
const demoEnv = () => demoOn(60, path.api);
// The worst moments on each path: just before a step's write, and between its reads.
const isWrite = (c: Call) => (path.api ? c.target === "Sheets" && c.method === "batchUpdate" : c.target === "Range" && c.method === "setValues");
const isTabWrite = (c: Call) => (path.api ? c.target === "Sheets" && c.method === "batchUpdate" : c.target === "Sheet" && c.method === "setFrozenRows");
const isRead = (c: Call) => (path.api ? c.target === "Sheets.Values" && c.method === "batchGet" : c.target === "Range" && c.method === "getFormulas");
describe(`concurrency: ${path.name}`, () => {
  it("two people saving at the same moment both keep their data (the second waits for the lock)", () => {
    const { env, gas } = demoEnv();
    env.email = "t005@mektep12.kg";
    let second: unknown;
    const ran = interleave(env, isWrite, () => {
      const saved = env.email;
      env.email = "t006@mektep12.kg";
      second = gas.sidebarCall("saveOwn", ["teacher", { levels: { "7": 1 }, ...empty }]);
      env.email = saved;
    });
    expect(gas.sidebarCall("saveOwn", ["teacher", { levels: { "7": 3 }, ...empty }])).toEqual({ status: "success", data: undefined });
    expect(ran()).toBe(true);
    expect(second).toEqual({ status: "error", type: "busy" });
    // The page tells them to try again; they do.
    env.beforeCall = null;
    env.email = "t006@mektep12.kg";
    expect(gas.sidebarCall("saveOwn", ["teacher", { levels: { "7": 1 }, ...empty }])).toEqual({ status: "success", data: undefined });
    expect(cell(env, SELF, "T005", 9).get()).toBe(3);
    expect(cell(env, SELF, "T006", 9).get()).toBe(1);
  });

  it("someone typing in the grid while another saves from the sidebar keeps what they typed", () => {
    const { env, gas } = demoEnv();
    env.email = "t005@mektep12.kg";
    const t006 = cell(env, SELF, "T006", 10);
    const typed = interleave(env, isWrite, () => t006.set(1));
    gas.sidebarCall("saveOwn", ["teacher", { levels: { "8": 2 }, ...empty }]);
    expect(typed()).toBe(true);
    expect(t006.get()).toBe(1);
    expect(cell(env, SELF, "T005", 10).get()).toBe(2);
  });

  it("a generation started during a save waits; a save during a generation is not lost", () => {
    const { env, gas } = demoEnv();
    env.email = "t005@mektep12.kg";
    // The завуч presses Generate while the teacher's save holds the lock.
    const started = interleave(env, isWrite, () => {
      const saved = env.email;
      env.email = "z01@mektep12.kg";
      gas.menuGenerateProvisional();
      env.email = saved;
    });
    gas.sidebarCall("saveOwn", ["teacher", { levels: { "11": 1 }, ...empty }]);
    expect(started()).toBe(true);
    expect(env.alerts.at(-1)).toContain("Башка бирөө азыр таблицаны өзгөртүп жатат");
    expect(cell(env, SELF, "T005", 13).get()).toBe(1);

    // The other way round: a teacher types while the generation is writing its tabs.
    env.email = "z01@mektep12.kg";
    const t007 = cell(env, SELF, "T007", 13);
    const typed = interleave(env, isTabWrite, () => t007.set(3));
    gas.menuGenerateProvisional();
    expect(typed()).toBe(true);
    expect(t007.get()).toBe(3);
  });

  it("set-up while someone types leaves what they typed", () => {
    const { env, gas } = demoEnv();
    const t008 = cell(env, SELF, "T008", 14);
    // After set-up has read the first few tabs, before it writes anything.
    const typed = interleave(env, isRead, () => t008.set(2), path.api ? 2 : 3);
    gas.menuSetUp();
    expect(typed()).toBe(true);
    expect(t008.get()).toBe(2);
    expect(env.alerts.at(-1)).toMatch(/Таблица даяр/);
  });
});
}
