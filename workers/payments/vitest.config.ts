import { workerProject } from "../../vitest.workers.ts";

export default workerProject("payments", { configPath: "workers/payments/wrangler.toml" });
