import { applyD1Migrations, env } from "cloudflare:test";

// Every Worker test file starts on a schema identical to production's.
const testEnv = env as unknown as { DB?: D1Database; TEST_MIGRATIONS: Parameters<typeof applyD1Migrations>[1] };
if (testEnv.DB) await applyD1Migrations(testEnv.DB, testEnv.TEST_MIGRATIONS);
