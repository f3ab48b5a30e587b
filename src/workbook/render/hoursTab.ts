/** Tab "4.5 Сааттар": each person's course hours over five years, with colour flags. */
import { fiveYearsBefore, type PersonHours } from "../../core/hours";
import { t, type Lang, type MessageKey } from "../../core/messages/index";
import type { Person } from "../../core/people";
import type { SchoolSettings } from "../../core/school";
import type { CellInput, CellStyle, Rect, TabRender } from "../port";
import { TAB_HOURS } from "../schema";
import { COLOURS, rect } from "./common";
import { GRADES, MONITORING, OBSERVED_EVENTS, observationTable, type Grade, type Observation } from "../../core/yearRound/observation";
import { schoolYearLabel, schoolYearStart } from "../../core/courses";
import { generatedNote, type GeneratedHeader } from "./summaryTab";

const FLAG = { notMet: "#f4cccc", distance: "#fce5cd", due: "#ea9999" } as const;
const HEADER_ROW = 5;

export function renderHoursTab(
  people: Person[],
  hours: PersonHours[],
  settings: SchoolSettings,
  asOf: string,
  lang: Lang,
  header: GeneratedHeader,
  observations: Observation[] = [],
): TabRender {
  const byId = new Map(hours.map((h) => [h.id, h]));
  const cells: CellInput[][] = [];
  const styles: { range: Rect; style: CellStyle }[] = [];
  const width = 11;
  const push = (row: CellInput[]) => cells.push([...row, ...new Array(Math.max(0, width - row.length)).fill(null)]);
  push([t(lang, "hours.title", { from: fiveYearsBefore(asOf), asOf })]);
  styles.push({ range: rect(1, 1), style: { bold: true, fontSize: 12, fontColor: COLOURS.title } });
  const note = generatedNote(lang, header);
  push([note.text]);
  styles.push({ range: rect(2, 1, 1, width), style: note.style });
  push([t(lang, "hours.rule", { min: settings.minimumHours, share: settings.maxDistancePercent })]);
  push([t(lang, "legend.title"), t(lang, "hours.legend.notMet"), t(lang, "hours.legend.distance"), t(lang, "hours.legend.due")]);
  styles.push(
    { range: rect(4, 1), style: { bold: true } },
    { range: rect(4, 2), style: { background: FLAG.notMet } },
    { range: rect(4, 3), style: { background: FLAG.distance } },
    { range: rect(4, 4), style: { background: FLAG.due, bold: true } },
  );
  push([
    t(lang, "col.id"),
    t(lang, "col.name"),
    t(lang, "col.role"),
    t(lang, "col.subjects"),
    t(lang, "hours.col.lastLong"),
    t(lang, "hours.col.last5y"),
    t(lang, "hours.col.distance"),
    t(lang, "hours.col.share"),
    t(lang, "hours.col.meets"),
    t(lang, "hours.col.thisYear"),
    t(lang, "hours.col.due"),
  ]);
  styles.push({ range: rect(HEADER_ROW, 1, 1, width), style: { bold: true, background: COLOURS.header, wrap: true, hAlign: "center", vAlign: "middle" } });
  for (const p of people) {
    const h = byId.get(p.id)!;
    push([
      p.id,
      p.name,
      t(lang, `role.${p.role}` as MessageKey),
      p.subjects.join("; "),
      h.lastLongCourseYear,
      h.last5y,
      h.distanceHours,
      h.distanceShare,
      t(lang, h.meetsMinimum ? "yes" : "no"),
      h.thisSchoolYear,
      h.dueYear,
    ]);
    const r = cells.length;
    if (!h.meetsMinimum) styles.push({ range: rect(r, 6), style: { background: FLAG.notMet } }, { range: rect(r, 9), style: { background: FLAG.notMet } });
    if (h.tooMuchDistance) styles.push({ range: rect(r, 7, 1, 2), style: { background: FLAG.distance } });
    if (h.due) styles.push({ range: rect(r, 11), style: { background: FLAG.due, bold: true } });
  }
  const rows = people.length;
  if (rows > 0) {
    styles.push(
      { range: rect(HEADER_ROW + 1, 5, rows, 7), style: { hAlign: "center" } },
      { range: rect(HEADER_ROW + 1, 8, rows, 1), style: { numberFormat: "0%" } },
      { range: rect(HEADER_ROW + 1, 1, rows, 1), style: { numberFormat: "@" } },
    );
  }
  const observed = observationPart(people, observations, asOf, lang, cells, styles);
  return {
    name: TAB_HOURS,
    cells,
    styles,
    frozenRows: HEADER_ROW,
    frozenCols: 2,
    columnWidths: [60, 200, 140, 170, 100, 90, 100, 90, 90, 100, 110, 24, ...observed.widths],
    rowHeights: [{ row: HEADER_ROW, height: 44 }],
    print: { landscape: true, fitToWidth: true, repeatRows: HEADER_ROW },
  };
}

/** The first column of the observation part, after a narrow gap beside the hours. */
const OBSERVED_FIRST = 13;
const GRADE_COLOURS: Record<Grade, string> = { above: "#b7e1cd", meets: "#d9ead3", improve: "#fce5cd", below: "#f4cccc" };

/**
 * The observation part of 4.5 beside each teacher's hours: for each of the five school years up to
 * the as-of day and each observed event, the number of observations at each of the four grades
 * ("a · b · c · d", best first), coloured by the lowest grade given.
 */
function observationPart(
  people: Person[],
  observations: Observation[],
  asOf: string,
  lang: Lang,
  cells: CellInput[][],
  styles: { range: Rect; style: CellStyle }[],
): { widths: number[] } {
  const last = schoolYearStart(asOf);
  const years = Array.from({ length: 5 }, (_, i) => schoolYearLabel(last - 4 + i));
  const events = OBSERVED_EVENTS.length;
  const width = OBSERVED_FIRST - 1 + years.length * events;
  for (const row of cells) while (row.length < width) row.push(null);
  cells[2][OBSERVED_FIRST - 1] = t(lang, "hours.observations.title");
  cells[3][OBSERVED_FIRST - 1] = `${t(lang, "hours.observations.legend")} ${MONITORING.grades.map((g) => g[lang]).join(" · ")}`;
  styles.push({ range: rect(3, OBSERVED_FIRST), style: { bold: true } }, { range: rect(4, OBSERVED_FIRST), style: { italic: true, wrap: false } });
  years.forEach((year, y) => {
    const first = OBSERVED_FIRST + y * events;
    OBSERVED_EVENTS.forEach((e, i) => (cells[HEADER_ROW - 1][first - 1 + i] = `${year}\n${e[lang]}`));
    styles.push({ range: rect(HEADER_ROW, first, 1, events), style: { bold: true, wrap: true, hAlign: "center", vAlign: "middle", background: COLOURS.domains[y % COLOURS.domains.length] } });
  });
  // Observations up to the as-of day, like the hours; one table per observed teacher.
  const counted = observations.filter((o) => o.date <= asOf);
  const byTeacher = new Map([...new Set(counted.map((o) => o.teacherId))].map((id) => [id, observationTable(counted, id)]));
  people.forEach((p, index) => {
    const r = HEADER_ROW + 1 + index;
    const table = byTeacher.get(p.id);
    if (!table) return;
    years.forEach((year, y) => {
      OBSERVED_EVENTS.forEach((e, i) => {
        const counts = table.get(e.key)?.get(year);
        if (!counts) return;
        const c = OBSERVED_FIRST + y * events + i;
        cells[r - 1][c - 1] = GRADES.map((g) => counts[g]).join(" · ");
        const lowest = [...GRADES].reverse().find((g) => counts[g] > 0)!;
        styles.push({ range: rect(r, c), style: { background: GRADE_COLOURS[lowest], hAlign: "center" } });
      });
    });
  });
  return { widths: new Array(years.length * events).fill(74) };
}
