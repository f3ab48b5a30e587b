/**
 * Which edits of the grid the audit log records: agreed levels and priority marks in the agreement
 * tabs, the sign-off lines of the individual plans (4.1), and the grades of the observation log (1.1).
 * Pure, so it is tested without Sheets.
 */
import type { LogEntry } from "../app/auditLog";
import { t, type Lang, type MessageKey } from "../core/messages/index";
import { a1 } from "../workbook/a1";
import { allTranslations } from "../core/messages/index";
import type { Scalar } from "../workbook/port";
import { OBSERVATION_FORM } from "../core/yearRound/observation";
import { TAB_OBSERVATIONS } from "../workbook/schema";

export interface EditEvent {
  tab: string;
  framework: string;
  row: number;
  col: number;
  values: unknown[][];
  /**
   * Columns A–D of the edited rows (the id and the competency of an agreement row, the key of a plan
   * row); for the observation log, the whole rows.
   */
  keys: unknown[][];
  /** The header row of the agreement tab or the observation log. */
  header: unknown[];
  oldValue?: unknown;
  who: string;
  when: Date;
  lang: Lang;
}

/** A cell as text; a date as the day the spreadsheet shows (Apps Script's dates are in the script's time zone). */
const text = (v: unknown) => (v === null || v === undefined ? "" : isDate(v) ? localDay(v) : String(v));
// Not `instanceof`: the trigger's event may carry a Date made in another realm (the tests' fake).
const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === "[object Date]";
const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

export function editLogEntries(e: EditEvent): LogEntry[] {
  const entries: LogEntry[] = [];
  const agreedLabels = new Set(allTranslations("col.agreed").map((s) => s.toLowerCase()));
  const priorityLabels = new Set(allTranslations("col.priority").map((s) => s.toLowerCase()));
  // An observation's date and teacher are found by their headers, wherever those columns stand.
  const columnOf = (key: MessageKey) => {
    const labels = new Set(allTranslations(key).map((l) => l.toLowerCase()));
    return e.header.findIndex((h) => labels.has(text(h).toLowerCase()));
  };
  const dateAt = columnOf("col.date");
  const teacherAt = columnOf("col.teacher_id");
  const gradeSections = new Map(
    OBSERVATION_FORM.sections.flatMap((s) => allTranslations("col.sectionGrade", { section: s.label }).map((l) => [l.toLowerCase(), s.label] as const)),
  );
  e.values.forEach((row, r) => {
    row.forEach((value, c) => {
      const col = e.col + c;
      const where = `${e.tab}!${a1(e.row + r, col)}`;
      const old = e.oldValue !== undefined ? text(e.oldValue) : "";
      if (e.tab === TAB_OBSERVATIONS) {
        const section = gradeSections.get(text(e.header[col - 1]).toLowerCase());
        if (!section) return;
        const row = e.keys[r] as Scalar[];
        const [date, teacher] = [row[dateAt], row[teacherAt]];
        const field = t(e.lang, "log.field.observationGrade", { section, date: text(date) });
        entries.push({ when: e.when, who: e.who, where, personId: text(teacher), framework: "1.1", field, old, value: text(value), source: "grid" });
      } else if (e.framework) {
        const label = text(e.header[col - 1]).toLowerCase();
        const kind = agreedLabels.has(label) ? "log.field.agreed" : priorityLabels.has(label) ? "log.field.priority" : null;
        if (!kind) return;
        const [id, , , n] = e.keys[r] as Scalar[];
        entries.push({ when: e.when, who: e.who, where, personId: text(id), framework: e.framework, field: t(e.lang, kind, { n: text(n) }), old, value: text(value), source: "grid" });
      } else {
        const key = text((e.keys[r] as Scalar[])[0]);
        const m = /^S\|(.+):(sign|comment):(plan|interim|final)$/.exec(key);
        if (!m || col < 3) return;
        entries.push({ when: e.when, who: e.who, where, personId: m[1], framework: "", field: `${m[2]}:${m[3]}:${a1(1, col).replace(/\d+$/, "")}`, old, value: text(value), source: "grid" });
      }
    });
  });
  return entries;
}
