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
