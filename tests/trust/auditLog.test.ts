import { describe, expect, it } from "vitest";
import { demoEnv } from "./gas";
import { fireEdit } from "../fakes/bundle";
import { a1 } from "../../src/workbook/a1";
import { gradeKey, observationColumns, TAB_OBSERVATIONS, YEAR_ROUND_HEADER_ROW } from "../../src/workbook/schema";

function logRows(env: ReturnType<typeof demoEnv>["env"]) {
  const log = env.spreadsheet.raw("Журнал");
  return log ? log.getRange(3, 1, Math.max(1, log.lastRow() - 2), 9).getValues().filter((r) => r[0] !== "") : [];
}

/** The demo set up by the завуч, with the observation log and a way to send its edit trigger. */
function observationLogSetUp() {
  const { env, gas } = demoEnv();
  env.email = "z01@mektep12.kg";
  gas.menuSetUp();
  const ss = (gas.SpreadsheetApp as unknown as { getActiveSpreadsheet(): { getSheetByName(n: string): { getRange(r: number, c: number): unknown } } }).getActiveSpreadsheet();
  const edited = (row: number, col: number, value: string, oldValue?: string) =>
    fireEdit(env, gas, { range: ss.getSheetByName(TAB_OBSERVATIONS).getRange(row, col), ...(oldValue !== undefined ? { oldValue } : {}), value, user: { getEmail: () => "z01@mektep12.kg" } });
  return { env, log: env.spreadsheet.raw(TAB_OBSERVATIONS)!, edited };
}

describe("the audit log", () => {
  it("records agreed levels and priorities saved from the sidebar: who, when, old and new", () => {
    const { env, gas } = demoEnv();
    env.email = "z01@mektep12.kg";
    gas.menuSetUp();
    // A department head records an agreement: the log is the leadership's, so their entries wait.
    env.email = "d01@mektep12.kg";
    const form = gas.sidebarCall("superviseeForm", ["T002", "teacher"]) as { data: { competencies: { n: string; priority: boolean }[] } };
    const had = form.data.competencies.filter((c) => c.priority).map((c) => c.n);
    expect(gas.sidebarCall("saveAgreement", ["T002", "teacher", { agreed: { "3": 1 }, priorities: ["3"] }])).toEqual({ status: "success", data: undefined });
    expect(logRows(env)).toEqual([]);
    expect([...env.documentProperties.keys()].filter((k) => k.startsWith("ukoo.log.pending."))).not.toHaveLength(0);
    // The завуч's next step writes them.
    env.email = "z01@mektep12.kg";
    gas.menuCheck();
    const rows = logRows(env);
    const agreed = rows.find((r) => r[5] === "3: макулдашылган деңгээл")!;
    expect(agreed.slice(1, 8)).toEqual([expect.stringContaining("d01@mektep12.kg"), "Макулдашуу — мугалим", "T002", "teacher", "3: макулдашылган деңгээл", "", "1"]);
    expect(agreed[8]).toBe("панелден");
    expect(String(agreed[0])).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const priorities = rows.filter((r) => String(r[5]).endsWith("артыкчылык"));
    expect(priorities.length).toBe(new Set([...had, "3"]).size - (had.includes("3") ? 1 : 0));
    expect([...env.documentProperties.keys()].filter((k) => k.startsWith("ukoo.log.pending."))).toEqual([]);
  });

  it("records agreed levels and sign-offs typed into the grid, through the installed edit trigger", () => {
    const { env, gas } = demoEnv();
    env.email = "z01@mektep12.kg";
    gas.menuSetUp();
    expect(env.triggers.map((t) => [t.handler, t.event, t.owner, t.sourceId])).toEqual([["logEdit", "ON_EDIT", "z01@mektep12.kg", env.spreadsheet.id]]);
    gas.menuSetUp();
    expect(env.triggers).toHaveLength(1);
    const ss = (gas.SpreadsheetApp as unknown as { getActiveSpreadsheet(): { getSheetByName(n: string): { getRange(r: number, c: number): unknown } } }).getActiveSpreadsheet();
    const agreement = env.spreadsheet.raw("Макулдашуу — мугалим")!;
    agreement.getRange(5, 9).setValues([[3]]);
    fireEdit(env, gas, { range: ss.getSheetByName("Макулдашуу — мугалим").getRange(5, 9), oldValue: "2", value: "3", user: { getEmail: () => "d01@mektep12.kg" } });
    const plans = env.spreadsheet.raw("4.1 Жеке пландар")!;
    const keys = plans.getRange(1, 1, plans.lastRow(), 1).getValues().map((r) => r[0]);
    const signRow = keys.indexOf("S|T005:sign:interim") + 1;
    plans.getRange(signRow, 3).setValues([["Дүйшөнова С."]]);
    fireEdit(env, gas, { range: ss.getSheetByName("4.1 Жеке пландар").getRange(signRow, 3), value: "Дүйшөнова С.", user: { getEmail: () => "t005@mektep12.kg" } });
    // An edit elsewhere is not logged.
    fireEdit(env, gas, { range: ss.getSheetByName("Курстар").getRange(3, 4), value: "8", user: { getEmail: () => "z01@mektep12.kg" } });
    const rows = logRows(env);
    expect(rows.map((r) => [r[1], r[2], r[3], r[5], r[6], r[7], r[8]])).toEqual([
      ["d01@mektep12.kg", "Макулдашуу — мугалим!I5", agreement.peek(5, 1)!.value, `${agreement.peek(5, 4)!.value}: макулдашылган деңгээл`, "2", "3", "таблицада"],
      ["t005@mektep12.kg", `4.1 Жеке пландар!C${signRow}`, "T005", "sign:interim:C", "", "Дүйшөнова С.", "таблицада"],
    ]);
  });

  it("records an observation's grade typed into the 1.1 log, naming the teacher, the section and the date", () => {
    const { env, log, edited } = observationLogSetUp();
    const specs = observationColumns();
    const col = specs.findIndex((s) => s.key === gradeKey("II")) + 1;
    const row = YEAR_ROUND_HEADER_ROW + 1;
    log.getRange(row, col).setValues([["Күткөндөгүгө туура келет"]]);
    edited(row, col, "Күткөндөгүгө туура келет", "");
    // A question's answer is not a grade: not logged.
    edited(row, col + 1, "Ооба");
    const [date, , teacher] = log.getRange(row, 1, 1, 3).getValues()[0];
    expect(logRows(env).map((r) => [r[1], r[2], r[3], r[4], r[5], r[7]])).toEqual([
      ["z01@mektep12.kg", `${TAB_OBSERVATIONS}!${a1(row, col)}`, teacher, "1.1", `Байкоо ${date}: II. — баа`, "Күткөндөгүгө туура келет"],
    ]);
  });

  it("names an observation's day as the spreadsheet shows it (a real date in Bishkek's time zone), and finds its columns by their headers", () => {
    const zone = process.env.TZ;
    process.env.TZ = "Asia/Bishkek";
    try {
      const { env, log, edited } = observationLogSetUp();
      const specs = observationColumns();
      const width = specs.length;
      // The teacher's column moved to the end: the header row and the rows, as someone might drag it.
      const move = (cells: unknown[]) => [...cells.slice(0, 2), ...cells.slice(3), cells[2]];
      const header = log.getRange(YEAR_ROUND_HEADER_ROW, 1, 1, width).getValues()[0];
      log.getRange(YEAR_ROUND_HEADER_ROW, 1, 1, width).setValues([move(header)]);
      const row = YEAR_ROUND_HEADER_ROW + 1;
      const cells = log.getRange(row, 1, 1, width).getValues()[0];
      log.getRange(row, 1, 1, width).setValues([move([new Date(2026, 10, 4), ...cells.slice(1)])]);
      const col = move(header).findIndex((h) => h === header[specs.findIndex((s) => s.key === gradeKey("I"))]) + 1;
      edited(row, col, "Күткөндөгүдөн жакшы");
      expect(logRows(env).map((r) => [r[3], r[5]])).toEqual([[cells[2], "Байкоо 2026-11-04: I. — баа"]]);
    } finally {
      process.env.TZ = zone;
    }
  });
});
