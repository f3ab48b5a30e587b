/**
 * The audit log's waiting entries in the document's properties: a supervisor's sidebar save can
 * write them (any user running the script in the document can), nobody can edit them from the
 * spreadsheet, and in the add-on only the add-on's code can reach them at all
 * (https://developers.google.com/apps-script/guides/properties). A value holds at most 9 KB, so
 * entries are kept in parts of a few KB, oldest first by their key.
 */
import { logEntryFromJson, logEntryJson, type LogEntry, type LogQueue } from "../app/auditLog";

const PREFIX = "ukoo.log.pending.";
const PART = 7000;

export function documentLogQueue_(props: GoogleAppsScript.Properties.Properties): LogQueue {
  return {
    add(entries) {
      if (entries.length === 0) return;
      const stamp = String(Date.now()).padStart(15, "0");
      const parts: string[] = [];
      let part: Record<string, string>[] = [];
      for (const entry of entries) {
        const next = [...part, logEntryJson(entry)];
        if (part.length > 0 && JSON.stringify(next).length > PART) {
          parts.push(JSON.stringify(part));
          part = [logEntryJson(entry)];
        } else part = next;
      }
      parts.push(JSON.stringify(part));
      const values: Record<string, string> = {};
      parts.forEach((text, i) => (values[`${PREFIX}${stamp}.${String(i).padStart(4, "0")}.${Math.random().toString(36).slice(2, 8)}`] = text));
      props.setProperties(values);
    },
    pending() {
      const all = props.getProperties();
      const keys = Object.keys(all)
        .filter((k) => k.startsWith(PREFIX))
        .sort();
      const entries: LogEntry[] = [];
      for (const key of keys) {
        try {
          for (const json of JSON.parse(all[key]) as Record<string, string>[]) {
            const entry = logEntryFromJson(json);
            if (entry) entries.push(entry);
          }
        } catch {
          // A damaged part is dropped with the rest once written: it could never be read.
        }
      }
      return { entries, forget: () => keys.forEach((k) => props.deleteProperty(k)) };
    },
  };
}
