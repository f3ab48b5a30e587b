/**
 * Everything the sidebar may ask of the server, in one place and host-agnostic: Apps Script calls
 * it through google.script.run, the local preview through HTTP. Every argument is untrusted and is
 * validated here; every write checks that the user may make it; answers are small unions the page
 * maps to its own words, and no exception text crosses the wire except a lock message.
 */
import * as z from "zod/mini";
import { LockBusyError, QuotaError } from "../hostErrors";
import { FRAMEWORK_IDS, type FrameworkId } from "../../core/frameworks/index";
import { CATALOGUE, isLang, type Lang } from "../../core/messages/index";
import { frameworksOf } from "../../core/people";
import { MAX_PRIORITIES } from "../../core/priorities";
import { interpret, type PersonRecord } from "../../workbook/interpret";
import type { WorkbookPort } from "../../workbook/port";
import { readState, type WorkbookState } from "../../workbook/read";
import { readHistory } from "../../workbook/history";
import { checkWorkbook } from "../check";
import { generate } from "../generate";
import { checkAndReport } from "../report";
import { newYearOffer, newYearOutcomeText, startNewYear } from "../newYear";
import { setUpWorkbook } from "../setUp";
import { dashboard } from "./dashboard";
import { ownForm, saveAgreement, saveRatingRow, superviseeForm, type AgreementPayload, type SuperviseeForm } from "./forms";
import { appendLog, writePendingLog, type LogEntry, type LogQueue } from "../auditLog";
import { agreementTabName } from "../../workbook/schema";
import { t, type MessageKey } from "../../core/messages/index";
import { identify, leads, mayRate } from "./identity";
import { gatherStep, isDistrictWorkbook, type DistrictHost } from "../districtGather";
import { ANSWERS, GRADES, OBSERVATION_FORM } from "../../core/yearRound/observation";
import { PORTFOLIO_ITEMS } from "../../core/yearRound/portfolio";
import { observationForm, portfolioForm, portfolioList, saveObservation, savePortfolio, type ObservationPayload, type YearRoundError } from "./yearRound";

/** Schools per step, and the time after which a step stops taking new schools (the limit is 6 minutes). */
export const DISTRICT_CHUNK = 25;
export const DISTRICT_BUDGET_MS = 240_000;

export interface SidebarHost {
  port(): WorkbookPort;
  /** The Google account's e-mail; "" when the host cannot tell (consumer accounts). */
  email(): string;
  chosenId(): string | null;
  setChosenId(id: string): void;
  lang(): Lang;
  setLang(lang: Lang): void;
  /** Runs `work` under the workbook's lock, its writes sent before it is let go; throws LockBusyError when it cannot be had. */
  locked<T>(work: () => T): T;
  /** Runs `record` once the locked step's writes are sent (so nothing is recorded that did not land). */
  afterFlush?(record: () => void): void;
  /**
   * Where a save that may not write the audit log itself (it is the leadership's) leaves its
   * entries for a leader's step to write; absent where every save writes it (the web app runs as
   * the owner; the local preview has no protections).
   */
  logQueue?: LogQueue;
  now(): Date;
  /** false in private mode: the user is known by their account or not at all. */
  allowPick?: boolean;
  goTo?(tab: string, cell: string): void;
  exportApplication?(emails: string[]): { url?: string; xlsxUrl?: string; pdfUrl?: string; unresolved?: number; badEmail?: string; notShared?: string[] };
  /** A district spreadsheet: gathering school applications (Sheets only). */
  district?(): DistrictHost;
  /** A one-time notice for the dashboard (the host's own advice, e.g. how to make it faster), or null. */
  notice?(): MessageKey | null;
  /**
   * Protects the tabs by the roster's roles, as the menu's set-up does (Sheets only): how many
   * ranges, or null when the host cannot (the Sheets API service is off).
   */
  protect?(): number | null;
  /** Set-up as the menu runs it, with what the host adds (Sheets: the edit trigger, the protections). */
  setUp?(): { tabs: number; protectedRanges: number | null };
}

export { LockBusyError };

export type Answer =
  | { status: "success"; data?: unknown }
  | { status: "error"; type: "bad_request" | "forbidden" | "no_row" | "no_tab" | "no_column" | "year_changed" | "busy" | "quota" | "unavailable" | "failed"; message?: string; tab?: string };

const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.null()]);
const text = z.string().check(z.maxLength(2000));
const competency = z.string().check(z.regex(/^\d+(\.\d+)?$/));
const framework = z.enum(FRAMEWORK_IDS);
const personId = z.string().check(z.minLength(1), z.maxLength(100));
/** The school year the form was opened in: a save from before a new school year is refused. */
const schoolYear = z.optional(z.string().check(z.maxLength(20)));
const ratings = z.object({
  levels: z.record(competency, level),
  comments: z.record(competency, text),
  schoolYear,
});
const own = z.extend(ratings, { needs: z.array(text).check(z.maxLength(3)), career: text, roles: text, comment: text });
const agreement = z.object({ agreed: z.record(competency, level), priorities: z.array(competency).check(z.maxLength(MAX_PRIORITIES)), schoolYear });
const short = z.string().check(z.maxLength(200));
const sectionId = z.enum(OBSERVATION_FORM.sections.map((s) => s.id) as [string, ...string[]]);
const questionId = z.enum(OBSERVATION_FORM.sections.flatMap((s) => s.questions.map((q) => q.id)) as [string, ...string[]]);
const observation = z.object({
  teacherId: personId,
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  className: short,
  subject: short,
  topic: text,
  sections: z.array(sectionId).check(z.minLength(1), z.maxLength(OBSERVATION_FORM.sections.length)),
  answers: z.partialRecord(questionId, z.enum(ANSWERS)),
  grades: z.partialRecord(sectionId, z.enum(GRADES)),
  strengths: text,
  advice: text,
});
const links = z.partialRecord(z.enum(PORTFOLIO_ITEMS.map((i) => i.id) as [string, ...string[]]), text);

const SCHEMAS = {
  state: z.tuple([]),
  pick: z.tuple([personId]),
  setLang: z.tuple([z.enum(["ky", "ru"])]),
  ownForm: z.tuple([framework]),
  saveOwn: z.tuple([framework, own]),
  supervisees: z.tuple([]),
  superviseeForm: z.tuple([personId, framework]),
  saveSupervisor: z.tuple([personId, framework, ratings]),
  saveAgreement: z.tuple([personId, framework, agreement]),
  dashboard: z.tuple([]),
  run: z.tuple([z.enum(["check", "setup", "generate", "generateProvisional"])]),
  newYear: z.tuple([z.string().check(z.regex(/^\d{4}-\d{4}$/))]),
  exportApplication: z.tuple([z.string().check(z.maxLength(2000))]),
  goTo: z.tuple([z.string().check(z.maxLength(100)), z.string().check(z.regex(/^[A-Z]{1,3}\d{1,7}$/))]),
  districtStep: z.tuple([z.boolean()]),
  observationForm: z.tuple([]),
  saveObservation: z.tuple([observation]),
  portfolios: z.tuple([]),
  portfolioForm: z.tuple([personId]),
  savePortfolio: z.tuple([personId, links]),
} as const;

export type SidebarFunction = keyof typeof SCHEMAS;

function me(host: SidebarHost, people: PersonRecord[]): PersonRecord | null {
  const who = identify(people, host.email(), host.chosenId(), host.allowPick !== false);
  return who.kind === "person" ? who.person : null;
}

/**
 * Calls `fn` with `args` for the user of `host`. `rethrow` names errors the host itself handles
 * (Sheets: the API not enabled, when it answers again without it).
 */
export function handle(host: SidebarHost, fn: unknown, args: unknown, options: { rethrow?: (error: unknown) => boolean } = {}): Answer {
  if (typeof fn !== "string" || !(fn in SCHEMAS)) return { status: "error", type: "bad_request" };
  const parsed = SCHEMAS[fn as SidebarFunction].safeParse(args ?? []);
  if (!parsed.success) return { status: "error", type: "bad_request" };
  try {
    return dispatch(host, fn as SidebarFunction, parsed.data as unknown[]);
  } catch (error) {
    if (options.rethrow?.(error)) throw error;
    if (error instanceof LockBusyError) return { status: "error", type: "busy" };
    // Google's per-minute limit: nothing was written; the page waits and sends the same call again.
    if (error instanceof QuotaError) return { status: "error", type: "quota" };
    return { status: "error", type: "failed" };
  }
}

const ok = (data?: unknown): Answer => ({ status: "success", data });
const fail = (type: Exclude<Answer, { status: "success" }>["type"]): Answer => ({ status: "error", type });
/** A year-round form's refusal; a missing tab or column names its tab, so the page can say which. */
const failYearRound = (error: YearRoundError, tab: string): Answer => (error === "no_tab" || error === "no_column" ? { status: "error", type: error, tab } : fail(error));

function dispatch(host: SidebarHost, fn: SidebarFunction, args: unknown[]): Answer {
  const lang = host.lang();

  if (fn === "setLang") {
    host.setLang(args[0] as Lang);
    return ok();
  }
  if (fn === "districtStep") {
    // The district's own port: its tabs are text, so the step reads them once and writes them once.
    const districtHost = host.district?.();
    if (!isDistrictWorkbook((districtHost?.port ?? host.port()).tabNames())) return fail("forbidden");
    if (!districtHost) return fail("unavailable");
    return host.locked(() => ok(gatherStep(districtHost, { maxSchools: DISTRICT_CHUNK, budgetMs: DISTRICT_BUDGET_MS, restart: args[0] as boolean, lang })));
  }
  // A save reads the workbook once, under the lock, and writes what it read it for before letting go.
  if (SAVES.has(fn)) return host.locked(() => answer(host, fn, args, readState(host.port()), lang));
  return answer(host, fn, args, readState(host.port()), lang);
}

const SAVES = new Set<SidebarFunction>(["saveOwn", "saveSupervisor", "saveAgreement", "saveObservation", "savePortfolio"]);
const RATING_SAVES = new Set<SidebarFunction>(["saveOwn", "saveSupervisor", "saveAgreement"]);

function answer(host: SidebarHost, fn: SidebarFunction, args: unknown[], state: WorkbookState, lang: Lang): Answer {
  const district = isDistrictWorkbook(state.tabNames);
  const records = interpret(state, host.now());
  const user = me(host, records.people);
  // A form opened before a new school year started would write last year's ratings into the new one.
  const sent = (RATING_SAVES.has(fn) ? (args[fn === "saveOwn" ? 1 : 2] as { schoolYear?: string }) : {}).schoolYear;
  if (sent !== undefined && sent !== records.settings.year) return fail("year_changed");

  switch (fn) {
    case "state": {
      const who = identify(records.people, host.email(), host.chosenId(), host.allowPick !== false);
      const supervisees = user ? records.people.filter((p) => mayRate(user, p)) : [];
      return ok({
        lang,
        messages: CATALOGUE[lang],
        district,
        identity:
          who.kind === "person"
            ? { kind: "person", id: who.person.id, name: who.person.name, frameworks: frameworksOf(who.person) }
            : who.kind === "pick"
              ? { kind: "pick", candidates: who.candidates }
              : { kind: "unknown", email: who.email },
        views: {
          own: Boolean(user && frameworksOf(user).length > 0),
          supervisor: supervisees.length > 0 || Boolean(user && leads(user)),
          dashboard: Boolean(user && leads(user)),
          portfolio: Boolean(user && frameworksOf(user).includes("teacher")),
        },
        observe: Boolean(user && leads(user)),
      });
    }
    case "pick": {
      if (host.email().trim() !== "" || host.allowPick === false) return fail("forbidden");
      if (!records.people.some((p) => p.id === args[0])) return fail("bad_request");
      host.setChosenId(args[0] as string);
      return ok();
    }
    case "ownForm": {
      if (!user || !frameworksOf(user).includes(args[0] as FrameworkId)) return fail("forbidden");
      // Last year's agreed levels, beside each competency: the history is read for this view only.
      const form = ownForm(state, user.id, args[0] as FrameworkId, lang, readHistory(host.port()).lastYear(records.settings.year));
      return typeof form === "string" ? fail(form) : ok({ ...form, schoolYear: records.settings.year });
    }
    case "saveOwn": {
      if (!user || !frameworksOf(user).includes(args[0] as FrameworkId)) return fail("forbidden");
      const result = saveRatingRow(host.port(), state, user.id, args[0] as FrameworkId, "self", args[1] as never);
      return result === "ok" ? ok() : fail(result);
    }
    case "supervisees": {
      if (!user) return fail("forbidden");
      const outcome = checkWorkbook(host.port(), host.now());
      const list = outcome.records.people
        .filter((p) => mayRate(user, p))
        .map((p) => ({
          id: p.id,
          name: p.name,
          frameworks: frameworksOf(p).map((f) => ({
            framework: f,
            selfMissing: outcome.missing.filter((m) => m.personId === p.id && m.framework === f && m.rater === "self").length,
            supervisorMissing: outcome.missing.filter((m) => m.personId === p.id && m.framework === f && m.rater === "supervisor").length,
            differences: outcome.disagreements.filter((d) => d.personId === p.id && d.framework === f).length,
          })),
        }));
      return ok(list);
    }
    case "superviseeForm":
    case "saveSupervisor":
    case "saveAgreement": {
      const person = records.people.find((p) => p.id === args[0]);
      const fw = args[1] as FrameworkId;
      if (!user || !person || !mayRate(user, person) || !frameworksOf(person).includes(fw)) return fail("forbidden");
      if (fn === "superviseeForm") {
        const form = superviseeForm(state, person.id, fw, lang);
        return typeof form === "string" ? fail(form) : ok({ ...form, schoolYear: records.settings.year });
      }
      // Saves run under the lock with `state` read inside it (see dispatch).
      const result = (() => {
        if (fn === "saveSupervisor") return saveRatingRow(host.port(), state, person.id, fw, "supervisor", args[2] as never);
        const before = superviseeForm(state, person.id, fw, lang);
        const saved = saveAgreement(host.port(), state, person.id, fw, args[2] as AgreementPayload);
        if (saved === "ok" && typeof before !== "string") {
          const entries = agreementChanges(before, args[2] as AgreementPayload, person.id, fw, `${user.name} <${host.email() || user.id}>`, host.now(), agreementTabName(fw), lang);
          // A department head may not write the leadership's log: their entries wait for a leader's step.
          if (host.logQueue && !leads(user)) host.logQueue.add(entries);
          else {
            settleLog(host, lang);
            appendLog(host.port(), entries, lang);
          }
        }
        return saved;
      })();
      return result === "ok" ? ok() : fail(result);
    }
    case "dashboard": {
      if (!user || !leads(user)) return fail("forbidden");
      const now = host.now();
      const checked = checkWorkbook(host.port(), now);
      return ok({
        steps: dashboard(checked, lang, now.toISOString().slice(0, 10)),
        notice: host.notice?.() ?? null,
        newYear: newYearOffer(checked.records.settings.year, now, lang),
      });
    }
    case "newYear": {
      if (!user || !leads(user)) return fail("forbidden");
      return host.locked(() => {
        settleLog(host, lang);
        const outcome = startNewYear(host.port(), { year: args[0] as string, now: host.now(), lang });
        // The history tab is new at the first new year: it is protected like the other generated tabs.
        if (outcome.status === "started") host.protect?.();
        return ok({ started: outcome.status === "started", text: newYearOutcomeText(outcome, lang) });
      });
    }
    case "run": {
      if (!user || !leads(user)) return fail("forbidden");
      const action = args[0] as "check" | "setup" | "generate" | "generateProvisional";
      return host.locked(() => {
        settleLog(host, lang);
        if (action === "setup") {
          if (host.setUp) return ok(host.setUp());
          const tabs = setUpWorkbook(host.port(), host.now()).tabs.length;
          return ok({ tabs, protectedRanges: host.protect ? host.protect() : undefined });
        }
        if (action === "check") {
          const r = checkAndReport(host.port(), host.now(), lang);
          return ok({ problems: r.problems.length, disagreements: r.disagreements.length, missing: r.missing.length });
        }
        const outcome = generate(host.port(), { provisional: action === "generateProvisional", now: host.now(), lang });
        return outcome.status === "unresolved" ? ok({ unresolved: outcome.unresolved.length }) : ok({ tabs: outcome.tabs });
      });
    }
    case "exportApplication": {
      if (!user || !leads(user)) return fail("forbidden");
      if (!host.exportApplication) return fail("unavailable");
      const emails = String(args[0]).split(/[\s,;]+/).filter(Boolean);
      return ok(host.locked(() => host.exportApplication!(emails)));
    }
    case "observationForm":
    case "saveObservation": {
      if (!user || !leads(user)) return fail("forbidden");
      if (fn === "observationForm") {
        const form = observationForm(state.observations, records.people, host.now(), lang);
        return typeof form === "string" ? failYearRound(form, state.observations.name) : ok(form);
      }
      const workbookLang = records.settings.language;
      const who = { name: user.name, who: `${user.name} <${host.email() || user.id}>` };
      const saved = saveObservation(host.port(), state.observations, records.people, who, args[0] as ObservationPayload, host.now(), workbookLang);
      if (typeof saved === "string") return failYearRound(saved, state.observations.name);
      settleLog(host, workbookLang);
      appendLog(host.port(), saved.log, workbookLang);
      return ok({ row: saved.row });
    }
    case "portfolios": {
      if (!user || !leads(user)) return fail("forbidden");
      if (!state.portfolio.table) return failYearRound("no_tab", state.portfolio.name);
      return ok(portfolioList(records.people, records.yearRound.portfolios));
    }
    case "portfolioForm":
    case "savePortfolio": {
      // A teacher keeps their own portfolio; the leadership may read anyone's.
      const person = records.people.find((p) => p.id === args[0]);
      if (!user || !person || !frameworksOf(person).includes("teacher")) return fail("forbidden");
      const own = person.id === user.id;
      if (fn === "portfolioForm") {
        if (!own && !leads(user)) return fail("forbidden");
        const form = portfolioForm(state.portfolio, person, !own, lang);
        return typeof form === "string" ? failYearRound(form, state.portfolio.name) : ok(form);
      }
      if (!own) return fail("forbidden");
      const saved = savePortfolio(host.port(), state.portfolio, person.id, args[1] as Record<string, string>, records.settings.language);
      return typeof saved === "string" ? failYearRound(saved, state.portfolio.name) : ok(saved);
    }
    case "goTo": {
      if (!user || !leads(user)) return fail("forbidden");
      host.goTo?.(args[0] as string, args[1] as string);
      return ok();
    }
  }
  return fail("bad_request");
}

export { isLang };

/**
 * A leader's locked step writes what supervisors' saves left waiting for the log, in its own
 * batch; the queue forgets it once that batch is sent.
 */
function settleLog(host: SidebarHost, lang: Lang): void {
  if (!host.logQueue) return;
  const forget = writePendingLog(host.port(), host.logQueue, lang);
  if (forget) host.afterFlush?.(forget);
}

/** What a save of the agreement changes: one log entry per agreed level or priority mark changed. */
function agreementChanges(before: SuperviseeForm, payload: AgreementPayload, personId: string, fw: FrameworkId, who: string, when: Date, tab: string, lang: Lang): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const c of before.competencies) {
    const entry = (field: string, old: string, value: string): LogEntry => ({ when, who, where: tab, personId, framework: fw, field, old, value, source: "sidebar" });
    if (c.n in payload.agreed) {
      const old = c.agreedRecorded && c.agreed !== null ? String(c.agreed) : "";
      const next = payload.agreed[c.n] === null ? "" : String(payload.agreed[c.n]);
      if (old !== next) entries.push(entry(t(lang, "log.field.agreed", { n: c.n }), old, next));
    }
    const wasPriority = c.priority;
    const isPriority = payload.priorities.includes(c.n);
    if (wasPriority !== isPriority) entries.push(entry(t(lang, "log.field.priority", { n: c.n }), wasPriority ? "✓" : "", isPriority ? "✓" : ""));
  }
  return entries;
}
