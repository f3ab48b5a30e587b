import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { consolidate } from "../../src/core/district";
import { applicationFileJson, readApplicationTab } from "../../src/workbook/applicationFile";
import { renderApplicationTab } from "../../src/workbook/render/applicationTab";
import { XlsxWorkbookPort } from "../../src/xlsx/xlsxPort";
import { expectedSums, schoolApplication } from "../fixtures/schools";
import { TODAY } from "../helpers";

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
