import { workerProject } from "../../vitest.workers.ts";

// The provider simulator runs beside payments (prebuilt by `npm run build`): connectors speak Stripe's and Adyen's wire formats to it.
export default workerProject("payments", { configPath: "workers/payments/wrangler.toml", auxiliary: ["provider-sim"], sharedTests: ["shared/payments/*.test.ts"] });
