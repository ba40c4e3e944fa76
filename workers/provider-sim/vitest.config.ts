import { workerProject } from "../../vitest.workers.ts";

// The simulator is exercised through the payments Worker's tests (its connectors are its clients). Alone it has
// no payments Worker to send Adyen's notifications to: they are accepted and dropped.
export default workerProject("provider-sim", {
  configPath: "workers/provider-sim/wrangler.toml",
  miniflare: { serviceBindings: { PAYMENTS: () => new Response("[accepted]") } },
});
