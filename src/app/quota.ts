/**
 * The Sheets API allows a user 60 read and 60 write requests a minute. A district gathering reads
 * two requests per school, so steps one after another would pass that within a minute. Each step
 * notes what it spent, with the time it ended, and takes only as many schools as the last minute
 * leaves room for; when none fits, it tells the sidebar how long to wait.
 *
 * A step's calls are dated when it ends, so each is held a little longer than the API holds it:
 * the pace errs on the safe side.
 */
export const PER_MINUTE = 60;
const MINUTE = 60_000;

/** [when the step ended (ms), how many requests it made]. */
export type CallLog = [number, number][];

export interface StepCost {
  /** Requests a step makes whatever it does (the district's own tabs). */
  fixed: number;
  /** Requests per school read. */
  perItem: number;
}

/** The log without what has left the last minute. */
export function recent(log: CallLog, now: number): CallLog {
  return log.filter(([at]) => at > now - MINUTE);
}

/** How many items a step may take now, at most `wanted`, and how long to wait when it is none. */
export function pace(log: CallLog, now: number, cost: StepCost, wanted: number): { items: number; waitMs: number } {
  const kept = recent(log, now);
  const used = kept.reduce((n, [, calls]) => n + calls, 0);
  const room = PER_MINUTE - used - cost.fixed;
  const items = Math.max(0, Math.min(wanted, Math.floor(room / cost.perItem)));
  return { items, waitMs: items > 0 ? 0 : waitFor(kept, now, cost.fixed + cost.perItem * Math.max(1, wanted)) };
}

/** Milliseconds until `needed` requests fit in the minute (at most a minute). */
export function waitFor(log: CallLog, now: number, needed: number): number {
  const kept = recent(log, now).sort((a, b) => a[0] - b[0]);
  let used = kept.reduce((n, [, calls]) => n + calls, 0);
  for (const [at, calls] of kept) {
    if (PER_MINUTE - used >= needed) break;
    used -= calls;
    if (PER_MINUTE - used >= needed) return Math.max(0, at + MINUTE - now + 1);
  }
  return PER_MINUTE - used >= needed ? 0 : MINUTE;
}
