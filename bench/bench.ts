/**
 * `npm run bench`: the figures the README's performance section carries.
 *  1. Service calls (SpreadsheetApp and the Sheets API), by method, counted by the recording fake,
 *     for set-up, check, build-all, export, a sidebar save and a district step at 30, 150 and 600
 *     staff, through the Sheets API and through SpreadsheetApp alone (the built dist/Code.js in
 *     node:vm). `npm run bench -- calls --json` prints only the totals, as JSON.
 *  2. The local runner's wall time and peak memory for import, build and export at 60, 600 and
 *     2,000 staff (the real `ukoo` command, one process per step).
 *  3. The size of the server bundle and of the sidebar page.
 *  4. The district consolidation of 200 school applications.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { demoData, demoFiles } from "../src/app/demo";
import { gatherStepCost, newYearStepCost, schoolStepCosts, STEPS, type Step, type StepCost } from "../tests/fixtures/stepCalls";
import { applicationFileJson } from "../src/workbook/applicationFile";
import { schoolApplication } from "../tests/fixtures/schools";
import { agreeLevels } from "../src/core/agreement";
import { buildApplication } from "../src/core/application";
import { longRows } from "../src/core/district";
import { prioritiesOf } from "../src/core/priorities";
import type { LevelEntry } from "../src/core/ratings";
import { emptySchool } from "../src/core/school";

const ROOT = join(__dirname, "..");
const CODE = readFileSync(join(ROOT, "dist/Code.js"), "utf8");
const out = (line = "") => process.stdout.write(`${line}\n`);

const STEP_NAMES: Record<Step, string> = { setup: "set-up", check: "check", build: "build-all", export: "export", save: "sidebar save", gather: "district step (10 schools)" };
const BUDGETS: Record<Step, number> = { setup: 12, check: 8, build: 12, export: 12, save: 4, gather: 3 + 2 * 10 };
const SIZES = [30, 150, 600] as const;
/** The new school year's calls other than its batchUpdates (the step's reads and those of the new history tab's protections). */
const NEW_YEAR_READS = 14;

/** Every step's calls at every size, through the Sheets API (`api`) or SpreadsheetApp alone. */
function measureCalls(api: boolean): Record<Step, Map<number, StepCost>> {
  const table = Object.fromEntries(STEPS.map((s) => [s, new Map<number, StepCost>()])) as Record<Step, Map<number, StepCost>>;
  for (const staff of SIZES) {
    const costs = schoolStepCosts(CODE, staff, api);
    for (const step of STEPS) if (step !== "gather") table[step].set(staff, costs[step]);
    // A district gathers schools, not staff: the same step of 10 schools stands in every column.
    table.gather.set(staff, gatherStepCost(CODE, 10, api));
  }
  return table;
}

function serviceCalls() {
  const json = process.argv.includes("--json");
  const now = measureCalls(true);
  if (json) {
    const out = Object.fromEntries(STEPS.map((s) => [s, Object.fromEntries(SIZES.map((n) => [String(n), now[s].get(n)!.total]))]));
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const before = measureCalls(false);
  out("## Service calls per step (recording fake, dist/Code.js in node:vm)");
  out();
  out("SpreadsheetApp and Sheets API calls together. *Before*: the advanced service off (the SpreadsheetApp");
  out("path, still used where it is off). *Now*: through the Sheets API, one read of everything the step needs");
  out("and one `batchUpdate` of everything it writes. A sidebar save passes the spreadsheet's id the page opened with.");
  out();
  out(`| step | ${SIZES.map((n) => `before, ${n}`).join(" | ")} | ${SIZES.map((n) => `now, ${n}`).join(" | ")} | budget | met |`);
  out(`|---|${SIZES.map(() => "---:").join("|")}|${SIZES.map(() => "---:").join("|")}|---:|---|`);
  for (const step of STEPS) {
    const old = SIZES.map((n) => before[step].get(n)!.total);
    const fresh = SIZES.map((n) => now[step].get(n)!.total);
    const met = fresh.every((n) => n <= BUDGETS[step]);
    out(`| ${STEP_NAMES[step]} | ${old.join(" | ")} | ${fresh.join(" | ")} | ≤ ${BUDGETS[step]} | ${met ? "yes" : "NO"} |`);
  }
  // The new school year is not one of issue 11's budgeted steps: its writes are split by body size,
  // so it is held to "the same at every size but for the batchUpdates" (tests/bundle/callBudget.test.ts).
  const newYear = (api: boolean) => SIZES.map((n) => newYearStepCost(CODE, n, api));
  const [oldYear, newYearNow] = [newYear(false), newYear(true)];
  const rest = newYearNow.map((c) => c.total - (c.byMethod["Sheets.batchUpdate"] ?? 0));
  const yearMet = rest.every((n) => n === rest[0] && n <= NEW_YEAR_READS);
  out(`| start the new school year | ${oldYear.map((c) => c.total).join(" | ")} | ${newYearNow.map((c) => c.total).join(" | ")} | ≤ ${NEW_YEAR_READS} + the writes | ${yearMet ? "yes" : "NO"} |`);
  out();
  const batches = newYearNow.map((c) => c.byMethod["Sheets.batchUpdate"] ?? 0);
  out(`The new school year sends its writes (the archive, the cleared input tabs, the regenerated plans) in ${batches.join(", ")}`);
  out(`batchUpdates at ${SIZES.join(", ")} staff (one per 9 MB of body); its other calls are ${rest.join(", ")}.`);
  out();
  out("Calls by method, now, at 600 staff (`Sheets.*` is the advanced service; requests = how many requests the batchUpdates carried):");
  out();
  for (const step of STEPS) {
    const cost = now[step].get(600)!;
    const methods = Object.entries(cost.byMethod).sort((a, b) => b[1] - a[1]);
    out(`- **${STEPS_LABEL(step)}**: ${methods.map(([k, n]) => `${k} ${n}`).join(", ")}; ${cost.requests} requests`);
  }
  out();
  out("Before, at 600 staff (the SpreadsheetApp path):");
  out();
  for (const step of STEPS) {
    const methods = Object.entries(before[step].get(600)!.byMethod).sort((a, b) => b[1] - a[1]);
    out(`- **${STEPS_LABEL(step)}**: ${methods.map(([k, n]) => `${k} ${n}`).join(", ")}`);
  }
  out();
  const worst = Math.max(...STEPS.flatMap((s) => SIZES.map((n) => now[s].get(n)!.total)));
  out(`At 50–200 ms a call the largest step now takes ${((worst * 50) / 1000).toFixed(1)}–${((worst * 200) / 1000).toFixed(1)} s of round trips.`);
  const writes = (s: Step, n: number) => now[s].get(n)!.byMethod["Sheets.batchUpdate"] ?? 0;
  const split = STEPS.filter((s) => writes(s, 600) > 1).map((s) => `${STEP_NAMES[s]} ${writes(s, 600)}`);
  out("The Sheets API allows 60 write and 60 read requests a minute per user. Each step sends one batchUpdate, or one per");
  out(`9 MB of body (at 600 staff: ${split.join(", ") || "none"}), so no step comes near it; a district gathering paces its`);
  out("steps by the requests of the last minute (tests/bundle/callBudget.test.ts walks 200 schools and finds no minute over 60).");
  out();
}

const STEPS_LABEL = (s: Step) => STEP_NAMES[s];

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
const jsonOnly = process.argv.includes("--json");
if (!jsonOnly) {
  out("# ҮКӨ Sheets — benchmark");
  out();
  machine();
}
// `npm run bench -- sizes calls` runs only the sections named; no name runs them all.
const SECTIONS: Record<string, () => void> = { sizes, calls: serviceCalls, runner: localRunner, district };
const wanted = process.argv.slice(2).filter((a) => a in SECTIONS);
for (const [name, run] of Object.entries(SECTIONS)) if (wanted.length === 0 || wanted.includes(name)) run();
