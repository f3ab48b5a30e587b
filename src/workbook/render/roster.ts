import { frameworksOf, type Person } from "../../core/people";
import type { FrameworkId } from "../../core/frameworks/index";
import { t, type Lang } from "../../core/messages/index";
import type { InputModel } from "../model";
import { idText, parseStaffRow } from "../records";

/** The roster as set-up sees it: the first row of each id, whatever else is wrong with it. */
export interface Roster {
  people: Person[];
  byId: Map<string, Person>;
  inFramework: (fw: FrameworkId) => Person[];
  supervisorName: (person: Person, lang: Lang) => string;
}

export function rosterFromModel(model: InputModel, currentYear: number): Roster {
  const byId = new Map<string, Person>();
  for (const row of model.staff.rows) {
    const id = idText(row["id"]);
    if (id === "" || byId.has(id)) continue;
    byId.set(id, parseStaffRow(row, currentYear).person);
  }
  const people = [...byId.values()];
  return {
    people,
    byId,
    inFramework: (fw) => people.filter((p) => frameworksOf(p).includes(fw)),
    supervisorName: (person, lang) => {
      if (person.role === "director" && !person.supervisorId) return t(lang, "agreement.districtMethodologist");
      const sup = person.supervisorId ? byId.get(person.supervisorId) : undefined;
      return sup ? sup.name : person.supervisorId ?? "";
    },
  };
}
