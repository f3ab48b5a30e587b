/** The staff roster as the cycle sees it: roles, categories, and who is rated in which framework. */
import type { FrameworkId } from "./frameworks/index";

export const ROLES = ["teacher", "department_head", "deputy_head", "director"] as const;
export type Role = (typeof ROLES)[number];

export const CATEGORIES = ["none", "2", "1", "highest"] as const;
export type Category = (typeof CATEGORIES)[number];

/** Words a school may type for each role, in English, Kyrgyz and Russian (compared case-insensitively). */
const ROLE_WORDS: Record<Role, string[]> = {
  teacher: ["teacher", "мугалим", "учитель"],
  department_head: ["department_head", "муб жетекчиси", "муб башчысы", "руководитель мо", "руководитель шмо"],
  deputy_head: [
    "deputy_head",
    "окуу бөлүм башчысы",
    "окуу болум башчысы",
    "завуч",
    "зам. директора",
    "заместитель директора",
    "орун басар",
  ],
  director: ["director", "деректир", "директор"],
};

const CATEGORY_WORDS: Record<Category, string[]> = {
  none: ["none", "к/ж", "кж", "жок", "без категории", "б/к", "нет"],
  "2": ["2", "2-к", "ii", "вторая"],
  "1": ["1", "1-к", "i", "первая"],
  highest: ["highest", "жогорку", "жогорку к", "высшая"],
};

function normaliseWord(value: unknown): string {
  return String(value ?? "")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ");
}

export function parseRole(value: unknown): Role | undefined {
  const word = normaliseWord(value);
  return ROLES.find((role) => ROLE_WORDS[role].includes(word));
}

export function parseCategory(value: unknown): Category | undefined {
  const word = normaliseWord(value);
  if (word === "") return undefined;
  return CATEGORIES.find((c) => CATEGORY_WORDS[c].includes(word));
}

export interface Person {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** The first subject is the main one. */
  subjects: string[];
  category?: Category;
  experienceYears?: number;
  lastCourseYear?: number;
  supervisorId?: string;
  department: string;
}

/** Subjects are written "математика; физика" (a comma is forgiven). */
export function parseSubjects(value: unknown): string[] {
  return String(value ?? "")
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/**
 * Who is rated in which framework (guide §9.2–9.3): everyone who teaches in the teacher framework;
 * department heads and deputies also in the leader framework; the director in the director framework.
 */
export function frameworksOf(person: Pick<Person, "role" | "subjects">): FrameworkId[] {
  const out: FrameworkId[] = [];
  if (person.subjects.length > 0) out.push("teacher");
  if (person.role === "department_head" || person.role === "deputy_head") out.push("leader");
  if (person.role === "director") out.push("director");
  return out;
}

/** The director is rated by the district methodologist, who is not on the school's roster. */
export function needsSupervisorOnRoster(person: Pick<Person, "role">): boolean {
  return person.role !== "director";
}
