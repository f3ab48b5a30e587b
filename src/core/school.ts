/** The school's own data and settings, kept in the settings tab and in school.json. */
import type { Lang } from "./messages/index";

export const SCHOOL_FIELDS = ["name", "address", "code", "district", "contact", "phone", "email", "year"] as const;
export type SchoolField = (typeof SCHOOL_FIELDS)[number];

/** Every key of the settings tab, in display order. Later settings are appended here. */
export const SETTING_KEYS = [
  ...SCHOOL_FIELDS,
  "language",
  "pupils",
  "priority_count",
  "summary_department",
  "plan_tasks",
  "hours_min",
  "distance_share_max",
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export type SchoolInfo = Record<SchoolField, string>;

export interface SchoolSettings extends SchoolInfo {
  language: Lang;
  /** How many priorities are suggested where none were chosen (1–4). */
  priorityCount: number;
  /** The 4.2 summary shows only this department when set. */
  summaryDepartment: string;
  /** Number of pupils, for the year plan's header. */
  pupils: string;
  /** How many school priorities become tasks of the year plan (4.4). */
  planTasks: number;
  /** The five-yearly minimum of course hours (72 by the 2017 regulation). */
  minimumHours: number;
  /** The largest share of distance hours, in per cent (15 by rule 6.8). */
  maxDistancePercent: number;
}

export function emptySchool(): SchoolInfo {
  return { name: "", address: "", code: "", district: "", contact: "", phone: "", email: "", year: "" };
}

/** "2025-2026" for a date in the school year that starts on 1 September. */
export function academicYearOf(date: Date): string {
  const y = date.getUTCFullYear();
  const start = date.getUTCMonth() >= 8 ? y : y - 1;
  return `${start}-${start + 1}`;
}
