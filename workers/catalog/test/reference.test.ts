import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM seed script without types
import { FX_PER_USD, MARKETS, RESTRICTIONS } from "../../../scripts/seed/catalog-data.mjs";
import { forgetReferenceData } from "../src/store/reference";
import { call, createListing, listingBody, newTenantId, problem } from "./helpers";

const DB = (env as unknown as Env).DB;
const count = async (sql: string) => (await DB.prepare(sql).first<{ n: number }>())!.n;

afterEach(forgetReferenceData);

describe("reference data ships with the migrations", () => {
  it("a database with only the migrations applied has every market, FX default and restriction, and takes a listing", async () => {
    expect(await count("SELECT count(*) AS n FROM markets")).toBe(MARKETS.length);
    expect(await count("SELECT count(*) AS n FROM fx_rates WHERE tenant_id = '*'")).toBe(Object.keys(FX_PER_USD).length);
    expect(await count("SELECT count(*) AS n FROM category_restrictions")).toBe(RESTRICTIONS.length);
    expect(await count("SELECT count(*) AS n FROM ip_marks")).toBeGreaterThan(1000);
    expect(await count("SELECT count(*) AS n FROM tenants")).toBe(0); // demo tenant data stays local
    const res = await call("/v1/catalog/listings", { method: "POST", tenant: newTenantId(), json: listingBody() });
    expect(res.status).toBe(201);
  });

  it("answers 503 reference_data_missing, not 500, when the markets table is empty", async () => {
    const saved = await DB.prepare("SELECT * FROM markets").all();
    await DB.prepare("DELETE FROM markets").run();
    forgetReferenceData();
    try {
      const t = newTenantId();
      const created = await call("/v1/catalog/listings", { method: "POST", tenant: t, json: listingBody() });
      expect((await problem(created, 503)).code).toBe("reference_data_missing");
      expect(created.headers.get("retry-after")).toBe("60");
      await problem(await call("/v1/catalog/listings", { tenant: t, kind: "publishable" }), 503);
    } finally {
      await DB.batch(
        saved.results.map((m) =>
          DB.prepare("INSERT INTO markets (country, name, currency, tax_inclusive, vat_bps, locales) VALUES (?, ?, ?, ?, ?, ?)").bind(
            m.country, m.name, m.currency, m.tax_inclusive, m.vat_bps, m.locales,
          ),
        ),
      );
    }
  });
});

describe("a change to the platform's reference data", () => {
  type Page = { items: { id: string; price: { amount: number } }[] };
  const page = async (t: string, query: string) => {
    const res = await call(`/v1/catalog/listings?${query}`, { tenant: t, kind: "publishable" });
    expect(res.status).toBe(200);
    return ((await res.json()) as Page).items;
  };
  const platformVersion = async () => (await DB.prepare("SELECT version FROM catalog_versions WHERE tenant_id = '*'").first<{ version: number }>())!.version;
  // Past the catalog's VERSION_TTL_MS (250 ms): another isolate's reading of the version would have expired.
  const afterVersionTtl = () => new Promise((r) => setTimeout(r, 300));

  it("reaches answers already cached, by migration or operator SQL, without the tenant writing (VAT, platform FX, restrictions)", async () => {
    const t = newTenantId();
    const id = await createListing(t, { category: "kitchen", price: { amount: 10000, currency: "USD" } });
    const saved = await DB.prepare("SELECT (SELECT vat_bps FROM markets WHERE country = 'DE') AS vat, (SELECT per_usd FROM fx_rates WHERE tenant_id = '*' AND currency = 'EUR') AS eur").first<{ vat: number; eur: string }>();
    try {
      // Read twice: the isolate's memo and the shared Cache API both hold the answer.
      const before = (await page(t, "country=DE"))[0]!.price.amount;
      expect((await page(t, "country=DE"))[0]!.price.amount).toBe(before);
      const p0 = await platformVersion();

      await DB.prepare("UPDATE markets SET vat_bps = vat_bps + 1000 WHERE country = 'DE'").run();
      expect(await platformVersion()).toBeGreaterThan(p0);
      await afterVersionTtl();
      const withVat = (await page(t, "country=DE"))[0]!.price.amount;
      expect(withVat).toBeGreaterThan(before);

      await DB.prepare("UPDATE fx_rates SET per_usd = '2' WHERE tenant_id = '*' AND currency = 'EUR'").run();
      await afterVersionTtl();
      expect((await page(t, "country=DE"))[0]!.price.amount).toBe(Math.round(10000 * 2 * (1 + (saved!.vat + 1000) / 10000)));

      await DB.prepare("INSERT INTO category_restrictions (country, category, reason) VALUES ('DE', 'kitchen', 'test')").run();
      await afterVersionTtl();
      expect(await page(t, "country=DE")).toEqual([]);
      expect((await page(t, "country=FR")).map((i) => i.id)).toEqual([id]); // elsewhere it still sells
    } finally {
      await DB.batch([
        DB.prepare("UPDATE markets SET vat_bps = ? WHERE country = 'DE'").bind(saved!.vat),
        DB.prepare("UPDATE fx_rates SET per_usd = ? WHERE tenant_id = '*' AND currency = 'EUR'").bind(saved!.eur),
        DB.prepare("DELETE FROM category_restrictions WHERE country = 'DE' AND category = 'kitchen'"),
      ]);
    }
  });

  it("leaves a tenant's own FX rates out of the platform's version", async () => {
    const p0 = await platformVersion();
    const res = await call("/v1/catalog/fx-rates", { method: "PUT", tenant: newTenantId(), json: { rates: { EUR: "0.5" } } });
    expect(res.status).toBe(200);
    expect(await platformVersion()).toBe(p0);
  });
});
