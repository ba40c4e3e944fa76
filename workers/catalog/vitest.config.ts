import { workerProject } from "../../vitest.workers.ts";

// The IP service runs beside the catalog (prebuilt by `npm run build`): listings are cleared over its RPC.
// MIGRATION_DB is a second, empty database: a migration's test applies the migrations before it, writes rows, then it.
export default workerProject("catalog", { configPath: "workers/catalog/wrangler.toml", auxiliary: ["ip"], miniflare: { d1Databases: { MIGRATION_DB: "catalog-migration-test" } } });
