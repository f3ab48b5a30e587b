/**
 * The mentoring log (tool 1.2) as rules with no host: the meetings of each pair the year plan made
 * (task 6), the guide's meeting types and before/after questions (data/mentoring.json), and which
 * pairs have had no meeting this term.
 *
 * Terms are the school's four quarters (чейрек): 1 September – 31 October, 1 November – 31 December,
 * 1 January – 31 March, 1 April – 31 August (the fourth runs on through the summer, so a meeting in
 * June still counts for the year's last term).
 */
import mentoringData from "./data/mentoring.json";
import type { Text } from "./observation";
import { schoolYearStart } from "../courses";

export const MENTORING_GUIDE = mentoringData as unknown as {
  title: Text;
  meetingTypes: { key: MeetingType; ky: string; ru: string }[];
  questionsBeforeTitle: Text;
  questionsBefore: Text[];
  questionsAfterTitle: Text;
  questionsAfter: Text[];
};

export const MEETING_TYPES = ["menteeObservesMentor", "mentorObservesMentee", "talk"] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export interface Meeting {
  mentorId: string;
  menteeId: string;
  competency: string;
  /** yyyy-mm-dd, or "" for a pair's row not yet filled. */
  date: string;
  type: MeetingType | null;
}

export interface Term {
  /** 1–4 */
  n: number;
  /** yyyy-mm-dd, both inclusive. */
  from: string;
  to: string;
}

export function termOf(date: string): Term {
  const [y, m] = date.split("-").map(Number);
  const start = schoolYearStart(date);
  if (m >= 9 && m <= 10) return { n: 1, from: `${start}-09-01`, to: `${start}-10-31` };
  if (m >= 11) return { n: 2, from: `${start}-11-01`, to: `${start}-12-31` };
  if (m <= 3) return { n: 3, from: `${y}-01-01`, to: `${y}-03-31` };
  return { n: 4, from: `${y}-04-01`, to: `${y}-08-31` };
}

export const pairKey = (mentorId: string, menteeId: string) => `${mentorId}\u0000${menteeId}`;

export interface PairToMeet {
  mentorId: string;
  menteeId: string;
  competencies: string[];
}

/** The pairs (mentor, mentee) with no dated meeting in the term of `today`, in the pairs' order. */
export function pairsWithoutMeeting(pairs: PairToMeet[], meetings: Meeting[], today: string): PairToMeet[] {
  const term = termOf(today);
  const met = new Set(meetings.filter((m) => m.date >= term.from && m.date <= term.to).map((m) => pairKey(m.mentorId, m.menteeId)));
  return pairs.filter((p) => !met.has(pairKey(p.mentorId, p.menteeId)));
}

/** The year plan's pairs grouped per mentor and mentee, with every competency they share. */
export function pairsToMeet(pairs: { mentorId: string; menteeId: string; competency: string }[]): PairToMeet[] {
  const out = new Map<string, PairToMeet>();
  for (const p of pairs) {
    const key = pairKey(p.mentorId, p.menteeId);
    const entry = out.get(key) ?? { mentorId: p.mentorId, menteeId: p.menteeId, competencies: [] };
    if (!entry.competencies.includes(p.competency)) entry.competencies.push(p.competency);
    out.set(key, entry);
  }
  return [...out.values()];
}
