import { workerProject } from "../../vitest.workers.ts";

// The gateway's tests reach real services: the prebuilt bundles from `npm run build`.
export default workerProject("gateway", {
  configPath: "wrangler.toml",
  auxiliary: ["catalog", "payments", "media", "chat", "ip"],
});
