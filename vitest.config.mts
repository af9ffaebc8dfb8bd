import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Robustness and browser suites are heavy; two workers match the 2-core CI machine.
    maxWorkers: 2,
    // Fails the run when a process started by the tests (a traced program's children) is still alive.
    globalSetup: ['test/leftover-processes.ts'],
  },
});
