/** The district's file: the application in appendix 13's layout, the per-school breakdown, and the files that could not be read. */
import type { DistrictApplication } from "../../core/district";
import { competencyNumbers } from "../../core/frameworks/index";
import { t, type Lang, type MessageKey } from "../../core/messages/index";
import { emptySchool } from "../../core/school";
import type { CellInput, TabRender } from "../port";
import { renderApplicationTab } from "./applicationTab";
import { COLOURS, rect } from "./common";

export interface DistrictError {
  source: string;
  reason: "cannot_read" | "not_json" | "not_application";
}

export function renderDistrictTabs(district: DistrictApplication, errors: DistrictError[], name: string, year: string, lang: Lang, now: Date): TabRender[] {
  const settings = { ...emptySchool(), name: name || t(lang, "district.title", { count: district.schools.length }), year, language: lang, priorityCount: 3, summaryDepartment: "", pupils: "", planTasks: 4, minimumHours: 72, maxDistancePercent: 15 };
  const application = renderApplicationTab(district, settings, lang, { now, provisional: null });
  application.cells[1][0] = t(lang, "district.title", { count: district.schools.length });
  // The school form's header, relabelled for a district: its name, the number of schools, all teachers.
  application.cells[0][0] = t(lang, "district.appTitle", { year: year || "20__-20__" });
  const relabel: [MessageKey, MessageKey, CellInput | undefined][] = [
    ["application.school", "district.label.district", name],
    ["application.code", "district.label.schools", district.schools.length],
    ["application.teachers", "district.label.teachers", undefined],
  ];
  for (const row of application.cells.slice(0, 8)) {
    for (const [from, to, value] of relabel) {
      const at = row.indexOf(t(lang, from));
      if (at < 0) continue;
      row[at] = t(lang, to);
      if (value !== undefined) row[at + 1] = value;
    }
  }

  const numbers = competencyNumbers("teacher");
  const head = [t(lang, "district.col.school"), t(lang, "district.col.code"), t(lang, "district.col.teachers"), t(lang, "district.col.total"), ...numbers, t(lang, "district.col.source")];
  const schools: TabRender = {
    name: t(lang, "district.schoolsTab"),
    cells: [head, ...district.schools.map((s): CellInput[] => [s.name, s.code, s.teachers, s.total, ...numbers.map((n) => s.rows[n] ?? 0), s.source])],
    styles: [{ range: rect(1, 1, 1, head.length), style: { bold: true, background: COLOURS.header, hAlign: "center" } }],
    frozenRows: 1,
    frozenCols: 1,
    columnWidths: [260, 80, 80, 70, ...numbers.map(() => 40), 360],
  };
  const failed: TabRender = {
    name: t(lang, "district.errorsTab"),
    cells: [
      [t(lang, "district.col.source"), t(lang, "district.col.reason")],
      ...errors.map((e): CellInput[] => [e.source, t(lang, `district.reason.${e.reason}` as MessageKey)]),
    ],
    styles: [{ range: rect(1, 1, 1, 2), style: { bold: true, background: COLOURS.header } }],
    frozenRows: 1,
    columnWidths: [420, 420],
  };
  return [application, schools, failed];
}
