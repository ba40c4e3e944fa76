import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { db } from "../src/store/db";
import { getListing, getRead, listRead, readListings } from "../src/store/listings";
import { call, createListing, newTenantId } from "./helpers";

const DB = (env as unknown as Env).DB;

// A public read leaves out what its buyer cannot be shown; these pin that it leaves out nothing else.
describe("what a public read reads", () => {
  it("skips the text of skipped locales but keeps every locale's name, and the default's text even when skipped", async () => {
    const t = newTenantId();
    const id = await createListing(t, { prices: { JP: { amount: 3000, currency: "JPY" }, DE: { amount: 1800, currency: "EUR" } } });
    const shape = { skipLocales: ["en", "ja", "zh-Hans"], country: "JP", owner: false };
    const [record] = (await readListings(db(DB), getRead(t, id, shape)));
    expect(record!.locales).toEqual(["de", "en", "ja", "zh-Hans", "zh-Hant"]);
    expect(Object.keys(record!.draft.translations).sort()).toEqual(["de", "en", "zh-Hant"]);
    expect(record!.draft.prices).toEqual({ JP: { amount: 3000, currency: "JPY" } });

    const page = await readListings(db(DB), listRead(t, { includeHeld: false, country: null, limit: 5 }, { ...shape, country: null }));
    expect(page.map((r) => [r.locales.length, Object.keys(r.draft.prices)])).toEqual([[5, []]]);
  });

  it("reads holds for the owner only, and everything for an edit", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    await DB.prepare("INSERT INTO listing_holds (listing_id, source, reason, created_at) VALUES (?, 'complaint', 'test', '2026-01-01')").bind(id).run();
    const shape = { skipLocales: ["ja"], country: null, owner: false };
    expect((await readListings(db(DB), getRead(t, id, shape)))[0]!.holds).toEqual([]);
    expect((await readListings(db(DB), getRead(t, id, { ...shape, owner: true })))[0]!.holds).toHaveLength(1);
    const full = await getListing(db(DB), t, id);
    expect(Object.keys(full!.draft.translations)).toHaveLength(5);
    expect(full!.holds).toHaveLength(1);
  });

  it("answers a buyer the same once the isolate knows which texts it can skip", async () => {
    const t = newTenantId();
    await createListing(t);
    const read = async (limit: number, lang: string) =>
      (await (await call(`/v1/catalog/listings?limit=${limit}`, { tenant: t, kind: "publishable", country: "DE", headers: { "accept-language": lang } })).json()) as {
        items: { title: string; locale: string; locales: string[] }[];
      };
    // The first read teaches the isolate the locales; later ones (new keys, so no cache) skip what the buyer cannot read.
    for (const limit of [3, 4, 5]) {
      expect((await read(limit, "de-DE")).items[0]).toMatchObject({ locale: "de", title: "Mokamaschine", locales: ["de", "en", "ja", "zh-Hans", "zh-Hant"] });
      expect((await read(limit, "zh-HK")).items[0]).toMatchObject({ locale: "zh-Hant", title: "摩卡咖啡機" });
      expect((await read(limit, "ko")).items[0]).toMatchObject({ locale: "en", title: "Moka brewer" });
    }
  });
});
