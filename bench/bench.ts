/**
 * `npm run bench`: the figures the README's performance section carries.
 *  1. Spreadsheet service calls, by method, counted by the recording fake, for set-up, check,
 *     build-all and export at 30, 150 and 600 staff (the built dist/Code.js in node:vm).
 *  2. The local runner's wall time and peak memory for import, build and export at 60, 600 and
 *     2,000 staff (the real `ukoo` command, one process per step).
 *  3. The size of the server bundle and of the sidebar page.
 *  4. The district consolidation of 200 school applications.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import vm from "node:vm";
import { buildSync } from "esbuild";
import { writeDemo } from "../src/app/demoWorkbook";
import { demoData, demoFiles } from "../src/app/demo";
import { readCycle } from "../src/app/generate";
import { writeModel } from "../src/app/setUp";
import { cellOf, agreementRowKey, modelFromState } from "../src/workbook/model";
import { readState } from "../src/workbook/read";
import { SheetsWorkbookPort } from "../src/gas/sheetsPort";
import { GasEnvironment } from "../tests/fakes/gas";
import { applicationFileJson } from "../src/workbook/applicationFile";
import { schoolApplication } from "../tests/fixtures/schools";
import { agreeLevels } from "../src/core/agreement";
import { buildApplication } from "../src/core/application";
import { longRows } from "../src/core/district";
import { prioritiesOf } from "../src/core/priorities";
import type { LevelEntry } from "../src/core/ratings";
import { emptySchool } from "../src/core/school";

const ROOT = join(__dirname, "..");
const TODAY = new Date(Date.UTC(2026, 10, 23, 9));
const CODE = readFileSync(join(ROOT, "dist/Code.js"), "utf8");
const out = (line = "") => process.stdout.write(`${line}\n`);

function load(env: GasEnvironment) {
  const context = vm.createContext({ ...env.globals(), console });
  vm.runInContext(CODE, context);
  return context as unknown as Record<string, (...a: unknown[]) => unknown>;
}

/** The demo school with every difference agreed, so the application can be exported. */
function school(staff: number): GasEnvironment {
  const env = new GasEnvironment();
  const g = env.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
  const port = new SheetsWorkbookPort(g.SpreadsheetApp.getActiveSpreadsheet(), g.SpreadsheetApp);
  writeDemo(port, TODAY, staff);
  const cycle = readCycle(port, true, TODAY);
  const model = modelFromState(readState(port));
  for (const u of cycle.agreement.unresolved) {
    const level = u.supervisor ?? u.self ?? 2;
    const row = model.agreement[u.framework].rows.get(agreementRowKey(u.personId, u.competency));
    if (level !== null && row) row.agreed = cellOf(level);
  }
  writeModel(port, model, TODAY);
  const roster = env.spreadsheet.raw("Кызматкерлер")!;
  env.spreadsheet.editors = roster.getRange(3, 3, roster.lastRow() - 2, 1).getValues().flat().map(String);
  env.email = "z01@mektep12.kg";
  return env;
}

function serviceCalls() {
  out("## Spreadsheet service calls (recording fake, dist/Code.js in node:vm)");
  out();
  const sizes = [30, 150, 600];
  const steps: [string, string][] = [
    ["set-up", "menuSetUp"],
    ["check", "menuCheck"],
    ["build-all", "menuGenerate"],
    ["export", "menuExportApplication"],
  ];
  const table = new Map<string, Map<number, { total: number; sheetsApi: number; byMethod: Record<string, number>; ms: number }>>();
  for (const staff of sizes) {
    const env = school(staff);
    const gas = load(env);
    for (const [name, fn] of steps) {
      env.resetCalls();
      if (fn === "menuExportApplication") env.promptAnswers.push({ text: "metodist@rayon.kg", button: "OK" });
      const started = performance.now();
      gas[fn]();
      const ms = performance.now() - started;
      const byMethod = env.countByMethod();
      const sheetsApi = env.calls.filter((c) => c.target === "Sheets").length;
      if (!table.has(name)) table.set(name, new Map());
      table.get(name)!.set(staff, { total: env.spreadsheetCalls(), sheetsApi, byMethod, ms });
    }
    const people = env.spreadsheet.raw("Кызматкерлер")!.lastRow() - 2;
    out(`- ${staff} staff: ${people} on the roster`);
  }
  out();
  out(`| step | ${sizes.map((s) => `${s} staff`).join(" | ")} | same at every size |`);
  out(`|---|${sizes.map(() => "---:").join("|")}|---|`);
  for (const [name, bySize] of table) {
    const totals = sizes.map((s) => bySize.get(s)!.total);
    const extra = name === "set-up" ? ` (+ ${bySize.get(30)!.sheetsApi} Sheets API calls for protections)` : "";
    out(`| ${name}${extra} | ${totals.join(" | ")} | ${totals.every((t) => t === totals[0]) ? "yes" : "NO"} |`);
  }
  out();
  out("Calls by method at 600 staff (Spreadsheet, Sheet and Range objects):");
  out();
  for (const [name, bySize] of table) {
    const methods = Object.entries(bySize.get(600)!.byMethod)
      .filter(([k]) => /^(SpreadsheetApp|Spreadsheet|Sheet|Range)\./.test(k))
      .sort((a, b) => b[1] - a[1]);
    out(`- **${name}**: ${methods.map(([k, n]) => `${k} ${n}`).join(", ")}`);
  }
  out();
  out("In Apps Script each call costs tens of milliseconds: at 50 ms a call, the largest step above takes");
  const worst = Math.max(...[...table.values()].flatMap((m) => [...m.values()].map((v) => v.total)));
  out(`${worst} × 50 ms ≈ ${((worst * 50) / 1000).toFixed(0)} s, whatever the number of staff.`);
  out();
}

function peak(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { seconds: number; mb: number; ok: boolean } {
  const started = performance.now();
  const r = spawnSync(process.execPath, ["--require", join(__dirname, "rss.cjs"), join(ROOT, "bin/ukoo.cjs"), ...args], { cwd, encoding: "utf8", maxBuffer: 512 * 1024 * 1024, env: { ...process.env, ...env } });
  const seconds = (performance.now() - started) / 1000;
  const rss = /BENCH_MAX_RSS_KB (\d+)/.exec(r.stderr)?.[1];
  return { seconds, mb: rss ? Number(rss) / 1024 : NaN, ok: r.status === 0 || r.status === 1 };
}

type Run = { seconds: number; mb: number; ok: boolean };

/** import, build and export --json on a new workbook of `staff`, with one xlsx engine. */
function runnerSteps(staff: number, engine: "memory" | "streaming"): { import: Run; build: Run; export: Run; size: number } {
  const dir = mkdtempSync(join(tmpdir(), `ukoo-bench-${staff}-${engine}-`));
  const files = demoFiles(demoData({ staff, year: 2026, schoolYear: "2026-2027", asOf: "2026-11-23" }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const book = join(dir, "school.xlsx");
  const env = { UKOO_XLSX: engine };
  const imported = peak(["import", book, ...["school", "staff", "ratings", "priorities", "courses"].flatMap((k) => [`--${k}`, join(dir, k === "school" ? "school.json" : `${k}.csv`)])], dir, env);
  const built = peak(["build", book, "--provisional", "--as-of", "2026-11-23"], dir, env);
  const exported = peak(["export", book, "--json", "--provisional", "--as-of", "2026-11-23"], dir, env);
  return { import: imported, build: built, export: exported, size: statSync(book).size / 1024 / 1024 };
}

function localRunner() {
  out("## The local runner (`ukoo`, one process per step)");
  out();
  out("Before: ExcelJS's whole workbook in memory (`UKOO_XLSX=memory`, how ukoo worked until issue 10). After: the streaming port (the default), the median of three runs.");
  out();
  out("| staff | step | before s | before MB | after s | after MB | time after/before | memory after/before |");
  out("|---:|---|---:|---:|---:|---:|---:|---:|");
  const f = (x: Run) => `${x.seconds.toFixed(1)}${x.ok ? "" : " (failed)"}`;
  const sizes: string[] = [];
  // The streaming runs go first: right after a process of 2.7 GB exits, the kernel of this virtual
  // machine is still reclaiming its memory and the next process runs up to a third slower.
  const staffs = [60, 600, 2000];
  // This virtual machine's speed drifts by a third from one minute to the next, so each streaming
  // figure is the median of three runs.
  const median = (runs: Run[]) => [...runs].sort((a, b) => a.seconds - b.seconds)[1];
  const afterRuns = staffs.map((staff) => {
    const runs = [0, 1, 2].map(() => runnerSteps(staff, "streaming"));
    return { import: median(runs.map((r) => r.import)), build: median(runs.map((r) => r.build)), export: median(runs.map((r) => r.export)), size: runs[0].size };
  });
  const beforeRuns = staffs.map((staff) => runnerSteps(staff, "memory"));
  for (const [i, staff] of staffs.entries()) {
    const [before, after] = [beforeRuns[i], afterRuns[i]];
    for (const step of ["import", "build", "export"] as const) {
      const [b, a] = [before[step], after[step]];
      out(`| ${staff} | ${step === "export" ? "export --json" : step} | ${f(b)} | ${b.mb.toFixed(0)} | ${f(a)} | ${a.mb.toFixed(0)} | ${(a.seconds / b.seconds).toFixed(2)} | ${(a.mb / b.mb).toFixed(2)} |`);
    }
    sizes.push(`${staff} staff: ${before.size.toFixed(1)} MB before, ${after.size.toFixed(1)} MB after`);
  }
  out();
  out(`Workbook size: ${sizes.join("; ")}.`);
  out();
}

function sizes() {
  out("## Bundle sizes");
  out();
  for (const file of ["Code.js", "Sidebar.html", "WebApp.html"]) {
    out(`- dist/${file}: ${(statSync(join(ROOT, "dist", file)).size / 1024).toFixed(0)} KB`);
  }
  out("- zod is imported as `import * as z from \"zod/mini\"` (not `{ z }` from \"zod\", which pulls in every locale).");
  // What the server bundle is made of, from esbuild's metafile (same options as scripts/build.mjs).
  const meta = buildSync({ entryPoints: [join(ROOT, "src/gas/main.ts")], bundle: true, format: "iife", globalName: "UKOO", target: "es2020", charset: "utf8", write: false, metafile: true, define: { UKOO_TARGET: '"template"' } }).metafile;
  const parts = new Map<string, number>();
  for (const [file, info] of Object.entries(Object.values(meta.outputs)[0].inputs)) {
    const part = file.includes("node_modules/") ? file.split("node_modules/")[1].split("/")[0] : file.startsWith("src/core/frameworks/") ? "frameworks (data)" : file.split("/").slice(0, 2).join("/");
    parts.set(part, (parts.get(part) ?? 0) + info.bytesInOutput);
  }
  out(`- Code.js by part: ${[...parts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${(n / 1024).toFixed(0)} KB`).join(", ")}`);
  out();
}

function district() {
  out("## District consolidation (`ukoo district`)");
  out();
  const dir = mkdtempSync(join(tmpdir(), "ukoo-bench-district-"));
  const files = Array.from({ length: 200 }, (_, i) => {
    const app = schoolApplication(i);
    const file = join(dir, `school-${i}.json`);
    writeFileSync(file, JSON.stringify(applicationFileJson(app.school, app.application, "2026-11-23")));
    return file;
  });
  const started = performance.now();
  const long = join(dir, "rows.ndjson");
  const r = spawnSync(process.execPath, [join(ROOT, "bin/ukoo.cjs"), "district", ...files, "--out", join(dir, "district.xlsx"), "--long", long], { encoding: "utf8" });
  out(`- 200 school applications → ${r.stderr.trim()} — wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const jsonBytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const rows = readFileSync(long, "utf8").trimEnd().split("\n").length;
  const longBytes = statSync(long).size;
  out(`- application JSON: ${(jsonBytes / 200 / 1024).toFixed(1)} KB per school`);
  out(`- long format (\`--long\`, NDJSON): ${rows} rows, ${(longBytes / 1024).toFixed(0)} KB — ${(rows / 200).toFixed(0)} rows and ${(longBytes / rows).toFixed(0)} bytes a row per school`);
  for (const staff of [30, 60, 150]) {
    const data = demoData({ seed: 7, staff, year: 2026, schoolYear: "2026-2027" });
    const levels: LevelEntry[] = data.ratings.map((x) => ({ personId: x.personId, framework: x.framework, competency: x.competency, rater: x.rater, level: x.level }));
    const application = buildApplication(data.people, prioritiesOf(agreeLevels(data.people, levels, true), data.priorities, 3), []);
    const lines = longRows([{ source: "", school: { ...emptySchool(), name: "№1 мектеп", code: "S0001", district: "Сокулук району", year: "2026-2027" }, application }]);
    const bytes = lines.reduce((n, l) => n + Buffer.byteLength(JSON.stringify(l)) + 1, 0);
    out(`- one school of ${staff} staff: ${lines.length} long rows, ${(bytes / 1024).toFixed(1)} KB`);
  }
  out(`- scaled to 2,300 schools: about ${Math.round((rows / 200) * 2300).toLocaleString("en")} rows, ${((longBytes / 200) * 2300 / 1024 / 1024).toFixed(0)} MB of NDJSON`);
  out();
}

function machine() {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  out(`Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpu}, ${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM, Node ${process.version}.`);
  out();
}

execFileSync(process.execPath, [join(ROOT, "scripts/build.mjs")], { stdio: "ignore" });
out("# ҮКӨ Sheets — benchmark");
out();
machine();
// `npm run bench -- sizes calls` runs only the sections named; no name runs them all.
const SECTIONS: Record<string, () => void> = { sizes, calls: serviceCalls, runner: localRunner, district };
const wanted = process.argv.slice(2).filter((a) => a in SECTIONS);
for (const [name, run] of Object.entries(SECTIONS)) if (wanted.length === 0 || wanted.includes(name)) run();
