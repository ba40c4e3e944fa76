import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Request log lines (shared/http/log.ts) are pinned by their own tests; printing them all buries failures.
    onConsoleLog: (log) => !log.startsWith('{"service":'),
    projects: ["workers/*/vitest.config.ts", "e2e/vitest.config.ts"],
  },
});
