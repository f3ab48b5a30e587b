/**
 * An application as a file the district receives: the JSON `ukoo export-application` writes, or the
 * "4.3 Өтүнмө" tab of an exported workbook (read back from its layout, labels in either language).
 */
import * as z from "zod/mini";
import type { Application } from "../core/application";
import { competencyNumbers } from "../core/frameworks/index";
import { allTranslations, type MessageKey } from "../core/messages/index";
import { emptySchool, SCHOOL_FIELDS, type SchoolInfo } from "../core/school";
import type { SchoolApplication } from "../core/district";
import type { Scalar, TabData } from "./port";

export const APPLICATION_KIND = "ukoo-application";

export function applicationFileJson(school: SchoolInfo, application: Application, date: string) {
  return { kind: APPLICATION_KIND, version: 1, date, school, application };
}

const count = z.int().check(z.nonnegative());
const counts = z.record(z.string(), count);
const applicationSchema = z.object({
  kind: z.literal(APPLICATION_KIND),
  version: z.literal(1),
  school: z.object(Object.fromEntries(SCHOOL_FIELDS.map((f) => [f, z.string()])) as Record<(typeof SCHOOL_FIELDS)[number], z.ZodMiniString<string>>),
  application: z.object({
    subjects: z.array(z.string()),
    teachers: count,
    rows: z.array(z.object({ competency: z.string(), total: count, bySubject: counts })),
    other: z.array(z.object({ text: z.string(), total: count, bySubject: counts })),
    totals: z.object({ total: count, bySubject: counts }),
    leader: counts,
    director: counts,
  }),
});

export type ApplicationRead = { ok: true; value: SchoolApplication } | { ok: false; reason: "not_json" | "not_application" };

export function readApplicationJson(text: string, source: string): ApplicationRead {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return { ok: false, reason: "not_json" };
  }
  const parsed = applicationSchema.safeParse(data);
  if (!parsed.success) return { ok: false, reason: "not_application" };
  return { ok: true, value: { source, school: parsed.data.school, application: parsed.data.application } };
}

const text = (v: Scalar | undefined) => (v === null || v === undefined ? "" : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim());
const num = (v: Scalar | undefined) => (typeof v === "number" ? v : Number(text(v)) || 0);
const labelled = (key: MessageKey) => new Set(allTranslations(key).map((s) => s.toLowerCase()));

/** Reads the application tab of an exported workbook back into numbers. */
export function readApplicationTab(tab: TabData | null, source: string): ApplicationRead {
  if (!tab) return { ok: false, reason: "not_application" };
  const v = tab.values;
  const find = (key: MessageKey) => {
    const labels = labelled(key);
    for (let r = 0; r < v.length; r++) for (let c = 0; c < v[r].length; c++) if (labels.has(text(v[r][c]).toLowerCase())) return { r, c };
    return null;
  };
  const header = find("application.count");
  const total = find("application.total");
  if (!header || !total) return { ok: false, reason: "not_application" };
  const subjectRow = v[header.r + 1] ?? [];
  const subjects = subjectRow.slice(header.c + 1).map(text).filter(Boolean);
  const bySubject = (row: Scalar[]) => Object.fromEntries(subjects.map((s, i) => [s, num(row[header.c + 1 + i])]));
  const rows: Application["rows"] = [];
  const other: Application["other"] = [];
  const numbers = competencyNumbers("teacher");
  for (let r = header.r + 2; r < total.r; r++) {
    const m = /^(\d+)\.\s*(.*)$/.exec(text(v[r][header.c - 1]));
    if (!m) continue;
    const row = { total: num(v[r][header.c]), bySubject: bySubject(v[r]) };
    if (numbers.includes(m[1]) && rows.length < numbers.length) rows.push({ competency: m[1], ...row });
    else if (m[2] !== "") other.push({ text: m[2], ...row });
  }
  if (rows.length !== numbers.length) return { ok: false, reason: "not_application" };
  const line = (key: MessageKey) => {
    const prefix = allTranslations(key, { list: "" }).map((s) => s.toLowerCase());
    const cell = v.flat().map(text).find((s) => prefix.some((p) => s.toLowerCase().startsWith(p)));
    return Object.fromEntries([...(cell ?? "").matchAll(/(\d+(?:\.\d+)?) \((\d+)\)/g)].map((m) => [m[1], Number(m[2])]));
  };
  const HEADER_LABELS = (["application.school", "application.contact", "application.code", "application.phone", "application.date", "application.teachers"] as const).flatMap((k) => [...labelled(k)]);
  // The value is the next non-empty cell of the label's row, unless that is the next label (left blank).
  const field = (key: MessageKey) => {
    const at = find(key);
    if (!at) return "";
    const row = v[at.r];
    for (let c = at.c + 1; c < row.length; c++) {
      const value = text(row[c]);
      if (value !== "") return HEADER_LABELS.includes(value.toLowerCase()) ? "" : value;
    }
    return "";
  };
  const [name, ...address] = field("application.school").split(", ");
  const year = /(\d{4}\s*-\s*\d{4})/.exec(text(v[0]?.[0]))?.[1] ?? "";
  const school: SchoolInfo = { ...emptySchool(), name: name ?? "", address: address.join(", "), code: field("application.code"), contact: field("application.contact"), year };
  return {
    ok: true,
    value: {
      source,
      school,
      application: {
        subjects,
        teachers: num(field("application.teachers") as unknown as Scalar),
        rows,
        other,
        totals: { total: num(v[total.r][header.c]), bySubject: bySubject(v[total.r]) },
        leader: line("application.leaders"),
        director: line("application.directors"),
      },
    },
  };
}

