import { workerProject } from "../../vitest.workers.ts";

// The gateway's tests reach real services: the prebuilt bundles from `npm run build`.
export default workerProject("gateway", {
  configPath: "wrangler.toml",
  auxiliary: ["catalog", "payments", "provider-sim", "media", "chat", "ip", "storefront"],
  // A small standard budget, so the 429 test needs few requests however slow the machine is.
  // The per-IP budget is larger, so a key's budget can be spent from one address before the address's is.
  miniflare: { ratelimits: { RATE_LIMIT_STANDARD: { simple: { limit: 20, period: 10 } }, RATE_LIMIT_IP: { simple: { limit: 40, period: 10 } } } },
});
