import { defineConfig } from 'vitest/config';

// The CLI's own unit tests; the template matrix runs separately (npm run test:matrix).
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
