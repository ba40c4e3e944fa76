import { workerProject } from "../../vitest.workers.ts";

export default workerProject("chat", { configPath: "workers/chat/wrangler.toml" });
