import { and, asc, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { listingHolds, listingMarkets, listingPrices, listings, listingTranslations } from "../../../../shared/db/schema";
import type { HoldCursor, ListedHold } from "../../../../shared/rpc/catalog";
import type { ListingDraft } from "../domain/draft";
import { SHORT_SEARCH_ROWS, searchableText, tenantMatch, type SearchPlan } from "../domain/search";
import type { Db } from "./db";
import { knownRecords, learnRecords } from "./known-records";
import { runPrepared, type Arg } from "./prepared";
import { commitWrite, type BatchRunner } from "./versions";

export type ListingStatus = "active" | "held";

/** The hold source the catalog itself owns: its IP clearance verdict at create and edit. */
export const CLEARANCE_HOLD = "clearance";

/** One reason a listing is held. */
export interface Hold {
  source: string;
  reason: string;
  since: string;
}

/** The time in ms as D1 reads it, the one clock every version moves to (migration 0030's view). */
const clockMs = sql`(SELECT ms FROM catalog_version_clock)`;

/**
 * A listing's next version: `max(version + 1, the time in ms)`, so no number is issued twice, not even after a D1
 * Time Travel restore took the versions back (migration 0032). A write based on the listing as read at `read`
 * leaves the version as it is when the listing changed since, which the version trigger refuses (`isVersionConflict`).
 */
const nextVersion = (read?: number) => {
  const next = sql`max(${listings.version} + 1, ${clockMs})`;
  return read === undefined ? next : sql`CASE ${listings.version} WHEN ${read} THEN ${next} ELSE ${listings.version} END`;
};

/** A write that lost the race: someone updated the listing after it was read (the version trigger aborted the batch). */
export const isVersionConflict = (err: unknown) => {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (/listing_version_conflict/.test(String((e as Error).message ?? e))) return true;
  }
  return false;
};

/**
 * A listing as reads need it. A full read (`getListing`, for edits) holds
 * every translation, price and hold; a public read (`ReadShape`) holds the
 * text of the default locale and of every locale its buyer could be shown,
 * only the buyer's country price, and holds only for the owner.
 */
export interface ListingRecord {
  id: string;
  tenantId: string;
  draft: ListingDraft;
  /** Every locale the listing is translated into, sorted, whichever texts were read. */
  locales: string[];
  status: ListingStatus;
  holdReason: string | null;
  /** Every reason it is held, one per source; empty when active. */
  holds: Hold[];
  /**
   * The optimistic-concurrency token (ETag `"lv<version>"`): 1 at create, then `max(version + 1, the time in ms)`
   * at every write, so never issued twice for one listing, even across a D1 restore (13 digits: exact as a number).
   */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What a public read needs of each listing beyond its row (see `ListingRecord`). */
export interface ReadShape {
  /** Locales whose text is left out unless a listing's default: the buyer can never be shown them (`neverChosen`). */
  skipLocales: readonly string[];
  /** The buyer's country, whose price alone is read; null reads none. */
  country: string | null;
  /** Owners also read the holds. */
  owner: boolean;
}

const holdsJson = sql<string>`(SELECT json_group_array(json_object('source', h.source, 'reason', h.reason, 'since', h.created_at)) FROM ${listingHolds} h WHERE h.listing_id = ${listings.id})`;

/**
 * A listing as ONE JSON value: its stored document (its row and draft, kept by triggers: migration 0017),
 * with its holds for owners. D1 moves one value and the isolate parses it once, and a buyer's statement
 * selects a column: assembling the document from the translation, price and market rows here cost more to
 * prepare than the rest of a page's statement together (measured).
 */
const listingJson = (owner: boolean) => (owner ? sql<string>`json_set(${listings.doc}, '$.holds', json(${holdsJson}))` : sql<string>`${listings.doc}`);

/**
 * A public read's document, or null for a row the isolate already holds at this version (the `known`
 * token, see known-records.ts): CASE evaluates only the branch it takes, so a held row costs no JSON.
 */
const shapedJson = (arg: Arg, shape: ReadShape) =>
  sql<string | null>`CASE WHEN (${listings.id} || ':' || ${listings.version}) IN (SELECT value FROM json_each(${arg("known")})) THEN NULL ELSE ${listingJson(shape.owner)} END`;

/** The part of a read's shape the statement decides. */
const columnsShape = (shape?: ReadShape) => (shape ? (shape.owner ? "owner" : "buyer") : "full");

/** The columns of a read: every document whole for a full read; for a public one, those its scope does not hold yet. */
function readColumns(tenantId: string, shape?: ReadShape) {
  if (!shape) return { values: {}, select: () => ({ id: listings.id, listing: listingJson(true) }), decode: (rows: Joined[]) => rows.map((j) => toRecord(j)) };
  // Everything a record depends on besides the listing's own version.
  const scope = [tenantId, columnsShape(shape), JSON.stringify(shape.skipLocales), shape.country ?? ""].join("\n");
  const held = knownRecords(scope);
  return {
    values: { known: held.token },
    select: (arg: Arg) => ({ id: listings.id, listing: shapedJson(arg, shape) }),
    decode: (rows: Joined[]) => {
      const fresh = rows.filter((j) => j.listing !== null).map((j) => toRecord(j, shape));
      learnRecords(scope, fresh);
      const byId = new Map(fresh.map((r) => [r.id, r]));
      return rows.map((j) => byId.get(j.id) ?? held.records.get(j.id)!);
    },
  };
}

/** The value `listingJson` builds. */
type ListingDoc = Pick<typeof listings.$inferSelect, "id" | "tenantId" | "status" | "holdReason" | "createdAt" | "updatedAt" | "version"> & {
  draft: ListingDraft;
  /** Only in an owner's read. */
  holds?: Hold[];
};
/** A row of a listing read: its document, or null when the read's scope already holds it (`shapedJson`). */
type Joined = { id: string; listing: string | null };

// A listing's status is derived from its holds, in the statement that writes it: no writer can downgrade a hold it did not lift.
const derivedStatus = sql`CASE WHEN EXISTS (SELECT 1 FROM listing_holds h WHERE h.listing_id = "listings"."id") THEN 'held' ELSE 'active' END`;
const derivedReason = sql`(SELECT group_concat(h.reason, '; ' ORDER BY h.created_at, h.source) FROM listing_holds h WHERE h.listing_id = "listings"."id")`;

/**
 * A record from its row. A public read (`shape`) keeps only what its buyer can be shown: the text of the
 * default locale and of every locale not skipped, and the buyer's country price; `locales` still names all.
 */
function toRecord(j: Joined, shape?: ReadShape): ListingRecord {
  const r = JSON.parse(j.listing!) as ListingDoc;
  const d = r.draft;
  const locales = Object.keys(d.translations).sort();
  let { translations, prices } = d;
  if (shape) {
    const skip = new Set(shape.skipLocales);
    translations = Object.fromEntries(Object.entries(translations).filter(([locale]) => locale === d.defaultLocale || !skip.has(locale)));
    const own = shape.country === null ? undefined : prices[shape.country];
    prices = own ? { [shape.country!]: own } : {};
  }
  return {
    id: r.id,
    tenantId: r.tenantId,
    locales,
    status: r.status,
    holdReason: r.holdReason,
    holds: (r.holds ?? []).sort((a, b) => a.since.localeCompare(b.since) || a.source.localeCompare(b.source)),
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    draft: { ...d, translations, prices, markets: d.markets.sort() },
  };
}

/** A translation row, its folded text written with it (the migration's trigger would fold it in SQL, a character at a time). */
const translationInsert = (database: Db, id: string, locale: string, t: { title: string; description: string }) =>
  database.insert(listingTranslations).values({ listingId: id, locale, title: t.title, description: t.description, folded: searchableText(t) });

/** The child rows of a draft, as insert statements (one per row: far below D1's 100 bound parameters each). */
function childInserts(database: Db, id: string, d: ListingDraft) {
  return [
    ...Object.entries(d.translations).map(([locale, t]) => translationInsert(database, id, locale, t)),
    ...Object.entries(d.prices).map(([country, m]) =>
      database.insert(listingPrices).values({ listingId: id, country, amount: m.amount, currency: m.currency }),
    ),
    ...d.markets.map((country) => database.insert(listingMarkets).values({ listingId: id, country })),
  ];
}

const rowValues = (d: ListingDraft) => ({
  sku: d.sku,
  brand: d.brand,
  defaultLocale: d.defaultLocale,
  baseAmount: d.price.amount,
  baseCurrency: d.price.currency,
  category: d.category,
  attributes: JSON.stringify(d.attributes),
  images: JSON.stringify(d.images),
});

/** Places (reason) or lifts (null) one source's hold, only on the tenant's own listing. */
function holdChange(database: Db, tenantId: string, id: string, source: string, reason: string | null, now: string) {
  const own = and(eq(listings.id, id), eq(listings.tenantId, tenantId));
  if (reason === null) {
    const owned = database.select({ id: listings.id }).from(listings).where(own);
    return database.delete(listingHolds).where(and(eq(listingHolds.listingId, id), eq(listingHolds.source, source), inArray(listingHolds.listingId, owned)));
  }
  const row = database
    .select({ listingId: listings.id, source: sql<string>`${source}`.as("source"), reason: sql<string>`${reason}`.as("reason"), createdAt: sql<string>`${now}`.as("created_at") })
    .from(listings)
    .where(own);
  return database.insert(listingHolds).select(row).onConflictDoUpdate({ target: [listingHolds.listingId, listingHolds.source], set: { reason } });
}

/**
 * Writes a listing with its translations, prices and markets (the search
 * index follows by trigger) and bumps the catalog version: one transaction.
 * `clearanceHold` (a reason) holds it from the start. A duplicate SKU fails
 * the whole batch with a UNIQUE violation. `run` sends the batch (see `commitWrite`).
 */
export async function insertListing(database: Db, tenantId: string, id: string, d: ListingDraft, clearanceHold: string | null, now: string, run?: BatchRunner) {
  await commitWrite(database, tenantId, [
    database
      .insert(listings)
      .values({ id, tenantId, ...rowValues(d), status: clearanceHold ? "held" : "active", holdReason: clearanceHold, createdAt: now, updatedAt: now }),
    ...(clearanceHold ? [holdChange(database, tenantId, id, CLEARANCE_HOLD, clearanceHold, now)] : []),
    ...childInserts(database, id, d),
  ], run);
}

/**
 * Replaces the content of a listing read at `readVersion` with `d`, and sets
 * or lifts its clearance hold (other holds stay), in one transaction. If the
 * listing changed since it was read, the version trigger aborts everything
 * (`isVersionConflict`). Child rows are rewritten rather than diffed: a
 * listing has tens of them. Answers the status and version written.
 */
export async function replaceListing(database: Db, tenantId: string, id: string, d: ListingDraft, readVersion: number, clearanceHold: string | null, now: string) {
  const own = and(eq(listings.id, id), eq(listings.tenantId, tenantId));
  const owned = database.select({ id: listings.id }).from(listings).where(own);
  const [, updated] = await commitWrite(database, tenantId, [
    holdChange(database, tenantId, id, CLEARANCE_HOLD, clearanceHold, now),
    database
      .update(listings)
      .set({ ...rowValues(d), status: derivedStatus, holdReason: derivedReason, updatedAt: now, version: nextVersion(readVersion) })
      .where(own)
      .returning({ status: listings.status, version: listings.version }),
    // Scoped to the tenant's own listing here too, not only by the read before it.
    database.delete(listingTranslations).where(and(eq(listingTranslations.listingId, id), inArray(listingTranslations.listingId, owned))),
    database.delete(listingPrices).where(and(eq(listingPrices.listingId, id), inArray(listingPrices.listingId, owned))),
    database.delete(listingMarkets).where(and(eq(listingMarkets.listingId, id), inArray(listingMarkets.listingId, owned))),
    ...childInserts(database, id, d),
  ]);
  return (updated as { status: ListingStatus; version: number }[])[0] ?? null;
}

/** Deletes a listing (children and search rows cascade); false when the tenant has no such listing. */
export async function deleteListing(database: Db, tenantId: string, id: string): Promise<boolean> {
  const [deleted] = await commitWrite(database, tenantId, [
    database.delete(listings).where(and(eq(listings.id, id), eq(listings.tenantId, tenantId))).returning({ id: listings.id }),
  ]);
  return (deleted as { id: string }[]).length > 0;
}

/**
 * Places (reason) or lifts (null) one source's hold and re-derives the
 * listing's status from every hold left; null when the tenant has no such listing.
 */
export async function setHold(database: Db, tenantId: string, id: string, source: string, reason: string | null, now: string) {
  const [, updated] = await commitWrite(database, tenantId, [
    holdChange(database, tenantId, id, source, reason, now),
    database
      .update(listings)
      .set({ status: derivedStatus, holdReason: derivedReason, updatedAt: now, version: nextVersion() })
      .where(and(eq(listings.id, id), eq(listings.tenantId, tenantId)))
      .returning({ id: listings.id, status: listings.status, holdReason: listings.holdReason }),
  ]);
  return (updated as { id: string; status: ListingStatus; holdReason: string | null }[])[0] ?? null;
}

/**
 * Holds whose source starts with `prefix` (which must hold no GLOB wildcard) placed before `before`, in
 * (placed, listing, source) order after `after`: across every tenant, each with its listing's tenant.
 */
export async function holdsBySource(database: Db, prefix: string, before: string, limit: number, after?: HoldCursor): Promise<ListedHold[]> {
  const h = listingHolds;
  return database
    .select({ tenantId: listings.tenantId, listingId: h.listingId, source: h.source, createdAt: h.createdAt })
    .from(h)
    .innerJoin(listings, eq(listings.id, h.listingId))
    .where(
      and(
        sql`${h.source} GLOB ${`${prefix}*`}`,
        lt(h.createdAt, before),
        after ? sql`(${h.createdAt}, ${h.listingId}, ${h.source}) > (${after.createdAt}, ${after.listingId}, ${after.source})` : undefined,
      ),
    )
    .orderBy(asc(h.createdAt), asc(h.listingId), asc(h.source))
    .limit(limit);
}

/** The read of one of the tenant's listings, whatever its status, in full or as `shape` needs; `readListings` or `readSnapshot` runs it. */
export function getRead(tenantId: string, id: string, shape?: ReadShape) {
  const columns = readColumns(tenantId, shape);
  return {
    shape: `get:${columnsShape(shape)}`,
    values: { tenantId, id, ...columns.values },
    decode: columns.decode,
    build: (database: Db, arg: Arg) =>
      database
        .select(columns.select(arg))
        .from(listings)
        .where(and(eq(listings.tenantId, arg("tenantId")), eq(listings.id, arg("id"))))
        .limit(1),
  };
}

/** A read whose rows are listings with their children: `getRead` or `listRead`. */
export type ListingRead = ReturnType<typeof getRead> | ReturnType<typeof listRead>;

/** Runs a listing read on its own (one round trip). */
export const readListings = async (database: Db, read: ListingRead) => read.decode(await runPrepared<Joined[]>(database, read));

/** One of the tenant's listings, whatever its status; null for another tenant's id. */
export async function getListing(database: Db, tenantId: string, id: string): Promise<ListingRecord | null> {
  return (await readListings(database, getRead(tenantId, id)))[0] ?? null;
}

export interface ListFilter {
  /** Owners (secret keys) also see held listings. */
  includeHeld: boolean;
  /** Only listings sold in this country (which must be a market); null = no country filter, unless `everyMarket`. */
  country: string | null;
  /** With `country` null: only listings every market sells, for a buyer whose country is unknown (domain/availability.ts). */
  everyMarket?: boolean;
  category?: string;
  search?: SearchPlan;
  /** Page after this id (ids sort by creation time, newest first). */
  beforeId?: string;
  limit: number;
}

/**
 * Matches through the index, scoped to the tenant there (never a scan of every tenant's rows); LIKE then reads only
 * those. Short terms come folded (`SearchPlan.like`) and LIKE the translation's folded text (its `id` is the index
 * row's rowid), so they fold case and diacritics as the index does.
 */
function searchCondition(arg: Arg, likes: number, shortOnly: boolean): SQL {
  const scoped = sql`listing_search MATCH ${arg("match")} AND s.tenant_id = ${arg("tenantId")}`;
  const parts: SQL[] = [];
  // A row from before migration 0036 it did not fold (past its newest 5,000) is matched on its raw text meanwhile.
  for (let i = 0; i < likes; i++) parts.push(sql`coalesce(t.folded, t.title || char(10) || t.description) LIKE ${arg(`like${i}`)} ESCAPE '\\'`);
  if (likes === 0) return sql`${listings.id} IN (SELECT s.listing_id FROM listing_search s WHERE ${scoped})`;
  if (!shortOnly) {
    return sql`${listings.id} IN (SELECT s.listing_id FROM listing_search s JOIN ${listingTranslations} t ON t.id = s.rowid WHERE ${sql.join([scoped, ...parts], sql` AND `)})`;
  }
  // Short terms alone: the MATCH is the whole tenant, so the LIKEs read only its newest translations (a bound any
  // buyer's request may cost; FTS5 walks rowid DESC itself, so this stops after them).
  const newest = sql`SELECT s.rowid AS translation_id, s.listing_id FROM listing_search s WHERE ${scoped} ORDER BY s.rowid DESC LIMIT ${sql.raw(String(SHORT_SEARCH_ROWS))}`;
  return sql`${listings.id} IN (SELECT s.listing_id FROM (${newest}) AS s JOIN ${listingTranslations} t ON t.id = s.translation_id WHERE ${sql.join(parts, sql` AND `)})`;
}

/**
 * The read of a page of the tenant's listings, newest first.
 * Availability, status, category and search are filtered in SQL so every page
 * is full, and paging by id means a concurrent insert (a newer id) never
 * shifts a later page. `readListings` or `readSnapshot` runs it.
 */
export function listRead(tenantId: string, f: ListFilter, shape: ReadShape) {
  const likes = f.search?.like ?? [];
  const columns = readColumns(tenantId, shape);
  return {
    shape: ["list", columnsShape(shape), f.includeHeld, f.country ? "country" : f.everyMarket ? "every" : "-", !!f.category, !!f.beforeId, f.search ? `${likes.length}${f.search.match === null ? "s" : ""}` : "-"].join(":"),
    decode: columns.decode,
    values: {
      tenantId,
      limit: f.limit,
      ...columns.values,
      ...(f.country ? { country: f.country } : {}),
      ...(f.category ? { category: f.category } : {}),
      ...(f.beforeId ? { beforeId: f.beforeId } : {}),
      ...(f.search ? { match: tenantMatch(tenantId, f.search) } : {}),
      ...Object.fromEntries(likes.map((pattern, i) => [`like${i}`, pattern])),
    },
    build: (database: Db, arg: Arg) => {
      const where: (SQL | undefined)[] = [eq(listings.tenantId, arg("tenantId"))];
      if (!f.includeHeld) where.push(eq(listings.status, "active"));
      if (f.country) {
        where.push(
          // `sold_in` mirrors listing_markets (migration 0017): one instr() on the row instead of two subqueries there.
          sql`(${listings.soldIn} = '' OR instr(${listings.soldIn}, '|' || ${arg("country")} || '|') > 0)`,
          sql`(${listings.category} IS NULL OR ${listings.category} NOT IN (SELECT r.category FROM category_restrictions r WHERE r.country = ${arg("country")}))`,
        );
      } else if (f.everyMarket) {
        where.push(eq(listings.soldIn, ""), sql`(${listings.category} IS NULL OR ${listings.category} NOT IN (SELECT r.category FROM category_restrictions r))`);
      }
      if (f.category) where.push(eq(listings.category, arg("category")));
      if (f.beforeId) where.push(lt(listings.id, arg("beforeId")));
      if (f.search) where.push(searchCondition(arg, likes.length, f.search.match === null));
      return database
        .select(columns.select(arg))
        .from(listings)
        .where(and(...where))
        .orderBy(desc(listings.id))
        .limit(arg("limit"));
    },
  };
}
