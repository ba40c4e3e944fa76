import { workerProject } from "../../vitest.workers.ts";

// A shard full at 6 viewers, so a test can fill one (wrangler.toml's 20,000 elsewhere).
export default workerProject("chat", { configPath: "workers/chat/wrangler.toml", bindings: { LIVE_SHARD_MAX_VIEWERS: "6" } });
