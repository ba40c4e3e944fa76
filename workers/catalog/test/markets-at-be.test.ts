import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM seed script without types
import { MARKETS } from "../../../scripts/seed/catalog-data.mjs";
import { forgetReferenceData } from "../src/store/reference";
import { call, createListing, listingBody, newTenantId } from "./helpers";

type Item = { id: string; locale: string; title: string; price: { amount: number; currency: string; taxIncluded: boolean } };

const testEnv = env as unknown as Env & { TEST_MIGRATIONS: { name: string; queries: string[] }[] };
const DB = testEnv.DB;
const MIGRATION = "0034_markets_at_be.sql";

afterEach(forgetReferenceData);

describe("Austria and Belgium are markets", () => {
  it("sells to a buyer there in EUR with the country's VAT, in the market's languages", async () => {
    const t = newTenantId();
    const id = await createListing(t, {
      translations: { ...listingBody().translations, fr: { title: "Cafetière moka", description: "Fait du café." } },
    });
    const read = async (country: string) => {
      // The edge's country, as the storefront's API calls carry it; no Accept-Language: the market's languages decide.
      const res = await call(`/v1/catalog/listings/${id}`, { tenant: t, kind: "publishable", country });
      expect(res.status, country).toBe(200);
      return (await res.json()) as Item;
    };
    const at = await read("AT");
    // 199.99 USD × 0.92 × 1.20 = 220.789…
    expect(at.price).toMatchObject({ amount: 22079, currency: "EUR", taxIncluded: true });
    expect([at.locale, at.title]).toEqual(["de", "Mokamaschine"]);
    const be = await read("BE");
    // 199.99 USD × 0.92 × 1.21 = 222.628…; nl-BE has no text, fr-BE comes next
    expect(be.price).toMatchObject({ amount: 22263, currency: "EUR", taxIncluded: true });
    expect([be.locale, be.title]).toEqual(["fr", "Cafetière moka"]);

    for (const country of ["AT", "BE"]) {
      const res = await call(`/v1/catalog/listings?country=${country}`, { tenant: t, kind: "publishable" });
      expect(res.status, country).toBe(200); // an unknown ?country is a 400 unknown_country
      expect(((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([id]);
    }
  });

  it(`reach a database that applied 0007 before them through ${MIGRATION}, as the seed's sources give them`, async () => {
    const migration = testEnv.TEST_MIGRATIONS.find((m) => m.name === MIGRATION);
    expect(migration, `${MIGRATION} exists`).toBeDefined();
    const wanted = (MARKETS as [string, string, string, boolean, number, string[]][])
      .filter(([country]) => country === "AT" || country === "BE")
      .map(([country, name, currency, inclusive, bps, locales]) => ({ country, name, currency, tax_inclusive: inclusive ? 1 : 0, vat_bps: bps, locales: JSON.stringify(locales) }));
    expect(wanted.map((m) => m.country)).toEqual(["AT", "BE"]);
    const rows = async () => (await DB.prepare("SELECT * FROM markets WHERE country IN ('AT', 'BE') ORDER BY country").all()).results;
    const platformVersion = async () => (await DB.prepare("SELECT version FROM catalog_versions WHERE tenant_id = '*'").first<{ version: number }>())!.version;

    // Every migration applied (0007's block has them): the migration changes nothing.
    expect(await rows()).toEqual(wanted);
    for (const q of migration!.queries) await DB.prepare(q).run();
    expect(await rows()).toEqual(wanted);

    // A database from before: 0007 applied without them.
    await DB.prepare("DELETE FROM markets WHERE country IN ('AT', 'BE')").run();
    try {
      forgetReferenceData();
      const t = newTenantId();
      await createListing(t);
      expect((await call("/v1/catalog/listings?country=AT", { tenant: t, kind: "publishable" })).status).toBe(400);
      const before = await platformVersion();
      for (const q of migration!.queries) await DB.prepare(q).run();
      expect(await rows()).toEqual(wanted);
      expect(await platformVersion()).toBeGreaterThan(before); // cached answers are told
      forgetReferenceData();
      expect((await call("/v1/catalog/listings?country=AT", { tenant: t, kind: "publishable" })).status).toBe(200);
    } finally {
      await DB.batch(
        wanted.map((m) =>
          DB.prepare("INSERT OR IGNORE INTO markets (country, name, currency, tax_inclusive, vat_bps, locales) VALUES (?, ?, ?, ?, ?, ?)").bind(
            m.country, m.name, m.currency, m.tax_inclusive, m.vat_bps, m.locales,
          ),
        ),
      );
    }
  });
});
