import { workerProject } from "../../vitest.workers.ts";

export default workerProject("ip", { configPath: "workers/ip/wrangler.toml" });
