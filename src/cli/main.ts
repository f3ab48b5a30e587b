/** `ukoo`: the local runner. Every command is a thin wrapper around a use-case of src/app. */
import { existsSync, promises as fs } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { checkWorkbook } from "../app/check";
import { cycleJson, type Cycle } from "../app/cycle";
import { exportApplication, exportPersonPlan, generate, readCycle } from "../app/generate";
import { isRealDate, localWallClock } from "../core/dates";
import type { Unresolved } from "../core/agreement";
import { demoData, demoFiles } from "../app/demo";
import { writeDemo } from "../app/demoWorkbook";
import { applyImport, importLogEntries, parseImport, type ImportTexts } from "../app/importData";
import { appendLog } from "../app/auditLog";
import { userInfo } from "node:os";
import { setUpWorkbook, writeModel } from "../app/setUp";
import { refusalText, startNewYear } from "../app/newYear";
import { frameworksAsJson, FRAMEWORKS, FRAMEWORK_IDS } from "../core/frameworks/index";
import { fileIssueText, type FileIssue } from "../core/interchange/issues";
import { isLang, t, type Lang, type MessageKey } from "../core/messages/index";
import { checkResultJson, problemMessage } from "../core/problems";
import { academicYearOf } from "../core/school";
import { readHistory } from "../workbook/history";
import { modelFromState } from "../workbook/model";
import { readState } from "../workbook/read";
import { languageOf, workbookLanguage } from "../workbook/render/index";
import { consolidate, longRows, type SchoolApplication } from "../core/district";
import { applicationFileJson, readApplicationJson, readApplicationTab } from "../workbook/applicationFile";
import { renderDistrictTabs, type DistrictError } from "../workbook/render/districtTabs";
import { emptySchool } from "../core/school";
import { TAB_APPLICATION, TAB_HISTORY } from "../workbook/schema";
import { loadWorkbook, newWorkbook, openWorkbook, readTextFile, saveWorkbook } from "./io";

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  now: () => Date;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(text + "\n"),
  err: (text) => process.stderr.write(text + "\n"),
  now: () => localWallClock(),
};

function pickLang(option: string | undefined, fallback: Lang): Lang {
  const v = option?.toLowerCase();
  return isLang(v) ? v : fallback;
}

export function buildProgram(io: Io = defaultIo, setExit: (code: number) => void = (c) => (process.exitCode = c)): Command {
  const program = new Command();
  program
    .name("ukoo")
    .description("ҮКӨ Sheets — the school's continuous professional development cycle on an .xlsx workbook")
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  // `init` and `setup` are one action: set-up never empties a workbook, so creating is repairing nothing.
  const setUp = async (file: string) => {
    const port = await openWorkbook(file);
    const result = setUpWorkbook(port, io.now());
    await saveWorkbook(port, file);
    io.out(t(workbookLanguage(port), "setup.done", { tabs: result.tabs.length }));
  };
  program
    .command("init")
    .description("create an empty school workbook (an existing file is repaired, never emptied)")
    .argument("<file>", "the .xlsx workbook")
    .action(setUp);
  program
    .command("setup")
    .description("set up / repair the workbook: recreate missing tabs and columns, keep every entry")
    .argument("<file>", "the .xlsx workbook")
    .action(setUp);

  program
    .command("import")
    .description("fill the workbook from data files; on any bad line nothing is written")
    .argument("<file>", "the .xlsx workbook (created if missing)")
    .requiredOption("--school <school.json>", "school data")
    .requiredOption("--staff <staff.csv>", "staff roster")
    .requiredOption("--ratings <ratings.csv>", "ratings in long format")
    .option("--priorities <priorities.csv>", "explicit priority choices")
    .option("--courses <courses.csv>", "courses ledger")
    .option("--lang <ky|ru>", "language of messages")
    .action(async (file: string, opts: Record<string, string | undefined>) => {
      const port = await openWorkbook(file);
      const model = modelFromState(readState(port));
      const lang = pickLang(opts.lang, languageOf(model));
      const issues: FileIssue[] = [];
      const texts: Partial<ImportTexts> = {};
      for (const key of ["school", "staff", "ratings", "priorities", "courses"] as const) {
        const path = opts[key];
        if (!path) continue;
        const read = await readTextFile(path, path);
        if ("issue" in read) issues.push(read.issue);
        else texts[key] = { file: path, text: read.text };
      }
      if (issues.length === 0) {
        const parsed = parseImport(texts as ImportTexts, io.now(), readHistory(port).years);
        issues.push(...parsed.issues);
        if (issues.length === 0) {
          const log = importLogEntries(model, parsed.bundle, `ukoo import (${userInfo().username})`, io.now(), languageOf(model));
          applyImport(model, parsed.bundle, languageOf(model));
          writeModel(port, model, io.now());
          appendLog(port, log, languageOf(model));
          await saveWorkbook(port, file);
          const b = parsed.bundle;
          io.out(t(lang, "import.ok", { file, people: b.people.length, ratings: b.ratings.length, priorities: b.priorities.length, courses: b.courses.length }));
          return;
        }
      }
      for (const issue of issues) io.err(fileIssueText(issue, lang));
      io.err(t(lang, "import.failed", { count: issues.length, file }));
      setExit(1);
    });

  program
    .command("check")
    .description("check every entry; exit 1 when there are problems (differences and missing ratings are listed, not problems)")
    .argument("<file>", "the .xlsx workbook")
    .option("--json", "print JSON")
    .option("--lang <ky|ru>", "language of messages")
    .action(async (file: string, opts: { json?: boolean; lang?: string }) => {
      if (!existsSync(file)) {
        io.err(t(pickLang(opts.lang, "ky"), "import.fileError", { file, message: t(pickLang(opts.lang, "ky"), "csv.cannotRead", { reason: "ENOENT" }) }));
        setExit(2);
        return;
      }
      const port = await openWorkbook(file);
      const result = checkWorkbook(port, io.now());
      const lang = pickLang(opts.lang, result.records.settings.language);
      if (opts.json) {
        io.out(JSON.stringify(checkResultJson(result, lang), null, 2));
      } else {
        const names = new Map(result.records.people.map((p) => [p.id, p.name]));
        const person = (id: string) => (names.get(id) ? `${names.get(id)} (${id})` : id);
        const fw = (f: string) => (f ? t(lang, `framework.${f}.short` as MessageKey) : "");
        io.out(t(lang, "check.summary", { problems: result.problems.length, disagreements: result.disagreements.length, missing: result.missing.length }));
        if (result.problems.length > 0) io.out(`\n${t(lang, "check.heading.problems")}:`);
        for (const p of result.problems) {
          const where = p.cell ? t(lang, "check.where", { tab: p.tab, cell: p.cell }) : p.tab;
          const who = [p.personId ? person(p.personId) : "", fw(p.framework), p.competency].filter(Boolean).join(", ");
          io.out(`  ${where}${who ? ` (${who})` : ""}: ${problemMessage(p, lang)}`);
        }
        if (result.warnings.length > 0) io.out(`\n${t(lang, "check.heading.warnings")}:`);
        for (const w of result.warnings) {
          io.out(`  ${t(lang, "check.where", { tab: w.tab, cell: w.cell })}: ${problemMessage(w, lang)}`);
        }
        if (result.disagreements.length > 0) io.out(`\n${t(lang, "check.heading.disagreements")}:`);
        for (const d of result.disagreements) {
          io.out(`  ${t(lang, "check.disagreement", { person: person(d.personId), framework: fw(d.framework), competency: d.competency, self: d.self, supervisor: d.supervisor })}`);
        }
        if (result.missing.length > 0) io.out(`\n${t(lang, "check.heading.missing")}: ${result.missing.length}`);
      }
      setExit(result.problems.length > 0 ? 1 : 0);
    });

  /** The --as-of date, checked: undefined when not given, null (and exit 2) when it is not a real date. */
  const checkAsOf = (value: string | undefined, lang: Lang): string | undefined | null => {
    if (value === undefined) return undefined;
    if (isRealDate(value)) return value;
    io.err(t(lang, "row.badDate", { value }));
    setExit(2);
    return null;
  };

  /** Lists what is unresolved on stderr, as "generate" and "export" refuse to go on without it. */
  const reportUnresolved = (outcome: { unresolved: Unresolved[]; cycle: Cycle }, lang: Lang) => {
    const names = new Map(outcome.cycle.records.people.map((p) => [p.id, p.name]));
    io.err(t(lang, "generate.unresolved", { count: outcome.unresolved.length }));
    for (const u of outcome.unresolved) {
      io.err(
        `  ${t(lang, "generate.unresolvedItem", {
          person: `${names.get(u.personId) ?? u.personId} (${u.personId})`,
          framework: t(lang, `framework.${u.framework}.short` as MessageKey),
          competency: u.competency,
          self: u.self ?? t(lang, "generate.none"),
          supervisor: u.supervisor ?? t(lang, "generate.none"),
        })}`,
      );
    }
    setExit(1);
  };

  program
    .command("build")
    .description("generate the school summary (4.2) and the application (4.3); refuses while a level is unresolved")
    .argument("<file>", "the .xlsx workbook")
    .option("--provisional", "use the supervisor's level (or the self level) where no level is agreed yet")
    .option("--out <out.xlsx>", "write the result here instead of into FILE")
    .option("--department <name>", "the 4.2 summary for one department only")
    .option("--as-of <YYYY-MM-DD>", "count course hours up to this day (default: today)")
    .option("--lang <ky|ru>", "language of messages and headings")
    .action(async (file: string, opts: { provisional?: boolean; out?: string; department?: string; asOf?: string; lang?: string }) => {
      const port = await loadWorkbook(file);
      const now = io.now();
      const fallback = workbookLanguage(port);
      const lang = pickLang(opts.lang, fallback);
      const asOf = checkAsOf(opts.asOf, lang);
      if (asOf === null) return;
      const outcome = generate(port, { provisional: Boolean(opts.provisional), now, department: opts.department, asOf, lang: opts.lang ? lang : undefined });
      if (outcome.status === "unresolved") return reportUnresolved(outcome, lang);
      await saveWorkbook(port, opts.out ?? file);
      io.out(t(lang, "generate.done", { tabs: outcome.tabs.join(", ") }));
    });

  program
    .command("new-year")
    .description("start the new school year: archive the year's ratings, agreements, plan sign-offs and hours into the history tab, then clear them")
    .argument("<file>", "the .xlsx workbook")
    .requiredOption("--year <YYYY-YYYY>", "the new school year, the one after the settings tab's year (e.g. 2027-2028)")
    .option("--lang <ky|ru>", "language of messages and headings")
    .action(async (file: string, opts: { year: string; lang?: string }) => {
      const port = await loadWorkbook(file);
      const lang = pickLang(opts.lang, workbookLanguage(port));
      const outcome = startNewYear(port, { year: opts.year, now: io.now(), lang: opts.lang ? lang : undefined });
      if (outcome.status === "refused") {
        io.err(refusalText(outcome.refusal, lang));
        setExit(1);
        return;
      }
      await saveWorkbook(port, file);
      io.out(t(lang, "newYear.done", { from: outcome.from, to: outcome.to, tab: TAB_HISTORY, rows: outcome.archived }));
    });

  program
    .command("export")
    .description("print agreed levels, priorities, the summary and the application as JSON")
    .argument("<file>", "the .xlsx workbook")
    .option("--json", "print JSON (the only format)")
    .option("--provisional", "use the supervisor's level (or the self level) where no level is agreed yet")
    .option("--as-of <YYYY-MM-DD>", "count course hours up to this day (default: today)")
    .option("--lang <ky|ru>", "language of messages")
    .action(async (file: string, opts: { provisional?: boolean; asOf?: string; lang?: string }) => {
      const asOf = checkAsOf(opts.asOf, pickLang(opts.lang, "ky"));
      if (asOf === null) return;
      const port = await loadWorkbook(file);
      const cycle = readCycle(port, Boolean(opts.provisional), io.now(), asOf, { withHistory: true });
      const lang = pickLang(opts.lang, cycle.records.settings.language);
      if (cycle.agreement.unresolved.length > 0 && !opts.provisional) return reportUnresolved({ unresolved: cycle.agreement.unresolved, cycle }, lang);
      io.out(JSON.stringify(cycleJson(cycle), null, 2));
    });

  program
    .command("export-application")
    .description("write the application (4.3) alone into its own .xlsx, for the district and the institute")
    .argument("<file>", "the .xlsx workbook")
    .requiredOption("--out <app.xlsx|app.json>", "the application file to write (.json for the data alone)")
    .option("--provisional", "use the supervisor's level (or the self level) where no level is agreed yet")
    .option("--lang <ky|ru>", "language of headings and messages")
    .action(async (file: string, opts: { out: string; provisional?: boolean; lang?: string }) => {
      const port = await loadWorkbook(file);
      const target = newWorkbook();
      const lang = pickLang(opts.lang, workbookLanguage(port));
      const outcome = exportApplication(port, { provisional: Boolean(opts.provisional), now: io.now(), lang: opts.lang ? lang : undefined }, () => target);
      if (outcome.status === "unresolved") return reportUnresolved(outcome, lang);
      if (opts.out.toLowerCase().endsWith(".json")) {
        const { settings } = outcome.cycle.records;
        const school = { name: settings.name, address: settings.address, code: settings.code, district: settings.district, contact: settings.contact, phone: settings.phone, email: settings.email, year: settings.year };
        await fs.writeFile(opts.out, JSON.stringify(applicationFileJson(school, outcome.cycle.application, io.now().toISOString().slice(0, 10)), null, 2) + "\n");
      } else await saveWorkbook(target, opts.out);
      io.out(t(lang, "generate.done", { tabs: opts.out }));
    });

  program
    .command("plan")
    .description("one person's individual plan (4.1) as its own .xlsx, with what was written in the workbook")
    .argument("<file>", "the .xlsx workbook")
    .requiredOption("--person <id>", "the person's id in the roster")
    .requiredOption("--out <plan.xlsx>", "the file to write")
    .option("--provisional", "use the supervisor's level (or the self level) where no level is agreed yet")
    .option("--lang <ky|ru>", "language of headings and messages")
    .action(async (file: string, opts: { person: string; out: string; provisional?: boolean; lang?: string }) => {
      const port = await loadWorkbook(file);
      const lang = pickLang(opts.lang, workbookLanguage(port));
      const target = newWorkbook();
      const outcome = exportPersonPlan(port, opts.person, { provisional: Boolean(opts.provisional), now: io.now(), lang: opts.lang ? lang : undefined }, target);
      if (outcome.status === "unknown_person") {
        io.err(t(lang, "iplan.personNotFound", { value: opts.person }));
        setExit(1);
        return;
      }
      if (outcome.status === "unresolved") return reportUnresolved(outcome, lang);
      await saveWorkbook(target, opts.out);
      io.out(t(lang, "generate.done", { tabs: opts.out }));
    });

  program
    .command("district")
    .description("add up school applications (export-application files, .xlsx or .json) into the district's application")
    .argument("<apps...>", "the schools' application files")
    .requiredOption("--out <district.xlsx>", "the district application to write")
    .option("--json", "also print the result as JSON")
    .option("--long <rows.ndjson>", "also write one JSON line per school, competency and subject (for BigQuery)")
    .option("--name <name>", "the district's name (default: the schools' district)")
    .option("--lang <ky|ru>", "language of headings and messages")
    .action(async (apps: string[], opts: { out: string; json?: boolean; long?: string; name?: string; lang?: string }) => {
      const started = Date.now();
      const lang = pickLang(opts.lang, "ky");
      const read: SchoolApplication[] = [];
      const errors: DistrictError[] = [];
      for (const file of apps) {
        const result = await readApplicationFile(file);
        if (result.ok) read.push(result.value);
        else errors.push({ source: file, reason: result.reason });
      }
      const district = consolidate(read);
      const name = opts.name ?? read.find((a) => a.school.district)?.school.district ?? "";
      const year = read.find((a) => a.school.year)?.school.year ?? "";
      const target = newWorkbook();
      for (const tab of renderDistrictTabs(district, errors, name, year, lang, io.now())) target.writeTab(tab);
      await saveWorkbook(target, opts.out);
      if (opts.long) await fs.writeFile(opts.long, longRows(read).map((r) => JSON.stringify(r)).join("\n") + "\n");
      if (opts.json) {
        const school = { ...emptySchool(), name, district: name, year };
        io.out(JSON.stringify({ ...applicationFileJson(school, district, io.now().toISOString().slice(0, 10)), schools: district.schools, errors }, null, 2));
      }
      io.err(t(lang, "district.done", { file: opts.out, schools: district.schools.length, errors: errors.length, seconds: ((Date.now() - started) / 1000).toFixed(1) }));
      if (errors.length > 0) setExit(1);
    });

  program
    .command("frameworks")
    .description("print the three competency frameworks")
    .option("--json", "print JSON")
    .option("--lang <ky|ru>", "language")
    .action((opts: { json?: boolean; lang?: string }) => {
      if (opts.json) {
        io.out(JSON.stringify(frameworksAsJson(), null, 2));
        return;
      }
      const lang = pickLang(opts.lang, "ky");
      for (const id of FRAMEWORK_IDS) {
        const f = FRAMEWORKS[id];
        io.out(`\n${lang === "ru" ? f.title.ru : f.title.ky} (${f.tools.self} / ${f.tools.supervisor})`);
        for (const d of f.domains) {
          io.out(`  ${lang === "ru" ? d.nameRu : d.name}`);
          for (const c of d.competencies) io.out(`    ${c.n}. ${lang === "ru" ? c.textRu : c.text}`);
        }
      }
    });

  program
    .command("demo")
    .description("write a demo workbook: a synthetic school of about 60 staff")
    .argument("<out>", "the .xlsx to write")
    .option("--data <dir>", "also write the demo's data files (school.json, staff.csv, ...) into this folder")
    .action(async (out: string, opts: { data?: string }) => {
      const now = io.now();
      const port = newWorkbook();
      const data = writeDemo(port, now);
      await saveWorkbook(port, out);
      if (opts.data) {
        await fs.mkdir(opts.data, { recursive: true });
        for (const [name, text] of Object.entries(demoFiles(demoData({ year: now.getUTCFullYear(), schoolYear: academicYearOf(now), asOf: now.toISOString().slice(0, 10) })))) {
          await fs.writeFile(join(opts.data, name), text);
        }
      }
      io.out(t("ky", "demo.done", { file: out, people: data.people.length, ratings: data.ratings.length }));
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `ukoo check … | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}

/** A school's application file: the JSON export-application writes, or its .xlsx. */
async function readApplicationFile(file: string): Promise<ReturnType<typeof readApplicationJson> | { ok: false; reason: "cannot_read" }> {
  try {
    if (file.toLowerCase().endsWith(".json")) return readApplicationJson(await fs.readFile(file, "utf8"), file);
    const port = await loadWorkbook(file);
    return readApplicationTab(port.readTab(TAB_APPLICATION) ?? port.readTab(port.tabNames()[0] ?? ""), file);
  } catch {
    return { ok: false, reason: "cannot_read" };
  }
}
