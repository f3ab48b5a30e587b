/** Competency levels: 1 төмөнкү (low), 2 ортоңку (medium), 3 жогорку (high). */
export type Level = 1 | 2 | 3;
export const LEVELS: readonly Level[] = [1, 2, 3];

export type LevelParse =
  | { kind: "empty" }
  | { kind: "level"; level: Level }
  | { kind: "invalid"; reason: "formula" | "out_of_range" | "not_whole" | "not_a_number" };

/**
 * Reads what a person typed into a level cell. Whitespace around a digit is forgiven (" 3 " is 3);
 * anything else that is not exactly 1, 2 or 3 is invalid, and so is any formula, because a level
 * is a judgement someone records, not something computed.
 */
export function parseLevel(value: unknown, formula?: string | null): LevelParse {
  if (formula) return { kind: "invalid", reason: "formula" };
  if (value === null || value === undefined) return { kind: "empty" };
  if (typeof value === "number") return numberToLevel(value);
  if (typeof value === "boolean" || value instanceof Date) return { kind: "invalid", reason: "not_a_number" };
  const text = String(value).trim();
  if (text === "") return { kind: "empty" };
  if (text.startsWith("=")) return { kind: "invalid", reason: "formula" };
  // Only digits: "+1" or "-1" typed as text is not a level (and "+"/"-" are how formulas start).
  if (!/^\d+([.,]\d+)?$/.test(text)) return { kind: "invalid", reason: "not_a_number" };
  return numberToLevel(Number(text.replace(",", ".")));
}

function numberToLevel(n: number): LevelParse {
  if (!Number.isFinite(n)) return { kind: "invalid", reason: "not_a_number" };
  if (!Number.isInteger(n)) return { kind: "invalid", reason: "not_whole" };
  if (n === 1 || n === 2 || n === 3) return { kind: "level", level: n };
  return { kind: "invalid", reason: "out_of_range" };
}
