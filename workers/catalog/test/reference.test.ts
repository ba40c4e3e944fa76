import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM seed script without types
import { FX_PER_USD, MARKETS, RESTRICTIONS } from "../../../scripts/seed/catalog-data.mjs";
import { forgetReferenceData } from "../src/store/reference";
import { call, listingBody, newTenantId, problem } from "./helpers";

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
