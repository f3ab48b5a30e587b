/**
 * Who runs the school's steps — set-up, check, generating, the export, the new school year,
 * private mode: the завуч and the director, whose work protections leave open to them. Someone the
 * roster does not name may too: the person who sets the workbook up before there is a roster, or
 * the spreadsheet's owner. A teacher or a department head who opens the menu is told who can,
 * before anything is read for the step or refused by Google halfway.
 */
import type { Role } from "../core/people";
import { readStaffTab } from "../workbook/read";
import { parseStaffRow } from "../workbook/records";
import type { WorkbookPort } from "../workbook/port";

const LEADING: Role[] = ["deputy_head", "director"];

/** The role of the account `email` on the roster when it may not run the school's steps; else null. */
export function notALeader(port: WorkbookPort, email: string, year: number): Role | null {
  const mail = email.trim().toLowerCase();
  if (!mail) return null;
  for (const row of readStaffTab(port).table?.rows ?? []) {
    const { person } = parseStaffRow(row.cells, year);
    if (person.email.trim().toLowerCase() !== mail) continue;
    return LEADING.includes(person.role) ? null : person.role;
  }
  return null;
}
