import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{grammar,compiler,language,editors,runtime,cli,policies,playground,tests,scripts,bench,serve,analysis,sql}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "playground/dist/**"],
    globalSetup: ["tests/support/temp-root.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
