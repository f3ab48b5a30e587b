/** Кыргызча: the messages of the year-round tools (1.1 observations, 1.2 mentoring, 1.3 portfolio, 4.5's observation table). Spread into ky.ts. */
export const kyYearRound = {
} as const;
