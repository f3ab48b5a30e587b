import { t, type Lang, type MessageKey } from "../../core/messages/index";
import { CATEGORIES, frameworksOf, ROLES, type Person } from "../../core/people";
import type { TabRender } from "../port";
import type { InputModel } from "../model";
import { STAFF_HEADER_ROW, staffColumns, TAB_STAFF } from "../schema";
import { columnLetter } from "../a1";
import { idText } from "../records";
import {
  carry,
  finish,
  generatedColumnStyles,
  gridWithHeader,
  headerStyle,
  layout,
  rect,
  SPARE_ROWS,
  titleStyle,
} from "./common";

export function frameworkLabels(person: Pick<Person, "role" | "subjects">, lang: Lang): string {
  return frameworksOf(person)
    .map((fw) => t(lang, `framework.${fw}.short` as MessageKey))
    .join(", ");
}

export function renderStaff(model: InputModel, lang: Lang, people: Map<string, Person>): TabRender {
  const specs = staffColumns();
  const cols = layout(specs, model.staff.extras, lang);
  const width = cols.keys.length;
  const cells = gridWithHeader(width, STAFF_HEADER_ROW, cols.headers, t(lang, "tab.staff.title"));
  for (const row of model.staff.rows) {
    const out = cols.keys.map((key) => (key === "frameworks" ? null : carry(row[key])));
    const person = people.get(idText(row["id"]));
    if (person) out[cols.colOf("frameworks") - 1] = frameworkLabels(person, lang);
    cells.push(out);
  }
  const firstData = STAFF_HEADER_ROW + 1;
  const dataRows = model.staff.rows.length;
  const validRows = dataRows + SPARE_ROWS;
  const column = (key: string) => rect(firstData, cols.colOf(key), validRows, 1);
  const idCol = columnLetter(cols.colOf("id"));
  return finish({
    name: TAB_STAFF,
    cells,
    styles: [
      titleStyle(),
      headerStyle(STAFF_HEADER_ROW, width),
      ...generatedColumnStyles(specs, firstData, dataRows),
      { range: rect(firstData, cols.colOf("id"), validRows, 1), style: { numberFormat: "@" } },
      { range: rect(firstData, cols.colOf("supervisor_id"), validRows, 1), style: { numberFormat: "@" } },
    ],
    validations: [
      {
        range: column("role"),
        rule: { kind: "list", values: ROLES.map((r) => t(lang, `role.${r}` as MessageKey)) },
        allowInvalid: false,
        helpText: t(lang, "role.help"),
      },
      {
        range: column("category"),
        rule: { kind: "list", values: CATEGORIES.map((c) => t(lang, `category.${c}` as MessageKey)) },
        allowInvalid: false,
        helpText: t(lang, "category.help"),
      },
      {
        range: column("experience_years"),
        rule: { kind: "number", min: 0, max: 70, integer: true },
        allowInvalid: false,
        helpText: t(lang, "number.help"),
      },
      {
        range: column("last_course_year"),
        rule: { kind: "number", min: 1950, max: 2100, integer: true },
        allowInvalid: false,
        helpText: t(lang, "year.help"),
      },
      {
        range: column("supervisor_id"),
        rule: { kind: "listFromRange", tab: TAB_STAFF, range: `${idCol}${firstData}:${idCol}${firstData + validRows - 1}` },
        allowInvalid: true,
        helpText: t(lang, "supervisor.help"),
      },
    ],
    frozenRows: STAFF_HEADER_ROW,
    frozenCols: 2,
    columnWidths: cols.widths,
    rowHeights: [{ row: STAFF_HEADER_ROW, height: 48 }],
  });
}

