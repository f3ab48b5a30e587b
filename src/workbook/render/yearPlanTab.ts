/**
 * Tab "4.4 Жылдык план", laid out like appendix 14: the header, sections I–III with room to write,
 * tasks 1..k named after the school's priorities with starter activity tables, the young teachers,
 * mentoring pairs, and the course schedule. What people write is kept across regenerations.
 */
import { schoolYearLabel } from "../../core/courses";
import { FRAMEWORKS, type FrameworkId } from "../../core/frameworks/index";
import { t, type Lang, type MessageKey } from "../../core/messages/index";
import type { Mentoring } from "../../core/mentoring";
import type { Person } from "../../core/people";
import { starterActivities } from "../../core/plans/starters";
import type { ScheduleEntry } from "../../core/schedule";
import { SCHEDULE_YEARS } from "../../core/schedule";
import type { SchoolSettings } from "../../core/school";
import { rankPriorities, type Summary } from "../../core/summary";
import { KEY_COLUMN_WIDTH, KeyedTabBuilder, type KeyedStore } from "../keyed";
import type { TabRender } from "../port";
import { TAB_YEAR_PLAN } from "../schema";
import { COLOURS, rect } from "./common";
import { generatedNote, type GeneratedHeader } from "./summaryTab";

const WIDTHS = [300, 170, 180, 170, 170, 120, 140, 100];
const ACTIVITY_COLS = [1, 2, 3, 4, 5, 6, 7];
const ANALYSIS = 9;

export interface YearPlanInput {
  settings: SchoolSettings;
  people: Person[];
  summary: Summary;
  mentoring: Mentoring;
  schedule: ScheduleEntry[];
  planYear: number;
  lang: Lang;
  header: GeneratedHeader;
}

/** "(N-билим берүү тармагы, M-компетенция)": the domain's number and the competency's place in it. */
export function taskPosition(fw: FrameworkId, n: string): { domain: number; position: number } {
  const domains = FRAMEWORKS[fw].domains;
  for (let d = 0; d < domains.length; d++) {
    const i = domains[d].competencies.findIndex((c) => c.n === n);
    if (i >= 0) return { domain: d + 1, position: i + 1 };
  }
  return { domain: 0, position: 0 };
}

export function renderYearPlanTab(input: YearPlanInput, stored: KeyedStore): TabRender {
  const { settings, people, summary, mentoring, schedule, planYear, lang } = input;
  const b = new KeyedTabBuilder(WIDTHS, stored);
  const byId = new Map(people.map((p) => [p.id, p]));
  const teachers = people.filter((p) => p.subjects.length > 0);
  const activityHeader = ["activities", "months", "results", "responsible", "resources", "budget", "notes"].map((k) => t(lang, `plan.col.${k}` as MessageKey));

  b.text(t(lang, "plan.title", { year: schoolYearLabel(planYear) }), { bold: true, fontSize: 12, fontColor: COLOURS.title });
  const note = generatedNote(lang, input.header);
  b.text(`${t(lang, "plan.subtitle")} ${note.text}`, note.style);
  b.text([t(lang, "plan.org"), settings.name]);
  b.text([t(lang, "plan.address"), settings.address]);
  b.text(t(lang, "plan.contacts", { phone: settings.phone || "_____", email: settings.email || "_____" }));
  b.text(t(lang, "plan.counts", { teachers: teachers.length, pupils: settings.pupils || "_____" }));
  for (let r = 3; r <= 4; r++) b.styles.push({ range: rect(r, 2), style: { bold: true } });

  b.blank();
  b.text(t(lang, "plan.section1", { year: schoolYearLabel(planYear - 1) }), { bold: true, background: COLOURS.header });
  for (let k = 1; k <= ANALYSIS; k++) {
    b.textLines(t(lang, `plan.analysis.${k}` as MessageKey), { italic: true });
    b.area(`I.${k}`, 60);
  }
  b.blank();
  b.text(t(lang, "plan.section2"), { bold: true, background: COLOURS.header });
  b.area("II", 80);
  b.blank();
  b.text(t(lang, "plan.section3"), { bold: true, background: COLOURS.header });
  b.area("III", 60);

  // Tasks 1..k: the school's priorities (teachers' framework), most needed first.
  const ranked = rankPriorities(summary.teacher).filter((c) => c.priority > 0).slice(0, settings.planTasks);
  let k = 0;
  for (const c of ranked) {
    k++;
    const competency = FRAMEWORKS.teacher.domains.flatMap((d) => d.competencies).find((x) => x.n === c.competency)!;
    const { domain, position } = taskPosition("teacher", c.competency);
    const text = (lang === "ru" ? competency.textRu : competency.text).replace(/\.$/, "");
    b.blank();
    b.title(`task:teacher:${c.competency}`, t(lang, "plan.task", { k, text, d: domain, m: position }), { bold: true, fontSize: 11 });
    b.text(t(lang, "plan.taskInfo", { count: c.priority, level1: c.level1 }), { italic: true, fontColor: COLOURS.generatedText });
    b.header(activityHeader);
    b.list(`task:teacher:${c.competency}`, { inputCols: ACTIVITY_COLS, starters: starterActivities("priority", lang), minRows: 3 });
  }

  // Young teachers.
  b.blank();
  b.title("young", t(lang, "plan.young", { k: ++k }), { bold: true, fontSize: 11 });
  const young = teachers.filter((p) => p.experienceYears !== undefined && p.experienceYears < 3);
  b.text(young.length > 0 ? t(lang, "plan.young.list") : t(lang, "plan.young.none"), { italic: true });
  for (const p of young) b.text(`• ${t(lang, "plan.young.item", { name: p.name, subjects: p.subjects.join(", "), years: p.experienceYears ?? 0 })}`);
  b.header(activityHeader);
  b.list("young", { inputCols: ACTIVITY_COLS, starters: starterActivities("young", lang), minRows: 3 });

  // Mentoring pairs.
  b.blank();
  b.title("mentoring", t(lang, "plan.mentoring", { k: ++k }), { bold: true, fontSize: 11 });
  b.header([t(lang, "plan.mentor.col.mentor"), t(lang, "plan.mentor.col.mentee"), t(lang, "plan.mentor.col.competency"), t(lang, "plan.mentor.col.department")]);
  const fwLabel = (fw: FrameworkId) => t(lang, `framework.${fw}.short` as MessageKey);
  const name = (id: string) => byId.get(id)?.name ?? id;
  // One row per mentor and mentee, with every competency they work on together.
  const together = new Map<string, { mentorId: string; menteeId: string; framework: FrameworkId; competencies: string[]; same: boolean }>();
  for (const pair of mentoring.pairs) {
    const key = `${pair.mentorId}|${pair.menteeId}|${pair.framework}`;
    const row = together.get(key) ?? { mentorId: pair.mentorId, menteeId: pair.menteeId, framework: pair.framework, competencies: [], same: pair.sameDepartment };
    row.competencies.push(pair.competency);
    together.set(key, row);
  }
  const pairRows = [...together.values()].sort((a, b) => name(a.mentorId).localeCompare(name(b.mentorId), "ky"));
  for (const p of pairRows) {
    b.text([name(p.mentorId), name(p.menteeId), `${p.competencies.join(", ")} (${fwLabel(p.framework)})`, t(lang, p.same ? "yes" : "no")]);
  }
  if (pairRows.length === 0) b.text(t(lang, "plan.mentor.none"));
  if (mentoring.unmatched.length > 0) {
    // Mentees without a mentor, by competency: who could be trained or invited as a mentor from outside.
    b.text(t(lang, "plan.mentor.unmatched"), { italic: true });
    const byCompetency = new Map<string, string[]>();
    for (const u of mentoring.unmatched) {
      const key = `${u.competency} (${fwLabel(u.framework)})`;
      byCompetency.set(key, [...(byCompetency.get(key) ?? []), name(u.menteeId)]);
    }
    for (const [competency, names] of byCompetency) b.textLines(`• ${competency}: ${names.join(", ")}`);
  }
  b.header(activityHeader);
  b.list("mentoring", { inputCols: ACTIVITY_COLS, starters: starterActivities("mentoring", lang), minRows: 3 });

  // The course schedule.
  b.blank();
  b.title("schedule", t(lang, "plan.schedule", { k: ++k }), { bold: true, fontSize: 11 });
  const years = Array.from({ length: SCHEDULE_YEARS }, (_, i) => schoolYearLabel(planYear + i));
  b.header([t(lang, "plan.schedule.col.name"), t(lang, "plan.schedule.col.subject"), t(lang, "plan.schedule.col.last"), ...years]);
  const first = b.rowCount + 1;
  schedule.forEach((entry, i) => {
    const p = byId.get(entry.id);
    const marks = years.map((_, slot) => (slot === entry.slot ? "✓" : null));
    b.text([`${i + 1}. ${p?.name ?? entry.id}`, p?.subjects[0] ?? "", entry.lastYear ?? "—", ...marks]);
    if (entry.overdue) b.styles.push({ range: rect(b.rowCount, 4), style: { fontColor: "#c5221f", bold: true } });
  });
  if (schedule.length > 0) b.styles.push({ range: rect(first, 4, schedule.length, 1 + SCHEDULE_YEARS), style: { hAlign: "center" } });
  const perYear = years.map((_, slot) => schedule.filter((e) => e.slot === slot).length);
  b.text([t(lang, "plan.schedule.total"), null, null, ...perYear.map((n) => `${n} (${teachers.length ? Math.round((100 * n) / teachers.length) : 0}%)`)], { bold: true, hAlign: "center" });

  b.keptSection(t(lang, "plan.kept"), (region) => region);
  return b.render(TAB_YEAR_PLAN, {
    columnWidths: [KEY_COLUMN_WIDTH, ...WIDTHS],
    print: { landscape: true, fitToWidth: true },
  });
}
