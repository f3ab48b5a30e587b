/**
 * Protections through the Sheets API (the advanced "Sheets" service): one read of the existing
 * protected ranges and one batchUpdate that replaces ours, however many people there are. With
 * SpreadsheetApp each protected range would cost several calls per person.
 */
import type { ProtectionRule } from "../app/protection";
import { PROTECTION_PREFIX } from "../app/protection";

interface GridRange {
  sheetId: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

export interface SheetsAdvancedService {
  Spreadsheets: {
    get(spreadsheetId: string, options: { fields: string }): {
      sheets?: { properties?: { sheetId?: number; title?: string }; protectedRanges?: { protectedRangeId?: number; description?: string }[] }[];
    };
    batchUpdate(body: { requests: unknown[] }, spreadsheetId: string): unknown;
  };
}

export function protectionRequests(
  rules: ProtectionRule[],
  existing: ReturnType<SheetsAdvancedService["Spreadsheets"]["get"]>,
): unknown[] {
  const sheetIds = new Map((existing.sheets ?? []).map((s) => [s.properties?.title ?? "", s.properties?.sheetId ?? 0]));
  const requests: unknown[] = [];
  for (const sheet of existing.sheets ?? []) {
    for (const p of sheet.protectedRanges ?? []) {
      if ((p.description ?? "").startsWith(PROTECTION_PREFIX)) requests.push({ deleteProtectedRange: { protectedRangeId: p.protectedRangeId } });
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

export function applyProtections(sheets: SheetsAdvancedService, spreadsheetId: string, rules: ProtectionRule[]): number {
  const existing = sheets.Spreadsheets.get(spreadsheetId, {
    fields: "sheets(properties(sheetId,title),protectedRanges(protectedRangeId,description))",
  });
  const requests = protectionRequests(rules, existing);
  if (requests.length > 0) sheets.Spreadsheets.batchUpdate({ requests }, spreadsheetId);
  return requests.length;
}
