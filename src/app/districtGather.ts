/**
 * Gathering school applications into a district spreadsheet, in chunks: an editor add-on cannot
 * chain time-driven triggers, so the sidebar calls one step after another, each well under the
 * six-minute limit. The cursor lives in document properties, so a gathering stopped midway resumes
 * where it was; each school's application is kept by its code (or URL), so gathering again updates
 * the totals without counting a school twice.
 */
import { consolidate, schoolKey, type SchoolApplication } from "../core/district";
import { t, type Lang } from "../core/messages/index";
import { readApplicationTab } from "../workbook/applicationFile";
import type { CellInput, TabData, TabRender, WorkbookPort } from "../workbook/port";
import { renderDistrictTabs, type DistrictError } from "../workbook/render/districtTabs";
import { TAB_STAFF } from "../workbook/schema";
import { COLOURS, rect } from "../workbook/render/common";
import { pace, recent, waitFor, type CallLog, type StepCost } from "./quota";

/** What a step costs in Sheets API requests: the district's metadata, one read, one write; then
 *  per school its metadata and one read. */
export const GATHER_COST: StepCost = { fixed: 3, perItem: 2 };

export const TAB_DISTRICT_LIST = "Мектептер";
export const TAB_RECEIVED = "Келген өтүнмөлөр";

/**
 * A district's spreadsheet has the list of schools and is not itself a school's workbook, so a
 * school that made the list by mistake (or has a tab of that name) keeps its own sidebar.
 */
export function isDistrictWorkbook(tabNames: string[]): boolean {
  return tabNames.includes(TAB_DISTRICT_LIST) && !tabNames.includes(TAB_STAFF);
}

export interface Cursor {
  next: number;
  total: number;
}

export interface DistrictHost {
  port: WorkbookPort;
  /** The application tab of a school's spreadsheet, or null when it cannot be opened. */
  openApplication(url: string): TabData | null | "cannot_read";
  getCursor(): Cursor | null;
  setCursor(cursor: Cursor | null): void;
  now(): Date;
  /** Milliseconds since the step began (the time limit is checked between schools). */
  elapsed(): number;
  /** The user's recent Sheets API requests, where reads go through the API (see quota.ts). */
  callLog?(): CallLog;
  saveCallLog?(log: CallLog): void;
}

export interface StepResult {
  done: boolean;
  next: number;
  total: number;
  schools: number;
  errors: number;
  /** How long the sidebar waits before the next step, to stay within the API's quota. */
  waitMs: number;
  /** True when the step did nothing but ask to wait. */
  waiting?: boolean;
}

/** One list row per school: the URL of its application, and the status the last gathering left. */
export function districtListTab(lang: Lang, urls: string[] = []): TabRender {
  return {
    name: TAB_DISTRICT_LIST,
    cells: [[t(lang, "district.sheet.url"), t(lang, "district.sheet.status"), t(lang, "district.col.school"), t(lang, "district.col.code")], ...urls.map((u) => [u, null, null, null])],
    styles: [{ range: rect(1, 1, 1, 4), style: { bold: true, background: COLOURS.header } }],
    frozenRows: 1,
    columnWidths: [420, 160, 260, 90],
  };
}

const failureKey = (url: string) => `failed:${url}`;

function urlsOf(list: TabData | null): string[] {
  return (list?.values.slice(1) ?? []).map((r) => String(r[0] ?? "").trim()).filter((u) => u !== "");
}

type Received = Map<string, { app: SchoolApplication | null; error?: DistrictError }>;

/**
 * Characters of a school's JSON per cell. Google Sheets refuses a cell of more than 50,000; a large
 * school's application is far longer (its "Башка" needs), so each is cut into parts on consecutive
 * rows. 30,000 also stays under Excel's 32,767, should the spreadsheet be downloaded as .xlsx.
 */
export const PART_CHARS = 30_000;
const RECEIVED_HEADER = ["key", "source", "part", "parts", "application", "error"];

/** `text` in pieces of at most `size` characters, never between the two halves of a surrogate pair. */
export function textParts(text: string, size = PART_CHARS): string[] {
  const parts: string[] = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + size, text.length);
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) end--;
    parts.push(text.slice(at, end));
    at = end;
  }
  return parts;
}

/**
 * What was gathered so far: per school, its application, or why its link gave none. A row is
 * key | source | part | parts | application JSON (part of) | error; before parts it was
 * key | source | application JSON | error, still read. `damaged`: the links of records whose parts
 * are missing or do not parse, to be gathered again.
 */
export function readReceived(port: WorkbookPort): { received: Received; damaged: Set<string> } {
  const received: Received = new Map();
  const damaged = new Set<string>();
  const [header, ...rows] = port.readTab(TAB_RECEIVED)?.values ?? [];
  const parted = String(header?.[2] ?? "") === "part";
  const records = new Map<string, { source: string; texts: (string | undefined)[]; bad: boolean }>();
  for (const row of rows) {
    const cells = row.map((v) => String(v ?? ""));
    const [key, source, part, parts, text, reason] = parted ? cells : [cells[0], cells[1], "1", "1", cells[2], cells[3]];
    if (!key) continue;
    if (!text) {
      if (reason) received.set(key, { app: null, error: { source, reason: reason as DistrictError["reason"] } });
      continue;
    }
    const count = Number(parts);
    const record = records.get(key) ?? { source, texts: new Array<string | undefined>(Number.isInteger(count) && count > 0 && count <= rows.length ? count : 0), bad: false };
    records.set(key, record);
    // Rows sorted by hand still read (each says which part it is); a part that disagrees does not.
    const at = Number(part) - 1;
    const fits = Number.isInteger(at) && at >= 0 && at < record.texts.length && count === record.texts.length;
    if (fits && (record.texts[at] ?? text) === text) record.texts[at] = text;
    else record.bad = true;
  }
  for (const [key, { source, texts, bad }] of records) {
    const app = bad || texts.includes(undefined) ? null : parsed(texts.join(""));
    if (app) received.set(key, { app });
    else damaged.add(source);
  }
  return { received, damaged };
}

function parsed(json: string): SchoolApplication | null {
  try {
    return JSON.parse(json) as SchoolApplication;
  } catch {
    return null;
  }
}

function writeReceived(port: WorkbookPort, received: Received) {
  const cells: CellInput[][] = [RECEIVED_HEADER];
  for (const [key, r] of received) {
    const source = r.app?.source ?? r.error?.source ?? "";
    if (!r.app) {
      cells.push([key, source, null, null, null, r.error?.reason ?? null]);
      continue;
    }
    const parts = textParts(JSON.stringify(r.app));
    parts.forEach((text, i) => cells.push([key, source, i + 1, parts.length, text, null]));
  }
  port.writeTab({ name: TAB_RECEIVED, cells, frozenRows: 1 });
}

export function gatherStep(host: DistrictHost, options: { maxSchools: number; budgetMs: number; restart?: boolean; lang: Lang }): StepResult {
  const log = host.callLog?.() ?? null;
  const paced = log ? pace(log, host.now().getTime(), GATHER_COST, options.maxSchools) : { items: options.maxSchools, waitMs: 0 };
  if (paced.items === 0) {
    const at = host.getCursor();
    return { done: false, next: at?.next ?? 0, total: at?.total ?? 0, schools: 0, errors: 0, waitMs: paced.waitMs, waiting: true };
  }
  const list = host.port.readTab(TAB_DISTRICT_LIST);
  const urls = urlsOf(list);
  let cursor = options.restart ? null : host.getCursor();
  if (!cursor || cursor.total !== urls.length) cursor = { next: 0, total: urls.length };
  const { received, damaged } = readReceived(host.port);
  // A school whose record was damaged is gathered again: the pass goes back to the first of them.
  const back = urls.findIndex((url, i) => i < cursor.next && damaged.has(url));
  if (back >= 0) cursor.next = back;
  const statuses: CellInput[][] = [];
  const first = cursor.next;
  let processed = 0;
  while (cursor.next < urls.length && processed < paced.items && (processed === 0 || host.elapsed() < options.budgetMs)) {
    const url = urls[cursor.next];
    const tab = host.openApplication(url);
    const read = tab === "cannot_read" ? { ok: false as const, reason: "cannot_read" as const } : readApplicationTab(tab, url);
    // One entry per URL, the latest outcome: what this link gave before (a school, or a failure) goes.
    for (const [key, r] of received) if ((r.app?.source ?? r.error?.source) === url) received.delete(key);
    if (read.ok) {
      received.set(schoolKey(read.value), { app: read.value });
      statuses.push([t(options.lang, "district.sheet.gathered"), read.value.school.name, read.value.school.code]);
    } else {
      received.set(failureKey(url), { app: null, error: { source: url, reason: read.reason } });
      statuses.push([t(options.lang, `district.reason.${read.reason}`), null, null]);
    }
    cursor.next++;
    processed++;
  }
  writeReceived(host.port, received);
  if (statuses.length > 0) host.port.updateCells(TAB_DISTRICT_LIST, [{ row: first + 2, col: 2, values: statuses }]);
  const done = cursor.next >= urls.length;
  // Only the schools still on the list count: a URL taken off the list drops its school.
  const listed = new Set(urls);
  const apps = [...received.values()].filter((r) => r.app && listed.has(r.app.source)).map((r) => r.app!);
  const errors = [...received.values()].filter((r) => r.error && listed.has(r.error.source)).map((r) => r.error!);
  if (done) {
    const district = consolidate(apps);
    const name = apps.find((a) => a.school.district)?.school.district ?? "";
    const year = apps.find((a) => a.school.year)?.school.year ?? "";
    for (const tab of renderDistrictTabs(district, errors, name, year, options.lang, host.now())) host.port.writeTab(tab);
    host.setCursor(null);
  } else host.setCursor(cursor);
  let waitMs = 0;
  if (log && host.saveCallLog) {
    const now = host.now().getTime();
    const spent: CallLog = [...recent(log, now), [now, GATHER_COST.fixed + GATHER_COST.perItem * processed]];
    host.saveCallLog(spent);
    const nextChunk = Math.min(options.maxSchools, urls.length - cursor.next);
    if (!done) waitMs = waitFor(spent, now, GATHER_COST.fixed + GATHER_COST.perItem * nextChunk);
  }
  return { done, next: cursor.next, total: urls.length, schools: apps.length, errors: errors.length, waitMs };
}

