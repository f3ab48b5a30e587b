/**
 * Text people type never becomes a formula or a link in a generated tab or an exported file:
 * names, explanations, subject needs, course titles and plan text starting with =, +, - or @.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { demoData, demoFiles } from "../../src/app/demo";
import { GENERATED_TABS, generate } from "../../src/app/generate";
import { applyImport, parseImport } from "../../src/app/importData";
import { writeModel } from "../../src/app/setUp";
import { cellOf, modelFromState } from "../../src/workbook/model";
import { readState } from "../../src/workbook/read";
import { needKey, explanationKey } from "../../src/workbook/schema";
import { TODAY, sheetsApiPort, sheetsPort } from "../helpers";

const HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+SUM(1,2)", "-2+3", "@cmd", "=1+1", "http://evil.example"];
const MARK = /evil\.example|SUM\(1,2\)|^-2\+3|^@cmd|^=1\+1/;

/** The demo school with hostile text in names, departments, explanations, needs and course titles. */
function hostileFiles() {
  const data = demoData({ year: 2026, schoolYear: "2026-2027", asOf: "2026-11-23" });
  data.people.slice(5, 11).forEach((p, i) => {
    p.name = HOSTILE[i];
    p.department = HOSTILE[(i + 1) % HOSTILE.length];
  });
  data.ratings.slice(0, 40).forEach((r, i) => (r.comment = HOSTILE[i % HOSTILE.length]));
  data.courses.slice(0, 6).forEach((c, i) => (c.title = HOSTILE[i]));
  data.school.contact = HOSTILE[0];
  return demoFiles(data);
}

function texts(files: ReturnType<typeof demoFiles>) {
  return Object.fromEntries(
    (["school", "staff", "ratings", "priorities", "courses"] as const).map((k) => [k, { file: k, text: files[k === "school" ? "school.json" : (`${k}.csv` as keyof typeof files)] }]),
  ) as never;
}

/** Every formula in every cell of an .xlsx, and every hyperlink. */
async function formulasAndLinks(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const found: { tab: string; cell: string; formula?: string; link?: string }[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) found.push({ tab: ws.name, cell: cell.address, formula: cell.formula });
        if (cell.type === ExcelJS.ValueType.Hyperlink) found.push({ tab: ws.name, cell: cell.address, link: (cell.value as ExcelJS.CellHyperlinkValue).hyperlink });
      }),
    ),
  );
  return found;
}

describe("no formulas or links from user text", () => {
  it("in every file the local runner writes: the workbook, the exported application, a plan", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ukoo-hostile-"));
    const files = hostileFiles();
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const run = (...args: string[]) => spawnSync(process.execPath, [join(__dirname, "../../bin/ukoo.cjs"), ...args], { encoding: "utf8" });
    const book = join(dir, "school.xlsx");
    const imported = run("import", book, "--school", join(dir, "school.json"), "--staff", join(dir, "staff.csv"), "--ratings", join(dir, "ratings.csv"), "--priorities", join(dir, "priorities.csv"), "--courses", join(dir, "courses.csv"));
    expect(imported.stderr).toBe("");
    expect(run("build", book, "--provisional").status).toBe(0);
    expect(run("export-application", book, "--out", join(dir, "app.xlsx"), "--provisional").status).toBe(0);
    expect(run("plan", book, "--person", "T002", "--out", join(dir, "plan.xlsx"), "--provisional").status).toBe(0);
    expect(run("check", book).status).toBe(1);
    for (const file of ["school.xlsx", "app.xlsx", "plan.xlsx"]) {
      const found = await formulasAndLinks(join(dir, file));
      const bad = found.filter((f) => MARK.test(f.formula ?? "") || f.link !== undefined);
      expect(bad, file).toEqual([]);
    }
    // The hostile text is there, as text.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "school.xlsx"));
    const roster = wb.getWorksheet("Кызматкерлер")!;
    const names = roster.getColumn(2).values.slice(3);
    for (const text of HOSTILE) expect(names).toContain(text);
  });

  for (const [path, open] of [
    ["SpreadsheetApp", () => sheetsPort()],
    ["the Sheets API", () => sheetsApiPort()],
  ] as const)
  it(`in every generated tab and the check report in Sheets, through ${path}`, () => {
    const { env, port } = open();
    const { bundle, issues } = parseImport(texts(hostileFiles()), TODAY);
    expect(issues).toEqual([]);
    const model = applyImport(modelFromState(readState(port)), bundle, "ky");
    const self = model.rating.teacher.self.rows;
    [...self.values()].slice(0, 6).forEach((row, i) => {
      row[needKey(1)] = cellOf(HOSTILE[i]);
      row[explanationKey("5")] = cellOf(HOSTILE[(i + 2) % HOSTILE.length]);
    });
    writeModel(port, model, TODAY);
    generate(port, { provisional: true, now: TODAY });
    if ("flush" in port) port.flush();
    let formulaCells = 0;
    for (const sheet of env.spreadsheet.sheets) {
      for (const [key, cell] of sheet.cells) {
        if (!cell.formula) continue;
        formulaCells++;
        expect(MARK.test(cell.formula), `${sheet.name} ${key}: ${cell.formula}`).toBe(false);
        expect(GENERATED_TABS.includes(sheet.name) && /HYPERLINK/i.test(cell.formula), `${sheet.name} ${key}`).toBe(false);
      }
    }
    expect(formulaCells).toBeGreaterThan(1000);
    const application = env.spreadsheet.raw("4.3 Өтүнмө")!;
    const values = [...application.cells.values()].map((c) => String(c.value));
    expect(values.some((v) => v.includes('=HYPERLINK("http://evil.example","click")'))).toBe(true);
  });
});
