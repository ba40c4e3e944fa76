// The catalog's seed: platform markets, FX defaults and restrictions (shipped in a migration by
// scripts/reference-data.mjs), and ~200 demo listings in 9 locales (local seed only).
// Idempotent: INSERT OR IGNORE everywhere (the search index is filled by trigger, only for rows really inserted).
import { COLOURS, FX_PER_USD, LOCALES, MARKETS, PRODUCTS, RESTRICTIONS } from "./catalog-data.mjs";

const q = (v) => (v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
const SEEDED_AT = "2026-01-01T00:00:00.000Z";
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Deterministic listing ids in the `lst_` format, time-sortable, all older than anything created later. */
function listingId(n) {
  let t = Date.parse(SEEDED_AT) + n;
  let time = "";
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let rest = "";
  let x = n;
  for (let i = 0; i < 16; i++) {
    rest = CROCKFORD[x % 32] + rest;
    x = Math.floor(x / 32);
  }
  return `lst_${time}${rest}`;
}

/** Platform-level rows every tenant reads: markets, default FX rates, category restrictions. */
export function catalogReferenceSql() {
  return [
    ...MARKETS.map(
      ([country, name, currency, inclusive, bps, locales]) =>
        `INSERT OR IGNORE INTO markets (country, name, currency, tax_inclusive, vat_bps, locales) VALUES (${q(country)}, ${q(name)}, ${q(currency)}, ${inclusive ? 1 : 0}, ${bps}, ${q(JSON.stringify(locales))});`,
    ),
    ...Object.entries(FX_PER_USD).map(
      ([currency, rate]) => `INSERT OR IGNORE INTO fx_rates (tenant_id, currency, per_usd, set_at) VALUES ('*', ${q(currency)}, ${q(rate)}, ${q(SEEDED_AT)});`,
    ),
    ...RESTRICTIONS.map(([country, category, reason]) => `INSERT OR IGNORE INTO category_restrictions (country, category, reason) VALUES (${q(country)}, ${q(category)}, ${q(reason)});`),
  ];
}

/** 8 products × 5 colours × 5 editions = 200 listings; a few sold only in some markets or with their own price. */
function demoListingsSql(tenantId) {
  const out = [];
  let n = 0;
  for (const [p, product] of PRODUCTS.entries()) {
    for (const [c, colour] of COLOURS.entries()) {
      for (let edition = 1; edition <= 5; edition++, n++) {
        const id = listingId(n);
        const sku = `${product.brand.replace(/\W+/g, "").toUpperCase().slice(0, 6)}-${colour[0].toUpperCase()}-${edition}`;
        const usd = product.usd + (edition - 1) * 500 + c * 100;
        out.push(
          `INSERT OR IGNORE INTO listings (id, tenant_id, sku, brand, default_locale, base_amount, base_currency, category, attributes, images, status, created_at, updated_at, version) VALUES (${q(id)}, ${q(tenantId)}, ${q(sku)}, ${q(product.brand)}, 'en', ${usd}, 'USD', ${q(product.category)}, ${q(JSON.stringify({ colour: colour[0], edition }))}, ${q(JSON.stringify([`https://images.example.com/demo/${p}/${c}.jpg`]))}, 'active', ${q(SEEDED_AT)}, ${q(SEEDED_AT)}, 1);`,
        );
        const rows = LOCALES.map((locale, i) => {
          const [title, description] = product.text[i];
          const sep = locale === "ja" || locale.startsWith("zh") ? "・" : " – ";
          return `(${q(id)}, ${q(locale)}, ${q(`${title}${sep}${colour[i]} ${edition}`)}, ${q(description)})`;
        });
        out.push(`INSERT OR IGNORE INTO listing_translations (listing_id, locale, title, description) VALUES ${rows.join(", ")};`);
        if (edition === 5) {
          for (const country of ["US", "CA", "MX"]) out.push(`INSERT OR IGNORE INTO listing_markets (listing_id, country) VALUES (${q(id)}, ${q(country)});`);
        }
        if (edition === 1) {
          out.push(`INSERT OR IGNORE INTO listing_prices (listing_id, country, amount, currency) VALUES (${q(id)}, 'JP', ${Math.round((usd * 140) / 100 / 10) * 10}, 'JPY');`);
        }
      }
    }
  }
  return out;
}

/**
 * The demo tenant's catalog (reference data comes with the migrations). It ends by moving the tenant's catalog
 * version, as every catalog write must: that builds the listings' stored documents (migration 0020) and makes
 * cached reads see the rows; then merges the search index.
 */
export function catalogSql(tenantId) {
  const bump = `INSERT INTO catalog_versions (tenant_id, version) VALUES (${q(tenantId)}, (SELECT ms FROM catalog_version_clock)) ON CONFLICT (tenant_id) DO UPDATE SET version = max(version + 1, (SELECT ms FROM catalog_version_clock));`;
  // Written in bulk (and rewritten by migrations since): merged whole once here, as the catalog's cron would over its
  // first runs (workers/catalog/src/store/search-index.ts), so a fresh stack searches a merged index.
  const merged = `INSERT INTO listing_search (listing_search) VALUES ('optimize');`;
  return [...demoListingsSql(tenantId), bump, merged].join("\n");
}
