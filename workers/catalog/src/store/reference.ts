import { categoryRestrictions, markets } from "../../../../shared/db/schema";
import { ProblemError } from "../../../../shared/http/problem";
import type { MarketTerms } from "../domain/price";
import type { Db } from "./db";
import { PLATFORM, versionOf, versionQuery } from "./versions";

export interface Market extends MarketTerms {
  country: string;
  name: string;
  locales: string[];
}

/** Platform reference data: markets and category restrictions, the same for every tenant. */
export interface ReferenceData {
  markets: ReadonlyMap<string, Market>;
  restricted: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every category restricted in some country: what a buyer of unknown country is not sold (domain/availability.ts). */
  restrictedAnywhere: ReadonlySet<string>;
  marketCurrency: ReadonlyMap<string, string>;
  /** The platform's catalog version it was read at (migration 0019): a read keyed by that version may use it at any age. */
  version: number;
}

// Reference data changes by migration or operator seed, not per request: a minute of memo per isolate is plenty.
const TTL_MS = 60_000;
let memo: { at: number; data: ReferenceData } | undefined;
let loading: Promise<ReferenceData> | undefined;

/** No markets at all: the database was migrated without its reference data. Nothing can be priced or cleared. */
const referenceMissing = () =>
  new ProblemError(503, "reference_data_missing", "The platform's market reference data is not installed (apply every D1 migration); retry once it is.", undefined, {
    "retry-after": "60",
  });

/**
 * The two statements that read the reference data (batch them with a `versionQuery`, whose platform version it
 * was read at); `referenceFrom` builds it from their rows.
 */
export const referenceQueries = (database: Db) => [database.select().from(markets), database.select().from(categoryRestrictions)] as const;

type MarketRow = typeof markets.$inferSelect;
type RestrictionRow = typeof categoryRestrictions.$inferSelect;

/** The reference data from its rows, read at platform version `version`; a 503 problem when there are no markets. */
export function referenceFrom(marketRows: MarketRow[], restrictionRows: RestrictionRow[], version: number): ReferenceData {
  if (marketRows.length === 0) throw referenceMissing();
  const byCountry = new Map<string, Market>();
  for (const m of marketRows) {
    byCountry.set(m.country, { ...m, locales: JSON.parse(m.locales) as string[] });
  }
  const restricted = new Map<string, Set<string>>();
  for (const r of restrictionRows) {
    if (!restricted.has(r.country)) restricted.set(r.country, new Set());
    restricted.get(r.country)!.add(r.category);
  }
  return { markets: byCountry, restricted, restrictedAnywhere: new Set(restrictionRows.map((r) => r.category)), marketCurrency: new Map([...byCountry].map(([c, m]) => [c, m.currency])), version };
}

/** Forgets this isolate's copy (tests that change reference rows). */
export function forgetReferenceData() {
  memo = undefined;
  loading = undefined;
}

/** This isolate's copy if it is younger than a minute; undefined means read D1. */
export const knownReference = (now = Date.now()): ReferenceData | undefined => (memo && now - memo.at <= TTL_MS ? memo.data : undefined);

/** This isolate's copy if it was read at that platform version, however long ago: nothing in it can have changed since. */
export const referenceAt = (platformVersion: number): ReferenceData | undefined => (memo?.data.version === platformVersion ? memo.data : undefined);

/** Keeps reference data read at `now` for the next minute of requests. */
export function rememberReference(data: ReferenceData, now = Date.now()) {
  memo = { at: now, data };
}

/** Markets and restrictions, memoised per isolate for a minute (concurrent misses share one read); a 503 problem when there are none. */
export function referenceData(database: Db, now = Date.now()): Promise<ReferenceData> {
  const known = knownReference(now);
  if (known) return Promise.resolve(known);
  loading ??= database
    .batch([...referenceQueries(database), versionQuery(database, PLATFORM)])
    .then(([marketRows, restrictionRows, versionRows]) => {
      const data = referenceFrom(marketRows, restrictionRows, versionOf(versionRows, PLATFORM).platform);
      rememberReference(data, now);
      return data;
    })
    .finally(() => (loading = undefined));
  return loading;
}
