import { drizzle } from "drizzle-orm/d1";
import { apiKeys, tenants } from "../../../../shared/db/schema";
import { newId } from "../../../../shared/ids";
import { mintKey } from "./keys";

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
  const [secret, publishable] = await Promise.all([mintKey(id, "secret", createdAt), mintKey(id, "publishable", createdAt)]);
  const d = drizzle(db);
  await d.batch([d.insert(tenants).values({ id, name, plan, createdAt }), d.insert(apiKeys).values([secret.row, publishable.row])]);
  return { id, name, plan, createdAt, keys: { secret: secret.plaintext, publishable: publishable.plaintext } };
}
