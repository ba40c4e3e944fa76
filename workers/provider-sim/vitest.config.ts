import { workerProject } from "../../vitest.workers.ts";

// The simulator is exercised through the payments Worker's tests (its connectors are its clients).
export default workerProject("provider-sim", { configPath: "workers/provider-sim/wrangler.toml" });
