/** Gathering school applications into a district spreadsheet in Sheets: in chunks, resumable. */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { consolidate, type SchoolApplication } from "../../src/core/district";
import { SheetsWorkbookPort } from "../../src/gas/sheetsPort";
import { renderApplicationTab } from "../../src/workbook/render/applicationTab";
import { districtListTab } from "../../src/app/districtGather";
import { FakeSpreadsheet, GasEnvironment } from "../fakes/gas";
import { loadBundle } from "../fakes/bundle";
import { CELL_CHARACTERS } from "../fakes/limits";
import { schoolApplication, schoolWithNeeds } from "../fixtures/schools";
import { sheetsPort, TODAY } from "../helpers";
import { writeDemo } from "../../src/app/demoWorkbook";

const CODE = readFileSync(join(__dirname, "../../dist/Code.js"), "utf8");
const load = (env: GasEnvironment) => loadBundle(env, CODE);

function districtEnv(schools: number, school: (i: number) => SchoolApplication = schoolApplication) {
  const env = new GasEnvironment();
  const g = env.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
  const apps = Array.from({ length: schools }, (_, i) => school(i));
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

/**
 * One gathering step, a minute after the last, as a person would wait: the Sheets API's per-user
 * quota has room again (the pace itself is tested in callBudget.test.ts).
 */
function districtStep(env: GasEnvironment, gas: Record<string, (...a: unknown[]) => unknown>, restart: boolean, id?: string) {
  env.clock.advance(60_000);
  return gas.sidebarCall("districtStep", [restart], ...(id ? [id] : []));
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
    const first = districtStep(env, gas, true) as { data: { done: boolean; next: number; total: number } };
    expect(first.data).toMatchObject({ done: false, next: 25, total: 61 });
    expect(env.spreadsheetCalls()).toBeLessThan(400);
    // Stopped here: the sidebar is closed. Later a new execution picks up from the cursor.
    gas = load(env);
    const second = districtStep(env, gas, false) as { data: { next: number; done: boolean } };
    expect(second.data).toMatchObject({ next: 50, done: false });
    const third = districtStep(env, gas, false) as { data: { done: boolean; schools: number; errors: number } };
    expect(third.data).toMatchObject({ done: true, schools: 60, errors: 1 });
    const expected = consolidate(apps);
    expect(totalRow(env)[2]).toBe(expected.totals.total);
    const list = env.spreadsheet.raw("Мектептер")!;
    expect(list.peek(2, 2)!.value).toBe("кошулду");
    expect(list.peek(62, 2)!.value).toMatch(/ачылбайт/);

    // Again from the start: the same totals, every school once.
    for (let done = false, first = true; !done; first = false) {
      done = (districtStep(env, gas, first) as { data: { done: boolean } }).data.done;
    }
    expect(totalRow(env)[2]).toBe(expected.totals.total);
    const bySchool = env.spreadsheet.raw("Мектептер боюнча")!;
    expect(bySchool.lastRow()).toBe(61);
  });

  it("an execution killed in the middle of a step loses nothing (SpreadsheetApp): the next step redoes that chunk", () => {
    const { env, apps } = districtEnv(40);
    env.sheetsApiEnabled = false;
    let gas = load(env);
    const first = districtStep(env, gas, true) as { data: { next: number } };
    expect(first.data.next).toBe(25);
    // The second step dies (Apps Script's time limit) at its worst moment: what it gathered is
    // written, but neither the statuses nor the cursor are.
    let writes = 0;
    env.beforeCall = (call) => {
      if (call.method === "setValues" && ++writes === 2) throw new Error("Exceeded maximum execution time");
    };
    const killed = districtStep(env, gas, false) as { status: string };
    expect(killed.status).toBe("error");
    expect(writes).toBe(2);
    env.beforeCall = null;
    expect(env.spreadsheet.raw("Келген өтүнмөлөр")!.lastRow()).toBe(1 + 41);
    gas = load(env);
    const resumed = districtStep(env, gas, false) as { data: { done: boolean; next: number; schools: number } };
    expect(resumed.data).toMatchObject({ done: true, next: 41, schools: 40 });
    expect(totalRow(env)[2]).toBe(consolidate(apps).totals.total);
    expect(env.spreadsheet.raw("Мектептер боюнча")!.lastRow()).toBe(41);
  });

  it("an execution killed before its one batchUpdate (Sheets API) writes nothing of that step, and the next step redoes the chunk", () => {
    const { env, apps } = districtEnv(40);
    let gas = load(env);
    const first = districtStep(env, gas, true) as { data: { next: number } };
    expect(first.data.next).toBe(25);
    const before = env.spreadsheet.sheets.map((s) => [s.name, s.lastRow()]);
    env.beforeCall = (call) => {
      if (call.target === "Sheets" && call.method === "batchUpdate") throw new Error("Exceeded maximum execution time");
    };
    const killed = districtStep(env, gas, false) as { status: string };
    expect(killed.status).toBe("error");
    env.beforeCall = null;
    expect(env.spreadsheet.sheets.map((s) => [s.name, s.lastRow()])).toEqual(before);
    gas = load(env);
    const resumed = districtStep(env, gas, false) as { data: { done: boolean; next: number; schools: number } };
    expect(resumed.data).toMatchObject({ done: true, next: 41, schools: 40 });
    expect(totalRow(env)[2]).toBe(consolidate(apps).totals.total);
    expect(env.spreadsheet.raw("Мектептер боюнча")!.lastRow()).toBe(41);
  });

  it.each([
    ["Sheets API", true],
    ["SpreadsheetApp", false],
  ])("gathers a school of 2,000 staff with 2,000 long needs to the end, no cell past Google's limit (%s)", (_, api) => {
    // 26 schools and a link that does not open: two steps, the second adding up what the first stored.
    const { env, apps } = districtEnv(26, (i) => (i === 0 ? schoolWithNeeds(0, 2000, 2000, 300) : schoolApplication(i)));
    env.sheetsApiEnabled = api;
    expect(JSON.stringify(apps[0]).length).toBeGreaterThan(20 * CELL_CHARACTERS);
    const gas = load(env);
    const answers = [districtStep(env, gas, true)];
    while (!(answers.at(-1) as { data?: { done?: boolean } }).data?.done && answers.length < 5) answers.push(districtStep(env, gas, false));
    expect(answers.map((a) => (a as { status: string }).status)).toEqual(["success", "success"]);
    expect((answers.at(-1) as { data: unknown }).data).toMatchObject({ done: true, next: 27, schools: 26, errors: 1 });

    const sheet = env.spreadsheet.raw("Келген өтүнмөлөр")!;
    const rows = sheet.getRange(1, 1, sheet.lastRow(), sheet.lastCol()).getValues();
    expect(Math.max(...rows.flat().map((v) => String(v).length))).toBeLessThanOrEqual(CELL_CHARACTERS);
    expect(rows.filter((r) => r[0] === "code:S0000").length).toBeGreaterThan(20);
    for (const tab of ["4.3 Өтүнмө", "Мектептер боюнча", "Окулбаган файлдар"]) expect(env.spreadsheet.raw(tab), tab).toBeTruthy();
    expect(totalRow(env)[2]).toBe(consolidate(apps).totals.total);
    expect(env.spreadsheet.raw("Мектептер боюнча")!.lastRow()).toBe(27);
  });

  it("costs a fixed number of service calls per school, whatever the number of schools", () => {
    const callsFor = (schools: number) => {
      const { env } = districtEnv(schools);
      const gas = load(env);
      env.resetCalls();
      // As the sidebar calls it: with the spreadsheet's id it got when it opened.
      const step = districtStep(env, gas, true, env.spreadsheet.getId()) as { data: { done: boolean } };
      expect(step.data.done).toBe(true);
      return env.serviceCalls();
    };
    const ten = callsFor(10);
    const twenty = callsFor(20);
    const perSchool = (twenty - ten) / 10;
    console.log(`district gathering: ${ten} calls for 10 schools, ${twenty} for 20: ${perSchool} per school`);
    expect(Number.isInteger(perSchool)).toBe(true);
    // The budget: 3 calls for the district's own tabs, 2 per link (metadata and one read); the
    // list has one more link that does not open.
    expect(perSchool).toBeLessThanOrEqual(2);
    expect(ten).toBeLessThanOrEqual(3 + 2 * 11);
  });

  it("reads a school's application tab alone, however much else its spreadsheet holds", () => {
    const { env } = districtEnv(2);
    // The link is a school's own workbook: the application beside its plans and every other tab.
    for (const ss of env.created) {
      const port = new SheetsWorkbookPort(env.wrap(ss, "Spreadsheet") as never, (env.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp }).SpreadsheetApp);
      port.writeTab({ name: "4.1 Жеке пландар", cells: Array.from({ length: 500 }, (_, i) => [`Т${i}`, "узун текст ".repeat(20)]) });
    }
    const gas = load(env);
    env.resetCalls();
    districtStep(env, gas, true, env.spreadsheet.getId());
    const schoolReads = env.calls.filter((c) => c.target === "Sheets.Values" && c.method === "batchGet" && String(c.args?.[0]).startsWith("school-"));
    expect(schoolReads).toHaveLength(2);
    for (const read of schoolReads) expect((read.args?.[1] as { ranges: string[] }).ranges).toEqual(["'4.3 Өтүнмө'"]);
  });

  it("a link that stops opening is listed as unreadable and its school no longer counted", () => {
    const { env, apps } = districtEnv(10);
    const gas = load(env);
    expect((districtStep(env, gas, true) as { data: { schools: number } }).data.schools).toBe(10);
    env.created = env.created.filter((ss) => ss.id !== "school-3");
    const again = districtStep(env, gas, true) as { data: { schools: number; errors: number } };
    expect(again.data).toMatchObject({ schools: 9, errors: 2 });
    expect(totalRow(env)[2]).toBe(consolidate(apps.filter((_, i) => i !== 3)).totals.total);
  });

  it("in a school's own workbook the district menu explains itself and changes nothing", () => {
    const { env, port } = sheetsPort();
    writeDemo(port, TODAY);
    const before = env.spreadsheet.sheets.map((s) => s.name);
    const gas = load(env);
    gas.menuDistrict();
    expect(env.alerts.at(-1)).toMatch(/^Бул — мектептин таблицасы/);
    expect(env.spreadsheet.sheets.map((s) => s.name)).toEqual(before);
    // Even with a tab of that name, the school keeps its own sidebar.
    env.spreadsheet.insertSheet("Мектептер");
    const state = gas.sidebarCall("state", []) as { data: { district: boolean } };
    expect(state.data.district).toBe(false);
  });
});
