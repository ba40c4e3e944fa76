import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { db } from "../src/store/db";
import { getRead, listRead, readListings, type ListFilter, type ReadShape } from "../src/store/listings";
import { inlined } from "../src/store/prepared";
import { call, createListing, etagVersion, newTenantId } from "./helpers";

const DB = (env as unknown as Env).DB;
const buyerDE: ReadShape = { skipLocales: ["ja"], country: "DE", owner: false };
const page = (country: string | null = "DE"): ListFilter => ({ includeHeld: false, country, limit: 10 });

/** The documents SQLite sends for a read: null for each row the read's scope already holds. */
const documents = async (read: ReturnType<typeof listRead>) => (await inlined(db(DB), read)).map((row) => row.listing);

// A page that misses every response cache re-reads the same listings; the isolate keeps their records so SQLite need not send them again.
describe("listings a read scope already holds", () => {
  it("come back as ids alone, decoded to the records read before", async () => {
    const t = newTenantId();
    await createListing(t, { prices: { DE: { amount: 1800, currency: "EUR" } } });
    await createListing(t);
    const first = await readListings(db(DB), listRead(t, page(), buyerDE));
    expect(first).toHaveLength(2);
    const again = listRead(t, page(), buyerDE);
    const rows = await inlined(db(DB), again);
    expect(rows.map((r) => r.listing)).toEqual([null, null]);
    expect(again.decode(rows)).toEqual(first);
    // A single read of one of them is in the same scope.
    expect(await readListings(db(DB), getRead(t, first[0]!.id, buyerDE))).toEqual([first[0]]);
  });

  it("come back whole once written, with what was written", async () => {
    const t = newTenantId();
    const edited = await createListing(t);
    const kept = await createListing(t);
    await readListings(db(DB), listRead(t, page(), buyerDE));
    const res = await call(`/v1/catalog/listings/${edited}`, { method: "PATCH", tenant: t, json: { translations: { de: { title: "Neue Mokamaschine" } } } });
    expect(res.status).toBe(200);
    const rows = await inlined(db(DB), listRead(t, page(), buyerDE));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.listing !== null]))).toEqual({ [edited]: true, [kept]: false });
    const records = await readListings(db(DB), listRead(t, page(), buyerDE));
    expect(records.find((r) => r.id === edited)!.draft.translations.de!.title).toBe("Neue Mokamaschine");
    expect(records.find((r) => r.id === edited)!.version).toBe(etagVersion(res));
  });

  it("are another scope's own: another country's price, the owner's holds, another tenant", async () => {
    const t = newTenantId();
    const id = await createListing(t, { prices: { DE: { amount: 1800, currency: "EUR" }, JP: { amount: 3000, currency: "JPY" } } });
    await DB.prepare("INSERT INTO listing_holds (listing_id, source, reason, created_at) VALUES (?, 'complaint', 'test', '2026-01-01')").bind(id).run();
    const [de] = await readListings(db(DB), getRead(t, id, buyerDE));
    expect(de!.draft.prices).toEqual({ DE: { amount: 1800, currency: "EUR" } });

    const jp = listRead(t, page("JP"), { ...buyerDE, country: "JP" });
    expect(await documents(jp)).toEqual([expect.any(String)]);
    expect((await readListings(db(DB), jp))[0]!.draft.prices).toEqual({ JP: { amount: 3000, currency: "JPY" } });

    const [owner] = await readListings(db(DB), getRead(t, id, { ...buyerDE, owner: true }));
    expect(owner!.holds).toHaveLength(1);
    expect(de!.holds).toEqual([]);

    // Another tenant asking for this id through the same scope key shape reads nothing.
    expect(await readListings(db(DB), getRead(newTenantId(), id, buyerDE))).toEqual([]);
  });
});
