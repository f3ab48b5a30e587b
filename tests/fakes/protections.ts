/**
 * Protected ranges, enforced per user on every write, as Sheets enforces them.
 *
 * - A protected range (or a whole protected sheet, less its unprotected ranges) can be edited only
 *   by its editors and the spreadsheet's owner; a cell covered by several protections only by
 *   someone who may edit each of them.
 *   https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/sheets#ProtectedRange
 *   https://support.google.com/docs/answer/1218656 ("Protect, hide, and edit sheets")
 * - A protection may name an editor who has no access to the file: that gives no access, and the
 *   person can edit the range once the file is shared with them in any way (a group, the domain).
 *   https://developers.google.com/apps-script/reference/spreadsheet/protection#addEditor(String)
 * - A whole-sheet protection also guards the sheet itself: its size, frozen panes, widths, rules,
 *   tab colour, name and its deletion.
 * - Protection stops editing, not reading.
 * - One refused request fails its whole batchUpdate (the API applies a batch atomically).
 *   https://developers.google.com/sheets/api/guides/batchupdate
 *
 * - Where two protections cover a cell, the user must be allowed by both (Google does not document
 *   it; the most restrictive reading is the fake's).
 * - The owner is always able to edit (https://developers.google.com/apps-script/reference/spreadsheet/protection#canEdit()).
 *
 * Google's refusal, from the API and SpreadsheetApp alike (HTTP 400):
 * https://github.com/theoephraim/node-google-spreadsheet/pull/20.
 */

export const PROTECTED_TEXT = "You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.";

export interface GridRect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** A protected range as the API holds it (the body it was added with) and its id. */
export interface StoredProtection {
  sheetId: number;
  protectedRangeId: number;
  description: string;
  body: Record<string, unknown>;
}

interface GridRange {
  sheetId?: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

const inside = (r: GridRange, row: number, col: number) =>
  row - 1 >= (r.startRowIndex ?? 0) &&
  row - 1 < (r.endRowIndex ?? Infinity) &&
  col - 1 >= (r.startColumnIndex ?? 0) &&
  col - 1 < (r.endColumnIndex ?? Infinity);

const intersects = (r: GridRange, rect: GridRect) =>
  rect.row - 1 < (r.endRowIndex ?? Infinity) &&
  rect.row - 1 + rect.rows > (r.startRowIndex ?? 0) &&
  rect.col - 1 < (r.endColumnIndex ?? Infinity) &&
  rect.col - 1 + rect.cols > (r.startColumnIndex ?? 0);

const isWholeSheet = (r: GridRange) =>
  r.startRowIndex === undefined && r.endRowIndex === undefined && r.startColumnIndex === undefined && r.endColumnIndex === undefined;

function firstCell(top: number, bottom: number, left: number, right: number, refused: (r: number, c: number) => boolean): { row: number; col: number } | null {
  for (let r = top; r <= bottom; r++) for (let c = left; c <= right; c++) if (refused(r, c)) return { row: r, col: c };
  return null;
}

export class ProtectionRules {
  constructor(
    private readonly list: () => StoredProtection[],
    private readonly owner: () => string,
  ) {}

  private editorsOf(p: StoredProtection): { users: Set<string>; domain: boolean } {
    const editors = (p.body.editors ?? {}) as { users?: string[]; domainUsersCanEdit?: boolean };
    return { users: new Set((editors.users ?? []).map((u) => u.toLowerCase())), domain: Boolean(editors.domainUsersCanEdit) };
  }

  /** Whether `user` is one of the protection's editors (the owner always is). */
  mayEditProtection(user: string, p: StoredProtection): boolean {
    if (p.body.warningOnly) return true;
    const who = user.toLowerCase();
    if (who !== "" && who === this.owner().toLowerCase()) return true;
    const editors = this.editorsOf(p);
    return editors.users.has(who) || editors.domain;
  }

  private onSheet(sheetId: number): { p: StoredProtection; range: GridRange; unprotected: GridRange[] }[] {
    return this.list()
      .filter((p) => p.sheetId === sheetId)
      .map((p) => ({ p, range: (p.body.range ?? {}) as GridRange, unprotected: (p.body.unprotectedRanges ?? []) as GridRange[] }));
  }

  /** The first cell of `rect` that `user` may not edit, or null. */
  refusedCell(user: string, sheetId: number, rect: GridRect): { row: number; col: number } | null {
    const blocking = this.onSheet(sheetId).filter(({ p, range }) => !this.mayEditProtection(user, p) && intersects(range, rect));
    let first: { row: number; col: number } | null = null;
    for (const { range, unprotected } of blocking) {
      // Only the part of `rect` the protection covers need be looked at, cell by cell.
      const top = Math.max(rect.row, (range.startRowIndex ?? 0) + 1);
      const bottom = Math.min(rect.row + rect.rows - 1, range.endRowIndex ?? Infinity);
      const left = Math.max(rect.col, (range.startColumnIndex ?? 0) + 1);
      const right = Math.min(rect.col + rect.cols - 1, range.endColumnIndex ?? Infinity);
      const open = unprotected.filter((u) => intersects(u, { row: top, col: left, rows: bottom - top + 1, cols: right - left + 1 }));
      const refused = firstCell(top, bottom, left, right, (r, c) => !open.some((u) => inside(u, r, c)));
      if (refused && (!first || refused.row < first.row || (refused.row === first.row && refused.col < first.col))) first = refused;
    }
    return first;
  }

  /** Whether `user` may change the sheet itself: no whole-sheet protection they are not an editor of. */
  mayChangeSheet(user: string, sheetId: number): boolean {
    return this.onSheet(sheetId).every(({ p, range }) => !isWholeSheet(range) || this.mayEditProtection(user, p));
  }
}
