import { and, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { apiKeys, tenants } from "../../../../shared/db/schema";
import type { KeyKind } from "../../../../shared/http/context";

export interface KeyRecord {
  keyId: string;
  tenantId: string;
  kind: KeyKind;
  plan: "standard" | "high";
}

/** The live key with this hash and its tenant, or null. */
export async function findKeyByHash(db: D1Database, keyHash: string): Promise<KeyRecord | null> {
  const rows = await drizzle(db)
    .select({ keyId: apiKeys.id, tenantId: apiKeys.tenantId, kind: apiKeys.kind, plan: tenants.plan })
    .from(apiKeys)
    .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .limit(1);
  return rows[0] ?? null;
}
