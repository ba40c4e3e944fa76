import { and, eq, sql } from "drizzle-orm";
import { paymentIntents, paymentModificationClaims } from "../../../../shared/db/schema/payments";
import type { Db } from "./db";

const C = paymentModificationClaims;
const I = paymentIntents;

/**
 * The INSERT keeping a claim `key` on intent `intentId`, unexecuted (for the claim's batch): only when the intent holds
 * that very claim (so it runs after the claim's UPDATE and writes nothing when that claimed nothing), and once.
 */
export function keepClaimQuery(database: Db, c: { key: string; tenantId: string; intentId: string; action: "capture" | "cancel"; amount: number | null; claimedAt: string }) {
  return database
    .insert(C)
    .select(
      sql`SELECT ${c.key}, ${c.tenantId}, ${c.intentId}, ${c.action}, ${c.amount}, ${c.claimedAt}
        WHERE EXISTS (SELECT 1 FROM ${I} WHERE ${I.id} = ${c.intentId} AND ${I.pendingKey} = ${c.key})`,
    )
    .onConflictDoNothing();
}

/** Whether `key` is the key of a capture or cancel ever claimed on the tenant's intent `intentId`. */
export async function wasClaimed(database: Db, tenantId: string, intentId: string, key: string): Promise<boolean> {
  const [row] = await database.select({ key: C.key }).from(C).where(and(eq(C.key, key), eq(C.intentId, intentId), eq(C.tenantId, tenantId)));
  return row !== undefined;
}
