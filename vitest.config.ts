import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Vitest leaves one core to itself by default, which on a 2-core machine runs the files one at
    // a time; they are CPU-bound, so both cores run files.
    maxWorkers: 2,
    globalSetup: ["tests/globalSetup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
