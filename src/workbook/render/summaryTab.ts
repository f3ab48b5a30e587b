/**
 * Tab "4.2 Жыйынды": for each framework the staff × competency matrix of agreed levels (heat-map
 * colours, priorities marked ★), the counts per competency, and the school's ranked priorities.
 */
import { competenciesOf, FRAMEWORK_IDS, FRAMEWORKS } from "../../core/frameworks/index";
import { t, type Lang, type MessageKey } from "../../core/messages/index";
import type { Person } from "../../core/people";
import type { PersonPriorities } from "../../core/priorities";
import { rankPriorities, summarise } from "../../core/summary";
import type { CellInput, CellStyle, Rect, RowHeight, TabRender } from "../port";
import { TAB_SUMMARY } from "../schema";
import { COLOURS, rect } from "./common";
import { changeOf, movedUp, NO_LAST_YEAR, pastKey, peopleMovedUp, type LastYear } from "../../core/history";

export const LEVEL_COLOURS = { 1: "#f4cccc", 2: "#fff2cc", 3: "#d9ead3" } as const;

/** Columns: ID, name, department, priorities, strengths, then one per competency from FIRST. */
const FIRST = 6;
/** ID and name stay in view while the competencies scroll. */
const FROZEN_COLS = 2;

export interface GeneratedHeader {
  now: Date;
  /** Number of unresolved items in provisional mode; 0 when every level is agreed. */
  provisional: number | null;
}

/** Row 2 of every generated tab: when it was made, and in provisional mode a banner saying so. */
export function generatedNote(lang: Lang, header: GeneratedHeader): { text: string; style: CellStyle } {
  const when = t(lang, "generated.when", { date: header.now.toISOString().slice(0, 16).replace("T", " ") });
  if (header.provisional === null) return { text: when, style: { fontColor: COLOURS.generatedText, italic: true } };
  return {
    text: `${t(lang, "generated.provisional", { count: header.provisional })} ${when}`,
    style: { bold: true, fontColor: "#c5221f", background: "#fce8e6" },
  };
}

export function renderSummaryTab(
  priorities: PersonPriorities[],
  people: Person[],
  lang: Lang,
  header: GeneratedHeader,
  department = "",
  lastYear: LastYear = NO_LAST_YEAR,
): TabRender {
  const byId = new Map(people.map((p) => [p.id, p]));
  const inDepartment = (id: string) => department === "" || (byId.get(id)?.department ?? "").toLowerCase() === department.toLowerCase();
  const summary = summarise(priorities, inDepartment);
  const ups = movedUp(priorities, lastYear, inDepartment);
  const width = Math.max(...FRAMEWORK_IDS.map((fw) => competenciesOf(fw).length)) + 5;
  const cells: CellInput[][] = [];
  const styles: { range: Rect; style: CellStyle }[] = [];
  const mergeAcross: Rect[] = [];
  const rowHeights: RowHeight[] = [];
  const push = (row: CellInput[]) => cells.push([...row, ...new Array(Math.max(0, width - row.length)).fill(null)]);

  push([department ? t(lang, "summary.titleDepartment", { department }) : t(lang, "summary.title")]);
  styles.push({ range: rect(1, 1), style: { bold: true, fontSize: 12, fontColor: COLOURS.title } });
  const note = generatedNote(lang, header);
  push([note.text]);
  styles.push({ range: rect(2, 1, 1, width), style: note.style });
  push([t(lang, "legend.title"), `1 — ${t(lang, "level.1")}`, `2 — ${t(lang, "level.2")}`, `3 — ${t(lang, "level.3")}`, null, t(lang, "summary.legendPriority")]);
  styles.push({ range: rect(3, 2), style: { background: LEVEL_COLOURS[1] } }, { range: rect(3, 3), style: { background: LEVEL_COLOURS[2] } });
  styles.push({ range: rect(3, 4), style: { background: LEVEL_COLOURS[3] } }, { range: rect(3, 1), style: { bold: true } });
  if (lastYear.year !== "") {
    push([t(lang, "summary.change.school", { count: peopleMovedUp(priorities, lastYear, inDepartment).size, year: lastYear.year })]);
    styles.push({ range: rect(cells.length, 1, 1, width), style: { bold: true, wrap: false } });
  }

  for (const fw of FRAMEWORK_IDS) {
    const competencies = competenciesOf(fw);
    const last = FIRST - 1 + competencies.length;
    const members = priorities
      .filter((p) => p.framework === fw && inDepartment(p.personId))
      .map((p) => ({ p, person: byId.get(p.personId)! }))
      .sort((a, b) => a.person.department.localeCompare(b.person.department, "ky") || a.person.name.localeCompare(b.person.name, "ky"));
    push([]);
    push([`${FRAMEWORKS[fw].tools.self}/${FRAMEWORKS[fw].tools.supervisor} — ${t(lang, `framework.${fw}` as MessageKey)} (${t(lang, "summary.people", { count: members.length })})`]);
    styles.push({ range: rect(cells.length, 1, 1, last), style: { bold: true, fontSize: 11, background: COLOURS.header } });
    push([t(lang, "col.id"), t(lang, "col.name"), t(lang, "col.department"), t(lang, "summary.priorities"), t(lang, "summary.strengths"), ...competencies.map((c) => c.n)]);
    const headerRow = cells.length;
    styles.push({ range: rect(headerRow, 1, 1, last), style: { bold: true, hAlign: "center", wrap: true, background: COLOURS.band } });

    for (const { p, person } of members) {
      const priority = new Set(p.priorities);
      push([
        person.id,
        person.name,
        person.department,
        p.priorities.join(", "),
        p.strengths.join(", "),
        ...competencies.map((c): CellInput => {
          const level = p.agreed.get(c.n);
          if (level === undefined) return null;
          return priority.has(c.n) ? `${level}★` : level;
        }),
      ]);
      const r = cells.length;
      competencies.forEach((c, i) => {
        const level = p.agreed.get(c.n);
        if (level !== undefined) styles.push({ range: rect(r, FIRST + i), style: { background: LEVEL_COLOURS[level], ...(priority.has(c.n) ? { bold: true } : {}) } });
      });
    }
    if (members.length > 0) styles.push({ range: rect(headerRow + 1, FIRST, members.length, competencies.length), style: { hAlign: "center" } });

    const counts = summary[fw];
    const countRows: [MessageKey, (c: (typeof counts)[number]) => number, string | undefined][] = [
      ["summary.level1", (c) => c.level1, LEVEL_COLOURS[1]],
      ["summary.level2", (c) => c.level2, LEVEL_COLOURS[2]],
      ["summary.level3", (c) => c.level3, LEVEL_COLOURS[3]],
      ["summary.priorityCount", (c) => c.priority, undefined],
    ];
    // Labels merged within the frozen columns (A:B): Sheets refuses a merge across a frozen edge.
    const firstCountRow = cells.length + 1;
    mergeAcross.push(rect(firstCountRow, 1, countRows.length, FROZEN_COLS));
    for (const [key, value, colour] of countRows) {
      push([t(lang, key), null, null, null, null, ...counts.map(value)]);
      const r = cells.length;
      styles.push({ range: rect(r, 1, 1, FIRST - 1), style: { bold: true, hAlign: "right", ...(colour ? { background: colour } : {}) } });
      styles.push({ range: rect(r, FIRST, 1, competencies.length), style: { hAlign: "center", ...(key === "summary.priorityCount" ? { bold: true } : {}) } });
    }

    if (lastYear.year !== "") {
      const block = changeBlock(members, competencies.map((c) => c.n), lastYear, ups[fw], lang);
      const offset = cells.length;
      for (const row of block.cells) push(row);
      for (const s of block.styles) styles.push({ range: { ...s.range, row: s.range.row + offset }, style: s.style });
      // The moved-up label is long for the two frozen columns it is merged across: it wraps, in a taller row.
      mergeAcross.push(rect(offset + block.cells.length, 1, 1, FROZEN_COLS));
      rowHeights.push({ row: offset + block.cells.length, height: 48 });
    }

    // The school's priorities, ranked: A rank, B priority count, C level-1 count, D… the statement.
    push([]);
    push([t(lang, "summary.rank"), t(lang, "summary.priorityCount"), t(lang, "summary.level1"), t(lang, "summary.rankedTitle")]);
    const rankHeader = cells.length;
    mergeAcross.push(rect(rankHeader, 4, competencies.length + 1, last - 3));
    styles.push({ range: rect(rankHeader, 1, 1, last), style: { bold: true, background: COLOURS.band, wrap: true } });
    rankPriorities(counts).forEach((c, i) => {
      const competency = competencies.find((x) => x.n === c.competency)!;
      const text = lang === "ru" ? `${c.competency}. ${competency.textRu} ${t(lang, "translation.mark")}` : `${c.competency}. ${competency.text}`;
      push([i + 1, c.priority, c.level1, text]);
    });
    styles.push({ range: rect(rankHeader + 1, 1, competencies.length, 3), style: { hAlign: "center" } });
  }

  return {
    name: TAB_SUMMARY,
    cells,
    styles,
    mergeAcross,
    rowHeights,
    frozenCols: FROZEN_COLS,
    columnWidths: [60, 190, 140, 120, 120, ...new Array(width - 5).fill(34)],
    print: { landscape: true, fitToWidth: true },
  };
}

const CHANGE_COLOURS = { "↑": "#137333", "↓": "#c5221f" } as const;

/**
 * Each person's change since last year per competency (↑ / ↓ / =, blank when either year has no
 * agreed level), their number of ups and downs, and the school's count of people who moved up per
 * competency with the total. Rows and styles are numbered from 1 within the block.
 */
function changeBlock(members: { p: PersonPriorities; person: Person }[], numbers: string[], lastYear: LastYear, ups: Map<string, number>, lang: Lang) {
  const cells: CellInput[][] = [];
  const styles: { range: Rect; style: CellStyle }[] = [];
  const last = FIRST - 1 + numbers.length;
  cells.push([]);
  cells.push([t(lang, "summary.change.title", { year: lastYear.year })]);
  styles.push({ range: rect(cells.length, 1, 1, last), style: { bold: true, background: COLOURS.header } });
  cells.push([t(lang, "col.id"), t(lang, "col.name"), t(lang, "col.department"), t(lang, "summary.change.ups"), t(lang, "summary.change.downs"), ...numbers]);
  styles.push({ range: rect(cells.length, 1, 1, last), style: { bold: true, hAlign: "center", wrap: true, background: COLOURS.band } });
  const first = cells.length + 1;
  for (const { p, person } of members) {
    const changes = numbers.map((n) => changeOf(lastYear.agreed.get(pastKey(p.personId, p.framework, n)), p.agreed.get(n)));
    cells.push([person.id, person.name, person.department, changes.filter((c) => c === "↑").length, changes.filter((c) => c === "↓").length, ...changes.map((c) => c || null)]);
    changes.forEach((c, i) => {
      if (c === "↑" || c === "↓") styles.push({ range: rect(cells.length, FIRST + i), style: { bold: true, fontColor: CHANGE_COLOURS[c] } });
    });
  }
  const counts = numbers.map((n) => ups.get(n) ?? 0);
  // The number of people (not of competencies) who moved up, then per competency.
  const people = members.filter(({ p }) => numbers.some((n) => changeOf(lastYear.agreed.get(pastKey(p.personId, p.framework, n)), p.agreed.get(n)) === "↑")).length;
  cells.push([t(lang, "summary.change.movedUp"), null, null, people, null, ...counts]);
  styles.push({ range: rect(cells.length, 1, 1, FIRST - 1), style: { bold: true, hAlign: "right", wrap: true } });
  styles.push({ range: rect(first, 4, cells.length - first + 1, last - 3), style: { hAlign: "center" } });
  return { cells, styles };
}
