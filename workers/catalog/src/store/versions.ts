import { eq, sql } from "drizzle-orm";
import { catalogVersions } from "../../../../shared/db/schema";
import type { BatchItem } from "drizzle-orm/batch";
import { atomically, type Db } from "./db";

/**
 * Each isolate's last reading of each tenant's catalog version. A write
 * forgets its tenant's entry, so the isolate that wrote (and, through the
 * memo's TTL, every other isolate) reads the new version next.
 */
const memo = new Map<string, { version: number; at: number }>();

/**
 * The tenant's catalog version, the key every cached read is filed under.
 * D1 is the one authority every isolate everywhere agrees on (KV would lag by
 * up to a minute); `maxAgeMs` bounds how long an isolate trusts its last
 * reading: 0 reads D1 on every request (strictly fresh everywhere, one query
 * per read), a second makes hot cached reads skip D1 while a write elsewhere
 * shows within that second (and at once in the isolate that wrote).
 */
export async function catalogVersion(database: Db, tenantId: string, maxAgeMs = 0, now = Date.now()): Promise<number> {
  const hit = memo.get(tenantId);
  if (hit && now - hit.at < maxAgeMs) return hit.version;
  const [row] = await database.select({ v: catalogVersions.version }).from(catalogVersions).where(eq(catalogVersions.tenantId, tenantId));
  const version = row?.v ?? 0;
  if (memo.size >= 10_000) memo.clear();
  memo.set(tenantId, { version, at: now });
  return version;
}

/**
 * Runs a catalog write in one transaction with the bump of the tenant's
 * version, then drops this isolate's reading so its next read sees the write.
 */
export async function commitWrite(database: Db, tenantId: string, statements: BatchItem<"sqlite">[]) {
  const bump = database
    .insert(catalogVersions)
    .values({ tenantId, version: 1 })
    .onConflictDoUpdate({ target: catalogVersions.tenantId, set: { version: sql`${catalogVersions.version} + 1` } });
  try {
    return await atomically(database, [...statements, bump]);
  } finally {
    memo.delete(tenantId);
  }
}
