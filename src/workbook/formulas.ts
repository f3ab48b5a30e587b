/**
 * The agreed level's automatic formula, in one place: "filled where the self and supervisor levels
 * match, empty otherwise". The agreement tab writes it, a save from the sidebar puts it back in a
 * cleared cell, and reading the workbook recognises it, so an agreed cell holding it is not a
 * recorded agreement.
 *
 * Formulas are written as OOXML has them (",") and come back from Google Sheets in the
 * spreadsheet's locale (";" in ru_RU), so the recogniser takes either separator.
 */
import { cellText, type CellRaw } from "./table";

/** The automatic agreed level for the cells `self` and `sup` (A1 references). */
export function autoAgreedFormula(self: string, sup: string): string {
  return `IF(AND(ISNUMBER(${self}),${self}=${sup}),${self},"")`;
}

const REF = String.raw`\$?[A-Z]+\$?\d+`;
const AUTO_AGREED = new RegExp(String.raw`^IF\(AND\(ISNUMBER\((${REF})\)[,;](${REF})=(${REF})\)[,;](${REF})[,;]""\)$`, "i");

/** Our own formula in an agreed cell; anything else there is what someone recorded. */
export function isAutoAgreedFormula(formula: string): boolean {
  return AUTO_AGREED.test(formula.replace(/\s+/g, ""));
}

/** Whether an agreed cell holds an agreement someone recorded (a level, a word, their own formula). */
export function isRecordedAgreement(cell: CellRaw | undefined): boolean {
  if (!cell) return false;
  return cell.formula ? !isAutoAgreedFormula(cell.formula) : cellText(cell) !== "";
}
