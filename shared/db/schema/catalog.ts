import { sql } from "drizzle-orm";
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey, unique } from "drizzle-orm/sqlite-core";

/**
 * A market: a country the platform sells into, with the facts localized
 * prices need. Platform-level (seeded), not per tenant.
 */
export const markets = sqliteTable("markets", {
  country: text("country").primaryKey(),
  name: text("name").notNull(),
  currency: text("currency").notNull(),
  /** Whether shelf prices there are shown with tax included (EU, UK, JP, AU, BR…) or added at checkout (US, CA). */
  taxInclusive: integer("tax_inclusive", { mode: "boolean" }).notNull(),
  /** The standard VAT/GST rate in basis points (19 % = 1900). */
  vatBps: integer("vat_bps").notNull(),
  /** JSON array of the BCP 47 locales spoken there, most common first. */
  locales: text("locales").notNull(),
});

/** Categories that may not be sold in a country (platform-level). */
export const categoryRestrictions = sqliteTable(
  "category_restrictions",
  {
    country: text("country").notNull(),
    category: text("category").notNull(),
    reason: text("reason"),
  },
  (t) => [primaryKey({ columns: [t.country, t.category] })],
);

/**
 * FX rates as decimal strings (never floats): units of `currency` per one
 * USD. `tenant_id = '*'` rows are the platform defaults a tenant falls back
 * to, currency by currency.
 */
export const fxRates = sqliteTable(
  "fx_rates",
  {
    tenantId: text("tenant_id").notNull(),
    currency: text("currency").notNull(),
    perUsd: text("per_usd").notNull(),
    setAt: text("set_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.currency] })],
);

export const listings = sqliteTable(
  "listings",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    sku: text("sku").notNull(),
    brand: text("brand").notNull(),
    defaultLocale: text("default_locale").notNull(),
    /** Net (tax-exclusive) base price in minor units of `base_currency`. */
    baseAmount: integer("base_amount").notNull(),
    baseCurrency: text("base_currency").notNull(),
    category: text("category"),
    attributes: text("attributes").notNull().default("{}"),
    images: text("images").notNull().default("[]"),
    status: text("status", { enum: ["active", "held"] }).notNull().default("active"),
    holdReason: text("hold_reason"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    /** Its ETag (`"lv<version>"`): 1 at create, then `max(version + 1, the time in ms)` at every write (migration 0032). */
    version: integer("version").notNull().default(1),
    /**
     * The listing as one JSON document (the columns above, and its draft with every translation, price and
     * market; not its holds), kept by triggers in the transaction of every write (migrations 0017, 0020: once
     * per write, when it moves the catalog version, not once per child row). A read
     * selects this one value instead of assembling it from four tables: the statement is short to prepare
     * and reads one row a listing.
     */
    doc: text("doc"),
    /** Its markets as `|DE|FR|`, '' for every market (the same triggers): a list's country filter is one instr(). */
    soldIn: text("sold_in").notNull().default(""),
  },
  (t) => [uniqueIndex("listings_tenant_sku").on(t.tenantId, t.sku), index("listings_tenant_id").on(t.tenantId, t.id)],
);

export const listingTranslations = sqliteTable(
  "listing_translations",
  {
    /** The rowid as a column (migration 0027): listing_search's rows carry it, and only a declared one survives VACUUM. */
    id: integer("id").primaryKey(),
    listingId: text("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    locale: text("locale").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    /** Title and description folded (migration 0036): what short search words LIKE. The catalog writes it; a trigger folds any row written without it. */
    folded: text("folded"),
  },
  (t) => [unique().on(t.listingId, t.locale)],
);

/** A listing's own net price for one country, in that market's currency. */
export const listingPrices = sqliteTable(
  "listing_prices",
  {
    listingId: text("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    country: text("country").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
  },
  (t) => [primaryKey({ columns: [t.listingId, t.country] })],
);

/** The countries a listing is sold in; a listing with no rows is sold in every market. */
export const listingMarkets = sqliteTable(
  "listing_markets",
  {
    listingId: text("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    country: text("country").notNull(),
  },
  (t) => [primaryKey({ columns: [t.listingId, t.country] })],
);

/**
 * Why a listing is held: one row per source (`clearance` for the catalog's own
 * IP clearance, `complaint` or `complaint:<id>` for the IP service's holds).
 * A listing is `held` while it has any; releasing one source leaves the others.
 */
export const listingHolds = sqliteTable(
  "listing_holds",
  {
    listingId: text("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    source: text("source").notNull(),
    reason: text("reason").notNull(),
    createdAt: text("created_at").notNull(),
  },
  // The IP service's orphaned-hold sweep reads holds oldest first across tenants (listHolds): a range of this
  // index, not a scan and sort of every live hold, every 10 minutes.
  (t) => [primaryKey({ columns: [t.listingId, t.source] }), index("listing_holds_placed").on(t.createdAt, t.listingId, t.source)],
);

/** Per-tenant catalog version: every write bumps it, and cached reads are keyed by it. */
export const catalogVersions = sqliteTable("catalog_versions", {
  tenantId: text("tenant_id").primaryKey(),
  version: integer("version").notNull().default(sql`1`),
});
