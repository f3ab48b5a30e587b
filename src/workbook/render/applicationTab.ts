/**
 * Tab "4.3 Өтүнмө", laid out like appendix 13: the school's header, the 22 teacher competencies
 * grouped by domain in the form's wording, the number of teachers who need each one and the same
 * by main subject, the "Башка" rows, the total, the leaders' and directors' lines, the signature.
 * It holds counts only: no person's name and no individual rating.
 */
import type { Application } from "../../core/application";
import { FRAMEWORKS } from "../../core/frameworks/index";
import { t, type Lang } from "../../core/messages/index";
import type { SchoolSettings } from "../../core/school";
import type { CellInput, CellStyle, Rect, RowHeight, TabRender } from "../port";
import { TAB_APPLICATION } from "../schema";
import { COLOURS, rect, wrappedHeight } from "./common";
import { generatedNote, type GeneratedHeader } from "./summaryTab";

/** Rows 1..HEADER_ROWS repeat on every printed page. */
export const APPLICATION_HEADER_ROWS = 8;
const FIRST_SUBJECT = 4;
const DOMAIN_WIDTH = 150;
const PROGRAMME_WIDTH = 420;
const OTHER_ROWS_AT_LEAST = 3;

export function renderApplicationTab(
  app: Application,
  school: SchoolSettings,
  lang: Lang,
  header: GeneratedHeader,
  name = TAB_APPLICATION,
): TabRender {
  const width = FIRST_SUBJECT - 1 + app.subjects.length;
  const cells: CellInput[][] = [];
  const styles: { range: Rect; style: CellStyle }[] = [];
  const merges: Rect[] = [];
  const push = (row: CellInput[]) => cells.push([...row, ...new Array(Math.max(0, width - row.length)).fill(null)]);
  const zeroHidden = "0;-0;;@";
  const half = FIRST_SUBJECT + Math.floor(app.subjects.length / 2) - 1;
  const field = (label: string, value: CellInput, label2: string, value2: CellInput) => {
    const row: CellInput[] = new Array(width).fill(null);
    row[0] = label;
    row[1] = value;
    // The second label spans four subject columns so that "Мектептеги мугалимдердин жалпы саны:" fits.
    row[half - 1] = label2;
    row[half + 3] = value2;
    cells.push(row);
    const r = cells.length;
    merges.push(rect(r, 2, 1, half - 2), rect(r, half, 1, 4), rect(r, half + 4, 1, width - half - 3));
    styles.push(
      { range: rect(r, 1), style: { bold: true } },
      { range: rect(r, half, 1, 4), style: { bold: true } },
      { range: rect(r, 2, 1, width - 1), style: { hAlign: "left" } },
    );
  };

  push([t(lang, "application.title", { year: school.year || "20__-20__" })]);
  merges.push(rect(1, 1, 1, width));
  styles.push({ range: rect(1, 1, 1, width), style: { bold: true, fontSize: 12, wrap: true, hAlign: "center", vAlign: "middle" } });
  const note = generatedNote(lang, header);
  push([note.text]);
  merges.push(rect(2, 1, 1, width));
  styles.push({ range: rect(2, 1, 1, width), style: note.style });
  field(t(lang, "application.school"), [school.name, school.address].filter(Boolean).join(", "), t(lang, "application.contact"), school.contact);
  field(t(lang, "application.code"), school.code, t(lang, "application.phone"), [school.phone, school.email].filter(Boolean).join(", "));
  field(t(lang, "application.date"), header.now.toISOString().slice(0, 10), t(lang, "application.teachers"), app.teachers);
  push([]);
  push([t(lang, "application.domain"), t(lang, "application.programme"), t(lang, "application.count"), t(lang, "application.subject")]);
  push([null, null, null, ...app.subjects]);
  merges.push(rect(7, 1, 2, 1), rect(7, 2, 2, 1), rect(7, 3, 2, 1), rect(7, FIRST_SUBJECT, 1, app.subjects.length));
  styles.push({
    range: rect(7, 1, 2, width),
    style: { bold: true, background: COLOURS.header, wrap: true, hAlign: "center", vAlign: "middle" },
  });

  const rowOf = new Map(app.rows.map((r) => [r.competency, r]));
  const heights: RowHeight[] = [{ row: 1, height: 40 }, { row: 8, height: 44 }];
  for (const domain of FRAMEWORKS.teacher.domains) {
    const start = cells.length + 1;
    domain.competencies.forEach((c, i) => {
      const row = rowOf.get(c.n)!;
      const text = lang === "ru" ? `${c.n}. ${c.textRu} ${t(lang, "translation.mark")}` : `${c.n}. ${c.applicationText ?? c.text}`;
      push([i === 0 ? (lang === "ru" ? domain.nameRu : domain.applicationName ?? domain.name) : null, text, row.total, ...app.subjects.map((s) => row.bySubject[s] ?? 0)]);
      heights.push({ row: cells.length, height: wrappedHeight(text, PROGRAMME_WIDTH) });
    });
    merges.push(rect(start, 1, domain.competencies.length, 1));
  }
  const otherStart = cells.length + 1;
  const others = [...app.other];
  let number = 23;
  const otherTexts: string[] = [];
  for (let i = 0; i < Math.max(OTHER_ROWS_AT_LEAST, others.length); i++) {
    const o = others[i];
    const text = o ? `${number++}. ${o.text}` : `${number++}.`;
    otherTexts.push(text);
    push([i === 0 ? t(lang, "application.other") : null, text, o ? o.total : null, ...app.subjects.map((s) => (o ? o.bySubject[s] ?? 0 : null))]);
  }
  // One height for all "Башка" rows, so however many needs were written the host sets it in one go.
  const otherHeight = Math.max(...otherTexts.map((text) => wrappedHeight(text, PROGRAMME_WIDTH)));
  heights.push({ row: otherStart, rows: otherTexts.length, height: otherHeight });
  merges.push(rect(otherStart, 1, cells.length - otherStart + 1, 1));
  push([null, t(lang, "application.total"), app.totals.total, ...app.subjects.map((s) => app.totals.bySubject[s] ?? 0)]);
  const totalRow = cells.length;
  const body = rect(APPLICATION_HEADER_ROWS + 1, 1, totalRow - APPLICATION_HEADER_ROWS, width);
  styles.push(
    { range: rect(body.row, 1, body.rows, 1), style: { bold: true, wrap: true, vAlign: "top", background: COLOURS.band } },
    { range: rect(body.row, 2, body.rows, 1), style: { wrap: true, vAlign: "top" } },
    { range: rect(body.row, 3, body.rows, width - 2), style: { hAlign: "center", vAlign: "top", numberFormat: zeroHidden } },
    { range: rect(body.row, 3, body.rows, 1), style: { bold: true } },
    { range: rect(totalRow, 1, 1, width), style: { bold: true, background: COLOURS.header } },
  );

  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([n, count]) => `${n} (${count})`)
      .join(", ") || "—";
  push([]);
  const footer = cells.length + 1;
  push([t(lang, "application.leaders", { list: list(app.leader) })]);
  push([t(lang, "application.directors", { list: list(app.director) })]);
  push([]);
  push([t(lang, "application.signDirector")]);
  styles.push({ range: rect(cells.length, 1), style: { bold: true } });
  push([t(lang, "application.signLine")]);
  push([t(lang, "application.signName")]);
  push([t(lang, "application.seal")]);
  const mergeAcross = [rect(footer, 1, cells.length - footer + 1, width)];

  return {
    name,
    cells,
    styles,
    merges,
    mergeAcross,
    frozenRows: APPLICATION_HEADER_ROWS,
    columnWidths: [DOMAIN_WIDTH, PROGRAMME_WIDTH, 90, ...app.subjects.map(() => 62)],
    rowHeights: heights,
    print: { landscape: true, fitToWidth: true, repeatRows: APPLICATION_HEADER_ROWS },
  };
}
