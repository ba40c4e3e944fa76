import { workerProject } from "../../vitest.workers.ts";

export default workerProject("catalog", { configPath: "workers/catalog/wrangler.toml" });
