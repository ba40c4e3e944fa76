import { and, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { randomToken, sha256Hex } from "../../../../shared/crypto";
import { apiKeys, tenants } from "../../../../shared/db/schema";
import type { KeyKind } from "../../../../shared/http/context";
import { newId } from "../../../../shared/ids";

export interface KeyRecord {
  keyId: string;
  tenantId: string;
  kind: KeyKind;
  plan: "standard" | "high";
}

/** A key's row as stored (hash only) and its plaintext, which is shown once and never stored. */
export interface MintedKey {
  row: typeof apiKeys.$inferInsert & { createdAt: string };
  plaintext: string;
}

/** A new random key of that kind for the tenant: `sk_live_…` or `pk_live_…`. */
export async function mintKey(tenantId: string, kind: KeyKind, createdAt: string): Promise<MintedKey> {
  const plaintext = `${kind === "secret" ? "sk" : "pk"}_live_${randomToken(24)}`;
  return {
    plaintext,
    row: { id: newId("key"), tenantId, kind, keyHash: await sha256Hex(plaintext), hint: plaintext.slice(0, 12), createdAt },
  };
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

async function tenantExists(db: D1Database, tenantId: string): Promise<boolean> {
  const rows = await drizzle(db).select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  return rows.length > 0;
}

/** Issues another key for an existing tenant (rotation: issue, deploy, then revoke the old one). Null if no such tenant. */
export async function issueKey(db: D1Database, tenantId: string, kind: KeyKind): Promise<MintedKey | null> {
  if (!(await tenantExists(db, tenantId))) return null;
  const minted = await mintKey(tenantId, kind, new Date().toISOString());
  await drizzle(db).insert(apiKeys).values(minted.row);
  return minted;
}

/** The tenant's keys without their secrets; null if no such tenant. */
export async function listKeys(db: D1Database, tenantId: string) {
  if (!(await tenantExists(db, tenantId))) return null;
  return drizzle(db)
    .select({ id: apiKeys.id, kind: apiKeys.kind, hint: apiKeys.hint, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.tenantId, tenantId))
    .orderBy(apiKeys.id);
}

/**
 * Revokes one of the tenant's keys; answers its hash (to drop it from caches), or null if the tenant has no such key.
 * A key already revoked keeps its first `revokedAt`: when a leaked key stopped working is evidence.
 */
export async function revokeKey(db: D1Database, tenantId: string, keyId: string): Promise<string | null> {
  const d = drizzle(db);
  const mine = and(eq(apiKeys.id, keyId), eq(apiKeys.tenantId, tenantId));
  const rows = await d.update(apiKeys).set({ revokedAt: new Date().toISOString() }).where(and(mine, isNull(apiKeys.revokedAt))).returning({ keyHash: apiKeys.keyHash });
  if (rows[0]) return rows[0].keyHash;
  const [revoked] = await d.select({ keyHash: apiKeys.keyHash }).from(apiKeys).where(mine).limit(1);
  return revoked?.keyHash ?? null;
}
