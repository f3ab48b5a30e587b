/**
 * The forms of the sidebar: a person's own self-assessment, and a supervisor's rating and the
 * agreement of one person. Reading uses the same interpretation as "Check entries"; saving writes
 * only the cells of that one row (or that person's agreement rows), nothing else.
 */
import { competenciesOf, FRAMEWORKS, type FrameworkId } from "../../core/frameworks/index";
import { parseLevel, type Level } from "../../core/levels";
import { NO_LAST_YEAR, pastKey, type LastYear } from "../../core/history";
import type { Lang } from "../../core/messages/index";
import { frameworksOf } from "../../core/people";
import { MAX_PRIORITIES } from "../../core/priorities";
import { columnLetter } from "../../workbook/a1";
import { autoAgreedFormula, isRecordedAgreement } from "../../workbook/formulas";
import type { CellBlock, CellInput, WorkbookPort } from "../../workbook/port";
import type { TabState, WorkbookState } from "../../workbook/read";
import { idText, parsePriorityMark } from "../../workbook/records";
import { explanationKey, levelKey, needKey, NEED_SLOTS, type RatingRater } from "../../workbook/schema";
import { cellText, type CellRaw, type LocatedRow } from "../../workbook/table";

export interface FormCompetency {
  n: string;
  text: string;
  /** The statement shown is the project's Russian translation, not the official Kyrgyz. */
  translated: boolean;
  descriptors?: { low: string[]; mid: string[]; high: string[] };
  level: Level | null;
  /** What the cell holds when it is not a level (so the form can say so). */
  invalid: string;
  comment: string;
}

export interface OwnForm {
  framework: FrameworkId;
  tool: string;
  title: string;
  /** Each competency with last school year's agreed level, from the history tab. */
  competencies: (FormCompetency & { lastYear: Level | null })[];
  /** The school year `lastYear` is from; "" when the history holds none. */
  lastYear: string;
  needs: string[];
  career: string;
  roles: string;
  comment: string;
  questions: { id: string; text: string; options: string[]; allowOther: boolean }[];
  openDomain: string;
  done: number;
  total: number;
}

export type FormError = "no_row" | "bad_request";

function levelOf(cell: CellRaw | undefined): { level: Level | null; invalid: string } {
  if (!cell) return { level: null, invalid: "" };
  const parsed = parseLevel(cell.value, cell.formula);
  if (parsed.kind === "level") return { level: parsed.level, invalid: "" };
  if (parsed.kind === "empty") return { level: null, invalid: "" };
  return { level: null, invalid: cell.formula ? `=${cell.formula}` : cellText(cell) };
}

export function rowOf(tab: TabState, personId: string): LocatedRow | undefined {
  return tab.table?.rows.find((r) => idText(r.cells["id"]) === personId);
}

function statement(fw: FrameworkId, n: string, rater: RatingRater, lang: Lang): { text: string; translated: boolean } {
  const c = competenciesOf(fw).find((x) => x.n === n)!;
  if (lang === "ru") return { text: rater === "self" ? c.textRu : c.supervisorTextRu, translated: true };
  return { text: rater === "self" ? c.text : c.supervisorText, translated: false };
}

export function ownForm(state: WorkbookState, personId: string, fw: FrameworkId, lang: Lang, lastYear: LastYear = NO_LAST_YEAR): OwnForm | FormError {
  const row = rowOf(state.rating[fw].self, personId);
  if (!row) return "no_row";
  const framework = FRAMEWORKS[fw];
  const competencies = competenciesOf(fw).map((c) => {
    const { text, translated } = statement(fw, c.n, "self", lang);
    return {
      n: c.n,
      text,
      translated,
      descriptors: c.descriptors,
      ...levelOf(row.cells[levelKey(c.n)]),
      comment: cellText(row.cells[explanationKey(c.n)]),
      lastYear: lastYear.agreed.get(pastKey(personId, fw, c.n)) ?? null,
    };
  });
  const open = framework.openDomain;
  return {
    framework: fw,
    tool: framework.tools.self,
    title: lang === "ru" ? framework.title.ru : framework.title.ky,
    competencies,
    lastYear: lastYear.year,
    needs: Array.from({ length: NEED_SLOTS }, (_, k) => cellText(row.cells[needKey(k + 1)])),
    career: cellText(row.cells["career"]),
    roles: cellText(row.cells["roles"]),
    comment: cellText(row.cells["comment"]),
    questions: (framework.questions ?? []).map((q) => ({
      id: q.id,
      text: lang === "ru" ? q.textRu : q.text,
      options: q.options.map((o) => (lang === "ru" ? o.ru : o.ky)),
      allowOther: Boolean(q.allowOther),
    })),
    openDomain: open ? (lang === "ru" ? open.nameRu : open.name) : "",
    done: competencies.filter((c) => c.level !== null).length,
    total: competencies.length,
  };
}

/** Blocks for one row: contiguous columns are written together. */
export function rowBlocks(row: number, cells: Map<number, CellInput>): CellBlock[] {
  const cols = [...cells.keys()].sort((a, b) => a - b);
  const blocks: CellBlock[] = [];
  for (const col of cols) {
    const last = blocks[blocks.length - 1];
    if (last && last.col + last.values[0].length === col) last.values[0].push(cells.get(col)!);
    else blocks.push({ row, col, values: [[cells.get(col)!]] });
  }
  return blocks;
}

export interface RatingPayload {
  levels: Record<string, Level | null>;
  comments: Record<string, string>;
  needs?: string[];
  career?: string;
  roles?: string;
  comment?: string;
}

/** Writes a person's own row (rater "self") or their supervisor's row (rater "supervisor"). */
export function saveRatingRow(
  port: WorkbookPort,
  state: WorkbookState,
  personId: string,
  fw: FrameworkId,
  rater: RatingRater,
  payload: RatingPayload,
): "ok" | FormError {
  const tab = state.rating[fw][rater];
  const row = rowOf(tab, personId);
  const columns = tab.table?.columns;
  if (!row || !columns) return "no_row";
  const numbers = competenciesOf(fw).map((c) => c.n);
  const cells = new Map<number, CellInput>();
  const put = (key: string, value: CellInput) => {
    const col = columns.get(key);
    if (col !== undefined) cells.set(col, value);
  };
  for (const [n, level] of Object.entries(payload.levels)) if (numbers.includes(n)) put(levelKey(n), level);
  for (const [n, text] of Object.entries(payload.comments)) if (numbers.includes(n)) put(explanationKey(n), text || null);
  if (rater === "self") {
    payload.needs?.slice(0, NEED_SLOTS).forEach((text, k) => put(needKey(k + 1), text || null));
    if (payload.career !== undefined) put("career", payload.career || null);
    if (payload.roles !== undefined) put("roles", payload.roles || null);
    if (payload.comment !== undefined) put("comment", payload.comment || null);
  }
  port.updateCells(tab.name, rowBlocks(row.rowNumber, cells));
  return "ok";
}

export interface SuperviseeForm {
  framework: FrameworkId;
  tool: string;
  competencies: (FormCompetency & { self: Level | null; agreed: Level | null; agreedRecorded: boolean; priority: boolean })[];
  done: number;
  total: number;
}

export function superviseeForm(state: WorkbookState, personId: string, fw: FrameworkId, lang: Lang): SuperviseeForm | FormError {
  const supRow = rowOf(state.rating[fw].supervisor, personId);
  if (!supRow) return "no_row";
  const selfRow = rowOf(state.rating[fw].self, personId);
  const agreement = state.agreement[fw].table?.rows.filter((r) => idText(r.cells["id"]) === personId) ?? [];
  const competencies = competenciesOf(fw).map((c) => {
    const { text, translated } = statement(fw, c.n, "supervisor", lang);
    const own = levelOf(supRow.cells[levelKey(c.n)]);
    const self = levelOf(selfRow?.cells[levelKey(c.n)]).level;
    const agreedRow = agreement.find((r) => idText(r.cells["n"]) === c.n);
    const agreedCell = agreedRow?.cells["agreed"];
    const recorded = isRecordedAgreement(agreedCell);
    const agreed = recorded ? levelOf(agreedCell).level : self !== null && self === own.level ? self : null;
    return {
      n: c.n,
      text,
      translated,
      descriptors: c.descriptors,
      ...own,
      comment: cellText(supRow.cells[explanationKey(c.n)]),
      self,
      agreed,
      agreedRecorded: recorded,
      priority: parsePriorityMark(agreedRow?.cells["priority"]) === "chosen",
    };
  });
  return {
    framework: fw,
    tool: FRAMEWORKS[fw].tools.supervisor,
    competencies,
    done: competencies.filter((c) => c.level !== null).length,
    total: competencies.length,
  };
}

export interface AgreementPayload {
  agreed: Record<string, Level | null>;
  priorities: string[];
}

/**
 * Writes the agreed levels and the priority marks of one person's rows in the agreement tab. A
 * cleared agreed level gets the automatic formula back ("filled where the two match").
 */
export function saveAgreement(port: WorkbookPort, state: WorkbookState, personId: string, fw: FrameworkId, payload: AgreementPayload): "ok" | FormError {
  const tab = state.agreement[fw];
  const columns = tab.table?.columns;
  const rows = tab.table?.rows.filter((r) => idText(r.cells["id"]) === personId) ?? [];
  if (!columns || rows.length === 0) return "no_row";
  if (payload.priorities.length > MAX_PRIORITIES) return "bad_request";
  const agreedCol = columns.get("agreed")!;
  const priorityCol = columns.get("priority")!;
  const self = columnLetter(columns.get("self")!);
  const sup = columnLetter(columns.get("sup")!);
  const blocks: CellBlock[] = [];
  for (const row of rows) {
    const n = idText(row.cells["n"]);
    if (!(n in payload.agreed)) continue;
    const level = payload.agreed[n];
    const r = row.rowNumber;
    const agreed: CellInput = level ?? { formula: autoAgreedFormula(`${self}${r}`, `${sup}${r}`) };
    const mark: CellInput = payload.priorities.includes(n) ? "✓" : null;
    if (priorityCol === agreedCol + 1) blocks.push({ row: r, col: agreedCol, values: [[agreed, mark]] });
    else blocks.push({ row: r, col: agreedCol, values: [[agreed]] }, { row: r, col: priorityCol, values: [[mark]] });
  }
  port.updateCells(tab.name, mergeVertical(blocks));
  return "ok";
}

/** Blocks of the same columns in consecutive rows become one block: one call for a person's rows. */
function mergeVertical(blocks: CellBlock[]): CellBlock[] {
  const out: CellBlock[] = [];
  for (const b of [...blocks].sort((x, y) => x.col - y.col || x.row - y.row)) {
    const last = out[out.length - 1];
    if (last && last.col === b.col && last.values[0].length === b.values[0].length && last.row + last.values.length === b.row) last.values.push(...b.values);
    else out.push({ row: b.row, col: b.col, values: [...b.values] });
  }
  return out;
}

export function frameworksFor(person: { role: Parameters<typeof frameworksOf>[0]["role"]; subjects: string[] }): FrameworkId[] {
  return frameworksOf(person);
}
