import { workerProject } from "../../vitest.workers.ts";

// The gateway's tests reach real services: the prebuilt bundles from `npm run build`.
export default workerProject("gateway", {
  sharedTests: ["shared/http/*.test.ts"],
  configPath: "wrangler.toml",
  auxiliary: ["catalog", "payments", "provider-sim", "media", "chat", "ip", "storefront"],
  // A small standard budget, so the one test against Miniflare's real limiter (auth.test.ts) needs few requests
  // however slow the machine is. The other rate-limit tests swap in fake limiters (test/helpers.ts, fakeLimiters).
  miniflare: { ratelimits: { RATE_LIMIT_STANDARD: { simple: { limit: 20, period: 10 } } } },
});
