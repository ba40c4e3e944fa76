import { drizzle } from "drizzle-orm/d1";
import { apiKeys, tenants } from "../../../../shared/db/schema";
import { randomToken, sha256Hex } from "../../../../shared/crypto";
import { newId } from "../../../../shared/ids";

export interface CreatedTenant {
  id: string;
  name: string;
  plan: "standard" | "high";
  createdAt: string;
  keys: { secret: string; publishable: string };
}

/** Creates a tenant with one secret and one publishable key, in one batch so nothing is half-written. */
export async function createTenant(db: D1Database, name: string, plan: "standard" | "high"): Promise<CreatedTenant> {
  const id = newId("ten");
  const createdAt = new Date().toISOString();
  const secret = `sk_live_${randomToken(24)}`;
  const publishable = `pk_live_${randomToken(24)}`;
  const d = drizzle(db);
  const keyRow = async (kind: "secret" | "publishable", key: string) => ({
    id: newId("key"),
    tenantId: id,
    kind,
    keyHash: await sha256Hex(key),
    hint: key.slice(0, 12),
    createdAt,
  });
  await d.batch([
    d.insert(tenants).values({ id, name, plan, createdAt }),
    d.insert(apiKeys).values([await keyRow("secret", secret), await keyRow("publishable", publishable)]),
  ]);
  return { id, name, plan, createdAt, keys: { secret, publishable } };
}
