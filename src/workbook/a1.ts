/** A1 notation helpers (1-based rows and columns). */
import type { Rect } from "./port";

export function columnLetter(col: number): string {
  let n = col;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function a1(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}

export function rectA1(rect: Rect): string {
  const start = a1(rect.row, rect.col);
  if (rect.rows === 1 && rect.cols === 1) return start;
  return `${start}:${a1(rect.row + rect.rows - 1, rect.col + rect.cols - 1)}`;
}

export function parseA1(ref: string): { row: number; col: number } {
  const m = /^\$?([A-Za-z]+)\$?(\d+)$/.exec(ref.trim());
  if (!m) throw new Error(`Bad A1 reference: ${ref}`);
  return { row: Number(m[2]), col: columnNumber(m[1]) };
}

export function parseRectA1(ref: string): Rect {
  const [start, end] = ref.split(":");
  const s = parseA1(start);
  const e = end ? parseA1(end) : s;
  return { row: s.row, col: s.col, rows: e.row - s.row + 1, cols: e.col - s.col + 1 };
}

/** A sheet name quoted for use in a formula: 'Tab name'!A1. */
export function quoteTab(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
