import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Idempotency keys (Stripe's semantics): the first request with a key claims
 * it (`pending`), and its answer is stored (`done`) so a retry replays it.
 * Scoped by tenant (or `platform` for operator routes); kept until `expires_at`.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(),
    key: text("idem_key").notNull(),
    /** SHA-256 of method, path and body: the same key with another request is a 409. */
    fingerprint: text("fingerprint").notNull(),
    state: text("state", { enum: ["pending", "done"] }).notNull(),
    /** Epoch ms after which a `pending` claim counts as abandoned (its Worker died) and may be retaken. */
    lockedUntil: integer("locked_until").notNull(),
    status: integer("status"),
    /** The stored answer's headers as JSON `[name, value][]`. */
    headers: text("headers"),
    body: text("body"),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index("idempotency_keys_expiry").on(t.expiresAt)],
);
