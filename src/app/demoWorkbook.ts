/** The demo workbook: the demo school imported through the same path a school's files take. */
import { cellOf, modelFromState, type InputModel } from "../workbook/model";
import type { WorkbookPort } from "../workbook/port";
import { emptyState } from "../workbook/read";
import { levelKey } from "../workbook/schema";
import { demoData, demoFiles, type DemoData } from "./demo";
import { applyImport, parseImport } from "./importData";
import { writeModel } from "./setUp";
import type { FrameworkId } from "../core/frameworks/index";
import type { Scalar } from "../workbook/port";

/** Entries a person might really type, poked in after import so the check has something to find. */
export const DEMO_POKES: { personId: string; framework: FrameworkId; rater: "self" | "supervisor"; competency: string; value: Scalar; formula?: string }[] = [
  { personId: "T003", framework: "teacher", rater: "self", competency: "5", value: 4 },
  { personId: "T007", framework: "teacher", rater: "supervisor", competency: "2", value: 2.5 },
  { personId: "T015", framework: "teacher", rater: "self", competency: "10", value: "жакшы" },
  { personId: "T020", framework: "teacher", rater: "self", competency: "1", value: 3, formula: "1+2" },
  { personId: "D02", framework: "leader", rater: "self", competency: "1.3", value: 0 },
  // Valid: a level typed with spaces around it is read as 3.
  { personId: "T025", framework: "teacher", rater: "self", competency: "3", value: " 3 " },
];

export function demoModel(today: Date, staff = 60): { model: InputModel; data: DemoData } {
  const data = demoData({ year: today.getFullYear(), staff });
  const files = demoFiles(data);
  const { bundle, issues } = parseImport(
    {
      school: { file: "school.json", text: files["school.json"] },
      staff: { file: "staff.csv", text: files["staff.csv"] },
      ratings: { file: "ratings.csv", text: files["ratings.csv"] },
      priorities: { file: "priorities.csv", text: files["priorities.csv"] },
      courses: { file: "courses.csv", text: files["courses.csv"] },
    },
    today,
  );
  if (issues.length > 0) throw new Error(`demo data does not import: ${JSON.stringify(issues.slice(0, 3))}`);
  const model = applyImport(modelFromState(emptyState()), bundle, "ky");
  model.settings.set("language", cellOf("ky"));
  for (const poke of DEMO_POKES) {
    const rows = model.rating[poke.framework][poke.rater].rows;
    const row = rows.get(poke.personId) ?? { id: cellOf(poke.personId) };
    row[levelKey(poke.competency)] = { value: poke.value, formula: poke.formula ?? "" };
    rows.set(poke.personId, row);
  }
  return { model, data };
}

export function writeDemo(port: WorkbookPort, today: Date = new Date(), staff = 60): DemoData {
  const { model, data } = demoModel(today, staff);
  writeModel(port, model, today);
  return data;
}
