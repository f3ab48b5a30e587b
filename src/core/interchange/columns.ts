/**
 * The columns of the data files, which are also the roster's and the courses ledger's columns.
 * Kept apart from files.ts so the Apps Script bundle can use them without the CSV reader.
 */
export const STAFF_COLUMNS = [
  "id",
  "name",
  "email",
  "role",
  "subjects",
  "category",
  "experience_years",
  "last_course_year",
  "supervisor_id",
  "department",
] as const;
export const RATING_COLUMNS = ["person_id", "framework", "competency", "rater", "level", "comment"] as const;
export const PRIORITY_COLUMNS = ["person_id", "framework", "competency"] as const;
export const COURSE_COLUMNS = [
  "person_id",
  "date",
  "hours",
  "title",
  "programme_type",
  "provider",
  "distance",
  "certificate",
] as const;
