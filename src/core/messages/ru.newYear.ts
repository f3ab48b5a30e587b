/** Русский: every key of ky.newYear.ts, translated. */
import type { kyNewYear } from "./ky.newYear";

export const ruNewYear: Record<keyof typeof kyNewYear, string> = {
};
