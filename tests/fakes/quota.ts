/**
 * The Sheets API's per-minute quotas, counted as Google counts them: read and write requests
 * separately, per user and per project. A request past either limit is refused with a 429 and
 * Google's text, and is not counted (it did nothing).
 *
 * Source: https://developers.google.com/sheets/api/limits — read requests 300 per minute per
 * project and 60 per minute per user per project; write requests the same. Going over gives a 429
 * ("use an exponential backoff algorithm. After 1 minute, you can execute requests again.").
 * The text, as users meet it: https://github.com/AutomaApp/automa/issues/1877,
 * https://github.com/obot-platform/obot/issues/104, https://github.com/r-lib/gargle/issues/160.
 * Calls are counted against the user the script runs as (a web app executing as its owner counts
 * every visitor against the owner: https://developers.google.com/apps-script/reference/base/session#getEffectiveUser()).
 * Google refills the quota every minute; the fake counts a sliding minute, which is stricter.
 */
import type { FakeClock } from "./clock";

export type QuotaKind = "read" | "write";

export const QUOTA_LIMITS = { perUser: 60, perProject: 300 } as const;

const METRIC: Record<QuotaKind, string> = { read: "Read requests", write: "Write requests" };

/** Google's words for a refused request, as the Apps Script advanced service throws them. */
export function quotaExceeded(method: string, kind: QuotaKind, scope: "user" | "project", projectNumber: number): Error {
  const limit = scope === "user" ? `${METRIC[kind]} per minute per user` : `${METRIC[kind]} per minute`;
  const error = new Error(
    `API call to ${method} failed with error: Quota exceeded for quota metric '${METRIC[kind]}' and limit '${limit}' of service 'sheets.googleapis.com' for consumer 'project_number:${projectNumber}'.`,
  );
  (error as Error & { code?: number }).code = 429;
  return error;
}

export class QuotaMeter {
  /** [when, user] of each request counted, by kind. */
  private readonly log: Record<QuotaKind, { at: number; user: string }[]> = { read: [], write: [] };
  /** Off only for tests that are about something else and make many calls at one instant. */
  enforced = true;

  constructor(
    private readonly clock: FakeClock,
    readonly projectNumber = 318_204_771_552,
    readonly limits: { perUser: number; perProject: number } = { ...QUOTA_LIMITS },
  ) {}

  private recent(kind: QuotaKind): { at: number; user: string }[] {
    const since = this.clock.now() - 60_000;
    const kept = this.log[kind].filter((e) => e.at > since);
    this.log[kind] = kept;
    return kept;
  }

  /** Counts one request by `user`, or throws Google's 429 when the minute is full. */
  charge(method: string, kind: QuotaKind, user: string): void {
    const recent = this.recent(kind);
    if (this.enforced) {
      if (recent.length >= this.limits.perProject) throw quotaExceeded(method, kind, "project", this.projectNumber);
      if (recent.filter((e) => e.user === user).length >= this.limits.perUser) throw quotaExceeded(method, kind, "user", this.projectNumber);
    }
    recent.push({ at: this.clock.now(), user });
  }

  /** Requests of `kind` counted in the last minute, by `user` or in all. */
  used(kind: QuotaKind, user?: string): number {
    return this.recent(kind).filter((e) => user === undefined || e.user === user).length;
  }
}
