import { workerProject } from "../../vitest.workers.ts";

// Rendering and the pure parts run in workerd; the API binding is stubbed per test with a fetch
// handler (the real API is exercised by the Chromium journeys in e2e/storefront*.browser.test.ts).
export default workerProject("storefront", {
  configPath: "workers/storefront/wrangler.toml",
  bindings: { STOREFRONT_PUBLISHABLE_KEY: "pk_test_demo", STOREFRONT_SECRET_KEY: "sk_test_storefront", SESSION_SECRET: "test-session-secret-0123456789abcdef" },
  // The config binds API to ecp-gateway; here each test answers it itself (test/helpers.ts), so this one refuses.
  miniflare: { serviceBindings: { API: () => new Response("no API in unit tests", { status: 503 }) } },
});
