/**
 * The agreement view of one framework: per person and competency the self level, the supervisor's
 * level (both live formulas into the rating tabs), their difference coloured as people type, and
 * the agreed level, filled automatically where the two match and left for the discussion otherwise.
 */
import { competenciesOf, FRAMEWORKS, type FrameworkId } from "../../core/frameworks/index";
import { parseLevel } from "../../core/levels";
import { t, type Lang, type MessageKey } from "../../core/messages/index";
import { columnLetter, quoteTab } from "../a1";
import { autoAgreedFormula, isRecordedAgreement } from "../formulas";
import { agreementRowKey, hasInput, type InputModel, type Row } from "../model";
import type { CellInput, CellStyle, ConditionalFormat, Rect, Scalar, TabRender } from "../port";
import { idText } from "../records";
import { AGREEMENT_HEADER_ROW, agreementColumns, agreementTabName, levelKey, RATING_HEADER_ROW, ratingColumns, ratingTabName } from "../schema";
import { carry, COLOURS, finish, gridWithHeader, headerStyle, layout, rect, titleStyle } from "./common";
import type { Roster } from "./roster";

const HELPERS = ["selfRow", "supRow", "selfCol", "supCol"];

function levelOf(row: Row | undefined, n: string): Scalar {
  const cell = row?.[levelKey(n)];
  if (!cell) return "";
  const parsed = parseLevel(cell.value, cell.formula);
  return parsed.kind === "level" ? parsed.level : cell.formula ? "" : cell.value ?? "";
}

export const LEGEND: { key: MessageKey; colour: string; row: number; col: number }[] = [
  { key: "legend.supHigher1", colour: COLOURS.supHigher1, row: 2, col: 2 },
  { key: "legend.supHigher2", colour: COLOURS.supHigher2, row: 2, col: 3 },
  { key: "legend.supLower1", colour: COLOURS.supLower1, row: 3, col: 2 },
  { key: "legend.supLower2", colour: COLOURS.supLower2, row: 3, col: 3 },
  { key: "legend.needsAgreement", colour: COLOURS.needsAgreement, row: 2, col: 5 },
];

export function renderAgreementTab(model: InputModel, fw: FrameworkId, lang: Lang, roster: Roster): TabRender {
  const framework = FRAMEWORKS[fw];
  const specs = agreementColumns();
  const stored = model.agreement[fw];
  const cols = layout(specs, stored.extras, lang);
  const width = cols.keys.length;
  // Worked out once: this tab has a row per person and competency (44,000 at 2,000 staff).
  const letters = new Map(cols.keys.map((k) => [k, columnLetter(cols.colOf(k))]));
  const L = (key: string) => letters.get(key) ?? columnLetter(cols.colOf(key));
  const selfTab = quoteTab(ratingTabName(fw, "self"));
  const supTab = quoteTab(ratingTabName(fw, "supervisor"));
  // INDEX reads the rating tabs only as wide as they are written, so no host sees a reference past its grid.
  const lastCols = {
    self: columnLetter(ratingColumns(fw, "self").length + model.rating[fw].self.extras.length),
    supervisor: columnLetter(ratingColumns(fw, "supervisor").length + model.rating[fw].supervisor.extras.length),
  };
  const areas = { self: `${selfTab}!$A:$${lastCols.self}`, supervisor: `${supTab}!$A:$${lastCols.supervisor}` };
  const title = t(lang, "tab.agreement.title", {
    framework: t(lang, `framework.${fw}` as MessageKey),
    self: framework.tools.self,
    supervisor: framework.tools.supervisor,
  });
  const cells = gridWithHeader(width, AGREEMENT_HEADER_ROW, cols.headers, title);
  cells[1][0] = t(lang, "legend.title");
  for (const item of LEGEND) cells[item.row - 1][item.col - 1] = t(lang, item.key);

  const competencies = competenciesOf(fw);
  const statements = new Map(competencies.map((c) => [c.n, lang === "ru" ? `${c.textRu} ${t(lang, "translation.mark")}` : c.text]));
  const used = new Set<string>();
  const styles: { range: Rect; style: CellStyle }[] = [titleStyle(), headerStyle(AGREEMENT_HEADER_ROW, width)];
  for (const item of LEGEND) styles.push({ range: rect(item.row, item.col), style: { background: item.colour, wrap: true, fontSize: 9 } });
  styles.push({ range: rect(2, 1), style: { bold: true } });

  const firstData = AGREEMENT_HEADER_ROW + 1;
  let personIndex = 0;
  for (const person of roster.inFramework(fw)) {
    const selfRow = model.rating[fw].self.rows.get(person.id);
    const supRow = model.rating[fw].supervisor.rows.get(person.id);
    const blockStart = cells.length + 1;
    const supervisorName = roster.supervisorName(person, lang);
    for (const c of competencies) {
      const key = agreementRowKey(person.id, c.n);
      used.add(key);
      const stored_ = stored.rows.get(key);
      const r = cells.length + 1;
      const selfValue = levelOf(selfRow, c.n);
      const supValue = levelOf(supRow, c.n);
      const both = typeof selfValue === "number" && typeof supValue === "number";
      const at = (key: string) => `${L(key)}${r}`;
      const fetch = (rater: "self" | "supervisor", rowKey: string, colKey: string) => {
        const area = areas[rater];
        return `IFERROR(IF(INDEX(${area},${at(rowKey)},${at(colKey)})="","",INDEX(${area},${at(rowKey)},${at(colKey)})),"")`;
      };
      const agreedCell = stored_?.["agreed"];
      const recorded = isRecordedAgreement(agreedCell);
      const row: CellInput[] = cols.keys.map((k): CellInput => {
        switch (k) {
          case "id":
            return person.id;
          case "name":
            return person.name;
          case "supervisor":
            return supervisorName;
          case "n":
            return c.n;
          case "competency":
            return statements.get(c.n)!;
          case "self":
            return { formula: fetch("self", "selfRow", "selfCol"), result: selfValue };
          case "sup":
            return { formula: fetch("supervisor", "supRow", "supCol"), result: supValue };
          case "diff":
            return {
              formula: `IF(AND(ISNUMBER(${at("self")}),ISNUMBER(${at("sup")})),${at("sup")}-${at("self")},"")`,
              result: both ? (supValue as number) - (selfValue as number) : "",
            };
          case "agreed":
            return recorded
              ? carry(agreedCell)
              : {
                  formula: autoAgreedFormula(at("self"), at("sup")),
                  result: both && selfValue === supValue ? selfValue : "",
                };
          case "selfRow":
            return { formula: `MATCH($${L("id")}${r},${selfTab}!$A:$A,0)` };
          case "supRow":
            return { formula: `MATCH($${L("id")}${r},${supTab}!$A:$A,0)` };
          case "selfCol":
            return { formula: `MATCH($${L("n")}${r},${selfTab}!$${RATING_HEADER_ROW}:$${RATING_HEADER_ROW},0)` };
          case "supCol":
            return { formula: `MATCH($${L("n")}${r},${supTab}!$${RATING_HEADER_ROW}:$${RATING_HEADER_ROW},0)` };
          default:
            return carry(stored_?.[k]);
        }
      });
      cells.push(row);
    }
    if (personIndex++ % 2 === 1) {
      styles.push({ range: rect(blockStart, 1, competencies.length, cols.colOf("competency")), style: { background: COLOURS.band } });
    }
  }
  const rosterRows = cells.length - AGREEMENT_HEADER_ROW;

  // Rows of people or competencies no longer here keep what was recorded in them.
  const inputKeys = specs.filter((s) => s.input).map((s) => s.key);
  const kept = [...[...stored.rows].filter(([key]) => !used.has(key)).map(([, row]) => row), ...stored.orphans];
  const notes: TabRender["notes"] = [];
  for (const row of kept) {
    if (!hasInput(row, inputKeys)) continue;
    cells.push(
      cols.keys.map((k) =>
        HELPERS.includes(k) || ["self", "sup", "diff"].includes(k) ? null : k === "id" || k === "n" ? idText(row[k]) : carry(row[k]),
      ),
    );
    notes.push({ row: cells.length, col: 1, text: t(lang, "tab.rating.notInFramework") });
  }
  const dataRows = cells.length - AGREEMENT_HEADER_ROW;
  if (dataRows > rosterRows) {
    styles.push({ range: rect(firstData + rosterRows, 1, dataRows - rosterRows, width), style: { background: COLOURS.orphan } });
  }
  const body = (key: string, span = 1) => rect(firstData, cols.colOf(key), Math.max(dataRows, 1), span);
  styles.push(
    { range: body("n"), style: { hAlign: "center", numberFormat: "@" } },
    { range: body("id"), style: { numberFormat: "@" } },
    { range: body("self", 4), style: { hAlign: "center" } },
    { range: body("diff"), style: { numberFormat: "+0;-0;0" } },
    { range: body("priority"), style: { hAlign: "center" } },
    { range: body("discussion"), style: { wrap: true } },
    { range: body("competency"), style: { wrap: false } },
    { range: body("name", 2), style: { fontColor: COLOURS.generatedText } },
  );

  // Live colouring: the formulas are written for the first data row and apply relatively.
  const d = `$${L("diff")}${firstData}`;
  const diffBand = rect(firstData, cols.colOf("self"), Math.max(rosterRows, 1), 3);
  const conditionalFormats: ConditionalFormat[] = [
    { range: diffBand, formula: `AND(ISNUMBER(${d}),${d}>=2)`, style: { background: COLOURS.supHigher2, bold: true } },
    { range: diffBand, formula: `AND(ISNUMBER(${d}),${d}=1)`, style: { background: COLOURS.supHigher1 } },
    { range: diffBand, formula: `AND(ISNUMBER(${d}),${d}<=-2)`, style: { background: COLOURS.supLower2, bold: true } },
    { range: diffBand, formula: `AND(ISNUMBER(${d}),${d}=-1)`, style: { background: COLOURS.supLower1 } },
    {
      range: rect(firstData, cols.colOf("agreed"), Math.max(rosterRows, 1), 1),
      formula: `AND(ISNUMBER(${d}),${d}<>0,$${L("agreed")}${firstData}="")`,
      style: { background: COLOURS.needsAgreement },
    },
  ];

  return finish({
    name: agreementTabName(fw),
    cells,
    notes,
    styles,
    validations: [
      {
        range: body("agreed"),
        rule: { kind: "list", values: ["1", "2", "3"] },
        allowInvalid: false,
        helpText: t(lang, "level.help"),
      },
      {
        range: body("priority"),
        rule: { kind: "list", values: ["✓"] },
        allowInvalid: false,
        helpText: t(lang, "priority.help"),
      },
    ],
    conditionalFormats,
    frozenRows: AGREEMENT_HEADER_ROW,
    frozenCols: 2,
    columnWidths: cols.widths,
    hiddenColumns: HELPERS.map((k) => cols.colOf(k)),
    rowHeights: [
      { row: 2, height: 34 },
      { row: 3, height: 34 },
      { row: AGREEMENT_HEADER_ROW, height: 40 },
    ],
  });
}
