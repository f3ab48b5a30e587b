import { describe, expect, it } from "vitest";
import { demoEnv } from "./gas";

type Range = { range: { sheetId: number; startRowIndex?: number; endRowIndex?: number; startColumnIndex?: number }; editors: { users: string[] }; unprotectedRanges?: unknown[]; description: string };

function rangesOf(env: ReturnType<typeof demoEnv>["env"]) {
  const sheetName = new Map(env.spreadsheet.sheets.map((s) => [s.id, s.name]));
  return env.protectedRanges.map((p) => ({ ...(p.body as unknown as Range), tab: sheetName.get(p.sheetId)! }));
}

describe("set-up protects ranges by the roles of the roster", () => {
  it("a teacher edits only their own self-assessment row; a supervisor the rows of the people they rate; leaders the rest", () => {
    const { env, gas } = demoEnv();
    env.email = "z01@mektep12.kg";
    gas.menuSetUp();
    const ranges = rangesOf(env);
    const leaders = ["z01@mektep12.kg", "dir@mektep12.kg", "z02@mektep12.kg", "z03@mektep12.kg"];
    const onTab = (tab: string) => ranges.filter((r) => r.tab === tab);
    // Whole tabs: settings, roster, ledger, generated tabs — leaders only.
    for (const tab of ["Мектеп", "Кызматкерлер", "Курстар", "4.2 Жыйынды", "4.3 Өтүнмө"]) {
      const [whole] = onTab(tab);
      expect(whole.range.startRowIndex, tab).toBeUndefined();
      expect([...whole.editors.users].sort(), tab).toEqual([...leaders].sort());
    }
    // T005's own row in 2.1: T005 and the leaders; the rest of the tab leaders only, with every person's row left to its own rule.
    const self = onTab("2.1 Мугалим — өзүн баалоо");
    const sheet = env.spreadsheet.raw("2.1 Мугалим — өзүн баалоо")!;
    const t005Row = sheet.getRange(1, 1, sheet.lastRow(), 1).getValues().findIndex((r) => r[0] === "T005");
    const t005 = self.find((r) => r.range.startRowIndex === t005Row)!;
    expect(t005.editors.users).toContain("t005@mektep12.kg");
    expect(t005.editors.users).not.toContain("t006@mektep12.kg");
    expect(t005.range.startColumnIndex).toBe(2);
    const whole = self.find((r) => r.range.startRowIndex === undefined)!;
    expect(whole.editors.users).not.toContain("t005@mektep12.kg");
    expect(whole.unprotectedRanges!.length).toBe(self.length - 1);
    // T005's supervisor rates them in 3.1 and in the agreement tab; T005 does not.
    const supervisor = "d01@mektep12.kg";
    for (const tab of ["3.1 Мугалим — супервайзер", "Макулдашуу — мугалим"]) {
      const mine = onTab(tab).filter((r) => r.description.endsWith("Дүйшөнова Салтанат"));
      expect(mine.length, tab).toBeGreaterThan(0);
      for (const r of mine) {
        expect(r.editors.users).toContain(supervisor);
        expect(r.editors.users).not.toContain("t005@mektep12.kg");
      }
    }
  });

  it("from the sidebar's overview too: its set-up protects as the menu's, and so does its new school year", () => {
    const { env, gas } = demoEnv();
    env.email = "z01@mektep12.kg";
    const id = env.spreadsheet.getId();
    const setUp = gas.sidebarCall("run", ["setup"], id) as { status: string; data: { protectedRanges: number } };
    expect(setUp.status).toBe("success");
    expect(setUp.data.protectedRanges).toBe(rangesOf(env).length);
    const byMenu = demoEnv();
    byMenu.env.email = "z01@mektep12.kg";
    byMenu.gas.menuSetUp();
    expect(rangesOf(env)).toEqual(rangesOf(byMenu.env));

    const offer = (gas.sidebarCall("dashboard", [], id) as { data: { newYear: { to: string } } }).data.newYear;
    const started = gas.sidebarCall("newYear", [offer.to], id) as { status: string; data: { started: boolean } };
    expect(started).toMatchObject({ status: "success", data: { started: true } });
    const history = rangesOf(env).filter((r) => r.tab === "Тарых");
    expect(history).toHaveLength(1);
    expect([...history[0].editors.users].sort()).toEqual(["dir@mektep12.kg", "z01@mektep12.kg", "z02@mektep12.kg", "z03@mektep12.kg"]);
    expect(env.lockHeld).toBe(false);
  });

  it("the history tab a new school year writes is for the leaders only, then and at every set-up", () => {
    const { env, gas } = demoEnv();
    env.email = "z01@mektep12.kg";
    env.alertAnswers.push("YES");
    gas.menuNewYear();
    const leaders = ["z01@mektep12.kg", "dir@mektep12.kg", "z02@mektep12.kg", "z03@mektep12.kg"];
    const history = () => rangesOf(env).filter((r) => r.tab === "Тарых");
    expect(history()).toHaveLength(1);
    expect(history()[0].range.startRowIndex).toBeUndefined();
    expect([...history()[0].editors.users].sort()).toEqual([...leaders].sort());
    gas.menuSetUp();
    expect(history()).toHaveLength(1);
    expect([...history()[0].editors.users].sort()).toEqual([...leaders].sort());
  });

  it("takes the same two Sheets API calls at 30 and at 300 staff, and replaces its own protections when run again", () => {
    const calls = (staff: number) => {
      const { env, gas } = demoEnv(staff);
      // Calls and protections are counted, not what formulas show (computing 300 staff's costs seconds).
      env.evaluateFormulas = false;
      gas.menuSetUp();
      const first = env.protectedRanges.length;
      env.resetCalls();
      gas.menuSetUp();
      return { sheetsApi: env.calls.filter((c) => c.target === "Sheets").length, first, second: env.protectedRanges.length, updates: env.batchUpdates.length };
    };
    const small = calls(30);
    const large = calls(300);
    expect(small.sheetsApi).toBe(2);
    expect(large.sheetsApi).toBe(2);
    expect(large.second).toBe(large.first);
    expect(large.first).toBeGreaterThan(small.first * 5);
    expect(small.updates).toBe(2);
  });

  it("says how to enable the Sheets API when it is off", () => {
    const { env, gas } = demoEnv();
    delete (gas as Record<string, unknown>).Sheets;
    (gas as Record<string, unknown>).Sheets = undefined;
    gas.menuSetUp();
    expect(env.alerts.at(-1)).toMatch(/Sheets API/);
  });
});
