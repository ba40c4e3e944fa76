import { sqliteTable, text, index, uniqueIndex } from "drizzle-orm/sqlite-core";

/** A merchant or storefront; every other row in the platform belongs to one. */
export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** Which rate-limit bucket the gateway applies: `standard` or `high`. */
  plan: text("plan", { enum: ["standard", "high"] }).notNull().default("standard"),
  createdAt: text("created_at").notNull(),
});

/** API keys, stored only as SHA-256 hashes: the plaintext is shown once at creation. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    kind: text("kind", { enum: ["secret", "publishable"] }).notNull(),
    keyHash: text("key_hash").notNull(),
    /** The first characters of the key, so a user can tell keys apart without the secret. */
    hint: text("hint").notNull(),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash").on(t.keyHash), index("api_keys_tenant").on(t.tenantId)],
);
