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

/** The statement that reads a tenant's catalog version (a point read); `versionOf` turns its rows into the number. */
export const versionQuery = (database: Db, tenantId: string) =>
  database.select({ v: catalogVersions.version }).from(catalogVersions).where(eq(catalogVersions.tenantId, tenantId));

/** A tenant with no write yet has no row: version 0. */
export const versionOf = (rows: { v: number }[]) => rows[0]?.v ?? 0;

/** This isolate's reading of the version if it is younger than `maxAgeMs`; undefined means ask D1. */
export function knownVersion(tenantId: string, maxAgeMs: number, now = Date.now()): number | undefined {
  const hit = memo.get(tenantId);
  return hit && now - hit.at < maxAgeMs ? hit.version : undefined;
}

/** Records a reading of the version taken from D1 at `now`. */
export function rememberVersion(tenantId: string, version: number, now = Date.now()) {
  if (memo.size >= 10_000) memo.clear();
  memo.set(tenantId, { version, at: now });
}

/**
 * The tenant's catalog version, the key every cached read is filed under.
 * D1 is the one authority every isolate everywhere agrees on (KV would lag by
 * up to a minute); `maxAgeMs` bounds how long an isolate trusts its last
 * reading: 0 reads D1 on every request (strictly fresh everywhere), a quarter
 * second makes hot cached reads skip D1 while a write elsewhere shows within
 * it (and at once in the isolate that wrote).
 */
export async function catalogVersion(database: Db, tenantId: string, maxAgeMs = 0, now = Date.now()): Promise<number> {
  const known = knownVersion(tenantId, maxAgeMs, now);
  if (known !== undefined) return known;
  const version = versionOf(await versionQuery(database, tenantId));
  rememberVersion(tenantId, version, now);
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
