/**
 * Protections through the Sheets API: the requests that replace our protected ranges (those whose
 * description starts with the product's prefix) with the plan's, sent in the step's own batch. With
 * SpreadsheetApp each protected range would cost several calls per person.
 */
import type { ProtectionRule } from "../app/protection";
import { PROTECTION_PREFIX } from "../app/protection";
import type { SheetInfo } from "./sheetsApiPort";

type Request = GoogleAppsScript.Sheets.Schema.Request;
type GridRange = GoogleAppsScript.Sheets.Schema.GridRange;

export function protectionRequests(rules: ProtectionRule[], sheets: readonly SheetInfo[]): Request[] {
  const sheetIds = new Map(sheets.map((s) => [s.title, s.sheetId]));
  const requests: Request[] = [];
  for (const sheet of sheets) {
    for (const p of sheet.protectedRanges) {
      if (p.description.startsWith(PROTECTION_PREFIX)) requests.push({ deleteProtectedRange: { protectedRangeId: p.protectedRangeId } });
    }
  }
  const grid = (sheetId: number, r: { row: number; col: number; rows: number; cols: number }): GridRange => ({
    sheetId,
    startRowIndex: r.row - 1,
    endRowIndex: r.row - 1 + r.rows,
    startColumnIndex: r.col - 1,
    endColumnIndex: r.col - 1 + r.cols,
  });
  for (const rule of rules) {
    const sheetId = sheetIds.get(rule.tab);
    if (sheetId === undefined) continue;
    requests.push({
      addProtectedRange: {
        protectedRange: {
          range: rule.range ? grid(sheetId, rule.range) : { sheetId },
          description: rule.description,
          warningOnly: false,
          editors: { users: rule.editors },
          ...(rule.unprotected.length > 0 ? { unprotectedRanges: rule.unprotected.map((r) => grid(sheetId, r)) } : {}),
        },
      },
    });
  }
  return requests;
}
