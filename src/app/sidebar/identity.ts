/**
 * Who is using the sidebar. The Google account's e-mail, matched to the roster, decides the views.
 * Consumer accounts often give no e-mail: then the user picks themselves once and the choice is
 * remembered for that user. An e-mail that is not on the roster gets an explanation, not a pick,
 * so a known account cannot pass for someone else.
 */
import type { PersonRecord } from "../../workbook/interpret";

export type Identity =
  | { kind: "person"; person: PersonRecord }
  | { kind: "pick"; candidates: { id: string; name: string }[] }
  | { kind: "unknown"; email: string };

export function identify(people: PersonRecord[], email: string, chosenId: string | null, allowPick = true): Identity {
  const mail = email.trim().toLowerCase();
  if (mail !== "" || !allowPick) {
    const person = mail ? people.find((p) => p.email.trim().toLowerCase() === mail) : undefined;
    return person ? { kind: "person", person } : { kind: "unknown", email };
  }
  const chosen = chosenId ? people.find((p) => p.id === chosenId) : undefined;
  if (chosen) return { kind: "person", person: chosen };
  return { kind: "pick", candidates: people.map((p) => ({ id: p.id, name: p.name })).sort((a, b) => a.name.localeCompare(b.name, "ky")) };
}

export function leads(person: PersonRecord): boolean {
  return person.role === "deputy_head" || person.role === "director";
}

/** The supervisor of someone rates them; the завуч also enters the district methodologist's rating of the director. */
export function mayRate(me: PersonRecord, person: PersonRecord): boolean {
  if (me.id === person.id) return false;
  if (person.supervisorId === me.id) return true;
  return person.role === "director" && !person.supervisorId && me.role === "deputy_head";
}
