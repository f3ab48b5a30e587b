/**
 * The year-round input tabs (tools 1.1–1.3): the observation log, the mentoring log, the portfolio
 * checklist and its reviews. Row 1 is the title, row 2 the guide's sections (or a line of help),
 * row 3 the headers. Every row people wrote is carried over as it was.
 */
import { t, type Lang, type MessageKey } from "../../core/messages/index";
import type { Person } from "../../core/people";
import { MENTORING_GUIDE, pairKey, type PairToMeet } from "../../core/yearRound/mentoringLog";
import { MONITORING, OBSERVATION_FORM } from "../../core/yearRound/observation";
import { missingItems, PORTFOLIO, PORTFOLIO_ITEMS } from "../../core/yearRound/portfolio";
import type { CellInput, CellStyle, Rect, TabRender, Validation } from "../port";
import { hasInput, type InputModel, type ListRows, type Row } from "../model";
import { idText } from "../records";
import { cellText } from "../table";
import { parseAnswer, parseGrade, parseMeetingType } from "../interpretYearRound";
import {
  expertiseColumns,
  gradeKey,
  mentoringColumns,
  observationColumns,
  portfolioColumns,
  portfolioKey,
  questionKey,
  TAB_EXPERTISE,
  TAB_MENTORING,
  TAB_OBSERVATIONS,
  TAB_PORTFOLIO,
  YEAR_ROUND_HEADER_ROW,
  type ColumnSpec,
} from "../schema";
import type { Roster } from "./roster";
import { carry, COLOURS, finish, plainValue, wrappedHeight, generatedColumnStyles, gridWithHeader, headerStyle, layout, rect, titleStyle, type Layout } from "./common";

const FIRST_DATA = YEAR_ROUND_HEADER_ROW + 1;

interface LogTab {
  name: string;
  specs: ColumnSpec[];
  stored: ListRows;
  title: MessageKey;
  help: MessageKey | null;
  lang: Lang;
  /** Generated cells of a row, by key, from the row as it stands. */
  generated: (row: Row) => Record<string, CellInput>;
  /** Rows to add after the stored ones (the year plan's mentoring pairs). */
  added?: Row[];
  validations: (cols: Layout, rows: number) => Validation[];
  dateKeys: string[];
  idKeys: string[];
  /** Columns of long text, wrapped. */
  wrapped: string[];
  headerHeight?: number;
  notes?: (cols: Layout) => TabRender["notes"];
  band?: (cols: Layout, cells: CellInput[][], styles: { range: Rect; style: CellStyle }[], merges: Rect[]) => void;
}

/** Rows below the last one that a log's dropdowns, date rules and formats cover. */
const LOG_SPARE_ROWS = 1000;

/** A tab of rows people add to: the stored rows carried over, generated cells refreshed. */
function renderLog(tab: LogTab): TabRender {
  const cols = layout(tab.specs, tab.stored.extras, tab.lang);
  const width = cols.keys.length;
  const cells = gridWithHeader(width, YEAR_ROUND_HEADER_ROW, cols.headers, t(tab.lang, tab.title));
  const rows = [...tab.stored.rows, ...(tab.added ?? [])];
  for (const row of rows) {
    const generated = tab.generated(row);
    cells.push(cols.keys.map((key) => (key in generated ? generated[key] : carry(row[key]))));
  }
  const styles: { range: Rect; style: CellStyle }[] = [titleStyle(), headerStyle(YEAR_ROUND_HEADER_ROW, width)];
  const merges: Rect[] = [];
  if (tab.help) {
    cells[1][0] = t(tab.lang, tab.help);
    styles.push({ range: rect(2, 1), style: { italic: true, fontColor: COLOURS.generatedText, wrap: false } });
  }
  tab.band?.(cols, cells, styles, merges);
  // Dropdowns and date rules reach well below the last row: set-up leaves a tab in order as it is,
  // so these are what years of new rows (a school's observations) get until the tab is next written.
  const validRows = rows.length + LOG_SPARE_ROWS;
  styles.push(...generatedColumnStyles(tab.specs, FIRST_DATA, rows.length));
  for (const key of tab.idKeys) styles.push({ range: rect(FIRST_DATA, cols.colOf(key), validRows, 1), style: { numberFormat: "@" } });
  for (const key of tab.dateKeys) styles.push({ range: rect(FIRST_DATA, cols.colOf(key), validRows, 1), style: { numberFormat: "yyyy-mm-dd" } });
  styles.push({ range: rect(FIRST_DATA, 1, Math.max(rows.length, 1), width), style: { vAlign: "top" } });
  const rowHeightHints: TabRender["rowHeightHints"] = [];
  const wrapped = tab.wrapped.filter((key) => cols.keys.includes(key));
  for (const key of wrapped) styles.push({ range: rect(FIRST_DATA, cols.colOf(key), Math.max(rows.length, 1), 1), style: { wrap: true } });
  cells.slice(YEAR_ROUND_HEADER_ROW).forEach((row, i) => {
    const height = Math.max(21, ...wrapped.map((key) => wrappedHeight(cellText({ value: plainValue(row[cols.colOf(key) - 1]), formula: "" }), cols.widths[cols.colOf(key) - 1])));
    if (height > 21) rowHeightHints.push({ row: FIRST_DATA + i, height });
  });
  const dateValidations: Validation[] = tab.dateKeys.map((key) => ({
    range: rect(FIRST_DATA, cols.colOf(key), validRows, 1),
    rule: { kind: "date" },
    allowInvalid: false,
    helpText: t(tab.lang, "col.date"),
  }));
  return finish({
    name: tab.name,
    cells,
    notes: tab.notes?.(cols) ?? [],
    styles,
    merges,
    validations: [...dateValidations, ...tab.validations(cols, validRows)],
    frozenRows: YEAR_ROUND_HEADER_ROW,
    columnWidths: cols.widths,
    rowHeights: [{ row: YEAR_ROUND_HEADER_ROW, height: tab.headerHeight ?? 60 }],
    rowHeightHints,
  });
}

/** The roster's name for the row's id; for someone who has left the roster, the name the row already has. */
const nameOf = (people: Map<string, Person>, row: Row, idKey: string, nameKey: string): CellInput =>
  people.get(idText(row[idKey] as never))?.name ?? (cellText(row[nameKey]) || null);

export function renderObservations(model: InputModel, lang: Lang, people: Map<string, Person>): TabRender {
  const answers = OBSERVATION_FORM.answers.map((a) => a[lang]);
  const grades = MONITORING.grades.map((g) => g[lang]);
  return renderLog({
    name: TAB_OBSERVATIONS,
    specs: observationColumns(),
    stored: model.observations,
    title: "tab.observations.title",
    help: "tab.observations.help",
    lang,
    dateKeys: ["date"],
    idKeys: ["teacher_id"],
    wrapped: ["topic", "focus", "strengths", "advice"],
    headerHeight: 190,
    generated: (row) => ({ name: nameOf(people, row, "teacher_id", "name"), focus: focusOf(row, lang), ...observationChoicesIn(row, lang) }),
    validations: (cols, rows) =>
      OBSERVATION_FORM.sections.flatMap((s): Validation[] => [
        { range: rect(FIRST_DATA, cols.colOf(gradeKey(s.id)), rows, 1), rule: { kind: "list", values: grades }, allowInvalid: false, helpText: t(lang, "observation.grade.help") },
        {
          range: rect(FIRST_DATA, cols.colOf(questionKey(s.questions[0].id)), rows, s.questions.length),
          rule: { kind: "list", values: answers },
          allowInvalid: false,
          helpText: t(lang, "observation.answer.help"),
        },
      ]),
    band: (cols, cells, styles, merges) => {
      OBSERVATION_FORM.sections.forEach((s, i) => {
        const first = cols.colOf(gradeKey(s.id));
        const span = s.questions.length + 1;
        cells[1][first - 1] = `${s.label} ${lang === "ru" ? s.titleRu : s.title}`;
        merges.push(rect(2, first, 1, span));
        styles.push({ range: rect(2, first, 2, span), style: { background: COLOURS.domains[i % COLOURS.domains.length], bold: true, wrap: true, vAlign: "middle" } });
        styles.push({ range: rect(FIRST_DATA, first, Math.max(cells.length - YEAR_ROUND_HEADER_ROW, 1), 1), style: { bold: true } });
      });
    },
  });
}

/**
 * An observation's answers and grades as the workbook's language writes them: a tab rewritten after
 * the language changed keeps every choice, in the words its dropdowns now offer.
 */
function observationChoicesIn(row: Row, lang: Lang): Record<string, CellInput> {
  const out: Record<string, CellInput> = {};
  for (const s of OBSERVATION_FORM.sections) {
    const grade = parseGrade(cellText(row[gradeKey(s.id)]));
    if (grade) out[gradeKey(s.id)] = MONITORING.grades.find((g) => g.key === grade)![lang];
    for (const q of s.questions) {
      const answer = parseAnswer(cellText(row[questionKey(q.id)]));
      if (answer) out[questionKey(q.id)] = OBSERVATION_FORM.answers.find((a) => a.key === answer)![lang];
    }
  }
  return out;
}

/** The sections an observation filled (graded or answered), for the row's generated "focus" cell. */
function focusOf(row: Row, lang: Lang): string | null {
  const filled = OBSERVATION_FORM.sections.filter((s) => cellText(row[gradeKey(s.id)]) !== "" || s.questions.some((q) => cellText(row[questionKey(q.id)]) !== ""));
  return focusText(filled.map((s) => s.id), lang);
}

/** The "focus" cell of an observation of these sections: their titles, in the form's order. */
export function focusText(sectionIds: string[], lang: Lang): string | null {
  const titles = OBSERVATION_FORM.sections.filter((s) => sectionIds.includes(s.id)).map((s) => (lang === "ru" ? s.titleRu : s.title));
  return titles.length > 0 ? titles.join("; ") : null;
}

export function renderMentoring(model: Pick<InputModel, "mentoring">, lang: Lang, people: Map<string, Person>, pairs: PairToMeet[] = []): TabRender {
  const present = new Set(model.mentoring.rows.map((r) => pairKey(idText(r["mentor_id"]), idText(r["mentee_id"]))));
  const added: Row[] = pairs
    .filter((p) => !present.has(pairKey(p.mentorId, p.menteeId)))
    .map((p) => ({
      mentor_id: { value: p.mentorId, formula: "" },
      mentee_id: { value: p.menteeId, formula: "" },
      competency: { value: p.competencies.join(", "), formula: "" },
    }));
  const questions = (title: { ky: string; ru: string }, list: { ky: string; ru: string }[]) => `${title[lang]}\n\n${list.map((q, i) => `${i + 1}. ${q[lang]}`).join("\n")}`;
  return renderLog({
    name: TAB_MENTORING,
    specs: mentoringColumns(),
    stored: model.mentoring,
    added,
    title: "tab.mentoring.title",
    help: "tab.mentoring.help",
    lang,
    dateKeys: ["date"],
    idKeys: ["mentor_id", "mentee_id"],
    wrapped: ["type", "before", "after", "notes"],
    generated: (row) => {
      // The meeting's type in the workbook's language, as the dropdown offers it (see observationChoicesIn).
      const type = parseMeetingType(cellText(row["type"]));
      return {
        mentor: nameOf(people, row, "mentor_id", "mentor"),
        mentee: nameOf(people, row, "mentee_id", "mentee"),
        ...(type ? { type: MENTORING_GUIDE.meetingTypes.find((m) => m.key === type)![lang] } : {}),
      };
    },
    validations: (cols, rows) => [
      {
        range: rect(FIRST_DATA, cols.colOf("type"), rows, 1),
        rule: { kind: "list", values: MENTORING_GUIDE.meetingTypes.map((m) => m[lang]) },
        allowInvalid: false,
        helpText: t(lang, "mentoring.type.help"),
      },
    ],
    notes: (cols) => [
      { row: YEAR_ROUND_HEADER_ROW, col: cols.colOf("before"), text: questions(MENTORING_GUIDE.questionsBeforeTitle, MENTORING_GUIDE.questionsBefore) },
      { row: YEAR_ROUND_HEADER_ROW, col: cols.colOf("after"), text: questions(MENTORING_GUIDE.questionsAfterTitle, MENTORING_GUIDE.questionsAfter) },
    ],
  });
}

export function renderExpertise(model: InputModel, lang: Lang, people: Map<string, Person>): TabRender {
  return renderLog({
    name: TAB_EXPERTISE,
    specs: expertiseColumns(),
    stored: model.expertise,
    title: "tab.expertise.title",
    help: null,
    lang,
    dateKeys: ["date"],
    idKeys: ["teacher_id"],
    wrapped: ["expert", ...expertiseColumns().filter((c) => c.key.startsWith("X:")).map((c) => c.key)],
    headerHeight: 110,
    generated: (row) => ({ name: nameOf(people, row, "teacher_id", "name") }),
    validations: () => [],
  });
}

/** One row per teacher (the roster's order), then rows of people no longer teaching, if they hold links. */
export function renderPortfolio(model: InputModel, lang: Lang, roster: Roster): TabRender {
  const specs = portfolioColumns();
  const stored = model.portfolio;
  const cols = layout(specs, stored.extras, lang);
  const width = cols.keys.length;
  const cells = gridWithHeader(width, YEAR_ROUND_HEADER_ROW, cols.headers, t(lang, "tab.portfolio.title"));
  const inputKeys = specs.filter((s) => s.input).map((s) => s.key);
  const rowFor = (id: string, name: string | null, row: Row | undefined): CellInput[] =>
    cols.keys.map((key) => {
      if (key === "id") return id;
      if (key === "name") return name;
      if (key === "complete") return completeText(row, lang);
      return carry(row?.[key]);
    });
  const used = new Set<string>();
  for (const person of roster.inFramework("teacher")) {
    used.add(person.id);
    cells.push(rowFor(person.id, person.name, stored.rows.get(person.id)));
  }
  const rosterRows = cells.length - YEAR_ROUND_HEADER_ROW;
  const kept = [...[...stored.rows].filter(([id]) => !used.has(id)).map(([, row]) => row), ...stored.orphans].filter((row) => hasInput(row, inputKeys));
  for (const row of kept) cells.push(rowFor(idText(row["id"]), cellText(row["name"]) || null, row));
  const dataRows = cells.length - YEAR_ROUND_HEADER_ROW;

  const styles: { range: Rect; style: CellStyle }[] = [titleStyle(), headerStyle(YEAR_ROUND_HEADER_ROW, width)];
  const merges: Rect[] = [];
  PORTFOLIO.sections.forEach((s, i) => {
    const first = cols.colOf(portfolioKey(s.items[0].id));
    cells[1][first - 1] = `${t(lang, "ui.pf.sectionLabel", { id: s.id })} ${lang === "ru" ? s.titleRu : s.title}`;
    if (s.items.length > 1) merges.push(rect(2, first, 1, s.items.length));
    styles.push({ range: rect(2, first, 2, s.items.length), style: { background: COLOURS.domains[i % COLOURS.domains.length], bold: true, wrap: true, vAlign: "middle" } });
  });
  cells[1][0] = t(lang, "tab.portfolio.help");
  styles.push({ range: rect(2, 1), style: { italic: true, fontColor: COLOURS.generatedText, wrap: true } });
  merges.push(rect(2, 1, 1, 2));
  styles.push(...generatedColumnStyles(specs, FIRST_DATA, rosterRows));
  if (dataRows > rosterRows) styles.push({ range: rect(FIRST_DATA + rosterRows, 1, dataRows - rosterRows, width), style: { background: COLOURS.orphan } });
  styles.push({ range: rect(FIRST_DATA, 1, dataRows + 10, 1), style: { numberFormat: "@" } });
  const firstItem = cols.colOf(portfolioKey(PORTFOLIO_ITEMS[0].id));
  // A link is one line: clipped at the column's edge rather than wrapped over many lines.
  styles.push({ range: rect(FIRST_DATA, firstItem, Math.max(dataRows, 1), PORTFOLIO_ITEMS.length), style: { numberFormat: "@", wrap: false } });
  return finish({
    name: TAB_PORTFOLIO,
    cells,
    styles,
    merges,
    notes: [],
    conditionalFormats: [],
    frozenRows: YEAR_ROUND_HEADER_ROW,
    frozenCols: cols.colOf("name"),
    columnWidths: cols.widths,
    rowHeights: [{ row: 2, height: 48 }, { row: YEAR_ROUND_HEADER_ROW, height: 120 }],
  });
}

function completeText(row: Row | undefined, lang: Lang): string {
  const links = Object.fromEntries(PORTFOLIO_ITEMS.map((i) => [i.id, cellText(row?.[portfolioKey(i.id)])]));
  const missing = missingItems({ personId: "", links }).length;
  return missing === 0 ? t(lang, "portfolio.complete.yes") : t(lang, "portfolio.complete.no", { count: missing });
}
