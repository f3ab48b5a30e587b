/**
 * The audit log of edits made in the grid: an installable edit trigger, so it runs as the leader
 * who installed it and can write the protected log
 * (https://developers.google.com/apps-script/guides/triggers/installable#restrictions).
 *
 * Exactly one trigger logs each spreadsheet's edits. Triggers are kept per user: every leader who
 * runs set-up would otherwise add one of their own, and each would log every edit again; and
 * getProjectTriggers() lists the user's triggers in every spreadsheet of the project (of the
 * add-on: every school), so it cannot tell whether this one has one
 * (https://developers.google.com/apps-script/reference/script/script-app#getUserTriggers(Spreadsheet)).
 * The document's properties record which trigger logs; set-up keeps that one, and the handler
 * ignores an event from any other (each event carries its trigger's triggerUid).
 */
import { appendLog, writePendingLog } from "../app/auditLog";
import { FRAMEWORK_IDS } from "../core/frameworks/index";
import { AGREEMENT_HEADER_ROW, agreementTabName, TAB_OBSERVATIONS, TAB_PLANS, YEAR_ROUND_HEADER_ROW } from "../workbook/schema";
import { editLogEntries } from "./editLog";
import { flush_, portFor_, wallClock_ } from "./host";
import { userLang_ } from "./lang";
import { documentLogQueue_ } from "./logQueue";

const HANDLER = "logEdit";
const RECORD = "ukoo.editLog.trigger";

interface Recorded {
  uid: string;
  owner: string;
}

function recorded_(props: GoogleAppsScript.Properties.Properties): Recorded | null {
  try {
    const value = JSON.parse(props.getProperty(RECORD) ?? "null") as Recorded | null;
    return value && typeof value.uid === "string" ? value : null;
  } catch {
    return null;
  }
}

/**
 * Makes sure one edit trigger logs this spreadsheet: the one recorded, while its owner is still
 * one of the leaders (`isLeader`); else the running leader's own, recorded as the one. Returns the
 * e-mail of whoever's trigger logs.
 */
export function installEditLog_(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, isLeader: (email: string) => boolean): string {
  const props = PropertiesService.getDocumentProperties();
  const me = Session.getEffectiveUser().getEmail().toLowerCase();
  const mine = ScriptApp.getUserTriggers(ss).filter((t) => t.getHandlerFunction() === HANDLER);
  const current = recorded_(props);
  if (current && current.owner !== me && isLeader(current.owner)) {
    // Another leader's trigger logs: one of ours would log every edit a second time.
    for (const t of mine) ScriptApp.deleteTrigger(t);
    return current.owner;
  }
  const keep = mine.find((t) => t.getUniqueId() === current?.uid) ?? mine[0];
  for (const t of mine) if (t !== keep) ScriptApp.deleteTrigger(t);
  const trigger = keep ?? ScriptApp.newTrigger(HANDLER).forSpreadsheet(ss).onEdit().create();
  props.setProperty(RECORD, JSON.stringify({ uid: trigger.getUniqueId(), owner: me } satisfies Recorded));
  return me;
}

/** Logs edits of agreed levels, priority marks (agreement tabs), sign-offs (4.1) and observation grades (1.1) made in the grid. */
export function logEdit(e: GoogleAppsScript.Events.SheetsOnEdit & { triggerUid?: string }): void {
  const props = PropertiesService.getDocumentProperties();
  const current = recorded_(props);
  // Only the recorded trigger logs; an old or a second one is ignored.
  if (current && e.triggerUid && e.triggerUid !== current.uid) return;
  const range = e.range;
  const sheet = range.getSheet();
  const tab = sheet.getName();
  const agreement = FRAMEWORK_IDS.find((fw) => agreementTabName(fw) === tab);
  const queue = documentLogQueue_(props);
  const logged = agreement || tab === TAB_PLANS || tab === TAB_OBSERVATIONS;
  const waiting = queue.pending();
  if (!logged && waiting.entries.length === 0) return;
  const lang = userLang_();
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const port = portFor_(ss);
  const when = wallClock_(ss.getSpreadsheetTimeZone());
  if (logged) {
    const who = (e.user && e.user.getEmail()) || "";
    const values = range.getValues();
    const keys = sheet.getRange(range.getRow(), 1, range.getNumRows(), tab === TAB_OBSERVATIONS ? sheet.getLastColumn() : 4).getValues();
    const headerRow = agreement ? AGREEMENT_HEADER_ROW : tab === TAB_OBSERVATIONS ? YEAR_ROUND_HEADER_ROW : 0;
    const header = headerRow > 0 ? sheet.getRange(headerRow, 1, 1, sheet.getLastColumn()).getValues()[0] : [];
    const entries = editLogEntries({
      tab,
      framework: agreement ?? "",
      row: range.getRow(),
      col: range.getColumn(),
      values,
      keys,
      header,
      oldValue: range.getNumRows() === 1 && range.getNumColumns() === 1 ? e.oldValue : undefined,
      who,
      when,
      lang,
    });
    // What sidebar saves left waiting goes first: it happened before this edit.
    const forget = writePendingLog(port, queue, lang);
    appendLog(port, entries, lang);
    flush_(port);
    forget?.();
    return;
  }
  const forget = writePendingLog(port, queue, lang);
  flush_(port);
  forget?.();
}
