import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["workers/*/vitest.config.ts", "e2e/vitest.config.ts"],
  },
});
