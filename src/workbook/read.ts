/** Reads every input tab of the school workbook: one read per tab, whatever the number of staff. */
import { FRAMEWORK_IDS, type FrameworkId } from "../core/frameworks/index";
import type { TabData, WorkbookPort } from "./port";
import {
  agreementColumns,
  agreementTabName,
  courseColumns,
  expertiseColumns,
  mentoringColumns,
  observationColumns,
  portfolioColumns,
  ratingColumns,
  ratingTabName,
  settingsColumns,
  staffColumns,
  TAB_COURSES,
  AGREEMENT_HEADER_ROW,
  COURSES_HEADER_ROW,
  RATING_HEADER_ROW,
  SETTINGS_HEADER_ROW,
  STAFF_HEADER_ROW,
  YEAR_ROUND_HEADER_ROW,
  YEAR_ROUND_TABS,
  TAB_EXPERTISE,
  TAB_MENTORING,
  TAB_OBSERVATIONS,
  TAB_PORTFOLIO,
  TAB_SETTINGS,
  TAB_STAFF,
  toColumnDefs,
  type ColumnSpec,
  type RatingRater,
} from "./schema";
import { locateTable, TableLocator, type LocatedTable } from "./table";

export interface TabState {
  name: string;
  present: boolean;
  /** null when the tab is missing or its header row cannot be found. */
  table: LocatedTable | null;
  specs: ColumnSpec[];
}

export interface WorkbookState {
  tabNames: string[];
  settings: TabState;
  staff: TabState;
  rating: Record<FrameworkId, Record<RatingRater, TabState>>;
  agreement: Record<FrameworkId, TabState>;
  courses: TabState;
  observations: TabState;
  mentoring: TabState;
  portfolio: TabState;
  expertise: TabState;
}

/** The year-round tabs (tools 1.1–1.3): name, columns and the column that finds the header row. */
export const YEAR_ROUND_STATE = {
  observations: { name: TAB_OBSERVATIONS, specs: observationColumns, anchor: "teacher_id" },
  mentoring: { name: TAB_MENTORING, specs: mentoringColumns, anchor: "mentor_id" },
  portfolio: { name: TAB_PORTFOLIO, specs: portfolioColumns, anchor: "id" },
  expertise: { name: TAB_EXPERTISE, specs: expertiseColumns, anchor: "teacher_id" },
} as const;
export type YearRoundTab = keyof typeof YEAR_ROUND_STATE;
export const YEAR_ROUND_KEYS = Object.keys(YEAR_ROUND_STATE) as YearRoundTab[];

/** The row each input tab's header belongs in: where its columns are read by position if no header is found. */
function headerRowOf(name: string): number | undefined {
  if (name === TAB_SETTINGS) return SETTINGS_HEADER_ROW;
  if (name === TAB_STAFF) return STAFF_HEADER_ROW;
  if (name === TAB_COURSES) return COURSES_HEADER_ROW;
  if (name.startsWith("Макулдашуу")) return AGREEMENT_HEADER_ROW;
  if ((YEAR_ROUND_TABS as string[]).includes(name)) return YEAR_ROUND_HEADER_ROW;
  return /^\d\.\d /.test(name) ? RATING_HEADER_ROW : undefined;
}

function tabState(data: TabData | null, name: string, specs: ColumnSpec[], anchorKey: string): TabState {
  return {
    name,
    present: data !== null,
    table: data ? locateTable(data, toColumnDefs(specs), anchorKey, 10, headerRowOf(name)) : null,
    specs,
  };
}

/** A tab located as it is read: row by row where the host can stream, else from its whole grid. */
function readTabState(port: WorkbookPort, name: string, specs: ColumnSpec[], anchorKey: string): TabState {
  if (!port.forEachRow) return tabState(port.readTab(name), name, specs, anchorKey);
  const locator = new TableLocator(toColumnDefs(specs), anchorKey, 10, headerRowOf(name));
  const present = port.forEachRow(name, (row, values, formulas) => locator.add(row, values, formulas));
  return { name, present, table: present ? locator.finish() : null, specs };
}

export function readState(port: WorkbookPort): WorkbookState {
  const tabNames = port.tabNames();
  const existing = new Set(tabNames);
  const read = (name: string, specs: ColumnSpec[], anchorKey: string) =>
    existing.has(name) ? readTabState(port, name, specs, anchorKey) : tabState(null, name, specs, anchorKey);

  const rating = {} as WorkbookState["rating"];
  const agreement = {} as WorkbookState["agreement"];
  for (const fw of FRAMEWORK_IDS) {
    rating[fw] = {
      self: read(ratingTabName(fw, "self"), ratingColumns(fw, "self"), "id"),
      supervisor: read(ratingTabName(fw, "supervisor"), ratingColumns(fw, "supervisor"), "id"),
    };
    agreement[fw] = read(agreementTabName(fw), agreementColumns(), "id");
  }
  return {
    tabNames,
    settings: read(TAB_SETTINGS, settingsColumns(), "key"),
    staff: read(TAB_STAFF, staffColumns(), "id"),
    rating,
    agreement,
    courses: read(TAB_COURSES, courseColumns(), "person_id"),
    ...yearRoundStates((name, specs, anchor) => read(name, specs, anchor)),
  };
}

/** The settings tab alone: what a command needs to know the workbook's language, without reading the rest. */
export function readSettings(port: WorkbookPort): TabState {
  return port.tabNames().includes(TAB_SETTINGS) ? readTabState(port, TAB_SETTINGS, settingsColumns(), "key") : tabState(null, TAB_SETTINGS, settingsColumns(), "key");
}

/** A state with every tab missing: what `ukoo init` and the demo start from. */
export function emptyState(): WorkbookState {
  const rating = {} as WorkbookState["rating"];
  const agreement = {} as WorkbookState["agreement"];
  const none = (name: string, specs: ColumnSpec[]): TabState => ({ name, present: false, table: null, specs });
  for (const fw of FRAMEWORK_IDS) {
    rating[fw] = {
      self: none(ratingTabName(fw, "self"), ratingColumns(fw, "self")),
      supervisor: none(ratingTabName(fw, "supervisor"), ratingColumns(fw, "supervisor")),
    };
    agreement[fw] = none(agreementTabName(fw), agreementColumns());
  }
  return {
    tabNames: [],
    settings: none(TAB_SETTINGS, settingsColumns()),
    staff: none(TAB_STAFF, staffColumns()),
    rating,
    agreement,
    courses: none(TAB_COURSES, courseColumns()),
    ...yearRoundStates((name, specs) => none(name, specs)),
  };
}

function yearRoundStates(make: (name: string, specs: ColumnSpec[], anchor: string) => TabState): Record<YearRoundTab, TabState> {
  const out = {} as Record<YearRoundTab, TabState>;
  for (const key of YEAR_ROUND_KEYS) out[key] = make(YEAR_ROUND_STATE[key].name, YEAR_ROUND_STATE[key].specs(), YEAR_ROUND_STATE[key].anchor);
  return out;
}

/** The roster tab alone: who someone is, without reading the rest. */
export function readStaffTab(port: WorkbookPort): TabState {
  return port.tabNames().includes(TAB_STAFF) ? readTabState(port, TAB_STAFF, staffColumns(), "id") : tabState(null, TAB_STAFF, staffColumns(), "id");
}
