import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{grammar,compiler,runtime,cli,policies,playground,tests,scripts,bench,serve,sql}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "playground/dist/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
