/**
 * ҮКӨ → «Google менен текшерүү»: the self-test a real deployment runs, here on the fakes in both
 * locales. It passes where everything is as the product needs it, and where something is not it
 * names the check and says what to do; it leaves no scratch tab behind.
 */
import { describe, expect, it } from "vitest";
import { loadBundle } from "../fakes/bundle";
import { demoEnv } from "../trust/gas";

function setUp(locale: "ru_RU" | "en_US", options: { sheetsApi?: "on" | "disabled" | "absent" } = {}) {
  const { env } = demoEnv(30);
  env.spreadsheet.locale = locale;
  if (options.sheetsApi) env.sheetsApiState = options.sheetsApi;
  const gas = loadBundle(env);
  env.email = "z01@mektep12.kg";
  gas.menuSetUp();
  const tabs = env.spreadsheet.sheets.map((s) => s.name);
  const run = () => {
    gas.menuSelfTest();
    return env.dialogs.at(-1)!.content;
  };
  return { env, gas, tabs, run };
}

/** The report's lines: mark, check, what it found, what to do. */
const text = (html: string) => html.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
const lines = (html: string) =>
  [...html.matchAll(/<li><b>(.) ([^<]+)<\/b>: ([^<]*)(?:<br><i>([^<]*)<\/i>)?<\/li>/g)].map((m) => ({ mark: m[1], name: text(m[2]), detail: text(m[3]), fix: text(m[4] ?? "") }));

describe("the self-test on Google", () => {
  it.each(["ru_RU", "en_US"] as const)("passes every check on a school set up in a %s spreadsheet, and leaves no tab behind", (locale) => {
    const { env, tabs, run } = setUp(locale);
    const report = run();
    expect(report).toMatch(/Баары иштейт\./);
    const checks = lines(report);
    expect(checks.map((c) => c.name)).toEqual([
      "Google Sheets API",
      "Таблицанын аймактык жөндөөсү (locale)",
      "Кулпу (эки адам бир убакта сактаганда)",
      "Убакыт алкагы",
      "ҮКӨнүн формулалары",
      "Шарттуу форматтоо (айырмалардын түсү)",
      "Барактардын корголушу",
    ]);
    expect(checks.every((c) => c.mark === "✓")).toBe(true);
    expect(checks[1].detail).toContain(locale);
    expect(checks[4].detail).toMatch(/айырма 1 .* деңгээл 2 .* шилтеме «ҮКӨ»/);
    expect(checks[3].detail).toMatch(/Asia\/Bishkek/);
    expect(env.spreadsheet.sheets.map((s) => s.name)).toEqual(tabs);
  });

  it("says in Russian what to do when the Sheets API is not enabled, and when the protections are not the roster's", () => {
    const { env, run } = setUp("ru_RU", { sheetsApi: "disabled" });
    env.locale = "ru_RU";
    const checks = lines(run());
    expect(checks[0]).toMatchObject({ mark: "✗", name: "Google Sheets API", detail: "Есть в скрипте, но не включён в проекте Google Cloud." });
    expect(checks[0].fix).toMatch(/Google Cloud console → APIs & Services → Library/);
    // The formulas are still checked, over SpreadsheetApp.
    expect(checks.find((c) => c.name === "Формулы ҮКӨ")!.mark).toBe("✓");
    expect(checks.find((c) => c.name === "Защита листов")!.mark).toBe("–");

    // A teacher added to the roster after set-up: their row is not theirs until set-up runs again.
    const on = setUp("ru_RU");
    on.env.locale = "ru_RU";
    const staff = on.env.spreadsheet.raw("Кызматкерлер")!;
    const last = staff.lastRow();
    const row = Array.from({ length: staff.lastCol() }, (_, c) => staff.shown(last, c + 1));
    staff.getRange(last + 1, 1, 1, row.length).setValues([row.map((v, c) => (c === 0 ? "T999" : c === 2 ? "t999@mektep12.kg" : v))]);
    on.gas.menuSetUp();
    on.env.protectedRanges = on.env.protectedRanges.slice(1);
    const stale = lines(on.run()).find((c) => c.name === "Защита листов")!;
    expect(stale.mark).toBe("✗");
    expect(stale.fix).toMatch(/Подготовить \/ восстановить таблицу/);
  });

  it("the web app checks its own context: a lock, the visitor known by their account, the spreadsheet", () => {
    const { env, gas } = setUp("ru_RU");
    env.webAppUrl = "https://script.google.com/macros/s/XYZ/exec";
    gas.menuPrivateMode();
    expect(env.dialogs.at(-1)!.content).toContain("?check=1");
    env.email = "t005@mektep12.kg";
    const known = lines((gas.doGet({ parameter: { check: "1" } }) as { getContent(): string }).getContent());
    expect(known.map((c) => c.mark)).toEqual(["✓", "✓", "✓"]);
    expect(known[1].detail).toContain("t005@mektep12.kg");
    // A visitor from outside the school's domain: Google does not give their e-mail to a web app run as its owner.
    env.email = "someone@gmail.com";
    const unknown = lines((gas.doGet({ parameter: { check: "1" } }) as { getContent(): string }).getContent());
    expect(unknown[1].mark).toBe("✗");
    expect(unknown[1].fix).toMatch(/Anyone within/);
  });
});
