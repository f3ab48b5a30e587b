/**
 * The fakes' one clock. The bundle's `new Date()` and `Date.now()` read it (see bundle.ts), the
 * per-minute quotas count against it, and a test moves it on as people would: a click takes a
 * few seconds, a staff meeting puts many clicks in one minute.
 */
export class FakeClock {
  private ms: number;

  constructor(start: Date = new Date(Date.UTC(2026, 10, 23, 9, 0, 0))) {
    this.ms = start.getTime();
  }

  now(): number {
    return this.ms;
  }

  date(): Date {
    return new Date(this.ms);
  }

  advance(ms: number): void {
    this.ms += Math.max(0, ms);
  }

  set(when: Date): void {
    this.ms = when.getTime();
  }
}
