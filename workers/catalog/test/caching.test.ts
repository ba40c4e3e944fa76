import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createListing, newTenantId } from "./helpers";

describe("edge caching", () => {
  it("answers If-None-Match with 304, and a write makes the next read fresh", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const url = `/v1/catalog/listings/${id}?country=DE&locale=de`;
    const first = await call(url, { tenant: t, kind: "publishable" });
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const again = await call(url, { tenant: t, kind: "publishable", headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("content-language")).toBe("de");

    await call(`/v1/catalog/listings/${id}`, { method: "PATCH", tenant: t, json: { translations: { de: { title: "Frisch" } } } });
    const fresh = await call(url, { tenant: t, kind: "publishable", headers: { "if-none-match": etag } });
    expect(fresh.status).toBe(200);
    expect(((await fresh.json()) as { title: string }).title).toBe("Frisch");
  });

  it("serves a list from the cache until a write, then the new listing shows at once", async () => {
    const t = newTenantId();
    await createListing(t);
    const read = async () => ((await (await call("/v1/catalog/listings?country=FR", { tenant: t, kind: "publishable" })).json()) as { items: unknown[] }).items.length;
    expect(await read()).toBe(1);
    expect(await read()).toBe(1);
    await createListing(t);
    expect(await read()).toBe(2);
  });

  it("really serves from the cache: a change that bypasses the version is not seen", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const title = async () => ((await (await call(`/v1/catalog/listings/${id}?locale=en`, { tenant: t, kind: "publishable" })).json()) as { title: string }).title;
    expect(await title()).toBe("Moka brewer");
    await (env as unknown as Env).DB.prepare("UPDATE listing_translations SET title = 'Sneaky' WHERE listing_id = ? AND locale = 'en'").bind(id).run();
    expect(await title()).toBe("Moka brewer");
  });

  it("answers the Vary of the request, not of the one that filled the shared entry", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const vary = async (qs: string, headers: Record<string, string> = {}) => {
      const res = await call(`/v1/catalog/listings/${id}?${qs}`, { tenant: t, kind: "publishable", headers });
      expect(res.status).toBe(200);
      return (res.headers.get("vary") ?? "").split(/,\s*/);
    };
    // Both read locale "de" in Germany: one cache entry.
    expect(await vary("locale=de&country=DE")).not.toContain("Accept-Language");
    expect(await vary("country=DE", { "accept-language": "de" })).toContain("Accept-Language");
    expect(await vary("locale=de&country=DE")).not.toContain("Accept-Language");
  });

  it("keys the cache by locale, country and currency", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const get = async (qs: string, headers: Record<string, string> = {}) =>
      (await (await call(`/v1/catalog/listings/${id}?${qs}`, { tenant: t, kind: "publishable", headers })).json()) as { locale: string; price: { currency: string } };
    expect((await get("country=DE", { "accept-language": "de" })).locale).toBe("de");
    expect((await get("country=DE", { "accept-language": "ja" })).locale).toBe("ja");
    expect((await get("country=DE")).price.currency).toBe("EUR");
    expect((await get("country=DE&currency=JPY")).price.currency).toBe("JPY");
    expect((await get("country=JP")).price.currency).toBe("JPY");
  });
});
