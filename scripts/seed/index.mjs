// The demo data, as idempotent SQL: running it twice changes nothing.
import { createHash } from "node:crypto";
import { ipSql } from "./ip.mjs";
import { catalogSql } from "./catalog.mjs";

const sha256 = (s) => createHash("sha256").update(s).digest("hex");
const q = (v) => (v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

// Ids in the format shared/ids.ts makes (Crockford base32 has no O): the admin routes validate them by that pattern.
export const DEMO_TENANT = "ten_01JDEM00000000000000000000";
export const DEMO_KEYS = { secret: "sk_test_demo", publishable: "pk_test_demo" };
const SEEDED_AT = "2026-01-01T00:00:00.000Z";

/** Every seed section in order; services add theirs here. */
const sections = [tenantSql, () => catalogSql(DEMO_TENANT), ipSql];

function tenantSql() {
  return [
    `INSERT OR IGNORE INTO tenants (id, name, plan, created_at) VALUES (${q(DEMO_TENANT)}, 'Demo Seller', 'high', ${q(SEEDED_AT)});`,
    ...Object.entries(DEMO_KEYS).map(
      ([kind, key]) =>
        `INSERT OR IGNORE INTO api_keys (id, tenant_id, kind, key_hash, hint, created_at) VALUES (${q(`key_01JDEM0${kind === "secret" ? "S" : "P"}000000000000000000`)}, ${q(DEMO_TENANT)}, ${q(kind)}, ${q(sha256(key))}, ${q(key)}, ${q(SEEDED_AT)});`,
    ),
  ].join("\n");
}

export async function seedSql() {
  const parts = [];
  for (const s of sections) parts.push(await s());
  return parts.join("\n") + "\n";
}

export { q as sqlLiteral };
