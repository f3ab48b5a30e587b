/** The "Текшерүү" tab: every problem with a link to its cell, then differences and missing ratings. */
import { t, type Lang, type MessageKey } from "../../core/messages/index";
import type { Person } from "../../core/people";
import { problemMessage, type CheckResult, type MissingRating } from "../../core/problems";
import type { CellInput, CellStyle, Rect, TabRender } from "../port";
import { agreementTabName, TAB_CHECK } from "../schema";
import { COLOURS, finish, rect } from "./common";

const WIDTH = 7;

export function renderCheckReport(result: CheckResult, lang: Lang, people: Map<string, Person>, now: Date): TabRender {
  const cells: CellInput[][] = [];
  const styles: { range: Rect; style: CellStyle }[] = [];
  const push = (row: CellInput[]) => cells.push([...row, ...new Array(Math.max(0, WIDTH - row.length)).fill(null)]);
  const heading = (text: string) => {
    push([text]);
    styles.push({ range: rect(cells.length, 1, 1, WIDTH), style: { bold: true, fontSize: 11, background: COLOURS.header } });
  };
  const header = (labels: string[]) => {
    push(labels);
    styles.push({ range: rect(cells.length, 1, 1, WIDTH), style: { bold: true } });
  };
  const name = (id: string) => (people.get(id)?.name ? `${people.get(id)!.name} (${id})` : id);
  const fw = (f: string) => (f ? t(lang, `framework.${f}.short` as MessageKey) : "");

  push([t(lang, "tab.check.title")]);
  styles.push({ range: rect(1, 1), style: { bold: true, fontSize: 12, fontColor: COLOURS.title } });
  push([t(lang, "tab.check.when", { date: now.toISOString().slice(0, 16).replace("T", " ") })]);
  push([
    t(lang, "check.summary", {
      problems: result.problems.length,
      disagreements: result.disagreements.length,
      missing: result.missing.length,
    }),
  ]);
  push([]);

  heading(`${t(lang, "check.heading.problems")} (${result.problems.length})`);
  if (result.problems.length === 0) push([t(lang, "tab.check.none")]);
  else {
    header([t(lang, "col.tab"), t(lang, "col.cell"), t(lang, "col.person"), t(lang, "col.framework"), t(lang, "col.competency"), t(lang, "col.value"), t(lang, "col.message")]);
    for (const p of result.problems) {
      const link: CellInput = p.cell ? { text: p.cell, link: { tab: p.tab, cell: p.cell } } : "";
      push([p.tab, link, p.personId ? name(p.personId) : "", fw(p.framework), p.competency, p.value, problemMessage(p, lang)]);
    }
  }
  push([]);

  if (result.warnings.length > 0) {
    heading(`${t(lang, "check.heading.warnings")} (${result.warnings.length})`);
    header([t(lang, "col.tab"), t(lang, "col.cell"), t(lang, "col.person"), t(lang, "col.framework"), t(lang, "col.competency"), t(lang, "col.value"), t(lang, "col.message")]);
    for (const p of result.warnings) {
      const link: CellInput = p.cell ? { text: p.cell, link: { tab: p.tab, cell: p.cell } } : "";
      push([p.tab, link, p.personId ? name(p.personId) : "", fw(p.framework), p.competency, p.value, problemMessage(p, lang)]);
    }
    push([]);
  }

  heading(`${t(lang, "check.heading.disagreements")} (${result.disagreements.length})`);
  header([t(lang, "col.person"), t(lang, "col.framework"), t(lang, "col.competency"), t(lang, "col.selfLevel"), t(lang, "col.supervisorLevel"), t(lang, "col.agreed"), t(lang, "col.tab")]);
  for (const d of result.disagreements) {
    push([name(d.personId), fw(d.framework), d.competency, d.self, d.supervisor, d.agreed ?? "", agreementTabName(d.framework)]);
  }
  push([]);

  // Missing ratings, one line per person, framework and rater, so a fresh cycle is not thousands of rows.
  const groups = new Map<string, MissingRating[]>();
  for (const m of result.missing) {
    const key = `${m.personId}|${m.framework}|${m.rater}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  heading(`${t(lang, "check.heading.missing")} (${result.missing.length})`);
  header([t(lang, "col.person"), t(lang, "col.framework"), t(lang, "col.rater"), t(lang, "col.competency")]);
  for (const list of groups.values()) {
    const m = list[0];
    push([name(m.personId), fw(m.framework), t(lang, `rater.${m.rater}` as MessageKey), list.map((x) => x.competency).join(", ")]);
  }

  return finish({
    name: TAB_CHECK,
    cells,
    styles: [...styles, { range: rect(1, 7, cells.length, 1), style: { wrap: true } }],
    frozenRows: 3,
    columnWidths: [200, 70, 220, 110, 110, 120, 520],
  });
}
