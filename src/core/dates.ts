/** Calendar dates as YYYY-MM-DD text. */

export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * The time as a wall clock: a Date whose UTC fields are the local date and time where the school
 * is, so "today" (`toISOString().slice(0, 10)`) is the school's day and a log's timestamp its
 * hour. Every host hands the engine its time this way: Sheets in the spreadsheet's time zone, the
 * local runner in the computer's.
 * @param local "YYYY-MM-DDTHH:mm:ss" as a clock in that time zone shows it.
 */
export function wallClock(local: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(local);
  if (!m) throw new Error(`Not a local date and time: ${local}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

/** This computer's wall clock (the local runner's). */
export function localWallClock(at: Date = new Date()): Date {
  return new Date(Date.UTC(at.getFullYear(), at.getMonth(), at.getDate(), at.getHours(), at.getMinutes(), at.getSeconds()));
}
