import { t, type Lang } from "../../core/messages/index";
import type { Person } from "../../core/people";
import type { TabRender } from "../port";
import type { InputModel } from "../model";
import { COURSES_HEADER_ROW, courseColumns, TAB_COURSES } from "../schema";
import { idText } from "../records";
import { carry, finish, generatedColumnStyles, gridWithHeader, headerStyle, layout, rect, SPARE_ROWS, titleStyle } from "./common";

export function renderCourses(model: InputModel, lang: Lang, people: Map<string, Person>): TabRender {
  const specs = courseColumns();
  const cols = layout(specs, model.courses.extras, lang);
  const width = cols.keys.length;
  const cells = gridWithHeader(width, COURSES_HEADER_ROW, cols.headers, t(lang, "tab.courses.title"));
  for (const row of model.courses.rows) {
    const out = cols.keys.map((key) => (key === "name" ? null : carry(row[key])));
    out[cols.colOf("name") - 1] = people.get(idText(row["person_id"]))?.name ?? null;
    cells.push(out);
  }
  const firstData = COURSES_HEADER_ROW + 1;
  const validRows = model.courses.rows.length + SPARE_ROWS * 4;
  const column = (key: string) => rect(firstData, cols.colOf(key), validRows, 1);
  const yesNo = [t(lang, "yes"), t(lang, "no")];
  return finish({
    name: TAB_COURSES,
    cells,
    styles: [
      titleStyle(),
      headerStyle(COURSES_HEADER_ROW, width),
      ...generatedColumnStyles(specs, firstData, model.courses.rows.length),
      { range: column("person_id"), style: { numberFormat: "@" } },
      { range: column("date"), style: { numberFormat: "yyyy-mm-dd" } },
    ],
    validations: [
      { range: column("date"), rule: { kind: "date" }, allowInvalid: false, helpText: t(lang, "col.date") },
      { range: column("hours"), rule: { kind: "number", min: 0.5, max: 2000 }, allowInvalid: false, helpText: t(lang, "col.hours") },
      {
        range: column("programme_type"),
        rule: { kind: "list", values: ["1", "2", "3", "4", "5", "6", "7"] },
        allowInvalid: false,
        helpText: t(lang, "col.programme_type"),
      },
      { range: column("distance"), rule: { kind: "list", values: yesNo }, allowInvalid: false, helpText: t(lang, "yesno.help") },
      { range: column("certificate"), rule: { kind: "list", values: yesNo }, allowInvalid: false, helpText: t(lang, "yesno.help") },
    ],
    frozenRows: COURSES_HEADER_ROW,
    columnWidths: cols.widths,
    rowHeights: [{ row: COURSES_HEADER_ROW, height: 36 }],
  });
}
