/** Tab "4.5 Сааттар": each person's course hours over five years, with colour flags. */
import { fiveYearsBefore, type PersonHours } from "../../core/hours";
import { t, type Lang, type MessageKey } from "../../core/messages/index";
import type { Person } from "../../core/people";
import type { SchoolSettings } from "../../core/school";
import type { CellInput, CellStyle, Rect, TabRender } from "../port";
import { TAB_HOURS } from "../schema";
import { COLOURS, rect } from "./common";
import { generatedNote, type GeneratedHeader } from "./summaryTab";

const FLAG = { notMet: "#f4cccc", distance: "#fce5cd", due: "#ea9999" } as const;
const HEADER_ROW = 5;

export function renderHoursTab(people: Person[], hours: PersonHours[], settings: SchoolSettings, asOf: string, lang: Lang, header: GeneratedHeader): TabRender {
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
  return {
    name: TAB_HOURS,
    cells,
    styles,
    frozenRows: HEADER_ROW,
    frozenCols: 2,
    columnWidths: [60, 200, 140, 170, 100, 90, 100, 90, 90, 100, 110],
    rowHeights: [{ row: HEADER_ROW, height: 44 }],
    print: { landscape: true, fitToWidth: true, repeatRows: HEADER_ROW },
  };
}
