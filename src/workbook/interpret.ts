/**
 * From the workbook's grids to typed records: the roster, every level with the cell it came from,
 * priorities, and every problem a cell or the layout has. Rules that need no cell addresses live in
 * core/check.ts.
 */
import { competencyNumbers, FRAMEWORK_IDS, type FrameworkId } from "../core/frameworks/index";
import { parseLevel } from "../core/levels";
import { isLang, type MessageKey, type Params } from "../core/messages/index";
import { frameworksOf, type Person } from "../core/people";
import type { Problem } from "../core/problems";
import type { CellRef, LevelEntry, PriorityChoice, Rater } from "../core/ratings";
import { DEFAULT_SUGGESTED } from "../core/priorities";
import { DEFAULT_HOURS_SETTINGS } from "../core/hours";
import type { CourseEntry } from "../core/courses";
import { isRealDate } from "../core/dates";
import { emptySchool, SCHOOL_FIELDS, type SchoolSettings } from "../core/school";
import { a1, columnLetter } from "./a1";
import type { TabState, WorkbookState } from "./read";
import { idText, parsePriorityMark, parseStaffRow } from "./records";
import { levelKey, needKey, NEED_SLOTS, type RatingRater } from "./schema";
import { cellText, type CellRaw, type LocatedRow } from "./table";
import { isAutoAgreedFormula, isRecordedAgreement } from "./formulas";
import { readYearRound, type YearRoundRecords } from "./interpretYearRound";

export interface PersonRecord extends Person {
  /** Row in the staff tab. */
  row: number;
}

export interface NeedText {
  personId: string;
  framework: FrameworkId;
  text: string;
}

/** How many school priorities become tasks of the year plan, unless the settings tab says otherwise. */
export const DEFAULT_PLAN_TASKS = 4;

export interface SchoolRecords {
  settings: SchoolSettings;
  people: PersonRecord[];
  courses: CourseEntry[];
  levels: LevelEntry[];
  priorities: PriorityChoice[];
  needs: NeedText[];
  problems: Problem[];
  /** Keys "person|framework|competency|rater" of cells that hold something invalid (not "missing"). */
  invalidCells: Set<string>;
  /** The year-round tools (1.1–1.3). */
  yearRound: YearRoundRecords;
}

export const invalidKey = (personId: string, fw: FrameworkId, n: string, rater: Rater) =>
  `${personId}|${fw}|${n}|${rater}`;

export function displayValue(cell: CellRaw | undefined): string {
  if (!cell) return "";
  if (cell.formula) return `=${cell.formula}`;
  return cellText(cell) === "" && typeof cell.value === "string" ? cell.value : cellText(cell);
}

export class ProblemList {
  readonly items: Problem[] = [];
  add(code: MessageKey, where: { tab: string; cell: string }, extra: Partial<Omit<Problem, "code" | "tab" | "cell">> = {}) {
    this.items.push({
      code,
      tab: where.tab,
      cell: where.cell,
      params: extra.params ?? {},
      personId: extra.personId ?? "",
      framework: extra.framework ?? "",
      competency: extra.competency ?? "",
      value: extra.value ?? "",
    });
  }
}

export function cellAddress(tab: TabState, row: LocatedRow | number, key: string): { tab: string; cell: string } {
  // A column that is missing is named where it belongs (where set-up puts it back).
  const col = tab.table?.columns.get(key) ?? Math.max(1, tab.specs.findIndex((s) => s.key === key) + 1);
  const rowNumber = typeof row === "number" ? row : row.rowNumber;
  return { tab: tab.name, cell: a1(rowNumber, col) };
}

/** Missing tab, missing header row, and for the rating tabs every deleted, moved or doubled competency column. */
export function checkLayout(tab: TabState, problems: ProblemList, required: string[], positional: string[]) {
  if (!tab.present) {
    problems.add("problem.layout.missing_tab", { tab: tab.name, cell: "" }, { params: { tab: tab.name } });
    return;
  }
  const table = tab.table;
  if (!table || table.byPosition) {
    problems.add("problem.layout.missing_header", { tab: tab.name, cell: table ? a1(table.headerRow, 1) : "A1" }, { params: { tab: tab.name } });
    return;
  }
  const label = (key: string) => tab.specs.find((s) => s.key === key)?.header("ky") ?? key;
  for (const key of required) {
    const expectedCol = tab.specs.findIndex((s) => s.key === key) + 1;
    const actual = table.columns.get(key);
    if (actual === undefined) {
      problems.add("problem.layout.column_missing", { tab: tab.name, cell: a1(table.headerRow, expectedCol) }, {
        params: { column: label(key) },
        competency: key.startsWith("L:") ? key.slice(2) : "",
      });
    } else if (positional.includes(key) && actual !== expectedCol) {
      problems.add("problem.layout.column_moved", { tab: tab.name, cell: a1(table.headerRow, actual) }, {
        params: { column: label(key), expected: columnLetter(expectedCol), actual: columnLetter(actual) },
        competency: key.startsWith("L:") ? key.slice(2) : "",
      });
    }
  }
  for (const [key, cols] of table.duplicates) {
    problems.add("problem.layout.column_duplicate", { tab: tab.name, cell: a1(table.headerRow, cols[1]) }, {
      params: { column: label(key), cells: cols.map((c) => a1(table.headerRow, c)).join(", ") },
      competency: key.startsWith("L:") ? key.slice(2) : "",
    });
  }
}

function readSettings(state: WorkbookState, problems: ProblemList): SchoolSettings {
  const settings: SchoolSettings = {
    ...emptySchool(),
    language: "ky",
    priorityCount: DEFAULT_SUGGESTED,
    summaryDepartment: "",
    pupils: "",
    planTasks: DEFAULT_PLAN_TASKS,
    minimumHours: DEFAULT_HOURS_SETTINGS.minimumHours,
    maxDistancePercent: DEFAULT_HOURS_SETTINGS.maxDistanceShare * 100,
  };
  const tab = state.settings;
  for (const row of tab.table?.rows ?? []) {
    const key = idText(row.cells["key"]);
    const value = cellText(row.cells["value"]);
    if ((SCHOOL_FIELDS as readonly string[]).includes(key)) {
      settings[key as (typeof SCHOOL_FIELDS)[number]] = value;
    } else if (key === "language" && value !== "") {
      const lang = value.toLowerCase();
      if (isLang(lang)) settings.language = lang;
      else problems.add("problem.settings.bad_language", cellAddress(tab, row, "value"), { value });
    } else if (key === "priority_count" && value !== "") {
      if (/^[1-4]$/.test(value)) settings.priorityCount = Number(value);
      else problems.add("problem.settings.bad_priority_count", cellAddress(tab, row, "value"), { value });
    } else if (key === "summary_department") {
      settings.summaryDepartment = value;
    } else if (key === "pupils") {
      settings.pupils = value;
    } else if (key === "plan_tasks" && value !== "") {
      if (/^[1-9]$/.test(value)) settings.planTasks = Number(value);
      else problems.add("problem.settings.bad_plan_tasks", cellAddress(tab, row, "value"), { value });
    } else if (key === "hours_min" && value !== "") {
      const n = Number(value.replace(",", "."));
      if (Number.isFinite(n) && n > 0) settings.minimumHours = n;
      else problems.add("problem.settings.bad_number", cellAddress(tab, row, "value"), { value });
    } else if (key === "distance_share_max" && value !== "") {
      const n = Number(value.replace("%", "").replace(",", ".").trim());
      if (Number.isFinite(n) && n >= 0 && n <= 100) settings.maxDistancePercent = n;
      else problems.add("problem.settings.bad_percent", cellAddress(tab, row, "value"), { value });
    }
  }
  return settings;
}

function readStaff(state: WorkbookState, problems: ProblemList, currentYear: number): PersonRecord[] {
  const tab = state.staff;
  const people: PersonRecord[] = [];
  const firstRowOf = new Map<string, LocatedRow[]>();
  for (const row of tab.table?.rows ?? []) {
    const { person, issues } = parseStaffRow(row.cells, currentYear);
    if (person.id === "") {
      problems.add("problem.staff.missing_id", cellAddress(tab, row, "id"), { params: { name: person.name } });
      continue;
    }
    const seen = firstRowOf.get(person.id) ?? [];
    seen.push(row);
    firstRowOf.set(person.id, seen);
    if (seen.length > 1) continue;
    for (const issue of issues) {
      problems.add(issue.code, cellAddress(tab, row, issue.key), {
        personId: person.id,
        value: issue.value,
        params: { name: person.name },
      });
    }
    people.push({ ...person, row: row.rowNumber });
  }
  for (const [id, rows] of firstRowOf) {
    if (rows.length < 2) continue;
    const cells = rows.map((r) => a1(r.rowNumber, tab.table?.columns.get("id") ?? 1)).join(", ");
    for (const row of rows.slice(1)) {
      problems.add("problem.staff.duplicate_id", cellAddress(tab, row, "id"), { personId: id, value: id, params: { cells } });
    }
  }
  return people;
}

interface RowOwner {
  person: PersonRecord;
  row: LocatedRow;
}

/**
 * Matches the rows of a per-person tab to the roster. Reports unknown ids, people not rated in this
 * framework and doubled rows; returns the rows that belong to someone.
 */
function ownersOfRows(
  tab: TabState,
  fw: FrameworkId,
  byId: Map<string, PersonRecord>,
  problems: ProblemList,
  rowKey: (row: LocatedRow) => string = (row) => idText(row.cells["id"]),
  reportIf: (row: LocatedRow) => boolean = () => true,
): RowOwner[] {
  const owners: RowOwner[] = [];
  const seen = new Map<string, LocatedRow[]>();
  for (const row of tab.table?.rows ?? []) {
    const id = idText(row.cells["id"]);
    const where = cellAddress(tab, row, "id");
    if (id === "") {
      if (reportIf(row)) problems.add("problem.rating.row_without_id", where, { framework: fw });
      continue;
    }
    const person = byId.get(id);
    if (!person) {
      if (reportIf(row)) problems.add("problem.rating.unknown_person", where, { personId: id, framework: fw, value: id });
      continue;
    }
    if (!frameworksOf(person).includes(fw)) {
      if (reportIf(row)) {
        problems.add("problem.rating.not_in_framework", where, { personId: id, framework: fw, params: { name: person.name } });
      }
      continue;
    }
    const key = rowKey(row);
    const rows = seen.get(key) ?? [];
    rows.push(row);
    seen.set(key, rows);
    if (rows.length === 1) owners.push({ person, row });
  }
  for (const rows of seen.values()) {
    if (rows.length < 2) continue;
    const id = idText(rows[0].cells["id"]);
    const cells = rows.map((r) => cellAddress(tab, r, "id").cell).join(", ");
    for (const row of rows.slice(1)) {
      problems.add("problem.rating.duplicate_row", cellAddress(tab, row, "id"), {
        personId: id,
        framework: fw,
        params: { name: byId.get(id)?.name ?? id, cells },
      });
    }
  }
  return owners;
}

function levelProblemCode(reason: "formula" | "out_of_range" | "not_whole" | "not_a_number"): MessageKey {
  return `problem.level.${reason}` as MessageKey;
}

export function interpret(state: WorkbookState, today: Date = new Date()): SchoolRecords {
  const problems = new ProblemList();
  const invalidCells = new Set<string>();
  const levels: LevelEntry[] = [];
  const priorities: PriorityChoice[] = [];
  const needs: NeedText[] = [];

  checkLayout(state.settings, problems, ["key", "value"], []);
  checkLayout(state.staff, problems, ["id", "name", "role", "subjects", "supervisor_id"], []);
  const settings = readSettings(state, problems);
  const people = readStaff(state, problems, today.getUTCFullYear());
  const byId = new Map(people.map((p) => [p.id, p]));
  // A level cell of any rater: a level is kept, anything else is a problem at its cell; blank is neither.
  const readLevel = (person: PersonRecord, fw: FrameworkId, n: string, rater: LevelEntry["rater"], cell: CellRaw, where: CellRef) => {
    const parsed = parseLevel(cell.value, cell.formula);
    if (parsed.kind === "level") {
      levels.push({ personId: person.id, framework: fw, competency: n, rater, level: parsed.level, where });
    } else if (parsed.kind === "invalid") {
      invalidCells.add(invalidKey(person.id, fw, n, rater));
      problems.add(levelProblemCode(parsed.reason), where, { personId: person.id, framework: fw, competency: n, value: displayValue(cell), params: { name: person.name } });
    }
  };

  for (const fw of FRAMEWORK_IDS) {
    const numbers = competencyNumbers(fw);
    for (const rater of ["self", "supervisor"] as RatingRater[]) {
      const tab = state.rating[fw][rater];
      const levelKeys = numbers.map(levelKey);
      checkLayout(tab, problems, ["id", ...levelKeys], levelKeys);
      for (const { person, row } of ownersOfRows(tab, fw, byId, problems)) {
        for (const n of numbers) {
          const cell = row.cells[levelKey(n)];
          if (!cell) continue;
          readLevel(person, fw, n, rater, cell, cellAddress(tab, row, levelKey(n)));
        }
        if (rater === "self") {
          for (let k = 1; k <= NEED_SLOTS; k++) {
            const text = cellText(row.cells[needKey(k)]);
            if (text !== "") needs.push({ personId: person.id, framework: fw, text });
          }
        }
      }
    }

    const tab = state.agreement[fw];
    checkLayout(tab, problems, ["id", "n", "agreed", "priority"], []);
    const hasInput = (row: LocatedRow) => {
      const agreed = row.cells["agreed"];
      const recorded = isRecordedAgreement(agreed);
      return Boolean(recorded) || parsePriorityMark(row.cells["priority"]) !== "empty" || cellText(row.cells["discussion"]) !== "";
    };
    const owners = ownersOfRows(tab, fw, byId, problems, (row) => `${idText(row.cells["id"])}|${idText(row.cells["n"])}`, hasInput);
    for (const { person, row } of owners) {
      const n = idText(row.cells["n"]);
      if (!numbers.includes(n)) continue;
      const agreed = row.cells["agreed"];
      if (agreed && !(agreed.formula && isAutoAgreedFormula(agreed.formula))) {
        readLevel(person, fw, n, "agreed", agreed, cellAddress(tab, row, "agreed"));
      }
      const mark = parsePriorityMark(row.cells["priority"]);
      const where = cellAddress(tab, row, "priority");
      if (mark === "chosen") priorities.push({ personId: person.id, framework: fw, competency: n, where });
      else if (mark === "invalid") {
        problems.add("problem.priority.invalid", where, {
          personId: person.id,
          framework: fw,
          competency: n,
          value: displayValue(row.cells["priority"]),
        });
      }
    }
  }

  checkLayout(state.courses, problems, ["person_id", "date", "hours"], []);
  const courses = readCourses(state.courses, byId, problems, today);
  const yearRound = readYearRound(state, byId, problems, today);
  return { settings, people, courses, levels, priorities, needs, problems: problems.items, invalidCells, yearRound };
}

const YES = new Set(["yes", "y", "ооба", "да", "true", "1", "+", "✓"]);
const NO = new Set(["no", "n", "жок", "нет", "false", "0", "-", ""]);

/** The date of a ledger cell as YYYY-MM-DD, whether the host holds a date or the text a person typed. */
export function courseDate(cell: CellRaw | undefined): string {
  if (!cell || cell.value === null) return "";
  if (cell.value instanceof Date) return cell.value.toISOString().slice(0, 10);
  // A formula's date (=DATE(…), =TODAY()) comes from the Sheets API as its serial number, where
  // SpreadsheetApp gives a Date: the same day either way.
  if (typeof cell.value === "number" && cell.formula && Number.isInteger(cell.value) && cell.value > 0 && cell.value < 2_958_466) {
    return new Date(SHEETS_EPOCH + cell.value * 86_400_000).toISOString().slice(0, 10);
  }
  return cellText(cell);
}

/** Day 0 of Sheets' and Excel's serial dates, 1899-12-30. */
const SHEETS_EPOCH = Date.UTC(1899, 11, 30);

/** The courses ledger: every entry with a person is checked; bad entries are problems and are left out. */
function readCourses(tab: TabState, byId: Map<string, PersonRecord>, problems: ProblemList, today: Date): CourseEntry[] {
  const todayIso = today.toISOString().slice(0, 10);
  const out: CourseEntry[] = [];
  for (const row of tab.table?.rows ?? []) {
    const personId = idText(row.cells["person_id"]);
    const before = problems.items.length;
    const at = (key: string, code: MessageKey, value: string) =>
      problems.add(code, cellAddress(tab, row, key), { personId, value, params: { name: byId.get(personId)?.name ?? personId } });
    if (personId === "") at("person_id", "problem.course.no_person", "");
    else if (!byId.has(personId)) at("person_id", "problem.course.unknown_person", personId);
    const date = courseDate(row.cells["date"]);
    if (!isRealDate(date)) at("date", "problem.course.bad_date", displayValue(row.cells["date"]));
    else if (date > todayIso) at("date", "problem.course.future_date", date);
    const hoursText = cellText(row.cells["hours"]).replace(",", ".");
    const hours = Number(hoursText);
    if (hoursText === "" || !Number.isFinite(hours) || hours <= 0) at("hours", "problem.course.bad_hours", displayValue(row.cells["hours"]));
    const typeText = cellText(row.cells["programme_type"]);
    if (!/^[1-7]$/.test(typeText)) at("programme_type", "problem.course.bad_type", typeText);
    const flag = (key: "distance" | "certificate") => {
      const text = cellText(row.cells[key]).toLowerCase();
      if (row.cells[key]?.value === true) return true;
      if (YES.has(text)) return true;
      if (!NO.has(text) && row.cells[key]?.value !== false) at(key, "problem.course.bad_yesno", text);
      return false;
    };
    const distance = flag("distance");
    const certificate = flag("certificate");
    if (problems.items.length > before) continue;
    out.push({
      personId,
      date,
      hours,
      title: cellText(row.cells["title"]),
      programmeType: Number(typeText),
      provider: cellText(row.cells["provider"]),
      distance,
      certificate,
      where: cellAddress(tab, row, "date"),
    });
  }
  return out;
}

export type { Params };
