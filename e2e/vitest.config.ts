import { defineProject } from "vitest/config";

// End-to-end tests: Node talks HTTP and WebSocket to the real local stack that globalSetup starts.
export default defineProject({
  test: {
    name: "e2e",
    root: new URL("..", import.meta.url).pathname,
    include: ["e2e/**/*.test.ts"],
    globalSetup: ["e2e/setup/stack.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
