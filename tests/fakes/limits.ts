/**
 * Google Sheets' size limits, refused with Google's words.
 *
 * - A cell holds at most 50,000 characters (https://support.google.com/drive/answer/37603). The
 *   refusal, as users meet it from the API and from SpreadsheetApp: "Your input contains more than
 *   the maximum of 50000 characters in a single cell." (https://github.com/freelabz/secator/issues/96,
 *   https://github.com/moevm/github_repo_commitment_calc/issues/67).
 * - A spreadsheet holds at most 10 million cells, counted over every sheet's grid (rows × columns,
 *   empty or not): "This action would increase the number of cells in the workbook above the limit
 *   of 10000000 cells." (https://github.com/nithinmurali/pygsheets/issues/589,
 *   https://workspaceupdates.googleblog.com/2022/03/ten-million-cells-google-sheets.html).
 * - A request body is at most 10,485,760 bytes: "Request payload size exceeds the limit: 10485760
 *   bytes." (https://github.com/googleworkspace/dotnet-samples/issues/23 — a Google engineer: the
 *   limit exists and is not documented; https://developers.google.com/sheets/api/limits only
 *   recommends 2 MB). Counted as the wire carries it: the body's JSON in UTF-8 (Cyrillic takes two
 *   bytes a letter). Whether the advanced service escapes non-ASCII text is not documented.
 */
export const CELL_CHARACTERS = 50_000;
export const SPREADSHEET_CELLS = 10_000_000;
export const BODY_BYTES = 10 * 1024 * 1024;

export const CELL_TOO_LONG = `Your input contains more than the maximum of ${CELL_CHARACTERS} characters in a single cell.`;
export const TOO_MANY_CELLS = `This action would increase the number of cells in the workbook above the limit of ${SPREADSHEET_CELLS} cells.`;
export const BODY_TOO_LARGE = `Request payload size exceeds the limit: ${BODY_BYTES} bytes.`;

/** The body's size as the wire carries it: its JSON in UTF-8. */
export function wireBytes(body: unknown): number {
  return Buffer.byteLength(JSON.stringify(body), "utf8");
}
