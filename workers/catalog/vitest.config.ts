import { readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { workerProject } from "../../vitest.workers.ts";

// The IP service runs beside the catalog (prebuilt by `npm run build`): listings are cleared over its RPC.
// MIGRATION_DB (and MIGRATION_DB_0036) is a second, empty database: a migration's test applies the migrations before it,
// writes rows, then it. One each: test files share a database, and a migration test needs one no other has migrated.
// AFTER_RESTORE holds the operators' SQL for after a D1 restore (docs/d1-restore.md), split into statements as wrangler does.
export default workerProject("catalog", {
  configPath: "workers/catalog/wrangler.toml",
  auxiliary: ["ip"],
  bindings: { AFTER_RESTORE: await readD1Migrations(new URL("../../scripts/after-restore", import.meta.url).pathname) },
  miniflare: { d1Databases: { MIGRATION_DB: "catalog-migration-test", MIGRATION_DB_0036: "catalog-migration-0036-test" } },
});
