/**
 * The fakes' formula engine: formulas parsed as Google Sheets parses them in the spreadsheet's
 * locale, and computed so a test reads what a cell shows.
 */
import { describe, expect, it } from "vitest";
import { FormulaWorkbook, parseFormula, serialOf, type SheetCells, type SheetsLocale } from "./formulaEngine";

const LOCALES: SheetsLocale[] = ["ru_RU", "en_US"];

/** A product formula (written with ",") in ";" form: none of these has a "," inside a string or a sheet name. */
const semi = (formula: string) => formula.replace(/,/g, ";");

type Cell = { row: number; col: number; value: unknown; formula: string };
/** Cells from a sparse grid: rows of values, a string starting with "=" being a formula. */
function sheet(name: string, rows: Record<number, unknown[]>): SheetCells {
  const cells: Cell[] = [];
  for (const [r, values] of Object.entries(rows)) {
    values.forEach((v, i) => {
      if (v === undefined) return;
      const formula = typeof v === "string" && v.startsWith("=") ? v : "";
      cells.push({ row: Number(r), col: i + 1, value: formula ? "" : v, formula });
    });
  }
  return { name, cells };
}

describe("parseFormula: the spreadsheet's locale", () => {
  it("ru_RU refuses ',' between arguments and takes ';'", () => {
    const refused = parseFormula("=IF(A1=1,2,3)", "ru_RU");
    expect(refused.ok).toBe(false);
    expect(refused).toMatchObject({ shows: "#ERROR!" });
    if (!refused.ok) expect(refused.error).toContain('separates arguments with ";"');
    expect(parseFormula("=IF(A1=1;2;3)", "ru_RU")).toEqual({ ok: true, stored: "=IF(A1=1;2;3)" });
    expect(parseFormula('=MATCH($A6,\'3.1 Мугалим — супервайзер\'!$A:$A,0)', "ru_RU").ok).toBe(false);
  });

  it("ru_RU reads ',' as the decimal separator", () => {
    expect(parseFormula("=1,5*2", "ru_RU")).toEqual({ ok: true, stored: "=1,5*2" });
    expect(parseFormula("=IF(A1=1;2,5;3)", "ru_RU")).toEqual({ ok: true, stored: "=IF(A1=1;2,5;3)" });
    const book = FormulaWorkbook.build("ru_RU", [sheet("S", { 1: ["=1,5*2", "=IF(A1=3;2,5;0)", "=IF(A1=3,2,5)"] })]);
    expect(book.valueAt("S", 1, 1)).toBe(3);
    expect(book.valueAt("S", 1, 2)).toBe(2.5);
    expect(book.valueAt("S", 1, 3)).toBe("#ERROR!");
  });

  it("en_US takes ',' and ';' alike and stores ','", () => {
    expect(parseFormula("=IF(A1=1,2,3)", "en_US")).toEqual({ ok: true, stored: "=IF(A1=1,2,3)" });
    expect(parseFormula("=IF(A1=1;2;3)", "en_US")).toEqual({ ok: true, stored: "=IF(A1=1,2,3)" });
    expect(parseFormula("=IF(A1=1;2,3)", "en_US")).toEqual({ ok: true, stored: "=IF(A1=1,2,3)" });
    expect(parseFormula("=1.5*2", "en_US")).toEqual({ ok: true, stored: "=1.5*2" });
    expect(parseFormula("=1,5*2", "en_US").ok).toBe(false);
    const book = FormulaWorkbook.build("en_US", [sheet("S", { 1: [1, "=IF(A1=1;2;3)", "=1.5*2"] })]);
    expect(book.valueAt("S", 1, 2)).toBe(2);
    expect(book.valueAt("S", 1, 3)).toBe(3);
  });

  it("leaves ';' and ',' inside a string alone", () => {
    expect(parseFormula('=IF(A1="a;b,c";"x;y";",")', "en_US")).toEqual({ ok: true, stored: '=IF(A1="a;b,c","x;y",",")' });
    expect(parseFormula('=IF(A1="a;b,c";"x;y";",")', "ru_RU")).toEqual({ ok: true, stored: '=IF(A1="a;b,c";"x;y";",")' });
    expect(parseFormula('="say ""a;b"""&";"', "en_US")).toEqual({ ok: true, stored: '="say ""a;b"""&";"' });
    const book = FormulaWorkbook.build("en_US", [sheet("S", { 1: ['=CONCATENATE("a;b";",";"""")'] })]);
    expect(book.valueAt("S", 1, 1)).toBe('a;b,"');
    const ru = FormulaWorkbook.build("ru_RU", [sheet("S", { 1: ['="say ""a;b"""&";"', '=LEN("""")', '=IF(1;"""x""";"")', '={"a""b"\\1}'] })]);
    expect([1, 2, 3, 4, 5].map((c) => ru.valueAt("S", 1, c))).toEqual(['say "a;b";', 1, '"x"', 'a"b', 1]);
  });

  it("reads quoted sheet names, with '' for a quote, Cyrillic, dots, digits and an em dash", () => {
    expect(parseFormula("=SUM('It''s; here'!A1;'2.1 Мугалим — өзүн баалоо'!$B$2)", "en_US")).toEqual({
      ok: true,
      stored: "=SUM('It''s; here'!A1,'2.1 Мугалим — өзүн баалоо'!$B$2)",
    });
    for (const locale of LOCALES) {
      const book = FormulaWorkbook.build(locale, [
        sheet("It's; here", { 1: [4] }),
        sheet("2.1 Мугалим — өзүн баалоо", { 2: [undefined, 6] }),
        sheet("S", { 1: ["=SUM('It''s; here'!A1;'2.1 Мугалим — өзүн баалоо'!$B$2)", "='it''s; here'!A1*2"] }),
      ]);
      expect(book.valueAt("S", 1, 1)).toBe(10);
      expect(book.valueAt("S", 1, 2)).toBe(8);
    }
  });

  it("does not parse an unknown function, unbalanced parentheses or an open string", () => {
    for (const locale of LOCALES) {
      expect(parseFormula("=FOO(1)", locale)).toMatchObject({ ok: false, shows: "#NAME?", error: "Unknown function: 'FOO'." });
      expect(parseFormula("=SUM(1", locale)).toMatchObject({ ok: false, shows: "#ERROR!" });
      expect(parseFormula("=SUM(1))", locale)).toMatchObject({ ok: false, shows: "#ERROR!" });
      expect(parseFormula('="abc', locale)).toMatchObject({ ok: false, shows: "#ERROR!" });
      expect(parseFormula("='Sheet!A1", locale)).toMatchObject({ ok: false, shows: "#ERROR!" });
      expect(parseFormula("SUM(1)", locale).ok).toBe(false);
      const book = FormulaWorkbook.build(locale, [sheet("S", { 1: ["=FOO(1)", "=SUM(1", "=A1"] })]);
      expect([book.valueAt("S", 1, 1), book.valueAt("S", 1, 2), book.valueAt("S", 1, 3)]).toEqual(["#NAME?", "#ERROR!", "#NAME?"]);
    }
  });

  it("refuses a Sheets function the engine cannot compute as Sheets does", () => {
    expect(() => parseFormula('=REGEXMATCH(A1;"x")', "en_US")).toThrow(/REGEXMATCH/);
    expect(() => parseFormula('=INDIRECT("A1")', "ru_RU")).toThrow(/INDIRECT/);
  });

  it("stores function names, references and TRUE/FALSE in capitals, as Sheets shows them", () => {
    expect(parseFormula("=if(and(isnumber($h6);h6<>0);true;false)", "en_US")).toEqual({ ok: true, stored: "=IF(AND(ISNUMBER($H6),H6<>0),TRUE,FALSE)" });
    expect(parseFormula("=log10(a1:b2)", "ru_RU")).toEqual({ ok: true, stored: "=LOG10(A1:B2)" });
    const book = FormulaWorkbook.build("ru_RU", [sheet("S", { 1: ["=TRUE", "=NOT(A1)", "=true"] })]);
    expect([book.valueAt("S", 1, 1), book.valueAt("S", 1, 2), book.valueAt("S", 1, 3)]).toEqual([true, false, true]);
  });

  it("writes array literals in the locale's form", () => {
    expect(parseFormula("=SUM({1,2;3,4})", "en_US")).toEqual({ ok: true, stored: "=SUM({1,2;3,4})" });
    expect(parseFormula("=SUM({1\\2;3\\4})", "ru_RU")).toEqual({ ok: true, stored: "=SUM({1\\2;3\\4})" });
    expect(FormulaWorkbook.build("en_US", [sheet("S", { 1: ["=SUM({1,2;3,4})"] })]).valueAt("S", 1, 1)).toBe(10);
    const ru = FormulaWorkbook.build("ru_RU", [sheet("S", { 1: ["=SUM({1\\2;3\\4})", "=ROWS({1\\2;3\\4})", "=COLUMNS({1\\2;3\\4})", "=SUM({1,5\\2})"] })]);
    expect([1, 2, 3, 4].map((c) => ru.valueAt("S", 1, c))).toEqual([10, 2, 2, 3.5]);
  });
});

describe("FormulaWorkbook: the product's formulas", () => {
  const SELF = "2.1 Мугалим — өзүн баалоо";
  const SUP = "3.1 Мугалим — супервайзер";
  const AGREE = "Макулдашуу — мугалим";
  const selfArea = `'${SELF}'!$A:$Z`;
  const supArea = `'${SUP}'!$A:$Z`;
  const fetch = (area: string, row: string, col: string) => `=IFERROR(IF(INDEX(${area},$${row},$${col})="","",INDEX(${area},$${row},$${col})),"")`;

  /**
   * Rating tabs with their header in row 4 (competency numbers as text "1.1" and, once, as the
   * number 2), and an agreement tab whose rows 6… fetch the two levels as the product writes them:
   * F self, G supervisor, H difference, I agreed, P/Q the raters' rows, R/S their columns.
   */
  function workbook(locale: SheetsLocale, separators: "," | ";"): FormulaWorkbook {
    const f = (formula: string) => (separators === ";" ? semi(formula) : formula);
    const row = (r: number, id: unknown, n: unknown, rows?: [unknown, unknown]) => [
      id,
      "Name",
      "Supervisor",
      n,
      "Competency",
      f(fetch(selfArea, `P${r}`, `R${r}`)),
      f(fetch(supArea, `Q${r}`, `S${r}`)),
      f(`=IF(AND(ISNUMBER(F${r}),ISNUMBER(G${r})),G${r}-F${r},"")`),
      f(`=IF(AND(ISNUMBER(F${r}),F${r}=G${r}),F${r},"")`),
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      rows ? rows[0] : f(`=MATCH($A${r},'${SELF}'!$A:$A,0)`),
      rows ? rows[1] : f(`=MATCH($A${r},'${SUP}'!$A:$A,0)`),
      f(`=MATCH($D${r},'${SELF}'!$4:$4,0)`),
      f(`=MATCH($D${r},'${SUP}'!$4:$4,0)`),
    ];
    return FormulaWorkbook.build(locale, [
      sheet(SELF, {
        1: ["Self-assessment"],
        4: ["ID", "Name", "1.1", "1.2", 2],
        5: ["T-001", "Айгүл", 2, 3, 1],
        6: ["T-002", "Бакыт", 1, "", ""],
      }),
      sheet(SUP, {
        4: ["ID", "Name", "1.1", "1.2", 2],
        5: ["T-002", "Бакыт", 3, 1],
        6: ["t-001", "Айгүл", 2, "", 3],
      }),
      sheet(AGREE, {
        5: ["ID", "Name", "Supervisor", "N", "Competency", "Self", "Supervisor", "Diff", "Agreed"],
        6: row(6, "T-001", "1.1"),
        7: row(7, "T-001", "1.2"),
        8: row(8, "T-002", "1.1"),
        9: row(9, "T-404", "1.1"),
        10: row(10, "T-001", 2),
        11: row(11, "T-002", "1.2"),
        12: row(12, "T-001", "1.1", [50, 60]),
        13: row(13, "T-001", 1.1),
        14: [
          f('=HYPERLINK("#gid=123&range=C5","C5")'),
          "",
          f(`=INDEX(${selfArea},6,4)`),
          f(`=MATCH("1.1",'${SELF}'!$4:$4,0)`),
          f(`=MATCH(${locale === "ru_RU" ? '1"1' : "1.1"},'${SELF}'!$4:$4,0)`).replace('1"1', "1,1"),
          f('=HYPERLINK("#gid=123&range=C5","Say ""C5""")'),
        ],
      }),
    ]);
  }

  const cases: { locale: SheetsLocale; separators: "," | ";" }[] = [
    { locale: "ru_RU", separators: ";" },
    { locale: "en_US", separators: ";" },
    { locale: "en_US", separators: "," },
  ];

  for (const { locale, separators } of cases) {
    describe(`${locale}, written with "${separators}"`, () => {
      const book = workbook(locale, separators);
      const at = (r: number, c: string) => book.valueAt(AGREE, r, c.charCodeAt(0) - 64);
      const levels = (r: number) => ["F", "G", "H", "I"].map((c) => at(r, c));

      it("finds each person's row and each competency's column (text ids, case aside)", () => {
        expect(["P", "Q", "R", "S"].map((c) => at(6, c))).toEqual([5, 6, 3, 3]);
        expect(["P", "Q", "R", "S"].map((c) => at(8, c))).toEqual([6, 5, 3, 3]);
        expect(at(9, "P")).toBe("#N/A");
        expect(at(10, "R")).toBe(5); // the number 2 against the header's number 2
        expect(at(13, "R")).toBe("#N/A"); // the number 1.1 is not the text "1.1", in Sheets' MATCH either
      });

      it("fetches the two levels, their difference and the agreed level", () => {
        expect(levels(6)).toEqual([2, 2, 0, 2]);
        expect(levels(7)).toEqual([3, "", "", ""]); // the supervisor's cell is empty
        expect(levels(8)).toEqual([1, 3, 2, ""]);
        expect(levels(9)).toEqual(["", "", "", ""]); // not on the rating tabs: MATCH's #N/A goes through IFERROR
        expect(levels(10)).toEqual([1, 3, 2, ""]);
        expect(levels(11)).toEqual(["", 1, "", ""]);
      });

      it("gives \"\" through IFERROR for an INDEX past the data", () => {
        expect(levels(12)).toEqual(["", "", "", ""]);
        expect(at(14, "C")).toBe(""); // an empty cell inside the data shows empty, not 0
      });

      it("shows a HYPERLINK's label", () => {
        expect(at(14, "A")).toBe("C5");
        expect(at(14, "F")).toBe('Say "C5"');
      });

      it("matches a text competency number against text headers", () => {
        expect(at(14, "D")).toBe(3);
        expect(at(14, "E")).toBe("#N/A");
      });

      it("applies conditional rules with relative and $-anchored references", () => {
        const anchor = { row: 6, col: 6 }; // F6, the top-left of the rule's range
        const rule = (formula: string) => (separators === ";" ? semi(formula) : formula);
        const needsAgreement = rule('AND(ISNUMBER($H6),$H6<>0,$I6="")');
        expect(book.ruleAppliesAt(AGREE, needsAgreement, anchor, 6, 9)).toBe(false); // diff 0
        expect(book.ruleAppliesAt(AGREE, needsAgreement, anchor, 8, 9)).toBe(true); // diff 2, not agreed
        expect(book.ruleAppliesAt(AGREE, `=${needsAgreement}`, anchor, 8, 6)).toBe(true); // $H: every column of the row
        expect(book.ruleAppliesAt(AGREE, needsAgreement, anchor, 9, 9)).toBe(false); // no difference
        const fixed = rule("AND(ISNUMBER($H$8),$H$8>=2)");
        expect(book.ruleAppliesAt(AGREE, fixed, anchor, 6, 6)).toBe(true);
        expect(book.ruleAppliesAt(AGREE, fixed, anchor, 11, 8)).toBe(true);
        const higher = rule("AND(ISNUMBER($H6),$H6>=2)");
        expect([6, 7, 8, 9, 10].map((r) => book.ruleAppliesAt(AGREE, higher, anchor, r, 7))).toEqual([false, false, true, false, true]);
        // Both parts relative: evaluated at G8, F6 becomes G8.
        expect(book.ruleAppliesAt(AGREE, "F6=3", anchor, 8, 7)).toBe(true);
        expect(book.ruleAppliesAt(AGREE, "F6=3", anchor, 8, 6)).toBe(false);
        // A reference moved above row 1 is #REF!: the rule does not apply.
        expect(book.ruleAppliesAt(AGREE, "F2=F2", { row: 10, col: 6 }, 6, 6)).toBe(false);
        expect(book.ruleAppliesAt(AGREE, "F2=F2", { row: 10, col: 6 }, 10, 6)).toBe(true);
      });
    });
  }

  it("refuses a rule with ',' separators in ru_RU", () => {
    const book = workbook("ru_RU", ";");
    expect(() => book.ruleAppliesAt(AGREE, "AND(ISNUMBER($H6),$H6>=2)", { row: 6, col: 6 }, 6, 6)).toThrow(/ru_RU/);
  });

  it("shows #ERROR! for each product formula written with ',' in ru_RU", () => {
    const book = workbook("ru_RU", ",");
    for (const c of ["F", "G", "H", "I", "P", "Q", "R", "S"]) expect(book.valueAt(AGREE, 6, c.charCodeAt(0) - 64)).toBe("#ERROR!");
  });
});

describe("FormulaWorkbook: values", () => {
  it("gives Dates as Sheets serial numbers of their local day", () => {
    const date = new Date(2026, 10, 23, 15, 30);
    expect(serialOf(date)).toBe(46349);
    expect(serialOf(new Date(1899, 11, 31))).toBe(1);
    const book = FormulaWorkbook.build("en_US", [sheet("S", { 1: [date, "=A1+1", "=DATE(2026,11,23)=A1", "=DATE(1900,1,1)"] })]);
    expect([1, 2, 3, 4].map((c) => book.valueAt("S", 1, c))).toEqual([46349, 46350, true, 2]);
  });

  it("keeps text that looks like a number or a boolean as text", () => {
    const book = FormulaWorkbook.build("ru_RU", [sheet("S", { 1: ["1.1", "TRUE", "'x", "=ISNUMBER(A1)", "=ISTEXT(B1)", "", "=F1", "=F1=0", '=F1=""'] })]);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((c) => book.valueAt("S", 1, c))).toEqual(["1.1", "TRUE", "'x", false, true, "", "", true, true]);
  });

  it("compares text without case, as Sheets does", () => {
    const book = FormulaWorkbook.build("en_US", [sheet("S", { 1: ["Abc", '=A1="aBC"', '=MATCH("ABC",A1:A1,0)', '="Ы"="ы"'] })]);
    expect([2, 3, 4].map((c) => book.valueAt("S", 1, c))).toEqual([true, 1, true]);
  });

  it("shows errors as Sheets' texts", () => {
    const book = FormulaWorkbook.build("en_US", [sheet("S", { 1: ["=1/0", "=Nowhere!A1", "=B1+1", '=VALUE("x")', "=NA()", "=G1", "=F1"] })]);
    expect([1, 2, 3, 4, 5, 6, 7].map((c) => book.valueAt("S", 1, c))).toEqual(["#DIV/0!", "#REF!", "#REF!", "#VALUE!", "#N/A", "#REF!", "#REF!"]);
  });

  it("computes a sheet read before the sheets that read it, then those too", () => {
    const book = FormulaWorkbook.build("ru_RU", [
      sheet("Data", { 1: [2, "=A1*10"] }),
      sheet("Sum", { 1: ["=Data!B1+1", "=SHEETS()"] }),
      sheet("Other", { 1: ["=1+1"] }),
    ]);
    expect(book.valueAt("Data", 1, 2)).toBe(20);
    expect(book.valueAt("Other", 1, 1)).toBe(2);
    expect(book.valueAt("Sum", 1, 1)).toBe(21);
    expect(book.valueAt("Sum", 1, 2)).toBe(3); // SHEETS() counts every sheet, so it is computed with all of them
    expect(book.valueAt("Data", 1, 2)).toBe(20);
    expect(() => book.valueAt("Missing", 1, 1)).toThrow(/No sheet/);
  });
});
