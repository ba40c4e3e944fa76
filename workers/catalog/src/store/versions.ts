import { inArray, sql } from "drizzle-orm";
import { catalogVersions } from "../../../../shared/db/schema";
import type { BatchItem } from "drizzle-orm/batch";
import { RefreshAheadMemo, type Held } from "../../../../shared/memo/refresh-ahead";
import { atomically, type Db } from "./db";

/**
 * The platform's own tenant id: its default FX rates are filed under it, and its catalog version is that of the
 * reference data (migration 0019 bumps it on every change).
 */
export const PLATFORM = "*";

/**
 * What a cached read depends on: the tenant's catalog and the platform's reference data (markets, VAT,
 * restrictions, default FX rates). Both only grow, and both come from one D1 statement, so two readings
 * are always ordered: a later one is at least as new in each part. A bump moves a version to the time in
 * ms when that is more than one step, so no number is issued twice, not even after a D1
 * Time Travel restore took the versions back (docs/d1-restore.md).
 */
export interface CatalogVersion {
  tenant: number;
  platform: number;
}

const newer = (a: CatalogVersion, b: CatalogVersion) => a.tenant > b.tenant || a.platform > b.platform;

/**
 * A reading never replaces a newer one: versions only grow, and a reading that left before a write in this
 * isolate may land after the write recorded its own. A D1 restore takes them back; the operators' step after
 * it moves them past any an isolate holds.
 */
const replaces = (next: Held<CatalogVersion>, held: Held<CatalogVersion>) =>
  !newer(held.value, next.value) && (newer(next.value, held.value) || held.at < next.at);

/**
 * Each isolate's last reading of each tenant's catalog version. A write
 * records the version it wrote, so the isolate that wrote reads its own write
 * at once; every other isolate reads it within the memo's TTL.
 */
const memo = new RefreshAheadMemo<CatalogVersion>(10_000, () => Date.now(), replaces);

/** The time in ms as D1 sees it, which every bump reads (migration 0030: the platform's triggers and the restore step too). */
const clockMs = sql`(SELECT ms FROM catalog_version_clock)`;

/** The statement that reads a tenant's catalog version and the platform's (point reads); `versionOf` makes them one. */
export const versionQuery = (database: Db, tenantId: string) =>
  database
    .select({ t: catalogVersions.tenantId, v: catalogVersions.version })
    .from(catalogVersions)
    .where(inArray(catalogVersions.tenantId, [tenantId, PLATFORM]));

/** A tenant with no write yet has no row: version 0 (so has a database migrated before 0019, for the platform). */
export const versionOf = (rows: { t: string; v: number }[], tenantId: string): CatalogVersion => ({
  tenant: rows.find((r) => r.t === tenantId)?.v ?? 0,
  platform: rows.find((r) => r.t === PLATFORM)?.v ?? 0,
});

/** This isolate's reading of the version if it is younger than `maxAgeMs`; undefined means ask D1. */
export function knownVersion(tenantId: string, maxAgeMs: number, now = Date.now()): CatalogVersion | undefined {
  return memo.held(tenantId, maxAgeMs, now);
}

/** Records a reading of the version taken at `now`, unless the one held is newer (`replaces`). */
export function rememberVersion(tenantId: string, version: CatalogVersion, now = Date.now()) {
  memo.remember(tenantId, version, now);
}

/**
 * Refresh-ahead: a reading past half its age limit is read again in the background, one read per tenant
 * at a time. Under steady traffic the reading then never expires, so no request waits for the version, and
 * the requests in flight when it would have expired do not each read it (with their rows) at once.
 */
export function refreshVersionAhead(database: Db, tenantId: string, maxAgeMs: number, now: number, waitUntil: (work: Promise<unknown>) => void) {
  memo.refresh(tenantId, maxAgeMs, async () => versionOf(await versionQuery(database, tenantId), tenantId), waitUntil, now);
}

/**
 * The tenant's catalog version, the key every cached read is filed under.
 * D1 is the one authority every isolate everywhere agrees on (KV would lag by
 * up to a minute); `maxAgeMs` bounds how long an isolate trusts its last
 * reading: 0 reads D1 on every request (strictly fresh everywhere), a quarter
 * second makes hot cached reads skip D1 while a write elsewhere shows within
 * it (and at once in the isolate that wrote).
 */
export async function catalogVersion(database: Db, tenantId: string, maxAgeMs = 0, now = Date.now()): Promise<CatalogVersion> {
  const known = knownVersion(tenantId, maxAgeMs, now);
  if (known !== undefined) return known;
  const version = versionOf(await versionQuery(database, tenantId), tenantId);
  rememberVersion(tenantId, version, now);
  return version;
}

/**
 * Sends a write's statements as one D1 batch; the results, or null when nothing of this request was
 * written (an idempotent request whose duplicate's answer is replayed instead).
 */
export type BatchRunner = (statements: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]) => Promise<unknown[] | null>;

/**
 * Runs a catalog write in one transaction with the bump of the tenant's
 * version, and records the version it wrote as this isolate's reading, so
 * its next read sees the write. The bump's row is the last result. `run`
 * sends the batch (default: as it is); a creating route passes one that adds
 * its stored idempotent answer to the same transaction (`commitIdempotent`).
 */
export async function commitWrite(database: Db, tenantId: string, statements: BatchItem<"sqlite">[], run: BatchRunner = (all) => atomically(database, all)) {
  const bump = database
    .insert(catalogVersions)
    .values({ tenantId, version: clockMs })
    .onConflictDoUpdate({ target: catalogVersions.tenantId, set: { version: sql`max(${catalogVersions.version} + 1, ${clockMs})` } })
    // The platform's version as of the same transaction: the reading this write leaves is a whole one.
    .returning({ v: catalogVersions.version, p: sql<number | null>`(SELECT version FROM catalog_versions WHERE tenant_id = ${PLATFORM})` });
  const at = Date.now();
  let results: unknown[] | null;
  try {
    const all: BatchItem<"sqlite">[] = [...statements, bump];
    results = await run(all as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  } catch (err) {
    memo.invalidate(tenantId); // whatever happened, read the version afresh
    throw err;
  }
  if (results) {
    const [row] = results.at(-1) as { v: number; p: number | null }[];
    rememberVersion(tenantId, { tenant: row!.v, platform: row!.p ?? 0 }, at);
  }
  return results ?? [];
}
