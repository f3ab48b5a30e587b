/** The `ukoo` command as a user runs it: the built bin, real files, exit codes. */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { XlsxWorkbookPort } from "../../src/xlsx/xlsxPort";
import { COURSES, PRIORITIES, ratingsCsv, SCHOOL, STAFF } from "../fixtures/knownSchool";

const BIN = join(__dirname, "../../bin/ukoo.cjs");
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
const hash = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const tmp = () => mkdtempSync(join(tmpdir(), "ukoo-"));

describe("ukoo", () => {
  it("frameworks --json prints the three frameworks in the documented shape", () => {
    const r = run("frameworks", "--json");
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.teacher.domains.flatMap((d: { competencies: unknown[] }) => d.competencies)).toHaveLength(22);
    expect(json.leader.domains[1].competencies[6]).toMatchObject({ n: "1.11" });
    expect(json.director.domains.map((d: { name: string }) => d.name)[0]).toBe("Тескөө жана каржылоо");
    expect(json.teacher.domains[0].competencies[0].descriptors.low[0]).toMatch(/^а\) /);
  });

  it("demo writes a workbook whose check exits 1 and lists the invalid entries (JSON and text, ky and ru)", () => {
    const dir = tmp();
    const file = join(dir, "demo.xlsx");
    const demo = run("demo", file, "--data", join(dir, "data"));
    expect(demo.status).toBe(0);
    expect(existsSync(join(dir, "data", "staff.csv"))).toBe(true);
    const json = run("check", file, "--json", "--lang", "ru");
    expect(json.status).toBe(1);
    const result = JSON.parse(json.stdout);
    expect(Object.keys(result)).toEqual(["problems", "disagreements", "missing", "warnings"]);
    expect(Object.keys(result.problems[0])).toEqual(["tab", "cell", "person_id", "framework", "competency", "value", "message"]);
    expect(result.problems.map((p: { value: string }) => p.value)).toEqual(["4", "жакшы", "=1+2", "2.5", "0", ""]);
    expect(result.problems[0].message).toMatch(/такого уровня нет/);
    expect(Object.keys(result.missing[0])).toEqual(["person_id", "framework", "competency", "rater"]);
    const text = run("check", file);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/2\.1 Мугалим — өзүн баалоо!G10 .*«4» — мындай деңгээл жок/);
  });

  it("check exits 0 when there are only differences and missing ratings", () => {
    const dir = tmp();
    const file = join(dir, "s.xlsx");
    const data = join(dir, "data");
    expect(run("demo", join(dir, "demo.xlsx"), "--data", data).status).toBe(0);
    const staff = readFileSync(join(data, "staff.csv"), "utf8").replace(/^(T012,[^\n]*,)(,[^,\n]*)$/m, "$1D01$2");
    writeFileSync(join(data, "staff.csv"), staff);
    const imported = run("import", file, "--school", join(data, "school.json"), "--staff", join(data, "staff.csv"), "--ratings", join(data, "ratings.csv"));
    expect(imported.stderr).toBe("");
    expect(imported.status).toBe(0);
    const r = run("check", file, "--json");
    expect(JSON.parse(r.stdout).problems).toEqual([]);
    expect(JSON.parse(r.stdout).disagreements.length).toBeGreaterThan(0);
    expect(r.status).toBe(0);
  });

  it("import prints every bad line with file, line and reason, exits 1 and leaves the workbook untouched", () => {
    const dir = tmp();
    const file = join(dir, "s.xlsx");
    expect(run("init", file).status).toBe(0);
    const before = hash(file);
    writeFileSync(join(dir, "school.json"), JSON.stringify({ name: "Мектеп" }));
    writeFileSync(
      join(dir, "staff.csv"),
      "id,name,email,role,subjects,category,experience_years,last_course_year,supervisor_id,department\nT1,Айгүл,,мугалим,тарых,,,,D1,\nD1,Бакыт,,МУБ жетекчиси,тарых,,,,,\nT2,Жок,,кароолчу,тарых,,,,D1,\n",
    );
    writeFileSync(join(dir, "ratings.csv"), "person_id,framework,competency,rater,level,comment\nT1,teacher,1,self,5,\nT1,teacher,99,self,2,\n");
    const r = run("import", file, "--school", join(dir, "school.json"), "--staff", join(dir, "staff.csv"), "--ratings", join(dir, "ratings.csv"));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(dir, "staff.csv")}, 4-сап: Кызматы «кароолчу» таанылган жок`);
    expect(r.stderr).toContain(`${join(dir, "ratings.csv")}, 2-сап: деңгээл «5» туура эмес`);
    expect(r.stderr).toContain(`${join(dir, "ratings.csv")}, 3-сап: «99» teacher формасында жок`);
    expect(r.stderr).toMatch(/Импорт токтотулду: 3 ката табылды/);
    expect(hash(file)).toBe(before);
  });

  it("reads a CSV saved by Excel in Windows-1251 with ; separators", () => {
    const dir = tmp();
    const file = join(dir, "s.xlsx");
    writeFileSync(join(dir, "school.json"), JSON.stringify({ name: "Мектеп" }));
    const staff = "id;name;email;role;subjects;category;experience_years;last_course_year;supervisor_id;department\r\nD1;Иванова Ольга;;руководитель МО;русский язык;высшая;20;2021;;Русский язык\r\n";
    writeFileSync(join(dir, "staff.csv"), iconv.encode(staff, "win1251"));
    writeFileSync(join(dir, "ratings.csv"), "person_id,framework,competency,rater,level,comment\n");
    const r = run("import", file, "--school", join(dir, "school.json"), "--staff", join(dir, "staff.csv"), "--ratings", join(dir, "ratings.csv"));
    expect(r.stderr).toBe("");
    const check = JSON.parse(run("check", file, "--json").stdout);
    expect(check.missing.length).toBe(2 * (22 + 11));
    expect(check.problems[0].message).toMatch(/Иванова Ольга үчүн супервайзер/);
  });

  it("refuses a Windows-1251 CSV whose Kyrgyz letters Excel replaced with '?', and says how to save it", () => {
    const dir = tmp();
    const file = join(dir, "s.xlsx");
    writeFileSync(join(dir, "school.json"), JSON.stringify({ name: "Мектеп" }));
    const staff = "id;name;email;role;subjects;category;experience_years;last_course_year;supervisor_id;department\r\nD1;Өмүрбекова Гүлүмкан;;МУБ жетекчиси;кыргыз тили;жогорку;20;2021;;Тил\r\n";
    writeFileSync(join(dir, "staff.csv"), iconv.encode(staff, "win1251"));
    writeFileSync(join(dir, "ratings.csv"), "person_id,framework,competency,rater,level,comment\n");
    const r = run("import", file, "--school", join(dir, "school.json"), "--staff", join(dir, "staff.csv"), "--ratings", join(dir, "ratings.csv"), "--lang", "ru");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/staff\.csv: файл сохранён в кодировке Windows-1251.*CSV UTF-8/);
    expect(existsSync(file)).toBe(false);
  });
});

describe("ukoo build, export and export-application", () => {
  function knownFiles(dir: string, agreedForD1?: number) {
    writeFileSync(join(dir, "school.json"), SCHOOL);
    writeFileSync(join(dir, "staff.csv"), STAFF);
    writeFileSync(join(dir, "ratings.csv"), ratingsCsv(agreedForD1));
    writeFileSync(join(dir, "priorities.csv"), PRIORITIES);
    const file = join(dir, "school.xlsx");
    const r = run("import", file, ...["school", "staff", "ratings", "priorities"].flatMap((k) => [`--${k}`, join(dir, k === "school" ? "school.json" : `${k}.csv`)]));
    expect(r.status).toBe(0);
    return file;
  }

  it("refuse while anything is unresolved (exit 1, listing it), and work in provisional mode", () => {
    const dir = tmp();
    const file = knownFiles(dir);
    const before = hash(file);
    for (const args of [["build", file], ["export", file, "--json"], ["export-application", file, "--out", join(dir, "app.xlsx")]]) {
      const r = run(...args);
      expect(r.status, args[0]).toBe(1);
      expect(r.stderr).toContain("Макулдашыла элек 1 баа бар");
      expect(r.stderr).toContain("Осмонов Бакыт (D1) (Мугалим), 1-компетенция: өзү 2, супервайзер 3");
    }
    expect(hash(file)).toBe(before);
    expect(existsSync(join(dir, "app.xlsx"))).toBe(false);
    const json = JSON.parse(run("export", file, "--json", "--provisional").stdout);
    expect(json.unresolved).toEqual([{ person_id: "D1", framework: "teacher", competency: "1", self: 2, supervisor: 3 }]);
    expect(run("build", file, "--provisional", "--out", join(dir, "built.xlsx")).status).toBe(0);
    expect(hash(file)).toBe(before);
  });

  it("export --json prints the documented shape", () => {
    const dir = tmp();
    const file = knownFiles(dir, 3);
    const r = run("export", file, "--json");
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["school", "people", "summary", "sinceLastYear", "unresolved", "application", "hours"]);
    expect(json.school).toMatchObject({ name: "Тест мектеби", code: "0001", year: "2026-2027" });
    expect(Object.keys(json.people[0])).toEqual(["id", "framework", "agreed", "priorities", "strengths", "change"]);
    expect(Object.keys(json.summary)).toEqual(["teacher", "leader", "director"]);
    expect(Object.keys(json.summary.teacher[0])).toEqual(["competency", "level1", "level2", "level3", "priority"]);
    expect(json.application.rows[0]).toMatchObject({ competency: "1", total: 2 });
    expect(json.application.leader).toEqual({ "1.1": 1, "1.2": 1, "1.5": 1 });
    expect(json.application.director).toEqual({ "4": 1, "12": 1 });
  });

  it("new-year archives the year into the history tab; run again, or with a bad year, it exits 1 and changes nothing", async () => {
    const dir = tmp();
    const file = knownFiles(dir, 3);
    const r = run("new-year", file, "--year", "2027-2028");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^2026-2027 окуу жылы «Тарых» барагына сакталды \(\d+ сап\)\. Жаңы окуу жылы: 2027-2028\./);
    const book = await XlsxWorkbookPort.load(file);
    expect(book.readTab("Тарых")!.values.slice(2).filter((row) => row[4] === "level")).toHaveLength(7 * 22 + 3 * 11 + 21);
    expect(JSON.parse(run("export", file, "--json", "--provisional").stdout).school.year).toBe("2027-2028");
    const after = hash(file);
    const again = run("new-year", file, "--year", "2027-2028", "--lang", "ru");
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("Учебный год уже 2027-2028");
    const bad = run("new-year", file, "--year", "2028/2029");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("«2028/2029» — окуу жылы эмес");
    expect(hash(file)).toBe(after);
  });

  it("export --json gives each person's change since last year and the school's count of people who moved up", () => {
    const dir = tmp();
    const file = knownFiles(dir, 3);
    const first = JSON.parse(run("export", file, "--json").stdout);
    expect(first.sinceLastYear).toEqual({ year: null, peopleMovedUp: 0, movedUp: expect.objectContaining({ teacher: expect.objectContaining({ "1": 0 }) }) });
    expect(first.people.every((p: { change: object }) => Object.keys(p.change).length === 0)).toBe(true);

    expect(run("new-year", file, "--year", "2027-2028").status).toBe(0);
    // Year 2: T1 moves up in competency 1 (1 → 2), T2 down in 5 (2 → 1); everything else as before.
    const year2 = ratingsCsv(3)
      .replace(/^T1,teacher,1,(self|supervisor),1,$/gm, "T1,teacher,1,$1,2,")
      .replace(/^T2,teacher,5,(self|supervisor),2,$/gm, "T2,teacher,5,$1,1,");
    writeFileSync(join(dir, "ratings2.csv"), year2);
    // Last year's school.json, imported again, would put the workbook back a year: refused, nothing written.
    const closed = hash(file);
    const stale = run("import", file, "--school", join(dir, "school.json"), "--staff", join(dir, "staff.csv"), "--ratings", join(dir, "ratings2.csv"));
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain("school.json: «year» талаасы: 2026-2027 окуу жылы «Тарых» барагында жабылган. Учурдагы окуу жылын жазыңыз (2027-2028).");
    expect(run("import", file, "--school", join(dir, "school.json"), "--staff", join(dir, "staff.csv"), "--ratings", join(dir, "ratings2.csv"), "--lang", "ru").stderr).toContain("учебный год уже закрыт");
    expect(hash(file)).toBe(closed);
    writeFileSync(join(dir, "school2.json"), JSON.stringify({ ...JSON.parse(SCHOOL), year: "2027-2028" }));
    expect(run("import", file, "--school", join(dir, "school2.json"), "--staff", join(dir, "staff.csv"), "--ratings", join(dir, "ratings2.csv")).stderr).toBe("");
    const json = JSON.parse(run("export", file, "--json").stdout);
    const change = (id: string) => json.people.find((p: { id: string; framework: string }) => p.id === id && p.framework === "teacher").change;
    expect(change("T1")).toMatchObject({ "1": "↑", "2": "=", "3": "=" });
    expect(change("T2")).toMatchObject({ "2": "=", "5": "↓" });
    expect(Object.values(change("T3")).every((c) => c === "=")).toBe(true);
    expect(json.sinceLastYear.year).toBe("2026-2027");
    expect(json.sinceLastYear.peopleMovedUp).toBe(1);
    expect(json.sinceLastYear.movedUp.teacher).toMatchObject({ "1": 1, "5": 0 });
  });

  it("export-application writes only the application; no name from the roster appears in it", async () => {
    const dir = tmp();
    const file = knownFiles(dir, 3);
    const out = join(dir, "app.xlsx");
    expect(run("export-application", file, "--out", out).status).toBe(0);
    const app = await XlsxWorkbookPort.load(out);
    expect(app.tabNames()).toEqual(["4.3 Өтүнмө"]);
    const text = app.readTab("4.3 Өтүнмө")!.values.flat().map(String).join("\n");
    for (const line of STAFF.trim().split("\n").slice(1)) expect(text).not.toContain(line.split(",")[1]);
    expect(text).toContain("БААРДЫГЫ:");
  });
});

describe("ukoo plan and hours as of a date", () => {
  it("plan --person writes that person's individual plan; an unknown id is named", async () => {
    const dir = tmp();
    const file = join(dir, "demo.xlsx");
    expect(run("demo", file).status).toBe(0);
    const out = join(dir, "plan.xlsx");
    const r = run("plan", file, "--person", "T005", "--out", out, "--provisional");
    expect(r.status).toBe(0);
    const plan = await XlsxWorkbookPort.load(out);
    const rows = plan.readTab("4.1 Жеке пландар")!.values;
    expect(rows[0][0]).toBe("T|plan:T005");
    expect(rows.filter((row) => String(row[0]).startsWith("T|plan:"))).toHaveLength(1);
    const bad = run("plan", file, "--person", "NOPE", "--out", out);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("ID «NOPE» кызматкерлер тизмесинде жок");
  });

  it("export --as-of counts hours up to that day", () => {
    const dir = tmp();
    writeFileSync(join(dir, "school.json"), SCHOOL);
    writeFileSync(join(dir, "staff.csv"), STAFF);
    writeFileSync(join(dir, "ratings.csv"), ratingsCsv(3));
    writeFileSync(join(dir, "courses.csv"), COURSES);
    const file = join(dir, "s.xlsx");
    const args = ["school", "staff", "ratings", "courses"].flatMap((k) => [`--${k}`, join(dir, k === "school" ? "school.json" : `${k}.csv`)]);
    expect(run("import", file, ...args).stderr).toBe("");
    const hours = (asOf: string) => JSON.parse(run("export", file, "--json", "--as-of", asOf).stdout).hours.find((h: { id: string }) => h.id === "T1");
    expect(hours("2026-11-23")).toEqual({ id: "T1", last5y: 46, distanceShare: 0.6522, meets72: false, dueYear: 2026 });
    expect(hours("2026-11-22")).toEqual({ id: "T1", last5y: 86, distanceShare: 0.3488, meets72: true, dueYear: 2026 });
    expect(run("export", file, "--json", "--as-of", "2026-02-30").status).toBe(2);
  });
});
