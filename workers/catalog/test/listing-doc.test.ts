import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createListing, etagVersion, newTenantId, rpc } from "./helpers";

const DB = (env as unknown as Env).DB;

/** Each listing's stored document and markets beside those `listing_docs` builds from its rows now. */
async function stored(tenant: string) {
  const { results } = await DB.prepare(
    "SELECT l.id, l.doc AS stored, d.doc AS rebuilt, l.sold_in AS soldIn, d.sold_in AS rebuiltSoldIn FROM listings l JOIN listing_docs d ON d.id = l.id WHERE l.tenant_id = ? ORDER BY l.id",
  )
    .bind(tenant)
    .all<{ id: string; stored: string | null; rebuilt: string; soldIn: string; rebuiltSoldIn: string }>();
  return results;
}

// Reads select the stored document (migration 0017); it is only right if every write keeps it so.
describe("a listing's stored document", () => {
  it("is what its rows say after a create, an edit of every part, a hold and its release", async () => {
    const t = newTenantId();
    const id = await createListing(t, { prices: { DE: { amount: 1800, currency: "EUR" } }, markets: ["DE", "FR"] });
    const other = await createListing(t);
    const edit = await call(`/v1/catalog/listings/${id}`, {
      method: "PATCH",
      tenant: t,
      json: {
        brand: "Neuer Name",
        translations: { en: { title: "New title", description: "New text" }, de: { title: "Neuer Titel", description: "Neuer Text" } },
        prices: { JP: { amount: 3000, currency: "JPY" } },
        markets: ["JP"],
        attributes: { colour: "red" },
      },
    });
    expect(edit.status).toBe(200);
    expect(await rpc().hold(t, id, "complaint cmp_1")).toMatchObject({ status: "held" });
    const rows = await stored(t);
    expect(rows.map((r) => r.id)).toEqual([id, other].sort());
    for (const r of rows) expect([JSON.parse(r.stored!), r.soldIn]).toEqual([JSON.parse(r.rebuilt), r.rebuiltSoldIn]);
    expect(rows.find((r) => r.id === id)!.soldIn).toBe("|JP|");
    const doc = JSON.parse(rows.find((r) => r.id === id)!.stored!);
    expect(doc.version).toBeGreaterThan(etagVersion(edit));
    expect(doc).toMatchObject({ status: "held", draft: { brand: "Neuer Name", markets: ["JP"], prices: { JP: { amount: 3000, currency: "JPY" } } } });
    expect(doc.draft.translations.de).toEqual({ title: "Neuer Titel", description: "Neuer Text" });

    expect(await rpc().release(t, id, "complaint cmp_1")).toMatchObject({ status: "active" });
    const [after] = (await stored(t)).filter((r) => r.id === id);
    expect(JSON.parse(after!.stored!)).toEqual(JSON.parse(after!.rebuilt));
    expect(JSON.parse(after!.stored!)).toMatchObject({ status: "active" });
    expect(JSON.parse(after!.stored!).version).toBeGreaterThan(doc.version);
  });

  it("follows a write that goes around the catalog's code once it moves the version (as cached reads need too), with no second version step", async () => {
    const t = newTenantId();
    const id = await createListing(t, { markets: ["DE"] });
    await DB.batch([
      DB.prepare("UPDATE listing_translations SET title = 'Direkt geschrieben' WHERE listing_id = ? AND locale = 'de'").bind(id),
      DB.prepare("DELETE FROM listing_markets WHERE listing_id = ?").bind(id),
      DB.prepare("UPDATE catalog_versions SET version = version + 1 WHERE tenant_id = ?").bind(t),
    ]);
    const [row] = await stored(t);
    expect(JSON.parse(row!.stored!)).toEqual(JSON.parse(row!.rebuilt));
    expect(row!.soldIn).toBe("");
    expect(JSON.parse(row!.stored!).draft).toMatchObject({ translations: { de: { title: "Direkt geschrieben" } }, markets: [] });
    expect(JSON.parse(row!.stored!).version).toBe(1);
    // Any other column still needs the version moved.
    await expect(DB.prepare("UPDATE listings SET brand = 'x' WHERE id = ?").bind(id).run()).rejects.toThrow(/listing_version_conflict/);
  });

  it("is rebuilt by its own tenant's writes only: another tenant's stale marks wait for that tenant, a deleted listing's go", async () => {
    const [a, b] = [newTenantId(), newTenantId()];
    const idA = await createListing(a);
    const idB = await createListing(b);
    const gone = await createListing(a);
    // An edit of B's rows that moves no version (an operator's SQL): B's document is marked stale.
    await DB.prepare("UPDATE listing_translations SET title = 'Ohne Version' WHERE listing_id = ? AND locale = 'de'").bind(idB).run();
    expect(await call(`/v1/catalog/listings/${gone}`, { method: "DELETE", tenant: a })).toHaveProperty("status", 204);
    await call(`/v1/catalog/listings/${idA}`, { method: "PATCH", tenant: a, json: { brand: "A2" } });
    // Other files' tests leave marks of their own (edits behind the version's back): only these three count.
    const marks = async () =>
      (await DB.prepare("SELECT listing_id AS id FROM listing_docs_stale WHERE listing_id IN (?, ?, ?)").bind(idA, idB, gone).all<{ id: string }>()).results.map((r) => r.id);
    expect(await marks()).toEqual([idB]); // A's write left B's mark (and cleared the deleted listing's)
    const [rowB] = await stored(b);
    expect(JSON.parse(rowB!.stored!).draft.translations.de.title).toBe("Mokamaschine");
    await DB.prepare("UPDATE catalog_versions SET version = version + 1 WHERE tenant_id = ?").bind(b).run();
    const [after] = await stored(b);
    expect(JSON.parse(after!.stored!).draft.translations.de.title).toBe("Ohne Version");
    expect(await marks()).toEqual([]);
  });

  it("is rebuilt a fixed number of times per write, not once per translation, price and market", async () => {
    // Counts the document's rewrites (test-only table and trigger, dropped after).
    await DB.batch([
      DB.prepare("CREATE TABLE IF NOT EXISTS test_doc_rebuilds (n INTEGER NOT NULL)"),
      DB.prepare("DELETE FROM test_doc_rebuilds"),
      DB.prepare("INSERT INTO test_doc_rebuilds (n) VALUES (0)"),
      DB.prepare("CREATE TRIGGER IF NOT EXISTS test_doc_rebuilds_au AFTER UPDATE OF doc ON listings BEGIN UPDATE test_doc_rebuilds SET n = n + 1; END"),
    ]);
    const rebuilds = async () => (await DB.prepare("SELECT n FROM test_doc_rebuilds").first<{ n: number }>())!.n;
    try {
      const t = newTenantId();
      const currency: Record<string, string> = { DE: "EUR", FR: "EUR", ES: "EUR", IT: "EUR", JP: "JPY", US: "USD", GB: "GBP", CA: "CAD" };
      const countries = Object.keys(currency);
      const translations = Object.fromEntries(["en", "de", "fr", "es", "it", "ja", "ko", "nl", "pl", "sv"].map((l) => [l, { title: `Lamp ${l}`, description: "Light." }]));
      const prices = Object.fromEntries(countries.map((c) => [c, { amount: 1000, currency: currency[c] }]));
      const id = await createListing(t, { translations, prices, markets: countries });
      const created = await rebuilds();
      const edit = await call(`/v1/catalog/listings/${id}`, { method: "PATCH", tenant: t, json: { translations: { en: { title: "Lamp", description: "Bright." } } } });
      expect(edit.status).toBe(200);
      const patched = (await rebuilds()) - created;
      // 26 child rows written on create, 52 deleted and written on the edit: one or two rewrites each, not one per row.
      expect(created).toBeLessThanOrEqual(2);
      expect(patched).toBeLessThanOrEqual(2);
      const [row] = await stored(t);
      expect(JSON.parse(row!.stored!)).toEqual(JSON.parse(row!.rebuilt));
      // Its own marks only: other files' edits behind the version's back leave marks of their tenants (0022).
      expect((await DB.prepare("SELECT count(*) AS n FROM listing_docs_stale WHERE listing_id = ?").bind(id).first<{ n: number }>())!.n).toBe(0);
    } finally {
      await DB.batch([DB.prepare("DROP TRIGGER IF EXISTS test_doc_rebuilds_au"), DB.prepare("DROP TABLE IF EXISTS test_doc_rebuilds")]);
    }
  });
});
