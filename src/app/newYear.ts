/**
 * Use-case "start the new school year". The year in the settings tab is archived into the history
 * tab (long format, see workbook/history.ts): every level, priority and text of the rating and
 * agreement tabs, the sign-offs of the individual plans (4.1) and the course hours as of 31 August.
 * Then those cells are cleared, the year moves on, and 4.1 and 4.4 are regenerated for the new
 * year, so what people wrote in them stays in place or moves to their "kept" section.
 *
 * It refuses to run twice for one year, or to any year but the next one, and then writes nothing.
 * Everything is read before anything is written, so on the Sheets API the step is one batch, or
 * several past 9 MB of body: then the archive goes first (marked "started") and the year moves last
 * (marked "done"), and a run stopped between them is finished by the next one.
 */
import { competencyNumbers, type FrameworkId } from "../core/frameworks/index";
import { checkRollover, nextYear, parseSchoolYear, yearEndDate, yearLabel, type RolloverRefusal } from "../core/history";
import { t, type Lang } from "../core/messages/index";
import { frameworksOf } from "../core/people";
import type { PersonHours } from "../core/hours";
import { readHistory, historyCells, LEVEL_ITEM, renderHistoryTab, rolloverRow, ROLLOVER_DONE, ROLLOVER_STARTED, type HistoryRow } from "../workbook/history";
import { interpret, type PersonRecord } from "../workbook/interpret";
import { readKeyed, type KeyedStore } from "../workbook/keyed";
import { agreementRowKey, cellOf, modelFromState, settingsOf, type InputModel, type Row } from "../workbook/model";
import type { Scalar, TabRender, WorkbookPort } from "../workbook/port";
import { readSettings, readState } from "../workbook/read";
import { renderInputTabs } from "../workbook/render/index";
import { renderPlansTab } from "../workbook/render/plansTab";
import { renderYearPlanTab } from "../workbook/render/yearPlanTab";
import { agreementTabName, explanationKey, levelKey, needKey, NEED_SLOTS, ratingTabName, TAB_HISTORY, TAB_PLANS, TAB_SETTINGS, TAB_YEAR_PLAN } from "../workbook/schema";
import { cellText, type CellRaw } from "../workbook/table";
import { computeCycle, type Cycle } from "./cycle";
import { generatedHeader, plansInput, yearPlanInput } from "./generate";

export interface NewYearOptions {
  /** The new school year, "2027-2028": it must be the one after the settings tab's year. */
  year: string;
  now: Date;
  lang?: Lang;
}

export type NewYearOutcome =
  | { status: "refused"; refusal: RolloverRefusal }
  | { status: "started"; from: string; to: string; archived: number; tabs: string[] };

/** The year the settings tab holds now (what the menu offers to move on from), from that tab alone. */
export function currentYear(port: WorkbookPort): string {
  return cellText(settingsOf(readSettings(port)).get("year"));
}

export function startNewYear(port: WorkbookPort, options: NewYearOptions): NewYearOutcome {
  const state = readState(port);
  const records = interpret(state, options.now);
  const history = readHistory(port);
  // A run that stopped after its archive (Sheets, several batches) is finished, not refused: the
  // archive is whole (it goes first, in one write), and the year has not moved (that goes last).
  const resuming = history.interrupted(records.settings.year) === options.year;
  const archivedYears = resuming ? new Set([...history.years].filter((y) => y !== records.settings.year)) : history.years;
  const years = checkRollover(records.settings.year, options.year, archivedYears, options.now.toISOString().slice(0, 10));
  if ("reason" in years) return { status: "refused", refusal: years };
  const lang = options.lang ?? records.settings.language;
  const from = yearLabel(years.from);
  const to = yearLabel(years.to);

  // Everything is read first: the plans, the year plan, and the year as it ends.
  const plans = port.tabNames().includes(TAB_PLANS) ? readKeyed(port.readTab(TAB_PLANS)) : null;
  const yearPlan = port.tabNames().includes(TAB_YEAR_PLAN) ? readKeyed(port.readTab(TAB_YEAR_PLAN)) : null;
  const ending = computeCycle(records, false, yearEndDate(years.from));
  const model = modelFromState(state);
  const rows = resuming
    ? []
    : [
        ...ratingRows(model, ending, from, lang),
        ...(plans ? signOffRows(plans, records.people, from) : []),
        ...hoursRows(ending.hours, records.people, from, lang),
        rolloverRow(ROLLOVER_STARTED, from, to),
      ];

  // Then written: the archive first, the cleared input tabs and the plans of the new year, and last
  // the settings tab's new year and the "done" marker, so a run stopped halfway has not moved the year.
  if (!resuming) {
    if (port.tabNames().includes(TAB_HISTORY)) port.appendRows(TAB_HISTORY, historyCells(rows));
    else port.writeTab(renderHistoryTab(rows, lang));
  }
  clearRatings(model, records.people);
  if (plans) clearSignOffs(plans, records.people);
  model.settings.set("year", cellOf(to));
  const written = renderInputTabs(model, options.now).filter((tab) => clearedTabs().has(tab.name));
  const next = computeCycle({ ...records, settings: { ...records.settings, year: to }, levels: [], priorities: [], needs: [] }, false, options.now.toISOString().slice(0, 10));
  written.push(...planTabs(next, lang, options.now, plans, yearPlan));
  written.sort((a, b) => Number(a.name === TAB_SETTINGS) - Number(b.name === TAB_SETTINGS));
  for (const tab of written) port.writeTab(tab);
  port.appendRows(TAB_HISTORY, historyCells([rolloverRow(ROLLOVER_DONE, from, to)]));
  const archived = resuming ? (history.rows.get(from) ?? 0) : rows.length - 1;
  return { status: "started", from, to, archived, tabs: [TAB_HISTORY, ...written.map((tab) => tab.name)] };
}

/** What a leader is offered to start: the year after `current`, or why not yet, in the user's words. */
export interface NewYearOffer {
  from: string;
  /** null when the settings tab has no valid year. */
  to: string | null;
  /** Why it cannot start now (the year to close has not begun, no valid year), or null. */
  blocked: string | null;
  /** The question to confirm: what is archived and cleared (null when blocked). */
  confirm: string | null;
}

/**
 * The menu and the sidebar ask before anything is read in full: a year that has not begun yet is
 * refused up front (pressed again right after a new year), so nobody is asked to confirm in vain.
 */
export function newYearOffer(current: string, today: Date, lang: Lang): NewYearOffer {
  const parsed = parseSchoolYear(current);
  if (!parsed) return { from: current, to: null, blocked: refusalText({ reason: "no_current_year", value: current }, lang), confirm: null };
  const to = yearLabel(nextYear(parsed));
  const early = checkRollover(current, to, new Set(), today.toISOString().slice(0, 10));
  if ("reason" in early) return { from: current, to, blocked: refusalText(early, lang), confirm: null };
  return { from: current, to, blocked: null, confirm: t(lang, "newYear.confirm", { from: current, to, tab: TAB_HISTORY }) };
}

/** What became of a new year, in the user's words: done, or why not. */
export function newYearOutcomeText(outcome: NewYearOutcome, lang: Lang): string {
  return outcome.status === "refused" ? refusalText(outcome.refusal, lang) : t(lang, "newYear.done", { from: outcome.from, to: outcome.to, tab: TAB_HISTORY, rows: outcome.archived });
}

/** The refusal in the user's words. */
export function refusalText(refusal: RolloverRefusal, lang: Lang): string {
  const { reason, ...params } = refusal;
  return t(lang, `newYear.refused.${reason}`, params);
}

// ---- What is archived ---------------------------------------------------------------------------

const blankRow = (year: string, person: PersonRecord, item: string): HistoryRow => ({
  year,
  person_id: person.id,
  name: person.name,
  framework: null,
  item,
  competency: null,
  self: null,
  supervisor: null,
  agreed: null,
  priority: null,
  self_explanation: null,
  supervisor_explanation: null,
  discussion: null,
  value: null,
});

/** What a cell shows, never its formula: the archive holds values. */
function shown(cell: CellRaw | undefined): Scalar {
  if (!cell || cell.value === null || cell.value === undefined) return null;
  return typeof cell.value === "string" && cell.value.trim() === "" ? null : cell.value;
}

const text = (cell: CellRaw | undefined): string | null => cellText(cell) || null;

/** Self-assessment texts other than the explanations: the key in the tab and the item it is archived as. */
function selfTextItems(fw: FrameworkId): [string, string][] {
  const items: [string, string][] = Array.from({ length: NEED_SLOTS }, (_, k) => [needKey(k + 1), `need${k + 1}`]);
  if (fw === "teacher") items.push(["career", "career"], ["roles", "roles"]);
  items.push(["comment", "comment"]);
  return items;
}

/** One row per person × competency of their frameworks, and a row per text they wrote besides. */
function ratingRows(model: InputModel, cycle: Cycle, year: string, lang: Lang): HistoryRow[] {
  const out: HistoryRow[] = [];
  const yesNo = (v: boolean) => t(lang, v ? "yes" : "no");
  for (const person of cycle.records.people) {
    for (const fw of frameworksOf(person)) {
      const self = model.rating[fw].self.rows.get(person.id);
      const sup = model.rating[fw].supervisor.rows.get(person.id);
      const mine = cycle.priorities.find((p) => p.personId === person.id && p.framework === fw);
      for (const n of competencyNumbers(fw)) {
        const agreement = model.agreement[fw].rows.get(agreementRowKey(person.id, n));
        out.push({
          ...blankRow(year, person, LEVEL_ITEM),
          framework: fw,
          competency: n,
          self: shown(self?.[levelKey(n)]),
          supervisor: shown(sup?.[levelKey(n)]),
          agreed: mine?.agreed.get(n) ?? null,
          priority: yesNo(Boolean(mine?.priorities.includes(n))),
          self_explanation: text(self?.[explanationKey(n)]),
          supervisor_explanation: text(sup?.[explanationKey(n)]),
          discussion: text(agreement?.["discussion"]),
        });
      }
      const texts: [string, CellRaw | undefined][] = [...selfTextItems(fw).map(([key, item]): [string, CellRaw | undefined] => [item, self?.[key]]), ["supervisor_comment", sup?.["comment"]]];
      for (const [item, cell] of texts) if (shown(cell) !== null) out.push({ ...blankRow(year, person, item), framework: fw, value: shown(cell) });
    }
  }
  return out;
}

/** Which content cell (from column B) of a 4.1 sign-off or review row holds whose entry (see plansTab.ts). */
const SIGN_CELLS: [number, string][] = [[1, "person"], [2, "person_date"], [3, "leader"], [4, "leader_date"]];
const REVIEW_CELLS: [number, string][] = [[1, "person"], [3, "leader"]];

/** The 4.1 rows archived: their key after the person's id, the item they are archived as, their cells. */
const SIGN_OFFS = [
  ...(["plan", "interim", "final"] as const).map((stage) => ({ key: `sign:${stage}`, item: `sign:${stage}`, cells: SIGN_CELLS })),
  ...(["interim", "final"] as const).map((stage) => ({ key: `comment:${stage}`, item: `review:${stage}`, cells: REVIEW_CELLS })),
];

/** Each person's sign-offs and review comments in 4.1, where something is written. */
function signOffRows(store: KeyedStore, people: PersonRecord[], year: string): HistoryRow[] {
  const out: HistoryRow[] = [];
  for (const person of people) {
    for (const sign of SIGN_OFFS) {
      const id = `${person.id}:${sign.key}`;
      const cells = store.singles.get(id);
      if (!cells) continue;
      for (const [index, who] of sign.cells) {
        const value = shown(cells[index]);
        if (value !== null) out.push({ ...blankRow(year, person, `${sign.item}:${who}`), value });
      }
    }
  }
  return out;
}

/** Course hours as of 31 August of the year's end. */
function hoursRows(hours: PersonHours[], people: PersonRecord[], year: string, lang: Lang): HistoryRow[] {
  const byId = new Map(people.map((p) => [p.id, p]));
  return hours.flatMap((h) => {
    const person = byId.get(h.id)!;
    const measures: [string, Scalar][] = [
      ["last5y", h.last5y],
      ["year", h.thisSchoolYear],
      ["distance_share", h.distanceShare],
      ["meets_minimum", t(lang, h.meetsMinimum ? "yes" : "no")],
      ["last_long_course", h.lastLongCourseYear],
      ["due_year", h.dueYear],
    ];
    return measures.filter(([, value]) => value !== null).map(([measure, value]) => ({ ...blankRow(year, person, `hours:${measure}`), value }));
  });
}

// ---- What is cleared ----------------------------------------------------------------------------

function clearedTabs(): Set<string> {
  const names = [TAB_SETTINGS];
  for (const fw of ["teacher", "leader", "director"] as FrameworkId[]) names.push(ratingTabName(fw, "self"), ratingTabName(fw, "supervisor"), agreementTabName(fw));
  return new Set(names);
}

const clear = (row: Row | undefined, keys: string[]) => {
  if (row) for (const key of keys) if (key in row) row[key] = cellOf(null);
};

/** The archived cells of the people on the roster; rows of anyone else are left as they are. */
function clearRatings(model: InputModel, people: PersonRecord[]): void {
  for (const person of people) {
    for (const fw of frameworksOf(person)) {
      const numbers = competencyNumbers(fw);
      const rated = [...numbers.map(levelKey), ...numbers.map(explanationKey)];
      clear(model.rating[fw].self.rows.get(person.id), [...rated, ...selfTextItems(fw).map(([key]) => key)]);
      clear(model.rating[fw].supervisor.rows.get(person.id), [...rated, "comment"]);
      // A cleared agreed cell gets the automatic formula back when the tab is written.
      for (const n of numbers) clear(model.agreement[fw].rows.get(agreementRowKey(person.id, n)), ["agreed", "priority", "discussion"]);
    }
  }
}

/** The archived sign-offs are taken out of the plans' store, so the new year's plans start unsigned. */
function clearSignOffs(store: KeyedStore, people: PersonRecord[]): void {
  for (const person of people) for (const sign of SIGN_OFFS) store.singles.delete(`${person.id}:${sign.key}`);
}

/** 4.1 and 4.4 of the new year, where they exist, with everything people wrote in them. */
function planTabs(cycle: Cycle, lang: Lang, now: Date, plans: KeyedStore | null, yearPlan: KeyedStore | null): TabRender[] {
  const header = generatedHeader(cycle, now);
  const tabs: TabRender[] = [];
  if (plans) tabs.push(renderPlansTab(plansInput(cycle, lang, header), plans));
  if (yearPlan) tabs.push(renderYearPlanTab(yearPlanInput(cycle, lang, header), yearPlan));
  return tabs;
}
