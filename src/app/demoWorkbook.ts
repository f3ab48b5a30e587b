/** The demo workbook: the demo school imported through the same path a school's files take. */
import { cellOf, modelFromState, type InputModel } from "../workbook/model";
import type { WorkbookPort } from "../workbook/port";
import { emptyState } from "../workbook/read";
import { levelKey, needKey } from "../workbook/schema";
import { demoData, demoFiles, type DemoData } from "./demo";
import { applyImport, parseImport } from "./importData";
import { writeModel } from "./setUp";
import { generate } from "./generate";
import type { FrameworkId } from "../core/frameworks/index";
import { academicYearOf } from "../core/school";
import type { Scalar } from "../workbook/port";
import { addDemoMeetings, addDemoYearRound } from "./demoYearRound";

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

/** Subject needs some teachers wrote under item 9.1 (they become the application's "Башка" rows). */
export const DEMO_NEEDS: { personId: string; texts: string[] }[] = [
  { personId: "T001", texts: ["Баштапкы функциянын негизги касиетин түшүндүрүү (11-класс)"] },
  { personId: "T004", texts: ["баштапкы функциянын негизги касиетин түшүндүрүү (11-класс)", "Ыктымалдуулук теориясынын маселелери"] },
  { personId: "T020", texts: ["Реагенттер менен реакция өнүмдөрүн дал келтирүү маселелери (химия, 10-класс)"] },
  { personId: "T031", texts: ["Окуу сабаттуулугун калыптандыруу (1-класс)"] },
];

export function demoModel(today: Date, staff = 60): { model: InputModel; data: DemoData } {
  const data = demoData({ year: today.getUTCFullYear(), staff, schoolYear: academicYearOf(today), asOf: today.toISOString().slice(0, 10) });
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
  for (const need of DEMO_NEEDS) {
    const row = model.rating.teacher.self.rows.get(need.personId);
    if (row) need.texts.forEach((text, i) => (row[needKey(i + 1)] = cellOf(text)));
  }
  for (const poke of DEMO_POKES) {
    const rows = model.rating[poke.framework][poke.rater].rows;
    const row = rows.get(poke.personId) ?? { id: cellOf(poke.personId) };
    row[levelKey(poke.competency)] = { value: poke.value, formula: poke.formula ?? "" };
    rows.set(poke.personId, row);
  }
  addDemoYearRound(model, data.people, today);
  return { model, data };
}

/** The demo workbook: every input tab, then the generated tabs (provisional: some levels are still being discussed). */
export function writeDemo(port: WorkbookPort, today: Date = new Date(), staff = 60): DemoData {
  const { model, data } = demoModel(today, staff);
  writeModel(port, model, today);
  generate(port, { provisional: true, now: today });
  addDemoMeetings(port, today);
  return data;
}
