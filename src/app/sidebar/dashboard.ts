/**
 * The завуч's dashboard: where the cycle stands, step by step, each with what is left to do and a
 * cell to go to when there is one.
 */
import { agreeLevels } from "../../core/agreement";
import { t, type Lang, type MessageKey } from "../../core/messages/index";
import { frameworksOf } from "../../core/people";
import { problemMessage } from "../../core/problems";
import type { CheckOutcome } from "../check";
import { TAB_STAFF } from "../../workbook/schema";
import { pairsToMeet, pairsWithoutMeeting } from "../../core/yearRound/mentoringLog";
import { computeCycle } from "../cycle";
import { portfolioStatus } from "../../core/yearRound/portfolio";

export interface LeftItem {
  text: string;
  tab?: string;
  cell?: string;
}

export interface Step {
  key: "roster" | "self" | "supervisor" | "invalid" | "unresolved" | "priorities" | YearRoundStep;
  done: number;
  total: number;
  ok: boolean;
  left: LeftItem[];
}

const MAX_LEFT = 50;

export type YearRoundStep = "mentoring" | "portfolio" | "portfolioReviewed";

/** `today` (yyyy-mm-dd) sets the term whose mentoring meetings count. */
export function dashboard(outcome: CheckOutcome, lang: Lang, today: string): Step[] {
  const { records } = outcome;
  const name = (id: string) => records.people.find((p) => p.id === id)?.name ?? id;
  const fw = (f: string) => t(lang, `framework.${f}.short` as MessageKey);
  const pairs = records.people.flatMap((p) => frameworksOf(p).map((f) => ({ id: p.id, fw: f })));
  const missingBy = (rater: "self" | "supervisor") => {
    const counts = new Map<string, number>();
    for (const m of outcome.missing) if (m.rater === rater) counts.set(`${m.personId}|${m.framework}`, (counts.get(`${m.personId}|${m.framework}`) ?? 0) + 1);
    return counts;
  };
  const raterStep = (key: "self" | "supervisor"): Step => {
    const missing = missingBy(key);
    const invalid = new Set(outcome.problems.filter((p) => p.code.startsWith("problem.level") && p.personId).map((p) => `${p.personId}|${p.framework}`));
    const open = pairs.filter((p) => missing.has(`${p.id}|${p.fw}`) || invalid.has(`${p.id}|${p.fw}`));
    return {
      key,
      done: pairs.length - open.length,
      total: pairs.length,
      ok: open.length === 0,
      left: open.map((p) => ({ text: `${name(p.id)} — ${fw(p.fw)}: ${missing.get(`${p.id}|${p.fw}`) ?? 0}` })),
    };
  };

  const rosterProblems = outcome.problems.filter((p) => p.tab === TAB_STAFF);
  const levelProblems = outcome.problems.filter((p) => p.code.startsWith("problem.level"));
  const unresolved = agreeLevels(records.people, records.levels, false).unresolved.filter((u) => u.self !== null && u.supervisor !== null);
  const chosen = new Set(records.priorities.map((c) => `${c.personId}|${c.framework}`));
  const steps: Step[] = [
    {
      key: "roster",
      done: records.people.length - new Set(rosterProblems.map((p) => p.personId || p.cell)).size,
      total: records.people.length,
      ok: records.people.length > 0 && rosterProblems.length === 0,
      left: rosterProblems.map((p) => ({ text: `${p.cell}: ${problemMessage(p, lang)}`, tab: p.tab, cell: p.cell })),
    },
    raterStep("self"),
    raterStep("supervisor"),
    {
      key: "invalid",
      done: levelProblems.length,
      total: levelProblems.length,
      ok: levelProblems.length === 0,
      left: levelProblems.map((p) => ({ text: `${p.tab}!${p.cell} — ${name(p.personId)}: «${p.value}»`, tab: p.tab, cell: p.cell })),
    },
    {
      key: "unresolved",
      done: unresolved.length,
      total: unresolved.length,
      ok: unresolved.length === 0,
      left: unresolved.map((u) => ({ text: `${name(u.personId)} — ${fw(u.framework)} ${u.competency}: ${u.self} / ${u.supervisor}` })),
    },
    {
      key: "priorities",
      done: pairs.filter((p) => chosen.has(`${p.id}|${p.fw}`)).length,
      total: pairs.length,
      ok: pairs.every((p) => chosen.has(`${p.id}|${p.fw}`)),
      left: pairs.filter((p) => !chosen.has(`${p.id}|${p.fw}`)).map((p) => ({ text: `${name(p.id)} — ${fw(p.fw)}` })),
    },
    ...yearRoundSteps(outcome, name, today),
  ];
  return steps.map((s) => ({ ...s, left: s.left.slice(0, MAX_LEFT) }));
}

/**
 * The year-round tools: the year plan's mentoring pairs (as they stand today, not last year's, whose
 * rows stay in the log) that have had no meeting this term, and the teachers' portfolios, complete
 * and reviewed.
 */
function yearRoundSteps(outcome: CheckOutcome, name: (id: string) => string, today: string): Step[] {
  const { meetings, portfolios, reviews } = outcome.records.yearRound;
  const pairs = pairsToMeet(computeCycle(outcome.records, true, today).mentoring.pairs);
  const waiting = pairsWithoutMeeting(pairs, meetings, today);
  const ids = outcome.records.people.filter((p) => frameworksOf(p).includes("teacher")).map((p) => p.id);
  const { incomplete, unreviewed } = portfolioStatus(ids, portfolios, reviews);
  return [
    {
      key: "mentoring",
      done: pairs.length - waiting.length,
      total: pairs.length,
      ok: waiting.length === 0,
      left: waiting.map((p) => ({ text: `${name(p.mentorId)} → ${name(p.menteeId)} (${p.competencies.join(", ")})` })),
    },
    {
      key: "portfolio",
      done: ids.length - incomplete.length,
      total: ids.length,
      ok: incomplete.length === 0,
      left: incomplete.map((p) => ({ text: `${name(p.personId)}: ${p.missing}` })),
    },
    {
      key: "portfolioReviewed",
      done: ids.length - unreviewed.length,
      total: ids.length,
      ok: unreviewed.length === 0,
      left: unreviewed.map((id) => ({ text: name(id) })),
    },
  ];
}
