import { createExecutionContext, waitOnExecutionContext, type applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, onTestFinished } from "vitest";
import { app } from "../src/http";
import { knownVersion } from "../src/store/versions";
import { call, createListing, newTenantId } from "./helpers";

// A D1 Time Travel restore puts every row back as it was at an earlier time, catalog versions included, while isolates
// and the Cache API still hold what was read under the versions issued since (docs/d1-restore.md).
const testEnv = env as unknown as Env & { AFTER_RESTORE: Parameters<typeof applyD1Migrations>[1] };
const DB = testEnv.DB;

const stored = async (tenantId: string) => (await DB.prepare("SELECT version FROM catalog_versions WHERE tenant_id = ?").bind(tenantId).first<{ version: number }>())?.version;
const reading = async (tenantId: string) => ({ tenant: (await stored(tenantId)) ?? 0, platform: (await stored("*"))! });

/** A buyer's read in Germany, through the catalog's app (this module's memos). */
async function buyerRead(tenantId: string, path: string) {
  const ctx = createExecutionContext();
  const req = new Request(`https://catalog.internal${path}?country=DE`, { headers: { "x-ecp-tenant": tenantId, "x-ecp-key-kind": "publishable" } });
  // VERSION_TTL_MS 0: every read asks D1 for the version, so an answer depends on the cache keys alone, never on timing.
  const res = await app.fetch(req, { ...testEnv, VERSION_TTL_MS: "0" }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** A USD 100.00 listing's price in Germany, where prices show VAT. */
const priceInGermany = async (tenantId: string, id: string) => ((await (await buyerRead(tenantId, `/v1/catalog/listings/${id}`)).json()) as { price: { amount: number } }).price.amount;
const atRate = async (perUsd: number) => Math.round(10000 * perUsd * (1 + (await DB.prepare("SELECT vat_bps FROM markets WHERE country = 'DE'").first<{ vat_bps: number }>())!.vat_bps / 10000));

const setEuroRate = async (tenantId: string, perUsd: string) =>
  expect((await call("/v1/catalog/fx-rates", { method: "PUT", tenant: tenantId, json: { rates: { EUR: perUsd } } })).status).toBe(200);

/**
 * A restore comes after the writes it discards, in time: a millisecond passes first, so D1's clock has moved past
 * every version they were issued (two steps of this test can otherwise fall in one millisecond, which no restore can).
 */
const later = () => new Promise((r) => setTimeout(r, 2));

/** What a restore to before the tenant's own rates leaves: no rates, and the version of then. */
async function restoreBeforeRates(tenantId: string, version: number) {
  await later();
  await DB.batch([DB.prepare("DELETE FROM fx_rates WHERE tenant_id = ?").bind(tenantId), DB.prepare("UPDATE catalog_versions SET version = ? WHERE tenant_id = ?").bind(version, tenantId)]);
}

describe("after a D1 Time Travel restore", () => {
  it("a tenant's next write gets a version never issued before, so no answer cached from the discarded data comes back", async () => {
    const t = newTenantId();
    const id = await createListing(t, { price: { amount: 10000, currency: "USD" } });
    const restorePoint = (await stored(t))!;
    await setEuroRate(t, "2");
    const discarded = (await stored(t))!;
    expect(await priceInGermany(t, id)).toBe(await atRate(2)); // cached under the discarded version

    await restoreBeforeRates(t, restorePoint);
    await setEuroRate(t, "3");
    expect(await stored(t)).toBeGreaterThan(discarded);
    expect(await priceInGermany(t, id)).toBe(await atRate(3));
  });

  it("the platform's next change gets a version never issued before, whichever of its triggers moves it", async () => {
    const setAt = new Date().toISOString();
    const changes = [
      "INSERT INTO markets (country, name, currency, tax_inclusive, vat_bps, locales) VALUES ('ZZ', 'Restore test', 'EUR', 1, 0, '[\"en\"]')",
      "UPDATE markets SET vat_bps = 100 WHERE country = 'ZZ'",
      "DELETE FROM markets WHERE country = 'ZZ'",
      "INSERT INTO category_restrictions (country, category, reason) VALUES ('ZZ', 'restore-test', 'test')",
      "UPDATE category_restrictions SET reason = 'still a test' WHERE country = 'ZZ'",
      "DELETE FROM category_restrictions WHERE country = 'ZZ'",
      `INSERT INTO fx_rates (tenant_id, currency, per_usd, set_at) VALUES ('*', 'XTS', '1', '${setAt}')`,
      "UPDATE fx_rates SET per_usd = '2' WHERE tenant_id = '*' AND currency = 'XTS'",
      "DELETE FROM fx_rates WHERE tenant_id = '*' AND currency = 'XTS'",
    ];
    onTestFinished(async () => {
      await DB.batch(["markets", "category_restrictions"].map((table) => DB.prepare(`DELETE FROM ${table} WHERE country = 'ZZ'`)));
      await DB.prepare("DELETE FROM fx_rates WHERE tenant_id = '*' AND currency = 'XTS'").run();
    });
    const restorePoint = (await stored("*"))!;
    await DB.prepare("UPDATE markets SET vat_bps = vat_bps WHERE country = 'DE'").run(); // a change the restore undoes
    let issued = (await stored("*"))!;
    for (const change of changes) {
      await later();
      await DB.prepare("UPDATE catalog_versions SET version = ? WHERE tenant_id = '*'").bind(restorePoint).run();
      await DB.prepare(change).run();
      expect(await stored("*"), change).toBeGreaterThan(issued);
      issued = (await stored("*"))!;
    }
  });

  it("the operators' step makes every isolate take the restored state at its next reading, a tenant's whose first write was undone too", async () => {
    const [t, newcomer] = [newTenantId(), newTenantId()];
    // The step gives a version to every tenant on record; the rows go after the test (reference.test.ts counts none).
    await DB.batch([t, newcomer].map((id) => DB.prepare("INSERT INTO tenants (id, name, created_at) VALUES (?, 'Restore test', ?)").bind(id, new Date().toISOString())));
    onTestFinished(() => DB.batch([t, newcomer].map((id) => DB.prepare("DELETE FROM tenants WHERE id = ?").bind(id))).then(() => undefined));
    const id = await createListing(t, { price: { amount: 10000, currency: "USD" } });
    const restorePoint = (await stored(t))!;
    const before = await priceInGermany(t, id);
    await setEuroRate(t, "2");
    const discarded = (await stored(t))!;
    expect(await priceInGermany(t, id)).toBe(await atRate(2));
    const newcomers = await createListing(newcomer); // its first catalog write
    expect((await buyerRead(newcomer, `/v1/catalog/listings/${newcomers}`)).status).toBe(200);

    await restoreBeforeRates(t, restorePoint);
    await DB.batch([DB.prepare("DELETE FROM listings WHERE id = ?").bind(newcomers), DB.prepare("DELETE FROM catalog_versions WHERE tenant_id = ?").bind(newcomer)]);
    await DB.batch(testEnv.AFTER_RESTORE.flatMap((file) => file.queries).map((q) => DB.prepare(q)));

    expect(await stored(t)).toBeGreaterThan(discarded);
    expect(await priceInGermany(t, id)).toBe(before);
    expect(knownVersion(t, 60_000)).toEqual(await reading(t));
    expect((await buyerRead(newcomer, `/v1/catalog/listings/${newcomers}`)).status).toBe(404);
    expect(knownVersion(newcomer, 60_000)).toEqual(await reading(newcomer));
  });
});
