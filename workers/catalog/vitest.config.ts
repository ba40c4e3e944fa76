import { workerProject } from "../../vitest.workers.ts";

// The IP service runs beside the catalog (prebuilt by `npm run build`): listings are cleared over its RPC.
export default workerProject("catalog", { configPath: "workers/catalog/wrangler.toml", auxiliary: ["ip"] });
