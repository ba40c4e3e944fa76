import { eq, inArray } from "drizzle-orm";
import { fxRates } from "../../../../shared/db/schema";
import type { FxTable } from "../domain/fx";
import type { Db } from "./db";
import { commitWrite, PLATFORM, type CatalogVersion } from "./versions";


// A tenant's rates change only through PUT /fx-rates, which bumps its catalog version, and the platform's defaults
// only with the platform's version (migration 0019), so (tenant, both versions) names them exactly.
const memo = new Map<string, FxTable>();
const memoKey = (tenantId: string, version: CatalogVersion) => `${tenantId}@${version.tenant}.${version.platform}`;

type RateRow = { tenantId: string; currency: string; perUsd: string };

/** The statement that reads a tenant's own rates and the platform's defaults; `ratesTable` makes them one table. */
export const ratesQuery = (database: Db, tenantId: string) =>
  database
    .select({ tenantId: fxRates.tenantId, currency: fxRates.currency, perUsd: fxRates.perUsd })
    .from(fxRates)
    .where(inArray(fxRates.tenantId, [tenantId, PLATFORM]));

/** The tenant's rate where it set one, the platform's default for every other currency; USD is always 1. */
export function ratesTable(rows: RateRow[], tenantId: string): FxTable {
  const table = new Map<string, string>([["USD", "1"]]);
  for (const r of rows) if (r.tenantId === PLATFORM) table.set(r.currency, r.perUsd);
  for (const r of rows) if (r.tenantId === tenantId && r.currency !== "USD") table.set(r.currency, r.perUsd);
  return table;
}

/** The rates this isolate already read for that catalog version, if any. */
export const knownRates = (tenantId: string, version: CatalogVersion): FxTable | undefined => memo.get(memoKey(tenantId, version));

/** Keeps the rates read at a catalog version for every later read at that version. */
export function rememberRates(tenantId: string, version: CatalogVersion, table: FxTable) {
  if (memo.size >= 256) memo.clear();
  memo.set(memoKey(tenantId, version), table);
}

/** The rates in force for a tenant at a catalog version (memoised per isolate by tenant and version). */
export async function ratesFor(database: Db, tenantId: string, version: CatalogVersion): Promise<FxTable> {
  const hit = knownRates(tenantId, version);
  if (hit) return hit;
  const table = ratesTable(await ratesQuery(database, tenantId), tenantId);
  rememberRates(tenantId, version, table);
  return table;
}

/** Replaces the tenant's rates (currencies left out fall back to the platform's) and bumps the catalog version, in one transaction. */
export async function setRates(database: Db, tenantId: string, rates: Record<string, string>, now = new Date()) {
  const setAt = now.toISOString();
  const rows = Object.entries(rates).map(([currency, perUsd]) => ({ tenantId, currency, perUsd, setAt }));
  await commitWrite(database, tenantId, [
    database.delete(fxRates).where(eq(fxRates.tenantId, tenantId)),
    ...rows.map((row) => database.insert(fxRates).values(row)),
  ]);
  return setAt;
}
