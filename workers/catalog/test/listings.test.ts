import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createListing, listingBody, newTenantId, problem } from "./helpers";

type Item = { id: string; locale: string; title: string; price: { amount: number; currency: string; formatted: string; taxIncluded: boolean }; status?: string };

describe("reading a listing where the buyer is", () => {
  it("serves German text, EUR with VAT to de-DE in Germany", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const res = await call(`/v1/catalog/listings/${id}`, { tenant: t, kind: "publishable", country: "DE", headers: { "accept-language": "de-DE,de;q=0.9,en;q=0.5" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-language")).toBe("de");
    expect(res.headers.get("vary")).toContain("Accept-Language");
    const item = (await res.json()) as Item;
    expect(item.title).toBe("Mokamaschine");
    // 199.99 USD × 0.92 × 1.19 = 218.949…
    expect(item.price).toEqual({ amount: 21895, currency: "EUR", formatted: "218,95\u00a0€", taxIncluded: true });
  });

  it("honours ?locale, ?country and ?currency over the headers", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const res = await call(`/v1/catalog/listings/${id}?locale=ja&country=JP&currency=USD`, { tenant: t, country: "DE", headers: { "accept-language": "de" } });
    const item = (await res.json()) as Item;
    expect(item.locale).toBe("ja");
    expect(item.price).toMatchObject({ amount: 21999, currency: "USD", taxIncluded: true });
    expect(res.headers.get("vary")).not.toContain("Accept-Language");
  });

  it("uses the listing's own price for a country", async () => {
    const t = newTenantId();
    const id = await createListing(t, { prices: { JP: { amount: 29800, currency: "JPY" } } });
    const item = (await (await call(`/v1/catalog/listings/${id}?country=JP`, { tenant: t })).json()) as Item;
    expect(item.price).toMatchObject({ amount: 32780, currency: "JPY", taxIncluded: true });
    expect(item.price.formatted).toMatch(/^[￥¥]32,780$/);
  });

  it("falls back zh-HK → zh-Hant and to the default locale", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const hk = (await (await call(`/v1/catalog/listings/${id}?country=HK`, { tenant: t, headers: { "accept-language": "zh-HK" } })).json()) as Item;
    expect([hk.locale, hk.title]).toEqual(["zh-Hant", "摩卡咖啡機"]);
    const ko = (await (await call(`/v1/catalog/listings/${id}?country=KR`, { tenant: t, headers: { "accept-language": "ko-KR" } })).json()) as Item;
    expect(ko.locale).toBe("en");
  });

  it("answers 451 where the listing is not sold, and leaves it out of lists there", async () => {
    const t = newTenantId();
    const id = await createListing(t, { markets: ["DE", "FR"] });
    const wine = await createListing(t, { category: "alcohol" });
    expect((await problem(await call(`/v1/catalog/listings/${id}?country=US`, { tenant: t }), 451)).code).toBe("not_sold_here");
    await problem(await call(`/v1/catalog/listings/${wine}`, { tenant: t, kind: "publishable", country: "SA" }), 451);
    expect((await call(`/v1/catalog/listings/${wine}`, { tenant: t, kind: "publishable", country: "DE" })).status).toBe(200);
    const list = (await (await call(`/v1/catalog/listings?country=US`, { tenant: t })).json()) as { items: Item[] };
    expect(list.items.map((i) => i.id)).toEqual([wine]);
    const sa = (await (await call(`/v1/catalog/listings`, { tenant: t, kind: "publishable", country: "SA" })).json()) as { items: Item[] };
    expect(sa.items).toEqual([]);
  });

  it("filters a secret key's reads by an explicit ?country only: its edge country just prices them", async () => {
    const t = newTenantId();
    const gulf = await createListing(t, { markets: ["SA", "KW"], category: "alcohol" });
    const de = await createListing(t, { markets: ["DE"] });
    const ids = async (qs: string, country?: string) =>
      ((await (await call(`/v1/catalog/listings${qs}`, { tenant: t, country })).json()) as { items: Item[] }).items.map((i) => i.id);
    // A backend in Ireland (no market there) and one in Saudi Arabia both read the whole catalog.
    expect(await ids("", "IE")).toEqual([de, gulf]);
    expect(await ids("", "SA")).toEqual([de, gulf]);
    expect((await call(`/v1/catalog/listings/${gulf}`, { tenant: t, country: "SA" })).status).toBe(200);
    const priced = (await (await call(`/v1/catalog/listings/${de}`, { tenant: t, country: "JP" })).json()) as Item;
    expect(priced.price.currency).toBe("JPY");
    // An explicit ?country filters as for a buyer, though the same country came from the edge just before (not its cached answer).
    expect(await ids("?country=SA", "SA")).toEqual([]);
    expect((await problem(await call(`/v1/catalog/listings/${gulf}?country=SA`, { tenant: t, country: "SA" }), 451)).code).toBe("not_sold_here");
    expect(await ids("?country=DE", "IE")).toEqual([de]);
    // Buyers are unchanged: their edge country filters.
    expect((await (await call(`/v1/catalog/listings`, { tenant: t, kind: "publishable", country: "IE" })).json()) as { items: Item[] }).toMatchObject({ items: [] });
    await problem(await call(`/v1/catalog/listings/${de}`, { tenant: t, kind: "publishable", country: "JP" }), 451);
  });

  it("shows a buyer of unknown country only what every market sells, priced without a market, and 451 for the rest", async () => {
    const t = newTenantId();
    const everywhere = await createListing(t, { prices: { DE: { amount: 1000, currency: "EUR" } } });
    const limited = await createListing(t, { markets: ["JP"] });
    const wine = await createListing(t, { category: "alcohol" });
    const vape = await createListing(t, { category: "e-cigarettes" });
    const gadget = await createListing(t, { category: "electronics" });
    // No ?country, and the gateway sent none (Tor's T1 and XX are dropped there; a malformed one is dropped here).
    for (const edge of [undefined, "T1", "XX1"]) {
      const page = (await (await call(`/v1/catalog/listings`, { tenant: t, kind: "publishable", country: edge })).json()) as { items: Item[] };
      expect(page.items.map((i) => i.id), String(edge)).toEqual([gadget, everywhere]);
      // The listing's own currency, no market's tax, no country's own price.
      expect(page.items.find((i) => i.id === everywhere)!.price).toMatchObject({ amount: 19999, currency: "USD", taxIncluded: false });
    }
    for (const id of [limited, wine, vape]) {
      const refused = await problem(await call(`/v1/catalog/listings/${id}`, { tenant: t, kind: "publishable" }), 451);
      expect(refused.code).toBe("not_sold_here");
      expect(refused.detail).toBe(`Listing ${id} is not sold in every market, and the buyer's country is unknown: name it with ?country.`);
    }
    expect((await call(`/v1/catalog/listings/${everywhere}`, { tenant: t, kind: "publishable" })).status).toBe(200);
    // Naming the country gives that country's answer; the owner's reads are as they were (no filter without ?country).
    const jp = (await (await call(`/v1/catalog/listings?country=JP`, { tenant: t, kind: "publishable" })).json()) as { items: Item[] };
    expect(jp.items.map((i) => i.id)).toEqual([gadget, vape, wine, limited, everywhere]);
    const own = (await (await call(`/v1/catalog/listings`, { tenant: t })).json()) as { items: Item[] };
    expect(own.items.map((i) => i.id)).toEqual([gadget, vape, wine, limited, everywhere]);
    expect((await call(`/v1/catalog/listings/${limited}`, { tenant: t })).status).toBe(200);
  });

  it("keeps one tenant's listings from another (404)", async () => {
    const id = await createListing(newTenantId());
    await problem(await call(`/v1/catalog/listings/${id}`, { tenant: newTenantId() }), 404);
    await problem(await call(`/v1/catalog/listings/${id}`, { tenant: newTenantId(), method: "DELETE" }), 404);
    await problem(await call(`/v1/catalog/listings/${id}`, { tenant: newTenantId(), method: "PATCH", json: { brand: "x" } }), 404);
  });
});

describe("bad input", () => {
  const t = newTenantId();
  const post = (body: unknown) => call("/v1/catalog/listings", { method: "POST", tenant: t, json: body });
  const cases: [string, Record<string, unknown>, number, string][] = [
    ["unknown currency", { price: { amount: 100, currency: "XYZ" } }, 422, "unknown_currency"],
    ["lower-case currency", { price: { amount: 100, currency: "usd" } }, 400, "validation_failed"],
    ["unknown country", { markets: ["ZZ"] }, 422, "unknown_country"],
    ["malformed locale", { defaultLocale: "en_US!" }, 400, "validation_failed"],
    ["malformed translation key", { translations: { "not a tag": { title: "x" } } }, 400, "validation_failed"],
    ["negative amount", { price: { amount: -1, currency: "USD" } }, 400, "validation_failed"],
    ["fractional amount", { price: { amount: 10.5, currency: "USD" } }, 400, "validation_failed"],
    ["price in a currency the market does not use", { prices: { DE: { amount: 100, currency: "USD" } } }, 422, "currency_mismatch"],
    ["title too long", { translations: { en: { title: "x".repeat(201) } } }, 400, "validation_failed"],
    ["huge description", { translations: { en: { title: "x", description: "y".repeat(1 << 20) } } }, 400, "validation_failed"],
    ["default locale without translation", { defaultLocale: "fr" }, 422, "missing_default_translation"],
    ["unknown field", { colour: "red" }, 400, "validation_failed"],
    ["duplicate locale spellings", { translations: { "de-de": { title: "a" }, "de-DE": { title: "b" }, en: { title: "c" } } }, 422, "duplicate_locale"],
  ];
  it.each(cases)("%s → %i %s", async (_name, overrides, status, code) => {
    const body = await problem(await post(listingBody(overrides)), status);
    expect(body.code).toBe(code);
    expect(body.errors?.length).toBeGreaterThan(0);
  });

  it("writes nothing when a listing is refused", async () => {
    const sku = "HALF-WAY";
    await problem(await post(listingBody({ sku, prices: { DE: { amount: 1, currency: "EUR" }, FR: { amount: 1, currency: "JPY" } } })), 422);
    const db = (env as unknown as Env).DB;
    expect(await db.prepare("SELECT count(*) AS n FROM listings WHERE tenant_id = ?").bind(t).first("n")).toBe(0);
  });

  it("answers a duplicate SKU with 409 and keeps the first listing whole", async () => {
    const tenant = newTenantId();
    const id = await createListing(tenant, { sku: "DUP-1" });
    const res = await call("/v1/catalog/listings", { method: "POST", tenant, json: listingBody({ sku: "DUP-1" }) });
    expect((await problem(res, 409)).code).toBe("duplicate_sku");
    const db = (env as unknown as Env).DB;
    const n = await db.prepare("SELECT count(*) AS n FROM listing_translations WHERE listing_id IN (SELECT id FROM listings WHERE tenant_id = ?)").bind(tenant).first("n");
    expect(n).toBe(5);
    expect((await call(`/v1/catalog/listings/${id}`, { tenant })).status).toBe(200);
  });

  it("refuses unknown ?country and ?currency, a malformed ?locale and a forged cursor", async () => {
    expect((await problem(await call("/v1/catalog/listings?country=ZZ", { tenant: t }), 400)).code).toBe("unknown_country");
    expect((await problem(await call("/v1/catalog/listings?currency=XYZ", { tenant: t }), 400)).code).toBe("unknown_currency");
    await problem(await call("/v1/catalog/listings?locale=en_US!", { tenant: t }), 400);
    expect((await problem(await call("/v1/catalog/listings?cursor=eyJiZWZvcmUiOiInIE9SIDE9MSJ9", { tenant: t }), 400)).code).toBe("invalid_cursor");
    expect((await problem(await call("/v1/catalog/listings?cursor=%%%", { tenant: t }), 400)).code).toBe("invalid_cursor");
    expect((await problem(await call(`/v1/catalog/listings?q=${encodeURIComponent('"*^:()')}`, { tenant: t }), 400)).code).toBe("invalid_query");
  });

  it("keeps publishable keys to reads", async () => {
    await problem(await call("/v1/catalog/listings", { method: "POST", tenant: t, kind: "publishable", json: listingBody() }), 403);
    await problem(await call("/v1/catalog/fx-rates", { method: "PUT", tenant: t, kind: "publishable", json: { rates: { EUR: "1" } } }), 403);
  });
});

describe("updating and deleting", () => {
  it("patches translations, prices and markets, revalidated as a whole", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const res = await call(`/v1/catalog/listings/${id}`, {
      method: "PATCH",
      tenant: t,
      json: { translations: { de: { title: "Neue Maschine" }, ja: null }, prices: { DE: { amount: 15000, currency: "EUR" } }, markets: ["DE"] },
    });
    expect(res.status).toBe(200);
    const item = (await (await call(`/v1/catalog/listings/${id}?country=DE&locale=de`, { tenant: t })).json()) as Item & { locales: string[]; markets: string[] };
    expect(item.title).toBe("Neue Maschine");
    expect(item.price.amount).toBe(17850);
    expect(item.locales).not.toContain("ja");
    expect(item.markets).toEqual(["DE"]);
    await problem(await call(`/v1/catalog/listings/${id}?country=US`, { tenant: t }), 451);
    // removing the default locale's translation is refused, and nothing changes
    await problem(await call(`/v1/catalog/listings/${id}`, { method: "PATCH", tenant: t, json: { translations: { en: null }, brand: "Other" } }), 422);
    const again = (await (await call(`/v1/catalog/listings/${id}?country=DE`, { tenant: t })).json()) as { brand: string };
    expect(again.brand).toBe("Acme");
  });

  it("holds a listing to the locale limit across PATCHes, not only within one body (422, nothing written)", async () => {
    const t = newTenantId();
    // 50 locales (the limit): "en" and 49 private-use tags, which any client may send.
    const tag = (i: number) => `en-x-p${String(i).padStart(2, "0")}`;
    const translations: Record<string, { title: string }> = { en: { title: "Lamp" } };
    for (let i = 0; i < 49; i++) translations[tag(i)] = { title: "Lamp" };
    const id = await createListing(t, { translations });
    const patch = (json: unknown) => call(`/v1/catalog/listings/${id}`, { method: "PATCH", tenant: t, json });
    const refused = await problem(await patch({ translations: { [tag(49)]: { title: "Lamp" } }, brand: "Other" }), 422);
    expect(refused.code).toBe("too_many_locales");
    expect(refused.errors?.map((e) => e.path)).toEqual(["translations"]);
    const item = (await (await call(`/v1/catalog/listings/${id}`, { tenant: t })).json()) as { locales: string[]; brand: string; version: number };
    expect(item.locales).toHaveLength(50);
    expect([item.brand, item.version]).toEqual(["Acme", 1]);
    // Swapping one locale for another stays within the limit.
    expect((await patch({ translations: { [tag(0)]: null, [tag(49)]: { title: "Lamp" } } })).status).toBe(200);
  });

  it("deletes with 204, after which the listing is 404 and out of search", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    expect((await call(`/v1/catalog/listings/${id}`, { method: "DELETE", tenant: t })).status).toBe(204);
    await problem(await call(`/v1/catalog/listings/${id}`, { tenant: t }), 404);
    const found = (await (await call(`/v1/catalog/listings?q=moka`, { tenant: t })).json()) as { items: Item[] };
    expect(found.items).toEqual([]);
    const db = (env as unknown as Env).DB;
    expect(await db.prepare("SELECT count(*) AS n FROM listing_search WHERE listing_id = ?").bind(id).first("n")).toBe(0);
  });

  it("sets FX rates per tenant, and prices follow at once", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const before = (await (await call(`/v1/catalog/listings/${id}?country=US&currency=EUR`, { tenant: t })).json()) as Item;
    expect(before.price.amount).toBe(18399);
    const put = await call("/v1/catalog/fx-rates", { method: "PUT", tenant: t, json: { rates: { EUR: "0.5" } } });
    expect(put.status).toBe(200);
    const after = (await (await call(`/v1/catalog/listings/${id}?country=US&currency=EUR`, { tenant: t })).json()) as Item;
    expect(after.price.amount).toBe(10000); // 199.99 × 0.5 = 99.995 → half up
    const other = newTenantId();
    const theirs = await createListing(other);
    expect(((await (await call(`/v1/catalog/listings/${theirs}?country=US&currency=EUR`, { tenant: other })).json()) as Item).price.amount).toBe(18399);
    await problem(await call("/v1/catalog/fx-rates", { method: "PUT", tenant: t, json: { rates: { EUR: "-1" } } }), 400);
    await problem(await call("/v1/catalog/fx-rates", { method: "PUT", tenant: t, json: { rates: { EUR: "0.0" } } }), 400);
    await problem(await call("/v1/catalog/fx-rates", { method: "PUT", tenant: t, json: { rates: { XYZ: "1" } } }), 400);
    await problem(await call("/v1/catalog/fx-rates", { method: "PUT", tenant: t, json: { rates: { EUR: 0.92 } } }), 400);
  });

  it("refuses a ?currency a listing cannot be priced in (422), never answering another currency", async () => {
    const t = newTenantId();
    const id = await createListing(t, { price: { amount: 100_000_000_000_000, currency: "USD" } });
    expect((await call("/v1/catalog/fx-rates", { method: "PUT", tenant: t, json: { rates: { VND: "999999999999" } } })).status).toBe(200);
    // Past 2^53 minor units in VND: no exact amount to give.
    for (const path of [`/v1/catalog/listings/${id}?currency=VND`, "/v1/catalog/listings?currency=VND"]) {
      const p = await problem(await call(path, { tenant: t, kind: "publishable", country: "US" }), 422);
      expect([p.code, p.errors?.map((e) => e.path)], path).toEqual(["price_unavailable", ["query.currency"]]);
    }
    const usd = (await (await call(`/v1/catalog/listings/${id}?currency=USD`, { tenant: t, kind: "publishable", country: "US" })).json()) as Item;
    expect(usd.price.currency).toBe("USD");
  });
});
