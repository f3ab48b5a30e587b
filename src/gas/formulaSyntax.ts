/**
 * Our formulas as Google Sheets reads them in every locale.
 *
 * The engine writes formulas as OOXML has them ("," between arguments), which .xlsx requires.
 * Google Sheets parses a formula in the spreadsheet's locale: where decimals are written with a
 * comma (ru_RU, which Kyrgyz schools' spreadsheets usually have), "," does not separate arguments
 * and the formula fails to parse (googleapis/google-api-nodejs-client#1994). ";" separates
 * arguments in every locale (Sheets turns it into "," where that is the locale's separator), so
 * everything sent to Sheets — cell formulas, conditional-format rules, links — uses ";".
 *
 * What ";" cannot fix is a number with a decimal point, or an array literal: their syntax is the
 * locale's own. Our formulas have neither, and this refuses them, so one never reaches a school.
 * A formula carried from the spreadsheet itself (someone's own, read back) is already in the
 * spreadsheet's syntax and is sent unchanged.
 */
import type { FormulaCell } from "../workbook/port";

/** A formula of ours (no leading "=") with ";" between arguments. */
export function forSheets(formula: string): string {
  let out = "";
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      // A string literal or a quoted sheet name, with its doubled quotes: copied as it is.
      let j = i + 1;
      while (j < formula.length && !(formula[j] === ch && formula[j + 1] !== ch)) j += formula[j] === ch ? 2 : 1;
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "{") throw new Error(`An array literal's syntax depends on the spreadsheet's locale: ${formula}`);
    if (/\d/.test(ch) && !/[A-Za-z0-9_$.]/.test(formula[i - 1] ?? "") && /^\d+\.\d/.test(formula.slice(i))) {
      throw new Error(`A decimal number's syntax depends on the spreadsheet's locale: ${formula}`);
    }
    out += ch === "," ? ";" : ch;
    i++;
  }
  return out;
}

/** A cell's formula as sent to Sheets, with its "=". */
export function sheetsFormula(cell: FormulaCell): string {
  return `=${cell.native ? cell.formula : forSheets(cell.formula)}`;
}

/** A link to a cell of another tab, as a formula Sheets shows as its text. */
export function linkFormula(sheetId: number, cell: string, text: string): string {
  return `=HYPERLINK("#gid=${sheetId}&range=${cell}";"${text.replace(/"/g, '""')}")`;
}

/** A formula as Sheets gives it back in a ";" locale, with "," between arguments as ours are written (for inspection). */
export function fromSheets(formula: string): string {
  let out = "";
  let quote: string | null = null;
  for (let i = 0; i < formula.length; i++) {
    const ch = formula[i];
    if (quote) {
      if (ch === quote && formula[i + 1] === quote) {
        out += ch + ch;
        i++;
        continue;
      }
      if (ch === quote) quote = null;
      out += ch;
    } else {
      if (ch === '"' || ch === "'") quote = ch;
      out += ch === ";" ? "," : ch;
    }
  }
  return out;
}
