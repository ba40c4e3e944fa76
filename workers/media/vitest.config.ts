import { workerProject } from "../../vitest.workers.ts";

// Lookups read a fresh snapshot every time here, so a test sees its own heartbeat at once;
// the snapshot memo is tested on its own (shared/memo/refresh-ahead.test.ts, run here) and under lookups (test/lookup-cost.test.ts).
export default workerProject("media", { configPath: "workers/media/wrangler.toml", bindings: { SNAPSHOT_MAX_AGE_MS: "0" }, sharedTests: ["shared/memo/*.test.ts"] });
