/** Gathering school applications into a district spreadsheet in Sheets: in chunks, resumable. */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { consolidate } from "../../src/core/district";
import { SheetsWorkbookPort } from "../../src/gas/sheetsPort";
import { renderApplicationTab } from "../../src/workbook/render/applicationTab";
import { districtListTab } from "../../src/app/districtGather";
import { FakeSpreadsheet, GasEnvironment } from "../fakes/gas";
import { schoolApplication } from "../fixtures/schools";
import { TODAY } from "../helpers";

const CODE = readFileSync(join(__dirname, "../../dist/Code.js"), "utf8");
const load = (env: GasEnvironment) => {
  const context = vm.createContext({ ...env.globals(), console });
  vm.runInContext(CODE, context);
  return context as unknown as Record<string, (...a: unknown[]) => unknown>;
};

function districtEnv(schools: number) {
  const env = new GasEnvironment();
  const g = env.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
  const apps = Array.from({ length: schools }, (_, i) => schoolApplication(i));
  const urls = apps.map((app, i) => {
    const ss = new FakeSpreadsheet(env, app.school.name, `school-${i}`);
    ss.insertSheet("Sheet1");
    env.created.push(ss);
    const port = new SheetsWorkbookPort(env.wrap(ss, "Spreadsheet") as never, g.SpreadsheetApp);
    port.writeTab(renderApplicationTab(app.application, { ...app.school, language: "ky", priorityCount: 3, summaryDepartment: "", pupils: "", planTasks: 4, minimumHours: 72, maxDistancePercent: 15 }, "ky", { now: TODAY, provisional: null }));
    return ss.getUrl();
  });
  const district = new SheetsWorkbookPort(g.SpreadsheetApp.getActiveSpreadsheet(), g.SpreadsheetApp);
  district.writeTab(districtListTab("ky", [...urls, "https://docs.google.com/spreadsheets/d/missing/edit"]));
  env.resetCalls();
  return { env, apps, district };
}

const totalRow = (env: GasEnvironment) => {
  const sheet = env.spreadsheet.raw("4.3 Өтүнмө")!;
  const rows = sheet.getRange(1, 1, sheet.lastRow(), sheet.lastCol()).getValues();
  return rows.find((r) => r[1] === "БААРДЫГЫ:")!;
};

describe("district consolidation in Sheets", () => {
  it("gathers in chunks, resumes after being stopped midway, and re-running adds no school twice", () => {
    const { env, apps } = districtEnv(60);
    let gas = load(env);
    const state = gas.sidebarCall("state", []) as { data: { district: boolean } };
    expect(state.data.district).toBe(true);

    env.resetCalls();
    const first = gas.sidebarCall("districtStep", [true]) as { data: { done: boolean; next: number; total: number } };
    expect(first.data).toMatchObject({ done: false, next: 25, total: 61 });
    expect(env.spreadsheetCalls()).toBeLessThan(400);
    // Stopped here: the sidebar is closed. Later a new execution picks up from the cursor.
    gas = load(env);
    const second = gas.sidebarCall("districtStep", [false]) as { data: { next: number; done: boolean } };
    expect(second.data).toMatchObject({ next: 50, done: false });
    const third = gas.sidebarCall("districtStep", [false]) as { data: { done: boolean; schools: number; errors: number } };
    expect(third.data).toMatchObject({ done: true, schools: 60, errors: 1 });
    const expected = consolidate(apps);
    expect(totalRow(env)[2]).toBe(expected.totals.total);
    const list = env.spreadsheet.raw("Мектептер")!;
    expect(list.peek(2, 2)!.value).toBe("кошулду");
    expect(list.peek(62, 2)!.value).toMatch(/ачылбайт/);

    // Again from the start: the same totals, every school once.
    for (let done = false, first = true; !done; first = false) {
      done = (gas.sidebarCall("districtStep", [first]) as { data: { done: boolean } }).data.done;
    }
    expect(totalRow(env)[2]).toBe(expected.totals.total);
    const bySchool = env.spreadsheet.raw("Мектептер боюнча")!;
    expect(bySchool.lastRow()).toBe(61);
  });
});
