import { workerProject } from "../../vitest.workers.ts";

// The catalog runs beside the service (prebuilt by `npm run build`): complaints hold listings over its RPC.
export default workerProject("ip", { configPath: "workers/ip/wrangler.toml", auxiliary: ["catalog"] });
