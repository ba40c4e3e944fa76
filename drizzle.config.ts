import { defineConfig } from "drizzle-kit";

/** One schema for the one D1 database; wrangler applies the SQL this writes to `migrations/`. */
export default defineConfig({
  dialect: "sqlite",
  schema: "./shared/db/schema/index.ts",
  out: "./migrations",
});
