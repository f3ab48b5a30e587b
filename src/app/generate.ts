/**
 * Use-case "generate": the summary (4.2) and the application (4.3) tabs. It refuses while any
 * level is unresolved, unless the user chose provisional mode; then every generated tab says so.
 */
import type { Unresolved } from "../core/agreement";
import type { WorkbookPort } from "../workbook/port";
import { readState, type WorkbookState } from "../workbook/read";
import { listRows } from "../workbook/model";
import { idText } from "../workbook/records";
import { renderMentoring } from "../workbook/render/yearRoundTabs";
import { pairKey, pairsToMeet } from "../core/yearRound/mentoringLog";
import { interpret } from "../workbook/interpret";
import { renderApplicationTab } from "../workbook/render/applicationTab";
import { renderSummaryTab, type GeneratedHeader } from "../workbook/render/summaryTab";
import type { CellInput, TabRender } from "../workbook/port";
import { inputTabNames, TAB_APPLICATION, TAB_HOURS, TAB_MENTORING, TAB_PLANS, TAB_SUMMARY, TAB_YEAR_PLAN } from "../workbook/schema";
import { readKeyed } from "../workbook/keyed";
import { renderYearPlanTab, type YearPlanInput } from "../workbook/render/yearPlanTab";
import { renderPlansTab, type PlansInput } from "../workbook/render/plansTab";
import { renderHoursTab } from "../workbook/render/hoursTab";
import { computeCycle, type Cycle } from "./cycle";
import { readHistory } from "../workbook/history";
import type { Lang } from "../core/messages/index";

export interface GenerateOptions {
  provisional: boolean;
  now: Date;
  /** Overrides the settings tab's department for the 4.2 summary ("" = the whole school). */
  department?: string;
  /** YYYY-MM-DD: course hours are counted up to this day (default: today). */
  asOf?: string;
  lang?: Lang;
}

export type GenerateOutcome =
  | { status: "unresolved"; unresolved: Unresolved[]; cycle: Cycle }
  | { status: "generated"; tabs: string[]; cycle: Cycle };

/**
 * `withHistory`: read last year's agreed levels from the history tab too (for the summary's change);
 * `state`: the workbook as already read, so a step that needs it too reads it once.
 */
export function readCycle(
  port: WorkbookPort,
  provisional: boolean,
  now: Date,
  asOf?: string,
  { withHistory = false, state = readState(port) }: { withHistory?: boolean; state?: WorkbookState } = {},
): Cycle {
  const records = interpret(state, now);
  const lastYear = withHistory ? readHistory(port).lastYear(records.settings.year) : undefined;
  return computeCycle(records, provisional, asOf ?? now.toISOString().slice(0, 10), lastYear);
}

/**
 * Adds to the mentoring log a row for each pair of the year plan (task 6) it does not have yet:
 * appended below what people wrote, in the tab's own columns, so no meeting is ever rewritten.
 * A log that is missing is created with the pairs; one whose header row was lost is read by position.
 */
export function addMentoringPairs(port: WorkbookPort, state: WorkbookState, cycle: Cycle, lang: Lang): void {
  const present = new Set((state.mentoring.table?.rows ?? []).map((r) => pairKey(idText(r.cells["mentor_id"]), idText(r.cells["mentee_id"]))));
  const pairs = pairsToMeet(cycle.mentoring.pairs).filter((p) => !present.has(pairKey(p.mentorId, p.menteeId)));
  if (pairs.length === 0) return;
  const people = new Map(cycle.records.people.map((p) => [p.id, p]));
  const table = state.mentoring.table;
  if (!state.mentoring.present || !table) {
    port.writeTab(renderMentoring({ mentoring: listRows(state.mentoring) }, lang, people, pairs));
    return;
  }
  const width = Math.max(...table.columns.values());
  port.appendRows(
    TAB_MENTORING,
    pairs.map((p) => {
      const row = new Array<CellInput>(width).fill(null);
      const put = (key: string, value: string) => {
        const col = table.columns.get(key);
        if (col) row[col - 1] = value;
      };
      put("mentor_id", p.mentorId);
      put("mentor", people.get(p.mentorId)?.name ?? "");
      put("mentee_id", p.menteeId);
      put("mentee", people.get(p.menteeId)?.name ?? "");
      put("competency", p.competencies.join(", "));
      return row;
    }),
  );
}

export function generatedHeader(cycle: Cycle, now: Date): GeneratedHeader {
  return { now, provisional: cycle.agreement.provisional ? cycle.agreement.unresolved.length : null };
}

export function plansInput(cycle: Cycle, lang: Lang, header: GeneratedHeader): PlansInput {
  return {
    settings: cycle.records.settings,
    people: cycle.records.people,
    priorities: cycle.priorities,
    courses: cycle.records.courses,
    planYear: cycle.planYear,
    lang,
    header,
  };
}

export function yearPlanInput(cycle: Cycle, lang: Lang, header: GeneratedHeader): YearPlanInput {
  const { settings, people } = cycle.records;
  return { settings, people, summary: cycle.summary, mentoring: cycle.mentoring, schedule: cycle.schedule, planYear: cycle.planYear, lang, header };
}

/**
 * Every generated tab. `port` is read for what people wrote into the year plan and the individual
 * plans, so it is carried into the new ones.
 */
export function generatedTabs(cycle: Cycle, options: GenerateOptions, port: WorkbookPort): TabRender[] {
  const lang = options.lang ?? cycle.records.settings.language;
  const header = generatedHeader(cycle, options.now);
  const department = options.department ?? cycle.records.settings.summaryDepartment;
  const { settings, people } = cycle.records;
  return [
    renderSummaryTab(cycle.priorities, people, lang, header, department, cycle.lastYear),
    renderApplicationTab(cycle.application, settings, lang, header),
    renderYearPlanTab(yearPlanInput(cycle, lang, header), readKeyed(port.readTab(TAB_YEAR_PLAN))),
    renderPlansTab(plansInput(cycle, lang, header), readKeyed(port.readTab(TAB_PLANS))),
    renderHoursTab(people, cycle.hours, settings, cycle.asOf, lang, header, cycle.records.yearRound.observations),
  ];
}

export const GENERATED_TABS = [TAB_PLANS, TAB_SUMMARY, TAB_APPLICATION, TAB_YEAR_PLAN, TAB_HOURS];

export function generate(port: WorkbookPort, options: GenerateOptions): GenerateOutcome {
  const state = readState(port);
  const cycle = readCycle(port, options.provisional, options.now, options.asOf, { withHistory: true, state });
  if (cycle.agreement.unresolved.length > 0 && !options.provisional) {
    return { status: "unresolved", unresolved: cycle.agreement.unresolved, cycle };
  }
  const tabs = generatedTabs(cycle, options, port);
  addMentoringPairs(port, state, cycle, options.lang ?? cycle.records.settings.language);
  for (const tab of tabs) port.writeTab(tab);
  port.orderTabs([...inputTabNames(), ...GENERATED_TABS]);
  return { status: "generated", tabs: tabs.map((t) => t.name), cycle };
}

/**
 * The application alone, as its own workbook (the file sent to the district and the institute).
 * `target` is asked for the workbook only once the application can be made, so nothing is created
 * while levels are still unresolved.
 */
export function exportApplication(from: WorkbookPort, options: GenerateOptions, target: (cycle: Cycle) => WorkbookPort): GenerateOutcome {
  const cycle = readCycle(from, options.provisional, options.now);
  if (cycle.agreement.unresolved.length > 0 && !options.provisional) {
    return { status: "unresolved", unresolved: cycle.agreement.unresolved, cycle };
  }
  const lang = options.lang ?? cycle.records.settings.language;
  const tab = renderApplicationTab(cycle.application, cycle.records.settings, lang, generatedHeader(cycle, options.now));
  target(cycle).writeTab(tab);
  return { status: "generated", tabs: [tab.name], cycle };
}

/** One person's individual plan (4.1) as its own workbook, with what was written in the workbook's plan. */
export function exportPersonPlan(from: WorkbookPort, personId: string, options: GenerateOptions, to: WorkbookPort): GenerateOutcome | { status: "unknown_person" } {
  const cycle = readCycle(from, options.provisional, options.now, options.asOf);
  if (!cycle.records.people.some((p) => p.id === personId)) return { status: "unknown_person" };
  const mine = cycle.agreement.unresolved.filter((u) => u.personId === personId);
  if (mine.length > 0 && !options.provisional) return { status: "unresolved", unresolved: mine, cycle };
  const lang = options.lang ?? cycle.records.settings.language;
  const tab = renderPlansTab(plansInput(cycle, lang, generatedHeader(cycle, options.now)), readKeyed(from.readTab(TAB_PLANS)), personId);
  to.writeTab(tab);
  return { status: "generated", tabs: [tab.name], cycle };
}
