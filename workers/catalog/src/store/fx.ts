import { eq, inArray } from "drizzle-orm";
import { fxRates } from "../../../../shared/db/schema";
import type { FxTable } from "../domain/fx";
import type { Db } from "./db";
import { commitWrite } from "./versions";

/** The tenant id of the platform's default rates. */
export const PLATFORM = "*";

// Rates change only through PUT /fx-rates, which bumps the catalog version, so (tenant, version) names them exactly.
const memo = new Map<string, FxTable>();

/**
 * The rates in force for a tenant: its own where it set one, the platform's
 * default for every other currency. USD is always 1.
 */
export async function ratesFor(database: Db, tenantId: string, version: number): Promise<FxTable> {
  const key = `${tenantId}@${version}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const rows = await database.select().from(fxRates).where(inArray(fxRates.tenantId, [tenantId, PLATFORM]));
  const table = new Map<string, string>([["USD", "1"]]);
  for (const r of rows) if (r.tenantId === PLATFORM) table.set(r.currency, r.perUsd);
  for (const r of rows) if (r.tenantId === tenantId && r.currency !== "USD") table.set(r.currency, r.perUsd);
  if (memo.size >= 256) memo.clear();
  memo.set(key, table);
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
