import { eq, sql, type SQL } from "drizzle-orm";
import { paymentRouting } from "../../../../shared/db/schema/payments";
import type { RoutingRule } from "../domain/routing";
import type { Db } from "./db";

const T = paymentRouting;

/** A tenant's rules as read, with the stored text they came from (null: the tenant never put any). */
export interface RulesReading {
  rules: RoutingRule[];
  updatedAt: string | null;
  text: string | null;
}

const reading = (text: string | null, updatedAt: string | null): RulesReading => ({ rules: text === null ? [] : (JSON.parse(text) as RoutingRule[]), updatedAt, text });

/** The tenant's routing rules, in order (none until it puts some). */
export async function readRules(database: Db, tenantId: string): Promise<RulesReading> {
  const [row] = await database.select({ rules: T.rules, updatedAt: T.updatedAt }).from(T).where(eq(T.tenantId, tenantId));
  return row ? reading(row.rules, row.updatedAt) : reading(null, null);
}

/** Replaces the tenant's rules as a whole; answers the reading a later read would give. */
export async function writeRules(database: Db, tenantId: string, rules: RoutingRule[], now: string): Promise<RulesReading> {
  const text = JSON.stringify(rules);
  await database
    .insert(T)
    .values({ tenantId, rules: text, updatedAt: now })
    .onConflictDoUpdate({ target: T.tenantId, set: { rules: text, updatedAt: now } });
  return reading(text, now);
}

/**
 * True while the tenant's stored rules are still exactly `text` (a remembered reading): a condition for a
 * statement in the same batch, so a decision made on remembered rules is written only if they still hold.
 */
export const rulesStillAre = (tenantId: string, text: string | null): SQL =>
  sql`(SELECT ${T.rules} FROM ${T} WHERE ${T.tenantId} = ${tenantId}) IS ${text}`;
