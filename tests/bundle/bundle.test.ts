/**
 * The built Apps Script bundle itself (dist/Code.js), loaded into node:vm with the SpreadsheetApp
 * fake as its globals, as Apps Script would load it: no modules, only top-level functions.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeDemo } from "../../src/app/demoWorkbook";
import { inputTabNames, TAB_CHECK } from "../../src/workbook/schema";
import { GasEnvironment } from "../fakes/gas";
import { loadBundle } from "../fakes/bundle";
import { sheetsPort, TODAY } from "../helpers";

const CODE = readFileSync(join(__dirname, "../../dist/Code.js"), "utf8");

function load(env: GasEnvironment) {
  return loadBundle(env, CODE);
}

describe("dist/Code.js in a vm", () => {
  it("has no import/export and exposes the entry points as top-level functions", () => {
    expect(CODE).not.toMatch(/^\s*(import|export)\s/m);
    for (const name of ["onOpen", "onInstall", "menuSetUp", "menuCheck", "menuOpenSidebar", "menuGenerate", "menuExportApplication", "menuPlansPdf", "menuNewYear", "sidebarCall"]) {
      expect(CODE).toMatch(new RegExp(`^function ${name}\\(`, "m"));
    }
  });

  it("carries zod in its small form: zod/mini everywhere, none of zod's locales", () => {
    const src = join(__dirname, "../../src");
    const sources = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    const imports = sources.flatMap((f) => readFileSync(join(src, f), "utf8").match(/^import .* from "zod[^"]*";$/gm) ?? []);
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toBe('import * as z from "zod/mini";');
    // The German and Russian locales of zod, as a sample of the ~40 a `{ z }` import would bring.
    expect(CODE).not.toContain("Ungültige Eingabe");
    expect(CODE).not.toContain("Неверный ввод");
  });

  it("makes no service call when loaded, and onOpen in AuthMode.NONE only builds the add-on menu", () => {
    const env = new GasEnvironment();
    const gas = load(env);
    expect(env.calls).toEqual([]);
    gas.onOpen({ authMode: "NONE" });
    expect(env.calls.map((c) => `${c.target}.${c.method}`)).toEqual(["SpreadsheetApp.getUi", "Ui.createAddonMenu"]);
    expect(env.menus[0]).toMatchObject({ addon: true });
    expect(env.menus[0].items.map((i) => i.fn)).toEqual([
      "menuOpenSidebar",
      "menuSetUp",
      "menuCheck",
      "menuGenerate",
      "menuGenerateProvisional",
      "menuExportApplication",
      "menuPlansPdf",
      "menuNewYear",
      "menuPrivateMode",
      "menuDistrict",
      "menuSelfTest",
    ]);
    expect(env.menus[0].items[1].caption).toBe("Таблицаны даярдоо / оңдоо");
  });

  it("onOpen in a bound template adds the ҮКӨ menu in the user's language; onInstall calls onOpen", () => {
    const env = new GasEnvironment();
    env.locale = "ru_RU";
    const gas = load(env);
    gas.onOpen({ authMode: "LIMITED" });
    expect(env.menus[0]).toMatchObject({ title: "ҮКӨ", addon: false });
    expect(env.menus[0].items.map((i) => i.caption).slice(0, 4)).toEqual([
      "Открыть панель ҮКӨ",
      "Подготовить / восстановить таблицу",
      "Проверить записи",
      "Составить сводку, заявку и планы (4.1–4.5)",
    ]);
    gas.onInstall({ authMode: "FULL" });
    expect(env.menus).toHaveLength(2);
  });

  it("set-up creates the workbook; check finds poked entries and reports them with links to the cells", () => {
    const env = new GasEnvironment();
    const gas = load(env);
    gas.menuSetUp();
    // And the audit log, so that it is protected before anything is logged in it.
    expect(env.spreadsheet.sheets.map((s) => s.name)).toEqual([...inputTabNames(), "Журнал"]);
    expect(env.alerts[0]).toMatch(/Таблица даяр/);

    writeDemo(sheetsPort(env).port, TODAY);
    const sheet = env.spreadsheet.raw("2.1 Мугалим — өзүн баалоо")!;
    // A person typing into the grid: Sheets parses what they type.
    sheet.getRange(5, 3).setValues([["=1+1"]]);
    sheet.getRange(5, 4).setValues([["4"]]);
    sheet.getRange(5, 5).setValues([["'жок"]]);
    env.resetCalls();
    gas.menuCheck();
    const report = env.spreadsheet.raw(TAB_CHECK)!;
    const formulas = report.getRange(1, 1, report.lastRow(), 7).getFormulas();
    const values = report.getRange(1, 1, report.lastRow(), 7).getValues();
    const links = formulas.flat().filter((f) => f.startsWith("=HYPERLINK"));
    const gid = sheet.getSheetId();
    // Sent with ";" between arguments, which Sheets takes in every locale; the fake's spreadsheet is ru_RU.
    for (const cell of ["C5", "D5", "E5"]) expect(links).toContain(`=HYPERLINK("#gid=${gid}&range=${cell}";"${cell}")`);
    // The typed formula is shown in the report as text, never re-evaluated there.
    const shown = values.find((r) => r[1] === "C5")!;
    expect(shown[5]).toBe("=1+1");
    expect(formulas[values.indexOf(shown)][5]).toBe("");
    expect(env.alerts.at(-1)).toMatch(/^Каталар: \d+\./);
    expect(env.lockHeld).toBe(false);
  });

  it("uses the same number of service calls for set-up, check and generating everything at 30 and 300 staff", () => {
    const measure = (staff: number) => {
      const env = new GasEnvironment();
      // Calls are counted, not what formulas show (computing 300 staff's after each write costs seconds).
      env.evaluateFormulas = false;
      writeDemo(sheetsPort(env).port, TODAY, staff);
      const gas = load(env);
      const count = (action: string) => {
        env.resetCalls();
        gas[action]();
        return env.spreadsheetCalls();
      };
      return {
        setUp: count("menuSetUp"),
        check: count("menuCheck"),
        generate: count("menuGenerateProvisional"),
        people: env.spreadsheet.raw("Кызматкерлер")!.lastRow() - 2,
      };
    };
    const small = measure(30);
    const large = measure(300);
    expect(large.people).toBeGreaterThan(small.people * 5);
    expect(large).toEqual({ ...small, people: large.people });
    expect(small.setUp).toBeLessThan(800);
    expect(small.check).toBeLessThan(150);
    expect(small.generate).toBeLessThan(450);
  });

  it("generating refuses while levels are unresolved and lists them; provisional generation writes 4.2 and 4.3", () => {
    const env = new GasEnvironment();
    writeDemo(sheetsPort(env).port, TODAY);
    env.spreadsheet.sheets = env.spreadsheet.sheets.filter((s) => !s.name.startsWith("4."));
    const gas = load(env);
    gas.menuGenerate();
    expect(env.alerts.at(-1)).toMatch(/^Макулдашыла элек \d+ баа бар/);
    expect(env.alerts.at(-1)).toMatch(/…жана дагы \d+$/);
    expect(env.spreadsheet.raw("4.2 Жыйынды")).toBeUndefined();
    gas.menuGenerateProvisional();
    expect(env.spreadsheet.raw("4.2 Жыйынды")!.peek(2, 1)!.value).toMatch(/^ШАРТТУУ ВАРИАНТ/);
    expect(env.spreadsheet.raw("4.3 Өтүнмө")!.peek(2, 1)!.value).toMatch(/^ШАРТТУУ ВАРИАНТ/);
    expect(env.spreadsheet.sheets.map((s) => s.name).slice(-5)).toEqual(["4.1 Жеке пландар", "4.2 Жыйынды", "4.3 Өтүнмө", "4.4 Жылдык план", "4.5 Сааттар"]);
  });

  it("exports the application to its own spreadsheet, shared read-only, with xlsx and PDF links", () => {
    const env = new GasEnvironment();
    const { port } = sheetsPort(env);
    writeDemo(port, TODAY);
    // Record an agreed level for every difference, so the application is final.
    const agreementTabs = ["Макулдашуу — мугалим", "Макулдашуу — жетекчи", "Макулдашуу — деректир"];
    for (const name of agreementTabs) {
      const sheet = env.spreadsheet.raw(name)!;
      for (let r = 5; r <= sheet.lastRow(); r++) {
        const agreed = sheet.peek(r, 9);
        if (!agreed?.formula) continue;
        const sup = sheet.peek(r, 7)?.value;
        sheet.cell(r, 9).formula = "";
        sheet.cell(r, 9).value = 2;
        void sup;
      }
    }
    const gas = load(env);
    env.promptAnswers.push({ text: "not-an-address", button: "OK" });
    gas.menuExportApplication();
    expect(env.alerts.at(-1)).toMatch(/«not-an-address» — e-mail дареги эмес/);
    expect(env.created).toHaveLength(0);

    env.promptAnswers.push({ text: "metodist@rayon.kg, ippk@edu.kg", button: "OK" });
    gas.menuExportApplication();
    expect(env.created).toHaveLength(1);
    const exported = env.created[0];
    expect(exported.name).toBe("Ж. Баласагын атындагы №12 орто мектеби — өтүнмө 2026-2027");
    expect(exported.sheets.map((s) => s.name)).toEqual(["4.3 Өтүнмө"]);
    expect(exported.viewers).toEqual(["metodist@rayon.kg", "ippk@edu.kg"]);
    const dialog = env.dialogs.at(-1)!.content;
    expect(dialog).toContain(`https://docs.google.com/spreadsheets/d/${exported.id}/export?format=xlsx`);
    expect(dialog).toMatch(/format=pdf&amp;size=A4&amp;portrait=false&amp;fitw=true&amp;gridlines=false&amp;fzr=true&amp;gid=\d+/);
    const sheet = exported.sheets[0];
    expect(sheet.frozenRows).toBe(8);
    const text = [...sheet.cells.values()].map((c) => String(c.value)).join("\n");
    for (const person of env.spreadsheet.raw("Кызматкерлер")!.getRange(3, 2, 60, 1).getValues().flat()) {
      expect(text).not.toContain(String(person));
    }
  });

  it("ҮКӨ → start the new school year asks first, archives the year into Тарых, and next time offers the year after", () => {
    const env = new GasEnvironment();
    writeDemo(sheetsPort(env).port, TODAY);
    const gas = load(env);
    const year = () => {
      const settings = env.spreadsheet.raw("Мектеп")!;
      return settings.getRange(1, 1, settings.lastRow(), 3).getValues().find((r) => r[2] === "year")![1];
    };
    expect(year()).toBe("2026-2027");
    env.alertAnswers.push("NO");
    gas.menuNewYear();
    expect(env.alerts.at(-2)).toMatch(/^2026-2027 окуу жылынын баалары.*Жаңы окуу жылы — 2027-2028/);
    expect(env.alerts.at(-1)).toBe("Жаңы окуу жылы башталган жок: эч нерсе өзгөргөн жок.");
    expect(env.spreadsheet.raw("Тарых")).toBeUndefined();
    env.alertAnswers.push("YES");
    gas.menuNewYear();
    expect(env.alerts.at(-1)).toMatch(/^2026-2027 окуу жылы «Тарых» барагына сакталды/);
    expect(year()).toBe("2027-2028");
    const history = env.spreadsheet.raw("Тарых")!;
    expect(history.peek(3, 1)!.value).toBe("2026-2027");
    expect(env.lockHeld).toBe(false);
    // Pressed again right after: 2027-2028 has not begun, so it says so, asks nothing and changes nothing.
    const rows = history.lastRow();
    const alerts = env.alerts.length;
    gas.menuNewYear();
    expect(env.alerts.length).toBe(alerts + 1);
    expect(env.alerts.at(-1)).toMatch(/^2027-2028 окуу жылы 2027-09-01 күнү гана башталат/);
    expect(history.lastRow()).toBe(rows);
    expect(year()).toBe("2027-2028");
  });

  it("refuses to run while someone else holds the lock, with a clear message and nothing changed", () => {
    const env = new GasEnvironment();
    const gas = load(env);
    env.lockAvailable = false;
    gas.menuSetUp();
    expect(env.alerts.at(-1)).toMatch(/^Башка бирөө азыр таблицаны өзгөртүп жатат/);
    expect(env.spreadsheet.sheets).toHaveLength(0);
  });
});

describe("individual plans as PDFs in Sheets", () => {
  it("links each person's block of the 4.1 tab as its own PDF", () => {
    const env = new GasEnvironment();
    writeDemo(sheetsPort(env).port, TODAY);
    const gas = load(env);
    gas.menuPlansPdf();
    const dialog = env.dialogs.at(-1)!.content;
    const links = [...dialog.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
    expect(links).toHaveLength(60);
    const gid = env.spreadsheet.raw("4.1 Жеке пландар")!.getSheetId();
    const ranges = links.map((l) => /gid=(\d+)&range=B(\d+):H(\d+)$/.exec(l)!);
    expect(ranges.every((m) => Number(m[1]) === gid)).toBe(true);
    for (let i = 1; i < ranges.length; i++) expect(Number(ranges[i][2])).toBe(Number(ranges[i - 1][3]) + 1);
    const sheet = env.spreadsheet.raw("4.1 Жеке пландар")!;
    expect(sheet.peek(Number(ranges[0][2]), 1)!.value).toMatch(/^T\|plan:/);
  });
});

describe("the sidebar's server function in the bundle", () => {
  it("identifies the user by their account, lets a teacher save only their own row, and refuses the rest", () => {
    const env = new GasEnvironment();
    writeDemo(sheetsPort(env).port, TODAY);
    env.spreadsheet.editors.push("t005@mektep12.kg");
    const gas = load(env);
    env.email = "t005@mektep12.kg";
    const state = gas.sidebarCall("state", []) as { status: string; data: { identity: { id: string }; views: Record<string, boolean> } };
    expect(state.data.identity.id).toBe("T005");
    expect(state.data.views).toEqual({ own: true, portfolio: true, supervisor: false, dashboard: false });
    const sheet = env.spreadsheet.raw("2.1 Мугалим — өзүн баалоо")!;
    const before = sheet.getRange(1, 1, sheet.lastRow(), sheet.lastCol()).getValues();
    const answer = gas.sidebarCall("saveOwn", ["teacher", { levels: { "1": 3 }, comments: { "1": "=HYPERLINK(\"http://x\")" }, needs: [], career: "", roles: "", comment: "" }]);
    expect(answer).toEqual({ status: "success", data: undefined });
    const after = sheet.getRange(1, 1, sheet.lastRow(), sheet.lastCol()).getValues();
    const row = before.findIndex((r) => r[0] === "T005");
    expect(after[row][2]).toBe(3);
    expect(after[row][24]).toBe('=HYPERLINK("http://x")');
    expect(sheet.peek(row + 1, 25)!.formula).toBe("");
    after.forEach((r, i) => i !== row && expect(r).toEqual(before[i]));
    // Not their supervisor, not the завуч: refused.
    expect(gas.sidebarCall("saveSupervisor", ["T006", "teacher", { levels: { "1": 1 }, comments: {} }])).toEqual({ status: "error", type: "forbidden" });
    expect(gas.sidebarCall("dashboard", [])).toEqual({ status: "error", type: "forbidden" });
    expect(gas.sidebarCall("savePortfolio", ["T006", { "I.1": "x" }])).toEqual({ status: "error", type: "forbidden" });
    expect(gas.sidebarCall("saveObservation", [{ teacherId: "T006", date: "2026-11-20", className: "", subject: "", topic: "", sections: ["I"], answers: {}, grades: { I: "meets" }, strengths: "", advice: "" }])).toEqual({ status: "error", type: "forbidden" });
    expect(gas.sidebarCall("saveOwn", ["teacher", { levels: { "1": 4 } }])).toEqual({ status: "error", type: "bad_request" });
    expect(gas.sidebarCall("drop tables", [])).toEqual({ status: "error", type: "bad_request" });
    // Every argument is checked against its schema before anything is read.
    const form = { levels: { "1": 3 }, comments: {}, needs: [], career: "", roles: "", comment: "" };
    for (const args of [
      ["teacher", { ...form, comment: "x".repeat(2001) }],
      ["teacher", { ...form, levels: { "1a": 3 } }],
      ["teacher", { ...form, needs: ["a", "b", "c", "d"] }],
      ["principal", form],
      ["teacher", form, "extra"],
    ]) {
      expect(gas.sidebarCall("saveOwn", args), JSON.stringify(args).slice(0, 80)).toEqual({ status: "error", type: "bad_request" });
    }
    expect(gas.sidebarCall("saveAgreement", ["T005", "teacher", { agreed: {}, priorities: ["1", "2", "3", "4", "5"] }])).toEqual({ status: "error", type: "bad_request" });
    expect(gas.sidebarCall("districtStep", ["yes"])).toEqual({ status: "error", type: "bad_request" });
    expect(gas.sidebarCall("goTo", ["Кызматкерлер", "A1; DROP"])).toEqual({ status: "error", type: "bad_request" });
    env.lockAvailable = false;
    expect(gas.sidebarCall("saveOwn", ["teacher", { levels: {}, comments: {}, needs: [], career: "", roles: "", comment: "" }])).toEqual({ status: "error", type: "busy" });
  });

  it("a user with no e-mail picks themselves once and it is remembered for them", () => {
    const env = new GasEnvironment();
    writeDemo(sheetsPort(env).port, TODAY);
    env.spreadsheet.editors.push("d01@mektep12.kg");
    const gas = load(env);
    // A consumer account: Google does not give its e-mail, and its user properties are its own.
    env.actor = "d01@mektep12.kg";
    const first = gas.sidebarCall("state", []) as { data: { identity: { kind: string; candidates: unknown[] } } };
    expect(first.data.identity.kind).toBe("pick");
    expect(first.data.identity.candidates).toHaveLength(60);
    expect(gas.sidebarCall("pick", ["D01"])).toEqual({ status: "success", data: undefined });
    expect(env.userProperties.get("ukoo.person")).toBe("D01");
    const again = gas.sidebarCall("state", []) as { data: { identity: { id: string }; views: Record<string, boolean> } };
    expect(again.data.identity.id).toBe("D01");
    expect(again.data.views.supervisor).toBe(true);
    env.email = "d01@mektep12.kg";
    expect(gas.sidebarCall("pick", ["Z01"])).toEqual({ status: "error", type: "forbidden" });
  });
});
