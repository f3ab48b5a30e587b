/** Typed reading of one row of an input tab. Used by check (with cell addresses) and by set-up. */
import type { MessageKey } from "../core/messages/index";
import { parseCategory, parseRole, parseSubjects, type Person } from "../core/people";
import { cellText, type CellRaw } from "./table";

export interface FieldIssue {
  key: string;
  code: MessageKey;
  value: string;
}

export function idText(cell: CellRaw | undefined): string {
  if (!cell || cell.value === null) return "";
  if (typeof cell.value === "number" && Number.isInteger(cell.value)) return String(cell.value);
  return cellText(cell);
}

function wholeNumber(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  return Number(text);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads a roster row. `currentYear` bounds the year of the last course. */
export function parseStaffRow(
  cells: Record<string, CellRaw>,
  currentYear: number,
): { person: Person; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const text = (key: string) => cellText(cells[key]);

  const roleText = text("role");
  const role = parseRole(roleText);
  if (!role) issues.push({ key: "role", code: "problem.staff.bad_role", value: roleText });

  const categoryText = text("category");
  const category = parseCategory(categoryText);
  if (categoryText !== "" && !category) issues.push({ key: "category", code: "problem.staff.bad_category", value: categoryText });

  const experienceText = text("experience_years");
  const experienceYears = wholeNumber(experienceText);
  if (experienceText !== "" && experienceYears === undefined) {
    issues.push({ key: "experience_years", code: "problem.staff.bad_experience", value: experienceText });
  }

  const yearText = text("last_course_year");
  const lastCourseYear = wholeNumber(yearText);
  if (yearText !== "" && (lastCourseYear === undefined || lastCourseYear < 1950 || lastCourseYear > currentYear)) {
    issues.push({ key: "last_course_year", code: "problem.staff.bad_year", value: yearText });
  }

  const email = text("email");
  if (email !== "" && !EMAIL.test(email)) issues.push({ key: "email", code: "problem.staff.bad_email", value: email });

  const name = text("name");
  if (name === "") issues.push({ key: "name", code: "problem.staff.missing_name", value: "" });

  const supervisorId = idText(cells["supervisor_id"]);
  const person: Person = {
    id: idText(cells["id"]),
    name,
    email,
    role: role ?? "teacher",
    subjects: parseSubjects(text("subjects")),
    category,
    experienceYears,
    lastCourseYear: lastCourseYear !== undefined && !issues.some((i) => i.key === "last_course_year") ? lastCourseYear : undefined,
    supervisorId: supervisorId === "" ? undefined : supervisorId,
    department: text("department"),
  };
  return { person, issues };
}

const PRIORITY_MARKS = new Set(["✓", "✔", "v", "x", "х", "+", "1", "true", "ооба", "да", "yes"]);

/** A priority mark: blank is "not chosen"; ✓ (and a few obvious equivalents) is "chosen". */
export function parsePriorityMark(cell: CellRaw | undefined): "empty" | "chosen" | "invalid" {
  if (!cell) return "empty";
  if (cell.formula) return "invalid";
  if (cell.value === true) return "chosen";
  if (cell.value === false) return "empty";
  const text = cellText(cell).toLowerCase();
  if (text === "") return "empty";
  return PRIORITY_MARKS.has(text) ? "chosen" : "invalid";
}
