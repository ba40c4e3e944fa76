import { applyD1Migrations, env } from "cloudflare:test";

// Every Worker test file starts on a schema identical to production's.
const testEnv = env as unknown as { DB?: D1Database; TEST_MIGRATIONS: Parameters<typeof applyD1Migrations>[1] };
if (testEnv.DB) await applyD1Migrations(testEnv.DB, testEnv.TEST_MIGRATIONS);

// The platform calls nothing outside itself (services talk over bindings): an outbound request from a
// Worker under test is a bug to surface, never a network call to make.
globalThis.fetch = async (input: RequestInfo | URL) => {
  const url = input instanceof Request ? input.url : String(input);
  throw new Error(`unmocked outbound request to ${url}`);
};
