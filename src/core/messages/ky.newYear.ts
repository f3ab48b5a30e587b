/** Кыргызча: the messages of the new school year (rollover, history, change since last year). Spread into ky.ts. */
export const kyNewYear = {
} as const;
