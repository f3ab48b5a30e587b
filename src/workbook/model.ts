/**
 * The input of the school workbook, keyed by meaning rather than by position: settings by key,
 * rating rows by person, agreement rows by person and competency. Set-up and import edit this and
 * render it back, so whatever people typed is carried over, wherever their columns had moved.
 */
import { FRAMEWORK_IDS, type FrameworkId } from "../core/frameworks/index";
import type { Scalar } from "./port";
import type { TabState, WorkbookState } from "./read";
import type { RatingRater } from "./schema";
import { isBlank, type CellRaw, type ExtraColumn } from "./table";
import { idText } from "./records";

export type Row = Record<string, CellRaw>;

export interface KeyedRows {
  rows: Map<string, Row>;
  /** Rows kept although they have no usable key (no id, or a duplicate): never dropped. */
  orphans: Row[];
  extras: ExtraColumn[];
}

export interface ListRows {
  rows: Row[];
  extras: ExtraColumn[];
}

export interface InputModel {
  settings: Map<string, CellRaw>;
  staff: ListRows;
  rating: Record<FrameworkId, Record<RatingRater, KeyedRows>>;
  agreement: Record<FrameworkId, KeyedRows>;
  courses: ListRows;
  observations: ListRows;
  mentoring: ListRows;
  /** One row per teacher. */
  portfolio: KeyedRows;
  expertise: ListRows;
}

export function cellOf(value: Scalar): CellRaw {
  return { value, formula: "" };
}

export const agreementRowKey = (personId: string, n: string) => `${personId}\u0000${n}`;

export function listRows(tab: TabState): ListRows {
  return { rows: tab.table?.rows.map((r) => ({ ...r.cells })) ?? [], extras: tab.table?.extras ?? [] };
}

function keyedRows(tab: TabState, keyOf: (row: Row) => string): KeyedRows {
  const out: KeyedRows = { rows: new Map(), orphans: [], extras: tab.table?.extras ?? [] };
  for (const r of tab.table?.rows ?? []) {
    const key = keyOf(r.cells);
    if (key === "" || out.rows.has(key)) out.orphans.push({ ...r.cells });
    else out.rows.set(key, { ...r.cells });
  }
  return out;
}

/** The settings tab's values by key (the first row of a key wins). */
export function settingsOf(tab: TabState): Map<string, CellRaw> {
  const settings = new Map<string, CellRaw>();
  for (const r of tab.table?.rows ?? []) {
    const key = idText(r.cells["key"]);
    if (key !== "" && !settings.has(key) && r.cells["value"]) settings.set(key, r.cells["value"]);
  }
  return settings;
}

export function modelFromState(state: WorkbookState): InputModel {
  const settings = settingsOf(state.settings);
  const rating = {} as InputModel["rating"];
  const agreement = {} as InputModel["agreement"];
  for (const fw of FRAMEWORK_IDS) {
    rating[fw] = {
      self: keyedRows(state.rating[fw].self, (row) => idText(row["id"])),
      supervisor: keyedRows(state.rating[fw].supervisor, (row) => idText(row["id"])),
    };
    agreement[fw] = keyedRows(state.agreement[fw], (row) => {
      const id = idText(row["id"]);
      const n = idText(row["n"]);
      return id && n ? agreementRowKey(id, n) : "";
    });
  }
  return {
    settings,
    staff: listRows(state.staff),
    rating,
    agreement,
    courses: listRows(state.courses),
    observations: listRows(state.observations),
    mentoring: listRows(state.mentoring),
    portfolio: keyedRows(state.portfolio, (row) => idText(row["id"])),
    expertise: listRows(state.expertise),
  };
}

/** True when a row holds anything in the given input keys (or in a column people added). */
export function hasInput(row: Row, inputKeys: string[]): boolean {
  return [...inputKeys, ...Object.keys(row).filter((k) => k.startsWith("extra:"))].some((k) => !isBlank(row[k]));
}
