/**
 * Mentoring pairs (task 6 of the year plan): a mentor has agreed level 3 in the competency, the
 * mentee has it as a priority. Pairs from the same department are preferred, each mentor takes at
 * most 3 mentees, and mentees left without a mentor are listed.
 */
import type { FrameworkId } from "./frameworks/index";
import type { Person } from "./people";
import type { PersonPriorities } from "./priorities";

export const MAX_MENTEES = 3;

export interface MentorPair {
  mentorId: string;
  menteeId: string;
  framework: FrameworkId;
  competency: string;
  sameDepartment: boolean;
}

export interface Mentoring {
  pairs: MentorPair[];
  unmatched: { menteeId: string; framework: FrameworkId; competency: string }[];
}

export function pairMentors(people: Person[], priorities: PersonPriorities[], maxMentees = MAX_MENTEES): Mentoring {
  const department = new Map(people.map((p) => [p.id, p.department.trim().toLowerCase()]));
  const order = new Map(people.map((p, i) => [p.id, i]));
  const needs = priorities.flatMap((p) => p.priorities.map((competency) => ({ menteeId: p.personId, framework: p.framework, competency })));
  // Who could mentor each framework's competency (agreed level 3), in the order of the priorities.
  const mentorsOf = new Map<string, string[]>();
  for (const p of priorities) {
    for (const [competency, level] of p.agreed) {
      if (level !== 3) continue;
      const key = `${p.framework}|${competency}`;
      const list = mentorsOf.get(key);
      if (list) list.push(p.personId);
      else mentorsOf.set(key, [p.personId]);
    }
  }
  const candidatesOf = (need: (typeof needs)[number]) => (mentorsOf.get(`${need.framework}|${need.competency}`) ?? []).filter((id) => id !== need.menteeId);
  // The scarcest needs are matched first, so a rare mentor is not used up by a common need.
  const ordered = needs
    .map((need, i) => ({ need, candidates: candidatesOf(need), i }))
    .sort((a, b) => a.candidates.length - b.candidates.length || a.i - b.i);
  const mentees = new Map<string, Set<string>>();
  const pairs: MentorPair[] = [];
  const unmatched: Mentoring["unmatched"] = [];
  for (const { need, candidates } of ordered) {
    const same = (m: string) => department.get(m) !== "" && department.get(m) === department.get(need.menteeId);
    // The best open mentor: same department first, then the one with fewest mentees, then roster order.
    const better = (a: string, b: string) =>
      Number(same(b)) - Number(same(a)) || (mentees.get(a)?.size ?? 0) - (mentees.get(b)?.size ?? 0) || (order.get(a) ?? 0) - (order.get(b) ?? 0);
    let pick: string | undefined;
    for (const m of candidates) {
      const taken = mentees.get(m);
      const open = !taken || taken.has(need.menteeId) || taken.size < maxMentees;
      if (open && (pick === undefined || better(m, pick) < 0)) pick = m;
    }
    if (pick === undefined) {
      unmatched.push(need);
      continue;
    }
    mentees.set(pick, (mentees.get(pick) ?? new Set()).add(need.menteeId));
    pairs.push({ mentorId: pick, menteeId: need.menteeId, framework: need.framework, competency: need.competency, sameDepartment: same(pick) });
  }
  const needOrder = new Map(needs.map((n, i) => [`${n.menteeId}|${n.framework}|${n.competency}`, i]));
  const byNeed = (x: { menteeId: string; framework: string; competency: string }) => needOrder.get(`${x.menteeId}|${x.framework}|${x.competency}`) ?? 0;
  return { pairs: pairs.sort((a, b) => byNeed(a) - byNeed(b)), unmatched: unmatched.sort((a, b) => byNeed(a) - byNeed(b)) };
}
