/**
 * CSV reading for the interchange files (csv-parse: quoting, embedded newlines and a BOM are its
 * job, not ours). The delimiter is "," or, as Excel writes it in many locales, ";".
 */
import { parse } from "csv-parse/sync";
import type { FileIssue } from "./issues";

export interface CsvRow {
  line: number;
  record: Record<string, string>;
}

export interface CsvTable {
  rows: CsvRow[];
  issues: FileIssue[];
}

export function detectDelimiter(text: string): "," | ";" {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const count = (ch: string) => firstLine.split(ch).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

/** Reads `text` whose header must name every one of `columns` (in any order; extra columns are ignored). */
export function readCsv(raw: string, file: string, columns: readonly string[]): CsvTable {
  const issues: FileIssue[] = [];
  // Windows, old Mac and Unix line ends, even mixed in one file, all end a line.
  const text = raw.replace(/\r\n?/g, "\n");
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: detectDelimiter(text),
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    issues.push({ file, line: e.lines ?? 0, code: "csv.badRow", params: { reason: String(e.message ?? error) } });
    return { rows: [], issues };
  }
  if (records.length === 0) {
    issues.push({ file, line: 0, code: "csv.missingColumns", params: { columns: columns.join(", "), expected: columns.join(",") } });
    return { rows: [], issues };
  }
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    issues.push({ file, line: 1, code: "csv.missingColumns", params: { columns: missing.join(", "), expected: columns.join(",") } });
    return { rows: [], issues };
  }
  const rows: CsvRow[] = [];
  for (const { record, info } of records.slice(1)) {
    if (record.every((v) => v.trim() === "")) continue;
    if (record.length !== header.length) {
      issues.push({
        file,
        line: info.lines,
        code: "csv.badRow",
        params: { reason: `${record.length} ≠ ${header.length}` },
      });
      continue;
    }
    const out: Record<string, string> = {};
    // Spaces around a field are forgiven; any other character, control characters included, is kept.
    header.forEach((h, i) => (out[h] = record[i].replace(/^ +| +$/g, "")));
    rows.push({ line: info.lines, record: out });
  }
  return { rows, issues };
}
