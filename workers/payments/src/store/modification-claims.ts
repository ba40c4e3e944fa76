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

/**
 * The start of the key of a late charge's reversing cancel (`reversalKey("cancel", …)` in service/late-charge): the
 * attempt's key (`<intent id>:<n>`) follows it.
 */
export const REVERSAL_CANCEL = "cancel:reversal:";

/** Whether `key` is a late charge's reversing cancel. */
export const isReversalCancel = (key: string) => key.startsWith(REVERSAL_CANCEL);

/**
 * Whether the tenant's intent `intentId` holds an authorisation a charge marked not done at review got after all, whose
 * cancel was claimed to reverse it (`reviveLateCharge`): it must never be captured by us, whatever became of that cancel.
 * A range of the claims' primary key: every such key is `cancel:reversal:<intent id>:<n>`.
 */
export async function wasReversed(database: Db, tenantId: string, intentId: string): Promise<boolean> {
  const from = `${REVERSAL_CANCEL}${intentId}:`;
  const to = `${REVERSAL_CANCEL}${intentId};`;
  const [row] = await database
    .select({ key: C.key })
    .from(C)
    .where(and(sql`${C.key} >= ${from}`, sql`${C.key} < ${to}`, eq(C.intentId, intentId), eq(C.tenantId, tenantId)))
    .limit(1);
  return row !== undefined;
}
