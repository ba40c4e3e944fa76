import { eq } from "drizzle-orm";
import { paymentRouting } from "../../../../shared/db/schema/payments";
import type { RoutingRule } from "../domain/routing";
import type { Db } from "./db";

const T = paymentRouting;

/** The tenant's routing rules, in order (none until it puts some). */
export async function readRules(database: Db, tenantId: string): Promise<{ rules: RoutingRule[]; updatedAt: string | null }> {
  const [row] = await database.select().from(T).where(eq(T.tenantId, tenantId));
  return row ? { rules: JSON.parse(row.rules) as RoutingRule[], updatedAt: row.updatedAt } : { rules: [], updatedAt: null };
}

/** Replaces the tenant's rules as a whole. */
export async function writeRules(database: Db, tenantId: string, rules: RoutingRule[], now: string) {
  await database
    .insert(T)
    .values({ tenantId, rules: JSON.stringify(rules), updatedAt: now })
    .onConflictDoUpdate({ target: T.tenantId, set: { rules: JSON.stringify(rules), updatedAt: now } });
}
