import { workerProject } from "../../vitest.workers.ts";

export default workerProject("media", { configPath: "workers/media/wrangler.toml" });
