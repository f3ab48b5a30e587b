/**
 * The built Apps Script bundle itself (dist/Code.js), loaded into node:vm with the SpreadsheetApp
 * fake as its globals, as Apps Script would load it: no modules, only top-level functions.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { writeDemo } from "../../src/app/demoWorkbook";
import { inputTabNames, TAB_CHECK } from "../../src/workbook/schema";
import { GasEnvironment } from "../fakes/gas";
import { sheetsPort, TODAY } from "../helpers";

const CODE = readFileSync(join(__dirname, "../../dist/Code.js"), "utf8");

function load(env: GasEnvironment) {
  const context = vm.createContext({ ...env.globals(), console });
  vm.runInContext(CODE, context, { filename: "Code.js" });
  return context as unknown as Record<string, (...args: unknown[]) => unknown>;
}

describe("dist/Code.js in a vm", () => {
  it("has no import/export and exposes the entry points as top-level functions", () => {
    expect(CODE).not.toMatch(/^\s*(import|export)\s/m);
    for (const name of ["onOpen", "onInstall", "menuSetUp", "menuCheck", "menuOpenSidebar", "sidebarGetState", "sidebarRun"]) {
      expect(CODE).toMatch(new RegExp(`^function ${name}\\(`, "m"));
    }
  });

  it("makes no service call when loaded, and onOpen in AuthMode.NONE only builds the add-on menu", () => {
    const env = new GasEnvironment();
    const gas = load(env);
    expect(env.calls).toEqual([]);
    gas.onOpen({ authMode: "NONE" });
    expect(env.calls.map((c) => `${c.target}.${c.method}`)).toEqual(["SpreadsheetApp.getUi", "Ui.createAddonMenu"]);
    expect(env.menus[0]).toMatchObject({ addon: true });
    expect(env.menus[0].items.map((i) => i.fn)).toEqual(["menuOpenSidebar", "menuSetUp", "menuCheck"]);
    expect(env.menus[0].items[1].caption).toBe("Таблицаны даярдоо / оңдоо");
  });

  it("onOpen in a bound template adds the ҮКӨ menu in the user's language; onInstall calls onOpen", () => {
    const env = new GasEnvironment();
    env.locale = "ru_RU";
    const gas = load(env);
    gas.onOpen({ authMode: "LIMITED" });
    expect(env.menus[0]).toMatchObject({ title: "ҮКӨ", addon: false });
    expect(env.menus[0].items.map((i) => i.caption)).toEqual(["Открыть панель ҮКӨ", "Подготовить / восстановить таблицу", "Проверить записи"]);
    gas.onInstall({ authMode: "FULL" });
    expect(env.menus).toHaveLength(2);
  });

  it("set-up creates the workbook; check finds poked entries and reports them with links to the cells", () => {
    const env = new GasEnvironment();
    const gas = load(env);
    gas.menuSetUp();
    expect(env.spreadsheet.sheets.map((s) => s.name)).toEqual(inputTabNames());
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
    for (const cell of ["C5", "D5", "E5"]) expect(links).toContain(`=HYPERLINK("#gid=${gid}&range=${cell}","${cell}")`);
    // The typed formula is shown in the report as text, never re-evaluated there.
    const shown = values.find((r) => r[1] === "C5")!;
    expect(shown[5]).toBe("=1+1");
    expect(formulas[values.indexOf(shown)][5]).toBe("");
    expect(env.alerts.at(-1)).toMatch(/^Каталар: \d+\./);
    expect(env.lockHeld).toBe(false);
  });

  it("uses the same number of service calls for set-up and check at 30 and 90 staff", () => {
    const measure = (staff: number) => {
      const env = new GasEnvironment();
      writeDemo(sheetsPort(env).port, TODAY, staff);
      const gas = load(env);
      env.resetCalls();
      gas.menuSetUp();
      const setUp = env.spreadsheetCalls();
      env.resetCalls();
      gas.menuCheck();
      return { setUp, check: env.spreadsheetCalls(), people: env.spreadsheet.raw("Кызматкерлер")!.lastRow() - 2 };
    };
    const small = measure(30);
    const large = measure(90);
    expect(large.people).toBeGreaterThan(small.people * 2);
    expect(large.setUp).toBe(small.setUp);
    expect(large.check).toBe(small.check);
    expect(small.setUp).toBeLessThan(800);
    expect(small.check).toBeLessThan(150);
  });

  it("refuses to run while someone else holds the document lock, with a clear message", () => {
    const env = new GasEnvironment();
    const gas = load(env);
    env.lockAvailable = false;
    expect(() => gas.menuSetUp()).toThrow("Башка бирөө азыр таблицаны өзгөртүп жатат");
  });
});
