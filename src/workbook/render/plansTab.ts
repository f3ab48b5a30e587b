/**
 * Tab "4.1 Жеке пландар": every person's individual plan (appendix 11) in one tab, one block per
 * person, each printed on its own page(s). 150 staff need no 150 tabs, and the number of host
 * calls does not grow with them: blocks use no merges, validations or per-row heights in Sheets.
 */
import { schoolYearLabel, schoolYearStart, type CourseEntry } from "../../core/courses";
import { FRAMEWORKS, type FrameworkId } from "../../core/frameworks/index";
import { t, type Lang, type MessageKey } from "../../core/messages/index";
import type { Person } from "../../core/people";
import type { PersonPriorities } from "../../core/priorities";
import type { SchoolSettings } from "../../core/school";
import { KEY_COLUMN_WIDTH, KeyedTabBuilder, type KeyedStore } from "../keyed";
import type { TabRender } from "../port";
import { TAB_PLANS } from "../schema";
import { COLOURS, rect } from "./common";
import { generatedNote, type GeneratedHeader } from "./summaryTab";

const WIDTHS = [150, 240, 150, 150, 150, 130, 120];

export interface PlansInput {
  settings: SchoolSettings;
  people: Person[];
  priorities: PersonPriorities[];
  courses: CourseEntry[];
  planYear: number;
  lang: Lang;
  header: GeneratedHeader;
}

export const planBlockKey = (personId: string) => `plan:${personId}`;

function statement(fw: FrameworkId, n: string, lang: Lang): string {
  const c = FRAMEWORKS[fw].domains.flatMap((d) => d.competencies).find((x) => x.n === n)!;
  return lang === "ru" ? c.textRu : c.text;
}

export function addPersonPlan(b: KeyedTabBuilder, person: Person, input: PlansInput): void {
  const { settings, lang, planYear } = input;
  const id = person.id;
  b.title(planBlockKey(id), t(lang, "iplan.title", { years: schoolYearLabel(planYear) }), { bold: true, fontSize: 12, fontColor: COLOURS.title });
  b.text([t(lang, "iplan.name"), person.name, t(lang, "iplan.school"), settings.name, t(lang, "iplan.district"), settings.district]);
  const position = `${t(lang, `role.${person.role}` as MessageKey)}${person.subjects.length ? ` (${person.subjects.join(", ")})` : ""}`;
  const category = person.category ? t(lang, `category.${person.category}` as MessageKey) : "";
  b.text([t(lang, "iplan.position"), position, t(lang, "iplan.category"), category, t(lang, "iplan.experience"), person.experienceYears ?? ""]);
  b.single(`${id}:fields`, { 1: t(lang, "iplan.education"), 3: t(lang, "iplan.classes") }, [2, 4]);
  for (let r = b.rowCount - 2; r <= b.rowCount; r++) {
    b.styles.push({ range: rect(r, 2), style: { bold: true } }, { range: rect(r, 4), style: { bold: true } }, { range: rect(r, 6), style: { bold: true } });
  }

  // Goals: the person's priorities in every framework they are rated in.
  const goals = input.priorities
    .filter((p) => p.personId === id)
    .flatMap((p) => p.priorities.map((n) => ({ fw: p.framework, n, level: p.agreed.get(n) })));
  b.textLines(t(lang, "iplan.goals"), { bold: true });
  if (goals.length === 0) b.text(t(lang, "iplan.noGoals"), { italic: true });
  goals.forEach((g, i) => {
    const text = t(lang, "iplan.goal", {
      k: i + 1,
      text: statement(g.fw, g.n, lang),
      framework: t(lang, `framework.${g.fw}.short` as MessageKey),
      n: g.n,
      level: g.level ?? "—",
    });
    b.textLines(text);
  });

  // The plan table, one list per goal, matched by the goal's competency on regeneration.
  b.header(["goal", "strategies", "resources", "indicators", "results", "time"].map((k) => t(lang, `iplan.col.${k}` as MessageKey)));
  goals.forEach((g, i) => {
    b.list(`${id}:goal:${g.fw}:${g.n}`, { inputCols: [2, 3, 4, 5, 6], fixed: () => ({ 1: `${i + 1}.` }), minRows: 1, minHeight: 48 });
  });
  b.textLines(t(lang, "iplan.notes"), { italic: true, fontColor: COLOURS.generatedText });

  // Achieved goals: this school year's courses from the ledger, with the goal number and the degree typed in.
  const year = schoolYearLabel(planYear);
  b.text(t(lang, "iplan.achieved", { year }), { bold: true });
  b.header(["goalNo", "course", "type", "date", "org", "hours", "degree"].map((k) => t(lang, `iplan.col.${k}` as MessageKey)));
  const courses = input.courses.filter((c) => c.personId === id && schoolYearStart(c.date) === planYear);
  for (const c of courses) {
    b.list(`${id}:done:${c.date}|${c.title}`, {
      inputCols: [1, 7],
      fixed: () => ({ 2: c.title, 3: t(lang, `course.type.${c.programmeType}` as MessageKey), 4: c.date, 5: c.provider, 6: c.hours }),
      minRows: 1,
    });
  }
  if (courses.length === 0) b.text(t(lang, "iplan.noCourses"), { italic: true, fontColor: COLOURS.generatedText });
  const total = courses.reduce((sum, c) => sum + c.hours, 0);
  b.text(t(lang, "iplan.yearHours", { hours: total }), { bold: true });

  // Sign-offs: the plan drawn up, the interim review in January, the final review at year end.
  b.header(["", t(lang, "iplan.teacherSign"), t(lang, "iplan.date"), t(lang, "iplan.leaderSign"), t(lang, "iplan.date")]);
  for (const stage of ["plan", "interim", "final"] as const) {
    const labelKey = stage === "plan" ? "iplan.signPlan" : stage === "interim" ? "iplan.signInterim" : "iplan.signFinal";
    b.single(`${id}:sign:${stage}`, { 1: t(lang, labelKey) }, [2, 3, 4, 5], 36);
    b.styles.push({ range: rect(b.rowCount, 2), style: { italic: true, wrap: true } });
    if (stage !== "plan") b.single(`${id}:comment:${stage}`, { 1: t(lang, "iplan.comment") }, [2, 4], 42);
  }
}

export function renderPlansTab(input: PlansInput, stored: KeyedStore, only?: string): TabRender {
  const b = new KeyedTabBuilder(WIDTHS, stored);
  const people = only ? input.people.filter((p) => p.id === only) : input.people;
  if (!only) {
    b.text(t(input.lang, "iplan.tabTitle"), { bold: true, fontColor: COLOURS.title });
    const note = generatedNote(input.lang, input.header);
    b.text(note.text, note.style);
    b.pageBreak();
  }
  people.forEach((person, i) => {
    if (i > 0) b.pageBreak();
    addPersonPlan(b, person, input);
  });
  if (!only) b.keptSection(t(input.lang, "iplan.kept"), (region) => region);
  return b.render(TAB_PLANS, {
    columnWidths: [KEY_COLUMN_WIDTH, ...WIDTHS],
    print: { landscape: false, fitToWidth: true },
  });
}

