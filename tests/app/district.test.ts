import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { districtListTab, gatherStep, readReceived, TAB_RECEIVED, textParts, type Cursor } from "../../src/app/districtGather";
import { consolidate, type SchoolApplication } from "../../src/core/district";
import { applicationFileJson, readApplicationTab } from "../../src/workbook/applicationFile";
import type { CellInput, Scalar, TabData, WorkbookPort } from "../../src/workbook/port";
import { renderApplicationTab } from "../../src/workbook/render/applicationTab";
import { XlsxWorkbookPort } from "../../src/xlsx/xlsxPort";
import { GasEnvironment } from "../fakes/gas";
import { CELL_CHARACTERS } from "../fakes/limits";
import { expectedSums, schoolApplication, schoolWithNeeds } from "../fixtures/schools";
import { sheetsApiPort, sheetsPort, TODAY } from "../helpers";

const settingsOf = (app: ReturnType<typeof schoolApplication>) => ({ ...app.school, language: "ky" as const, priorityCount: 3, summaryDepartment: "", pupils: "", planTasks: 4, minimumHours: 72, maxDistancePercent: 15 });

describe("the district's consolidation", () => {
  it("adds up applications exactly, and a school sent twice counts once", () => {
    const apps = Array.from({ length: 30 }, (_, i) => schoolApplication(i));
    const district = consolidate([...apps, apps[3]]);
    const expected = expectedSums(apps);
    expect(district.schools).toHaveLength(30);
    expect(district.teachers).toBe(expected.teachers);
    expect(district.totals.total).toBe(expected.total);
    for (const row of district.rows) {
      expect(row.total, row.competency).toBe(expected.rows[row.competency].total);
      for (const [s, n] of Object.entries(row.bySubject)) expect(n, `${row.competency} ${s}`).toBe(expected.rows[row.competency][s] ?? 0);
    }
    expect(district.leader).toEqual(Object.fromEntries(Object.entries(expected.leader).sort(([a], [b]) => Number(a.slice(2)) - Number(b.slice(2)))));
  });

  it("reads an exported application workbook back into the same numbers", async () => {
    const app = schoolApplication(7);
    const port = XlsxWorkbookPort.empty();
    port.writeTab(renderApplicationTab(app.application, settingsOf(app), "ky", { now: TODAY, provisional: null }));
    const back = readApplicationTab((await XlsxWorkbookPort.fromBuffer(await port.toBuffer())).readTab("4.3 Өтүнмө"), "x.xlsx");
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.value.school).toMatchObject({ name: "№7 мектеп", code: "S0007", year: "2026-2027" });
    expect(back.value.application.rows).toEqual(app.application.rows.map((r) => ({ ...r, bySubject: Object.fromEntries(back.value.application.subjects.map((s) => [s, r.bySubject[s] ?? 0])) })));
    expect(back.value.application.totals.total).toBe(app.application.totals.total);
    expect(back.value.application.leader).toEqual(app.application.leader);
    expect(back.value.application.director).toEqual(app.application.director);
    expect(back.value.application.other.map((o) => [o.text, o.total])).toEqual(app.application.other.map((o) => [o.text, o.total]));
  });

  it("reads a blank header field as blank, not as the next label", () => {
    const app = schoolApplication(2);
    const port = XlsxWorkbookPort.empty();
    port.writeTab(renderApplicationTab(app.application, { ...settingsOf(app), name: "", code: "", contact: "" }, "ky", { now: TODAY, provisional: null }));
    const back = readApplicationTab(port.readTab("4.3 Өтүнмө"), "x.xlsx");
    expect(back.ok && back.value.school).toMatchObject({ name: "", code: "", contact: "" });
  });

  it("ukoo district sums 200 school files (.json and .xlsx) exactly, lists the unreadable, and prints its time", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ukoo-district-"));
    const apps = Array.from({ length: 200 }, (_, i) => schoolApplication(i));
    const files: string[] = [];
    for (const [i, app] of apps.entries()) {
      if (i % 4 === 0) {
        const port = XlsxWorkbookPort.empty();
        port.writeTab(renderApplicationTab(app.application, settingsOf(app), "ky", { now: TODAY, provisional: null }));
        files.push(join(dir, `school-${i}.xlsx`));
        await port.save(files.at(-1)!);
      } else {
        files.push(join(dir, `school-${i}.json`));
        writeFileSync(files.at(-1)!, JSON.stringify(applicationFileJson(app.school, app.application, "2026-11-23")));
      }
    }
    writeFileSync(join(dir, "broken.json"), "{ not json");
    writeFileSync(join(dir, "other.json"), JSON.stringify({ hello: 1 }));
    const r = spawnSync(process.execPath, [join(__dirname, "../../bin/ukoo.cjs"), "district", ...files, join(dir, "broken.json"), join(dir, "other.json"), join(dir, "nope.xlsx"), "--out", join(dir, "district.xlsx"), "--json", "--long", join(dir, "rows.ndjson")], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/200 мектептин өтүнмөсү кошулду, 3 файл окулбады \(\d+\.\d сек\)/);
    const json = JSON.parse(r.stdout);
    const expected = expectedSums(apps);
    expect(json.schools).toHaveLength(200);
    expect(json.application.teachers).toBe(expected.teachers);
    expect(json.application.totals.total).toBe(expected.total);
    for (const row of json.application.rows) {
      expect(row.total).toBe(expected.rows[row.competency].total);
      for (const [s, n] of Object.entries(row.bySubject)) expect(n).toBe(expected.rows[row.competency][s] ?? 0);
    }
    expect(json.errors.map((e: { reason: string }) => e.reason)).toEqual(["not_json", "not_application", "cannot_read"]);
    const long = readFileSync(join(dir, "rows.ndjson"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(long.filter((x) => x.framework === "teacher" && !String(x.competency).startsWith("other")).reduce((n, x) => n + x.count, 0)).toBe(
      Object.values(expected.rows).reduce((n, r) => n + r.total, 0),
    );
    const district = await XlsxWorkbookPort.load(join(dir, "district.xlsx"));
    expect(district.tabNames()).toEqual(["4.3 Өтүнмө", "Мектептер боюнча", "Окулбаган файлдар"]);
    const total = district.readTab("4.3 Өтүнмө")!.values.find((row) => row[1] === "БААРДЫГЫ:")!;
    expect(total[2]).toBe(expected.total);
    // The header is the district's: its name, the number of schools, all their teachers.
    const header = district.readTab("4.3 Өтүнмө")!.values.slice(0, 6);
    expect(header[0][0]).toBe("4.3-курал. 2026-2027-окуу жылы окуудан өтүү жөнүндө райондун (шаардын) мектептеринин жыйынды өтүнмөсү");
    expect(header.find((r) => r[0] === "Район / шаар:")![1]).toBe("Сокулук району");
    expect(header.find((r) => r[0] === "Мектептердин саны:")![1]).toBe(200);
    expect(header.find((r) => r.includes("Мугалимдердин жалпы саны:"))!.filter((x) => typeof x === "number")).toEqual([expected.teachers]);
    // Each school's row says which file its numbers came from.
    const bySchool = district.readTab("Мектептер боюнча")!.values;
    expect(bySchool[0].at(-1)).toBe("Файл / шилтеме");
    expect(bySchool.find((row) => row[1] === "S0005")!.at(-1)).toBe(files[5]);
  });
});

/** A school's application tab as the district reads it from the school's spreadsheet. */
function applicationTab(app: SchoolApplication): TabData {
  const port = XlsxWorkbookPort.empty();
  port.writeTab(renderApplicationTab(app.application, settingsOf(app), "ky", { now: TODAY, provisional: null }));
  return port.readTab("4.3 Өтүнмө")!;
}

/**
 * A district spreadsheet in Google's fakes (which refuse a cell of more than 50,000 characters as
 * Google does) gathering `apps`. Each step runs on a fresh port, as a later execution would.
 */
function districtOf(api: boolean, apps: SchoolApplication[]) {
  const env = new GasEnvironment();
  const fresh = (): WorkbookPort & { flush?: () => unknown } => (api ? sheetsApiPort(env).port : sheetsPort(env).port);
  const tabs = new Map(apps.map((app) => [`https://docs.google.com/spreadsheets/d/${app.source}/edit`, applicationTab(app)]));
  const urls = [...tabs.keys()];
  // What the district gets from each link: the application as read from its tab.
  const expected = urls.map((url) => {
    const read = readApplicationTab(tabs.get(url)!, url);
    if (!read.ok) throw new Error(read.reason);
    return read.value;
  });
  const opened: string[] = [];
  let cursor: Cursor | null = null;
  const setup = fresh();
  setup.writeTab(districtListTab("ky", urls));
  setup.flush?.();
  const step = (options: { restart?: boolean; maxSchools?: number } = {}) => {
    // A minute apart, as the sidebar paces them: the API's per-user quota has room again.
    env.clock.advance(60_000);
    const port = fresh();
    const result = gatherStep(
      {
        port,
        openApplication: (url) => (opened.push(url), tabs.get(url) ?? "cannot_read"),
        getCursor: () => cursor,
        setCursor: (c) => (cursor = c),
        now: () => TODAY,
        elapsed: () => 0,
      },
      { maxSchools: 25, budgetMs: 240_000, lang: "ky", ...options },
    );
    port.flush?.();
    return result;
  };
  const received = () => fresh().readTab(TAB_RECEIVED)!.values;
  const rewrite = (rows: Scalar[][]) => {
    const port = fresh();
    port.writeTab({ name: TAB_RECEIVED, cells: rows as CellInput[][], frozenRows: 1 });
    port.flush?.();
  };
  const total = () => fresh().readTab("4.3 Өтүнмө")!.values.find((r) => r[1] === "БААРДЫГЫ:")![2];
  return { env, urls, expected, opened, step, fresh, received, rewrite, total, setCursor: (c: Cursor | null) => (cursor = c) };
}

const longest = (rows: Scalar[][]) => Math.max(...rows.flat().map((v) => String(v ?? "").length));

describe.each([
  ["SpreadsheetApp", false],
  ["Sheets API", true],
])("the district's gathered applications in Google Sheets (%s)", (_, api) => {
  it("keeps an application of more than 50,000 characters in parts under the cell limit, reads it back the same, and adds it up", () => {
    // 150 staff whose teachers wrote 120 characters of subject needs each.
    const d = districtOf(api, [schoolApplication(0), schoolWithNeeds(1, 150, 150, 120), schoolApplication(2)]);
    const big = d.expected[1];
    expect(JSON.stringify(big).length).toBeGreaterThan(CELL_CHARACTERS);
    expect(d.step({ restart: true })).toMatchObject({ done: true, schools: 3, errors: 0 });

    const rows = d.received();
    expect(rows[0]).toEqual(["key", "source", "part", "parts", "application", "error"]);
    expect(longest(rows)).toBeLessThanOrEqual(CELL_CHARACTERS);
    const parts = rows.filter((r) => r[0] === "code:S0001");
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((r) => [r[2], r[3]])).toEqual(parts.map((_, i) => [i + 1, parts.length]));
    expect(readReceived(d.fresh()).received.get("code:S0001")!.app).toEqual(big);
    // Rows sorted by hand still read: each says which part it is.
    d.rewrite([rows[0], ...rows.slice(1).reverse()]);
    const again = readReceived(d.fresh());
    expect(again.damaged.size).toBe(0);
    expect([...again.received.values()].map((r) => r.app)).toEqual(expect.arrayContaining(d.expected));

    expect(d.total()).toBe(consolidate(d.expected).totals.total);
    const district = d.fresh().readTab("4.3 Өтүнмө")!.values;
    // Its "Башка" rows, numbered on from 23 as in the form.
    for (const need of big.application.other) expect(district.some((r) => String(r[1]).endsWith(`. ${need.text}`)), need.text).toBe(true);
  });

  it("stores a school of 2,000 staff with 2,000 distinct needs of 300 characters", () => {
    const d = districtOf(api, [schoolWithNeeds(0, 2000, 2000, 300), schoolApplication(1)]);
    expect(JSON.stringify(d.expected[0]).length).toBeGreaterThan(20 * CELL_CHARACTERS);
    // In two steps: the second adds up what the first stored.
    expect(d.step({ restart: true, maxSchools: 1 })).toMatchObject({ done: false, next: 1 });
    expect(d.step()).toMatchObject({ done: true, schools: 2 });
    expect(d.opened).toEqual(d.urls);
    expect(longest(d.received())).toBeLessThanOrEqual(CELL_CHARACTERS);
    expect(readReceived(d.fresh()).received.get("code:S0000")!.app).toEqual(d.expected[0]);
    expect(d.total()).toBe(consolidate(d.expected).totals.total);
    expect(d.fresh().readTab("4.3 Өтүнмө")!.values.filter((r) => String(r[1] ?? "").includes("Функционалдык сабаттуулукту"))).toHaveLength(2000);
  });

  it("still reads a spreadsheet gathered before parts: one cell per application", () => {
    const d = districtOf(api, [schoolApplication(0), schoolApplication(1)]);
    d.rewrite([
      ["key", "source", "application", "error"],
      ["code:S0000", d.urls[0], JSON.stringify(d.expected[0]), null],
      ["failed:https://docs.google.com/spreadsheets/d/gone/edit", "https://docs.google.com/spreadsheets/d/gone/edit", null, "cannot_read"],
    ]);
    const old = readReceived(d.fresh());
    expect(old.damaged.size).toBe(0);
    expect(old.received.get("code:S0000")!.app).toEqual(d.expected[0]);
    expect(old.received.get("failed:https://docs.google.com/spreadsheets/d/gone/edit")!.error).toEqual({ source: "https://docs.google.com/spreadsheets/d/gone/edit", reason: "cannot_read" });
    // The first school was gathered then; the gathering goes on with the second.
    d.setCursor({ next: 1, total: 2 });
    expect(d.step()).toMatchObject({ done: true, schools: 2 });
    expect(d.opened).toEqual([d.urls[1]]);
    expect(d.total()).toBe(consolidate(d.expected).totals.total);
    expect(d.received()[0][2]).toBe("part");
  });

  it.each([
    ["a part lost", (rows: Scalar[][]) => rows.filter((r) => !(r[0] === "code:S0000" && r[2] === 2))],
    ["a part that does not parse", (rows: Scalar[][]) => rows.map((r) => (r[0] === "code:S0000" && r[2] === 2 ? [...r.slice(0, 4), "}{", null] : r))],
    ["a part counted wrong", (rows: Scalar[][]) => rows.map((r) => (r[0] === "code:S0000" && r[2] === 1 ? [...r.slice(0, 3), 99, ...r.slice(4)] : r))],
  ])("%s: that school is gathered again, and the totals stay whole", (_, damage) => {
    const d = districtOf(api, [schoolWithNeeds(0, 150, 150, 120), schoolApplication(1), schoolApplication(2)]);
    expect(d.step({ restart: true, maxSchools: 2 })).toMatchObject({ done: false, next: 2 });
    d.rewrite(damage(d.received()));
    const damaged = readReceived(d.fresh());
    expect([...damaged.damaged]).toEqual([d.urls[0]]);
    expect(damaged.received.has("code:S0000")).toBe(false);
    // The pass goes back to the damaged school and on from there.
    d.opened.length = 0;
    expect(d.step({ maxSchools: 2 })).toMatchObject({ done: false, next: 2 });
    expect(d.opened).toEqual(d.urls.slice(0, 2));
    expect(d.step({ maxSchools: 2 })).toMatchObject({ done: true, schools: 3 });
    expect(readReceived(d.fresh()).received.get("code:S0000")!.app).toEqual(d.expected[0]);
    expect(d.total()).toBe(consolidate(d.expected).totals.total);
  });
});

describe("cutting a record into parts", () => {
  it("never cuts between the two halves of a character outside the BMP", () => {
    expect(textParts("a🙂b🙂", 2)).toEqual(["a", "🙂", "b", "🙂"]);
    const text = `x${"🙂".repeat(30_000)}`;
    const parts = textParts(text);
    expect(parts.join("")).toBe(text);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(CELL_CHARACTERS);
      // A lone half of a surrogate pair is not text: encoding it throws.
      expect(() => encodeURIComponent(part)).not.toThrow();
    }
  });
});
