/** A self-assessment (2.x) or supervisor (3.x) tab: one row per person, one column per competency. */
import { competencyNumbers, FRAMEWORKS, type FrameworkId } from "../../core/frameworks/index";
import { t, type Lang } from "../../core/messages/index";
import type { CellInput, CellStyle, Rect, TabRender } from "../port";
import { hasInput, type InputModel, type Row } from "../model";
import { idText } from "../records";
import { cellText } from "../table";
import { explanationKey, levelKey, needKey, RATING_HEADER_ROW, ratingColumns, ratingTabName, type RatingRater } from "../schema";
import type { Roster } from "./roster";
import { carry, COLOURS, finish, generatedColumnStyles, gridWithHeader, headerStyle, layout, rect, titleStyle } from "./common";

/** Rows below the data where validations still apply, for a row someone adds by hand. */
const SPARE = 10;

export function competencyNote(fw: FrameworkId, n: string, rater: RatingRater, lang: Lang): string {
  const c = FRAMEWORKS[fw].domains.flatMap((d) => d.competencies).find((x) => x.n === n)!;
  const text = rater === "self" ? (lang === "ru" ? c.textRu : c.text) : lang === "ru" ? c.supervisorTextRu : c.supervisorText;
  const translated = lang === "ru" ? ` ${t(lang, "translation.mark")}` : "";
  const hint = rater === "self" && c.hint ? `\n\n${lang === "ru" && c.hintRu ? c.hintRu : c.hint}` : "";
  return `${n}. ${text}${translated}${hint}`;
}

export function renderRatingTab(model: InputModel, fw: FrameworkId, rater: RatingRater, lang: Lang, roster: Roster): TabRender {
  const framework = FRAMEWORKS[fw];
  const specs = ratingColumns(fw, rater);
  const stored = model.rating[fw][rater];
  const cols = layout(specs, stored.extras, lang);
  const width = cols.keys.length;
  const title = t(lang, rater === "self" ? "tab.rating.self.title" : "tab.rating.supervisor.title", {
    tool: framework.tools[rater],
    title: lang === "ru" ? framework.title.ru : framework.title.ky,
  });
  const cells = gridWithHeader(width, RATING_HEADER_ROW, cols.headers, title);
  const numbers = competencyNumbers(fw);
  const inputKeys = specs.filter((s) => s.input).map((s) => s.key);

  const rowFor = (id: string, name: string, supervisor: string, row: Row | undefined): CellInput[] =>
    cols.keys.map((key) => {
      if (key === "id") return id;
      if (key === "name") return name;
      if (key === "supervisor") return supervisor;
      return carry(row?.[key]);
    });

  const used = new Set<string>();
  for (const person of roster.inFramework(fw)) {
    used.add(person.id);
    cells.push(rowFor(person.id, person.name, roster.supervisorName(person, lang), stored.rows.get(person.id)));
  }
  const firstData = RATING_HEADER_ROW + 1;
  const rosterRows = cells.length - RATING_HEADER_ROW;

  // People who left the roster or this framework: their input stays, marked for the завуч to look at.
  const kept: Row[] = [...[...stored.rows].filter(([id]) => !used.has(id)).map(([, row]) => row), ...stored.orphans];
  const notes: TabRender["notes"] = [];
  for (const row of kept) {
    if (!hasInput(row, inputKeys)) continue;
    cells.push(rowFor(idText(row["id"]), cellText(row["name"]), cellText(row["supervisor"]), row));
    notes.push({ row: cells.length, col: 1, text: t(lang, "tab.rating.notInFramework") });
  }
  const dataRows = cells.length - RATING_HEADER_ROW;

  // Row 2: the domains over their competency columns, then the explanation band.
  const merges: Rect[] = [];
  const styles: { range: Rect; style: CellStyle }[] = [titleStyle(), headerStyle(RATING_HEADER_ROW, width)];
  let domainIndex = 0;
  for (const domain of framework.domains) {
    const first = cols.colOf(levelKey(domain.competencies[0].n));
    const span = domain.competencies.length;
    cells[1][first - 1] = lang === "ru" ? domain.nameRu : domain.name;
    if (span > 1) merges.push(rect(2, first, 1, span));
    const colour = COLOURS.domains[domainIndex++ % COLOURS.domains.length];
    styles.push({ range: rect(2, first, 2, span), style: { background: colour, bold: true, wrap: true, hAlign: "center", vAlign: "middle", fontSize: 9 } });
    styles.push({ range: rect(firstData, first, Math.max(dataRows, 1), span), style: { hAlign: "center" } });
  }
  const firstExplanation = cols.colOf(explanationKey(numbers[0]));
  cells[1][firstExplanation - 1] = t(lang, "tab.rating.explanations");
  merges.push(rect(2, firstExplanation, 1, numbers.length));
  styles.push({ range: rect(2, firstExplanation, 1, numbers.length), style: { bold: true, background: COLOURS.header } });
  const extraKeys = specs.filter((s) => s.input && !s.key.startsWith("L:") && !s.key.startsWith("E:")).map((s) => s.key);
  if (extraKeys.length > 1) {
    const first = cols.colOf(extraKeys[0]);
    cells[1][first - 1] = t(lang, "tab.rating.extras");
    merges.push(rect(2, first, 1, extraKeys.length));
    styles.push({ range: rect(2, first, 1, extraKeys.length), style: { bold: true, background: COLOURS.header } });
  }
  styles.push(...generatedColumnStyles(specs, firstData, rosterRows));
  if (dataRows > rosterRows) {
    styles.push({ range: rect(firstData + rosterRows, 1, dataRows - rosterRows, width), style: { background: COLOURS.orphan } });
  }
  styles.push({ range: rect(firstData, 1, dataRows + SPARE, 1), style: { numberFormat: "@" } });
  styles.push({ range: rect(firstData, firstExplanation, Math.max(dataRows, 1), width - firstExplanation + 1), style: { wrap: true, vAlign: "top" } });

  for (const n of numbers) notes.push({ row: RATING_HEADER_ROW, col: cols.colOf(levelKey(n)), text: competencyNote(fw, n, rater, lang) });
  const open = framework.openDomain;
  if (rater === "self" && open) {
    const openText = `${lang === "ru" ? open.nameRu : open.name}${open.note ? `\n\n${lang === "ru" ? open.noteRu ?? open.note : open.note}` : ""}`;
    notes.push({ row: RATING_HEADER_ROW, col: cols.colOf(needKey(1)), text: openText });
  }
  const validations: TabRender["validations"] = [
    {
      range: rect(firstData, cols.colOf(levelKey(numbers[0])), dataRows + SPARE, numbers.length),
      rule: { kind: "list", values: ["1", "2", "3"] },
      allowInvalid: false,
      helpText: t(lang, "level.help"),
    },
  ];
  for (const q of framework.questions ?? []) {
    if (rater !== "self") break;
    const key = q.id === "career" ? "career" : q.id === "roles" ? "roles" : "";
    if (!key || !cols.keys.includes(key)) continue;
    const options = q.options.map((o) => (lang === "ru" ? o.ru : o.ky));
    notes.push({ row: RATING_HEADER_ROW, col: cols.colOf(key), text: `${lang === "ru" ? q.textRu : q.text}\n\n• ${options.join("\n• ")}` });
    validations.push({
      range: rect(firstData, cols.colOf(key), dataRows + SPARE, 1),
      rule: { kind: "list", values: options },
      allowInvalid: true,
      helpText: lang === "ru" ? q.textRu : q.text,
    });
  }

  return finish({
    name: ratingTabName(fw, rater),
    cells,
    notes,
    styles,
    validations,
    merges,
    frozenRows: RATING_HEADER_ROW,
    frozenCols: cols.colOf("name") + (rater === "supervisor" ? 1 : 0),
    columnWidths: cols.widths,
    rowHeights: [{ row: 2, height: 64 }, { row: RATING_HEADER_ROW, height: 40 }],
  });
}
