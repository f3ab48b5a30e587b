/**
 * Who may edit what, from the roster (guide lines 424–430: self-assessments are for the school's
 * leadership). A teacher edits only their own self-assessment row; a supervisor only the rows of
 * the people they rate, in the supervisor and agreement tabs; only the завуч and the director edit
 * the settings, the roster, the ledger, the observations and portfolio reviews and every generated
 * tab; a teacher edits their own portfolio row, and everyone on the roster the mentoring log.
 * Protection stops editing, not reading: see the README's Privacy section for what keeps
 * self-assessments unread.
 */
import { FRAMEWORK_IDS } from "../core/frameworks/index";
import type { PersonRecord, SchoolRecords } from "../workbook/interpret";
import type { Rect } from "../workbook/port";
import type { TabState, WorkbookState } from "../workbook/read";
import { idText } from "../workbook/records";
import { TAB_CHECK, TAB_COURSES, TAB_EXPERTISE, TAB_LOG, TAB_MENTORING, TAB_OBSERVATIONS, TAB_SETTINGS, TAB_STAFF } from "../workbook/schema";

export const PROTECTION_PREFIX = "ҮКӨ";

export interface ProtectionRule {
  tab: string;
  /** null: the whole tab. */
  range: Rect | null;
  editors: string[];
  description: string;
  /** Parts of a whole-tab rule that other rules govern. */
  unprotected: Rect[];
}

const email = (p: PersonRecord | undefined) => (p?.email ?? "").trim().toLowerCase();

/**
 * The leadership: the person running the step (so nobody locks themselves out), the завуч and the
 * director, by their roster e-mails.
 */
export function leadershipOf(people: Pick<PersonRecord, "role" | "email">[], runningUser: string): string[] {
  return [...new Set([runningUser.trim().toLowerCase(), ...people.filter((p) => p.role === "deputy_head" || p.role === "director").map((p) => email(p as PersonRecord))])].filter(Boolean);
}

/** A tab only the leadership edits, whole. */
export function leadersOnlyRule(tab: string, leaders: string[], unprotected: Rect[] = []): ProtectionRule {
  return { tab, range: null, editors: leaders, description: `${PROTECTION_PREFIX}: ${tab}`, unprotected };
}

/**
 * Everyone is named by their roster e-mail, however the spreadsheet is shared with them (one by
 * one, through a Google Group, with the whole domain): naming someone gives no access to the file
 * (https://developers.google.com/apps-script/reference/spreadsheet/protection#addEditor(String)),
 * and a teacher who can open it edits their own row whichever way they got it.
 */
export function protectionPlan(state: WorkbookState, records: SchoolRecords, generatedTabs: string[], runningUser: string): ProtectionRule[] {
  const byId = new Map(records.people.map((p) => [p.id, p]));
  const leaders = leadershipOf(records.people, runningUser);
  const editors = (...emails: string[]) => [...new Set([...emails.filter(Boolean), ...leaders])];
  const rules: ProtectionRule[] = [];
  const whole = (tab: string, unprotected: Rect[] = []) => rules.push(leadersOnlyRule(tab, leaders, unprotected));

  for (const tab of [TAB_SETTINGS, TAB_STAFF, TAB_COURSES, TAB_CHECK, TAB_LOG, TAB_OBSERVATIONS, TAB_EXPERTISE, ...generatedTabs]) {
    if (state.tabNames.includes(tab) || generatedTabs.includes(tab)) whole(tab);
  }
  // The mentoring log is the staff's own: mentors and mentees write their meetings, and the pairs
  // change with every build, so anyone on the roster may edit it (protections are set by set-up only).
  if (state.tabNames.includes(TAB_MENTORING)) {
    rules.push({ tab: TAB_MENTORING, range: null, editors: editors(...records.people.map(email)), description: `${PROTECTION_PREFIX}: ${TAB_MENTORING}`, unprotected: [] });
  }

  /** Rows of `tab` grouped per person, as contiguous row ranges over the input columns. */
  const personRanges = (tab: TabState, firstCol: number, lastCol: number) => {
    const out = new Map<string, Rect[]>();
    for (const row of tab.table?.rows ?? []) {
      const id = idText(row.cells["id"]);
      if (!byId.has(id)) continue;
      const list = out.get(id) ?? [];
      const last = list[list.length - 1];
      if (last && last.row + last.rows === row.rowNumber) last.rows++;
      else list.push({ row: row.rowNumber, col: firstCol, rows: 1, cols: lastCol - firstCol + 1 });
      out.set(id, list);
    }
    return out;
  };
  const perPerson = (tab: TabState, firstKey: string, who: (p: PersonRecord) => string, lastKey?: string) => {
    const cols = tab.table?.columns;
    if (!tab.present || !cols) return;
    const first = cols.get(firstKey) ?? 1;
    const last = lastKey ? cols.get(lastKey) ?? first : Math.max(...cols.values(), ...(tab.table?.extras.map((e) => e.col) ?? []));
    const ranges = personRanges(tab, first, last);
    const open: Rect[] = [];
    const personal: ProtectionRule[] = [];
    for (const [id, rects] of ranges) {
      const person = byId.get(id)!;
      const editor = who(person);
      if (!editor) continue;
      for (const range of rects) {
        open.push(range);
        personal.push({ tab: tab.name, range, editors: editors(editor), description: `${PROTECTION_PREFIX}: ${tab.name} — ${person.name}`, unprotected: [] });
      }
    }
    whole(tab.name, open);
    rules.push(...personal);
  };
  for (const fw of FRAMEWORK_IDS) {
    perPerson(state.rating[fw].self, firstInputKey(state.rating[fw].self), (p) => email(p));
    perPerson(state.rating[fw].supervisor, firstInputKey(state.rating[fw].supervisor), (p) => email(byId.get(p.supervisorId ?? "")));
    perPerson(state.agreement[fw], "agreed", (p) => email(byId.get(p.supervisorId ?? "")), "discussion");
  }
  // A teacher writes the links of their own portfolio.
  perPerson(state.portfolio, firstInputKey(state.portfolio), (p) => email(p));
  return rules;
}

function firstInputKey(tab: TabState): string {
  return tab.specs.find((s) => s.input)?.key ?? "id";
}
