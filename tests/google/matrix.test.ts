/**
 * Every step, for every role, on the stricter fakes set to a ru_RU and to an en_US spreadsheet: in
 * the template, in the add-on, and (the template's) private mode. Each request the bundle sends is
 * checked against Google's own schema (the vendored discovery document) on its way in; at the end
 * the whole run is checked against it once more, request by request.
 */
import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/app/sidebar/server";
import type { ObservationPayload } from "../../src/app/sidebar/yearRound";
import { loadBundle, type Bundle } from "../fakes/bundle";
import type { SheetsLocale } from "../fakes/formulaEngine";
import { colOfKey, rowOfKey, type GasEnvironment } from "../fakes/gas";
import { agreedSchool, districtOf } from "../fixtures/stepCalls";
import { checkBatchGet, checkBatchUpdate, checkGet } from "./discovery";
import { RATING_HEADER_ROW } from "../../src/workbook/schema";

const SELF = "2.1 Мугалим — өзүн баалоо";
const SUP = "3.1 Мугалим — супервайзер";
const AGREEMENT = "Макулдашуу — мугалим";
const ok = { status: "success", data: undefined };
const own = (levels: Record<string, number>) => ({ levels, comments: {}, needs: [], career: "", roles: "", comment: "" });

/** The column of a competency's level in a rating tab, by its header. */
function levelColumn(env: GasEnvironment, tab: string, n: string): number {
  const sheet = env.spreadsheet.raw(tab)!;
  for (let c = 1; c <= sheet.lastCol(); c++) if (String(sheet.shown(RATING_HEADER_ROW, c)) === n) return c;
  throw new Error(`no column ${n} in ${tab}`);
}

function rowOf(env: GasEnvironment, tab: string, id: string): number {
  const sheet = env.spreadsheet.raw(tab)!;
  for (let r = 1; r <= sheet.lastRow(); r++) if (sheet.shown(r, 1) === id) return r;
  throw new Error(`${id} not in ${tab}`);
}

/** Who does what, as each is known to Google. */
function as<T>(env: GasEnvironment, email: string, work: () => T): T {
  env.email = email;
  return work();
}

/** Every request of the run against Google's schema, once more: none refused, and some of each. */
function checkedAgainstDiscovery(env: GasEnvironment): void {
  const bodies = env.batchUpdates;
  const gets = env.calls.filter((c) => c.target === "Sheets" && c.method === "get").map((c) => c.args?.[1]);
  const batchGets = env.calls.filter((c) => c.target === "Sheets.Values" && c.method === "batchGet").map((c) => c.args?.[1]);
  expect(bodies.length).toBeGreaterThan(0);
  expect(gets.length).toBeGreaterThan(0);
  expect(batchGets.length).toBeGreaterThan(0);
  for (const body of bodies) expect(checkBatchUpdate(body)).toEqual([]);
  for (const args of gets) expect(checkGet(args)).toEqual([]);
  for (const args of batchGets) expect(checkBatchGet(args)).toEqual([]);
}

/** A school year's steps by its people, from set-up to the next year; what each leaves is checked as it goes. */
function schoolYear(target: "template" | "addon", locale: SheetsLocale): void {
  const env = agreedSchool(30, true, { locale, evaluateFormulas: true });
  env.target = target;
  const gas: Bundle = loadBundle(env);
  const id = env.spreadsheet.getId();
  const call = (fn: string, ...args: unknown[]) => gas.sidebarCall(fn, args, id) as Answer;

  // The завуч sets the workbook up: tabs, the protections by role, the edit log's trigger.
  as(env, "z01@mektep12.kg", () => gas.menuSetUp());
  expect(env.alerts.at(-1)).toMatch(/Корголгон аймактар: \d+/);
  expect(env.protectedRanges.length).toBeGreaterThan(20);
  expect(env.triggers.map((t) => t.owner)).toEqual(["z01@mektep12.kg"]);

  // A teacher: their own form and portfolio; no one else's row.
  as(env, "t002@mektep12.kg", () => {
    expect(call("state")).toMatchObject({ status: "success", data: { identity: { id: "T002" } } });
    expect(call("saveOwn", "teacher", own({ "1": 1, "2": 2 }))).toEqual(ok);
    expect(call("savePortfolio", "T002", { "I.1": "https://drive.google.com/file/d/abc" })).toMatchObject({ status: "success" });
    expect(call("saveOwn", "leader", own({ "1.1": 1 }))).toEqual({ status: "error", type: "forbidden" });
  });
  expect(env.spreadsheet.raw(SELF)!.shown(rowOf(env, SELF, "T002"), levelColumn(env, SELF, "1"))).toBe(1);

  // The department head: their own leader form, then the teacher they supervise, then the agreement.
  as(env, "d01@mektep12.kg", () => {
    expect(call("saveOwn", "leader", own({ "1.1": 2 }))).toEqual(ok);
    expect(call("saveSupervisor", "T002", "teacher", { levels: { "1": 3, "2": 2 }, comments: {} })).toEqual(ok);
    expect(call("saveAgreement", "T002", "teacher", { agreed: { "1": null, "2": null, "5": 2 }, priorities: ["5"] })).toEqual(ok);
  });
  expect(env.spreadsheet.raw(SUP)!.shown(rowOf(env, SUP, "T002"), levelColumn(env, SUP, "1"))).toBe(3);

  // What the agreement tab shows, computed in the spreadsheet's locale: the difference, the agreed level.
  const agreement = env.spreadsheet.raw(AGREEMENT)!;
  const first = rowOf(env, AGREEMENT, "T002");
  expect([6, 7, 8, 9].map((c) => agreement.shown(first, c))).toEqual([1, 3, 2, ""]);
  expect([6, 7, 8, 9].map((c) => agreement.shown(first + 1, c))).toEqual([2, 2, 0, 2]);
  const colours = agreement.rules.filter((rule) => env.spreadsheet.ruleApplies(agreement, rule, first, 8)).map((rule) => rule.background);
  expect(colours).toContain("#f6b26b");
  // After their talk, the department head records the level they agreed on.
  as(env, "d01@mektep12.kg", () => expect(call("saveAgreement", "T002", "teacher", { agreed: { "1": 2 }, priorities: ["5"] })).toEqual(ok));
  expect(agreement.shown(first, 9)).toBe(2);

  // The завуч: the department head's leader rating and agreement, a lesson observed, the menu's steps.
  as(env, "z01@mektep12.kg", () => {
    expect(call("saveSupervisor", "D01", "leader", { levels: { "1.1": 2 }, comments: {} })).toEqual(ok);
    expect(call("saveAgreement", "D01", "leader", { agreed: { "1.1": 2 }, priorities: [] })).toEqual(ok);
    const observation: ObservationPayload = { teacherId: "T002", date: "2026-11-20", className: "7-А", subject: "математика", topic: "Бөлчөктөр", sections: ["I"], answers: { "1": "yes" }, grades: { I: "meets" }, strengths: "", advice: "" };
    expect(call("saveObservation", observation)).toMatchObject({ status: "success" });
    gas.menuCheck();
    expect(env.alerts.at(-1)).toMatch(/^Каталар: \d+\./);
  });
  // The department head's agreement, kept waiting, is in the log now; so are the завуч's.
  const log = env.spreadsheet.raw("Журнал")!;
  const logged = Array.from({ length: log.lastRow() - 2 }, (_, i) => String(log.shown(i + 3, 2)));
  expect(logged.some((who) => who.includes("d01@mektep12.kg"))).toBe(true);
  expect(logged.some((who) => who.includes("z01@mektep12.kg"))).toBe(true);
  // The check report's links show the cells they name.
  const report = env.spreadsheet.raw("Текшерүү")!;
  const link = [...report.cells].find(([, c]) => c.formula.startsWith("=HYPERLINK"));
  if (link) expect(report.shown(rowOfKey(link[0]), colOfKey(link[0]))).toMatch(/^[A-Z]+\d+$/);

  // The director: the завуч's rating and the overview.
  as(env, "dir@mektep12.kg", () => {
    expect(call("saveSupervisor", "Z01", "leader", { levels: { "1.1": 3 }, comments: {} })).toEqual(ok);
    expect(call("saveAgreement", "Z01", "leader", { agreed: { "1.1": 3 }, priorities: [] })).toEqual(ok);
    expect(call("dashboard")).toMatchObject({ status: "success" });
    expect(call("run", "generateProvisional")).toMatchObject({ status: "success" });
  });

  // The завуч generates, exports, opens the plans, checks Google's rules, and starts the next year.
  as(env, "z01@mektep12.kg", () => {
    gas.menuGenerate();
    expect(env.alerts.at(-1)).toMatch(/^Түзүлдү:|4\.1|4\.2/);
    env.promptAnswers.push({ text: "metodist@rayon.kg", button: "OK" });
    gas.menuExportApplication();
    expect(env.created.at(-1)!.viewers).toEqual(["metodist@rayon.kg"]);
    gas.menuPlansPdf();
    expect(env.dialogs.at(-1)!.content).toContain("format=pdf");
    gas.menuSelfTest();
    expect(env.dialogs.at(-1)!.content).toMatch(/Баары иштейт/);
    env.alertAnswers.push("YES");
    gas.menuNewYear();
    expect(env.alerts.at(-1)).toMatch(/окуу жылы «Тарых» барагына сакталды/);
  });

  // Private mode, the template's: the teacher saves in the web app, the spreadsheet not shared with them.
  if (target === "template") {
    env.webAppUrl = "https://script.google.com/macros/s/XYZ/exec";
    as(env, "z01@mektep12.kg", () => gas.menuPrivateMode());
    env.spreadsheet.editors = env.spreadsheet.editors.filter((e) => !e.startsWith("t0"));
    as(env, "t003@mektep12.kg", () => {
      expect(gas.privateCall("saveOwn", ["teacher", { ...own({ "3": 2 }), schoolYear: "2027-2028" }])).toEqual(ok);
      const page = gas.doGet({ parameter: { check: "1" } }) as { getContent(): string };
      expect(page.getContent()).toMatch(/Баары иштейт/);
    });
    expect(env.spreadsheet.raw(SELF)!.shown(rowOf(env, SELF, "T003"), levelColumn(env, SELF, "3"))).toBe(2);
  } else {
    as(env, "z01@mektep12.kg", () => gas.menuPrivateMode());
    expect(env.alerts.at(-1)).toMatch(/купуя режим жок/);
  }
  checkedAgainstDiscovery(env);
}

/** The district office gathers three schools' applications. */
function district(target: "template" | "addon", locale: SheetsLocale): void {
  const env = districtOf(3, true);
  env.spreadsheet.locale = locale;
  env.target = target;
  const gas = loadBundle(env);
  env.email = "metodist@rayon.kg";
  env.spreadsheet.editors.push("metodist@rayon.kg");
  for (const school of env.created) school.viewers.push("metodist@rayon.kg");
  gas.menuDistrict();
  const answer = gas.sidebarCall("districtStep", [true], env.spreadsheet.getId()) as { status: string; data: { done: boolean } };
  expect(answer).toMatchObject({ status: "success", data: { done: true } });
  expect(env.spreadsheet.raw("Мектептер боюнча")!.lastRow()).toBe(4);
  checkedAgainstDiscovery(env);
}

describe.each(["template", "addon"] as const)("every step for every role in the %s", (target) => {
  it.each(["ru_RU", "en_US"] as const)("in a %s spreadsheet", (locale) => schoolYear(target, locale), 180_000);
  it.each(["ru_RU", "en_US"] as const)("the district's gathering in a %s spreadsheet", (locale) => district(target, locale));
});
