import { requestedCountry, checkCurrency, resolveBuyer, type Buyer } from "./buyer";
import { cachedRead, type ReadAnswer } from "./cache";
import type { FxTable } from "./domain/fx";
import { dbOf, type CatalogContext } from "./routes/app";
import { knownRates, rememberRates } from "./store/fx";
import type { ListingRead, ListingRecord, ReadShape } from "./store/listings";
import { knownReference, referenceAt, rememberReference, type Market, type ReferenceData } from "./store/reference";
import { readSnapshot } from "./store/snapshot";
import { knownVersion, refreshVersionAhead, rememberVersion } from "./store/versions";
import { learnLocales, skippableLocales } from "./seen-locales";

/**
 * Who the rows are for, and so what of them to read. `market` is undefined
 * while the isolate has no reference data yet (the rows are then read
 * regardless, every translation's text with them).
 */
export interface RowScope extends ReadShape {
  market?: Market | null;
}

const scopeOf = (buyer: Buyer): RowScope => ({ country: buyer.country, market: buyer.market, owner: buyer.owner, skipLocales: skippableLocales(buyer.locales) });

/** The records of a read, after noting their locales for the next reads' `skipLocales`. */
function learnt(records: ListingRecord[]) {
  for (const r of records) learnLocales(r.locales);
  return records;
}

/** One public read: its cache-key parts beyond the buyer, the rows it is made of, and how it answers from them. */
export interface ReadSpec {
  resource: string[];
  query?: Record<string, string | number | undefined>;
  /** The read of the rows; null when the answer needs none. */
  rows: (scope: RowScope) => ListingRead | null;
  answer: (records: ListingRecord[], buyer: Buyer, ref: ReferenceData, rates: FxTable) => ReadAnswer;
}

type ReadQuery = { locale?: string; country?: string; currency?: string };

/**
 * A secret key without `?country`: the tenant reading its own catalog from wherever its backend runs, whose edge
 * country may sell nothing. Its read is not filtered by availability (the country still prices it); its cache
 * key says so (`everywhere`), apart from an explicit `?country` of the same country, which does filter.
 */
export const ownerEverywhere = (c: CatalogContext, query: ReadQuery) => c.get("caller").keyKind === "secret" && !query.country;

/**
 * A public read, in one D1 round trip almost always. The cache key needs the
 * catalog version (the tenant's and the platform's) and the reference data
 * read at that platform version; while this isolate's readings are fresh, a
 * cached answer costs no D1 at all and a miss reads the rows (with the rates,
 * if this version's are not held yet) in one statement or batch. When the
 * version's reading is stale, D1 must be asked anyway: the version, rates and
 * rows come in that one batch (with the reference data when the isolate holds
 * none younger than a minute), so a miss after it needs nothing more. Only
 * when that batch shows the platform's reference data changed since the copy
 * held is a second one needed. Under steady traffic the version's reading is
 * refreshed ahead, in the background, so it is rarely stale.
 */
export async function publicRead(c: CatalogContext, query: ReadQuery, spec: ReadSpec): Promise<Response> {
  const { tenantId } = c.get("caller");
  const database = dbOf(c);
  const now = Date.now();
  const versionTtl = Number(c.env.VERSION_TTL_MS) || 0;
  let version = knownVersion(tenantId, versionTtl, now);
  if (version !== undefined) refreshVersionAhead(database, tenantId, versionTtl, now, (work) => c.executionCtx.waitUntil(work));
  let ref = version && referenceAt(version.platform);
  let buyer = ref && resolveBuyer(c, query, ref);
  let prefetched: { records: ListingRecord[]; rates: FxTable } | undefined;
  if (!ref || !buyer || version === undefined) {
    // Without a fresh version, a recent copy of the reference data is a guess the batch's version confirms.
    let guess = version === undefined ? knownReference(now) : undefined;
    for (;;) {
      buyer = guess && resolveBuyer(c, query, guess);
      const scope: RowScope = buyer ? scopeOf(buyer) : { country: requestedCountry(c, query), owner: c.get("caller").keyKind === "secret", skipLocales: [] };
      const snap = await readSnapshot(database, tenantId, { version: true, reference: !guess, rates: true, rows: spec.rows(scope) });
      version = snap.version!;
      if (guess && guess.version !== version.platform) {
        guess = undefined; // the platform's reference data changed since the copy: read it with the rest
        continue;
      }
      if (!guess) rememberReference((ref = snap.reference!), now);
      else ref = guess;
      buyer ??= resolveBuyer(c, query, ref);
      rememberVersion(tenantId, version, now);
      rememberRates(tenantId, version, snap.rates!);
      prefetched = { records: learnt(snap.records), rates: snap.rates! };
      break;
    }
  }
  const reference = ref;
  const reader = buyer;
  const key = { tenantId, version, owner: reader.owner, resource: spec.resource, locales: reader.locales, country: reader.country, currency: reader.currency, query: spec.query };
  return cachedRead(c, key, reader.vary, async () => {
    let { records, rates } = prefetched ?? { records: [], rates: knownRates(tenantId, key.version) };
    if (!prefetched) {
      const snap = await readSnapshot(database, tenantId, { version: false, reference: false, rates: !rates, rows: spec.rows(scopeOf(reader)) });
      records = learnt(snap.records);
      if (!rates) rememberRates(tenantId, key.version, (rates = snap.rates!));
    }
    checkCurrency(reader, rates!);
    return spec.answer(records, reader, reference, rates!);
  });
}
