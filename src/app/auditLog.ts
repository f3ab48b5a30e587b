/**
 * The audit log: every change to an agreed level, a priority or a sign-off, with who made it, when,
 * the old value and the new one. Values are written as text, never as formulas.
 */
import { t, type Lang, type MessageKey } from "../core/messages/index";
import type { CellInput, TabRender, WorkbookPort } from "../workbook/port";
import { TAB_LOG } from "../workbook/schema";
import { COLOURS, rect } from "../workbook/render/common";

export interface LogEntry {
  when: Date;
  who: string;
  /** "tab!A1" */
  where: string;
  personId: string;
  framework: string;
  /** The competency number, or the sign-off field. */
  field: string;
  old: string;
  value: string;
  source: "sidebar" | "grid" | "import";
}

const COLUMNS: MessageKey[] = ["log.when", "log.who", "log.where", "log.person", "log.framework", "log.field", "log.old", "log.new", "log.source"];

export function logTabRender(lang: Lang): TabRender {
  return {
    name: TAB_LOG,
    cells: [[t(lang, "log.title"), ...new Array(COLUMNS.length - 1).fill(null)], COLUMNS.map((k) => t(lang, k))],
    styles: [
      { range: rect(1, 1), style: { bold: true, fontSize: 12, fontColor: COLOURS.title } },
      { range: rect(2, 1, 1, COLUMNS.length), style: { bold: true, background: COLOURS.header } },
    ],
    frozenRows: 2,
    columnWidths: [140, 180, 200, 90, 90, 110, 110, 110, 90],
  };
}

/** Appends entries to the log tab, creating it first if it is missing. */
export function appendLog(port: WorkbookPort, entries: LogEntry[], lang: Lang): void {
  if (entries.length === 0) return;
  if (!port.tabNames().includes(TAB_LOG)) port.writeTab(logTabRender(lang));
  const rows: CellInput[][] = entries.map((e) => [
    e.when.toISOString().slice(0, 19).replace("T", " "),
    e.who || "—",
    e.where,
    e.personId,
    e.framework,
    e.field,
    e.old,
    e.value,
    t(lang, `log.source.${e.source}` as MessageKey),
  ]);
  port.appendRows(TAB_LOG, rows);
}

/**
 * Log entries a save could not write itself: the log is the leadership's, protected from everyone
 * else, and a supervisor's save from the sidebar runs as the supervisor. They wait where no one can
 * edit them from the spreadsheet (the document's properties, in Sheets) until a step run by a
 * leader, or the edit trigger a leader installed, writes them into the log.
 */
export interface LogQueue {
  add(entries: LogEntry[]): void;
  /** What waits, oldest first, and how to forget it once it is in the log. */
  pending(): { entries: LogEntry[]; forget(): void };
}

/**
 * Appends what waits in `queue` to the log in the step's own batch; returns what to call once that
 * batch is sent (so nothing is forgotten that did not reach the log), or null when nothing waits.
 */
export function writePendingLog(port: WorkbookPort, queue: LogQueue, lang: Lang): (() => void) | null {
  const { entries, forget } = queue.pending();
  if (entries.length === 0) return null;
  appendLog(port, entries, lang);
  return forget;
}

/** An entry as JSON text (its time as ISO), and back. */
export function logEntryJson(entry: LogEntry): Record<string, string> {
  return { ...entry, when: entry.when.toISOString() };
}

export function logEntryFromJson(json: Record<string, string>): LogEntry | null {
  const when = new Date(json.when);
  const source = json.source === "grid" || json.source === "import" ? json.source : "sidebar";
  if (Number.isNaN(when.getTime())) return null;
  return { when, who: json.who ?? "", where: json.where ?? "", personId: json.personId ?? "", framework: json.framework ?? "", field: json.field ?? "", old: json.old ?? "", value: json.value ?? "", source };
}
