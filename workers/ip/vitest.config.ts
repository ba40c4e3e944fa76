import { workerProject } from "../../vitest.workers.ts";

// The catalog runs beside the service (prebuilt by `npm run build`): complaints hold listings over its RPC.
// The idempotency fingerprint's own tests run here too: evidence uploads are the multipart forms it exists for.
export default workerProject("ip", { configPath: "workers/ip/wrangler.toml", auxiliary: ["catalog"], sharedTests: ["shared/idempotency/*.test.ts"] });
