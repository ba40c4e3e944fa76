import { beforeAll, describe, expect, it } from "vitest";
import { api, DEMO, expectProblem, newTenant } from "./helpers";

type Item = {
  id: string;
  locale: string;
  title: string;
  description: string;
  price: { amount: number; currency: string; formatted: string; taxIncluded: boolean };
};

/** A listing body whose numbers are easy to check: 100.00 USD net. */
const body = (sku: string) => ({
  sku,
  brand: "Lumen",
  defaultLocale: "en",
  translations: {
    en: { title: "Desk lamp", description: "A warm LED desk lamp." },
    de: { title: "Schreibtischlampe", description: "Eine warme LED-Schreibtischlampe." },
    ja: { title: "デスクランプ", description: "暖かい光のLEDデスクランプ。" },
    "zh-Hant": { title: "檯燈", description: "暖光LED檯燈。" },
    "zh-Hans": { title: "台灯", description: "暖光LED台灯。" },
  },
  price: { amount: 10000, currency: "USD" },
  markets: ["DE", "JP", "HK", "US"],
  category: "home",
});

describe("the catalog through the gateway", () => {
  let tenant: Awaited<ReturnType<typeof newTenant>>;
  let id: string;
  const read = (path: string, headers: Record<string, string> = {}) => api(path, { key: tenant.keys.publishable, headers });

  beforeAll(async () => {
    tenant = await newTenant();
    const res = await api("/v1/catalog/listings", { method: "POST", key: tenant.keys.secret, json: body("LAMP-1") });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; status: string; clearance?: unknown };
    expect(created.status).toBe("active");
    id = created.id;
  });

  it("reads as de-DE from Germany: German text, EUR with VAT", async () => {
    const res = await read(`/v1/catalog/listings/${id}`, { "accept-language": "de-DE,de;q=0.9,en;q=0.8", "x-country": "DE" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-language")).toBe("de");
    expect(res.headers.get("vary")).toMatch(/Accept-Language/);
    const item = (await res.json()) as Item;
    expect(item.title).toBe("Schreibtischlampe");
    // 100 USD × 0.92 = 92.00 EUR net, × 1.19 = 109.48 EUR
    expect(item.price).toEqual({ amount: 10948, currency: "EUR", formatted: "109,48\u00a0€", taxIncluded: true });
  });

  it("reads as ja from Japan: Japanese text, JPY without decimals", async () => {
    const item = (await (await read(`/v1/catalog/listings/${id}`, { "accept-language": "ja", "x-country": "JP" })).json()) as Item;
    expect(item.locale).toBe("ja");
    expect(item.title).toBe("デスクランプ");
    // 100 × 151.5 × 1.10 = 16665 yen
    expect(item.price).toMatchObject({ amount: 16665, currency: "JPY", taxIncluded: true });
    expect(item.price.formatted).toMatch(/^[￥¥]16,665$/);
  });

  it("reads zh-HK as zh-Hant", async () => {
    const res = await read(`/v1/catalog/listings/${id}?country=HK`, { "accept-language": "zh-HK" });
    expect(res.headers.get("content-language")).toBe("zh-Hant");
    expect(((await res.json()) as Item).title).toBe("檯燈");
  });

  it("answers 451 from a country where it is not sold, and lists nothing there", async () => {
    await expectProblem(await read(`/v1/catalog/listings/${id}`, { "x-country": "FR" }), 451);
    const list = (await (await read("/v1/catalog/listings", { "x-country": "FR" })).json()) as { items: Item[] };
    expect(list.items).toEqual([]);
  });

  it("shows a write on the very next read, and revalidates with ETag", async () => {
    const url = `/v1/catalog/listings/${id}?locale=en&country=US`;
    const first = await read(url);
    const etag = first.headers.get("etag")!;
    expect(((await first.json()) as Item).price.formatted).toBe("$100.00");
    expect((await read(url, { "if-none-match": etag })).status).toBe(304);
    const patch = await api(`/v1/catalog/listings/${id}`, {
      method: "PATCH",
      key: tenant.keys.secret,
      json: { translations: { en: { title: "Desk lamp, brass" } }, price: { amount: 12000, currency: "USD" } },
    });
    expect(patch.status).toBe(200);
    const after = await read(url, { "if-none-match": etag });
    expect(after.status).toBe(200);
    const item = (await after.json()) as Item;
    expect(item.title).toBe("Desk lamp, brass");
    expect(item.price.amount).toBe(12000);
  });

  it("deletes (204), after which the listing is 404", async () => {
    const res = await api("/v1/catalog/listings", { method: "POST", key: tenant.keys.secret, json: body("LAMP-DEL") });
    const { id: gone } = (await res.json()) as { id: string };
    expect((await api(`/v1/catalog/listings/${gone}`, { method: "DELETE", key: tenant.keys.secret })).status).toBe(204);
    await expectProblem(await read(`/v1/catalog/listings/${gone}`), 404);
  });

  it("keeps tenants apart and publishable keys read-only", async () => {
    const other = await newTenant();
    await expectProblem(await api(`/v1/catalog/listings/${id}`, { key: other.keys.publishable }), 404);
    await expectProblem(await api("/v1/catalog/listings", { method: "POST", key: tenant.keys.publishable, json: body("X") }), 403);
    await expectProblem(await api(`/v1/catalog/listings/${id}`, { method: "DELETE", key: tenant.keys.publishable }), 403);
    await expectProblem(await api("/v1/catalog/listings"), 401);
  });

  it("refuses bad input with problem+json", async () => {
    const post = (b: unknown) => api("/v1/catalog/listings", { method: "POST", key: tenant.keys.secret, json: b });
    await expectProblem(await post({ ...body("BAD-1"), price: { amount: 1.5, currency: "USD" } }), 400);
    await expectProblem(await post({ ...body("BAD-2"), prices: { JP: { amount: 100, currency: "USD" } } }), 422);
    await expectProblem(await post({ ...body("BAD-3"), defaultLocale: "???" }), 400);
    await expectProblem(await post(body("LAMP-1")), 409);
    await expectProblem(await read(`/v1/catalog/listings?cursor=forged`), 400);
    await expectProblem(await read(`/v1/catalog/listings?q=${encodeURIComponent('"" * ^ :')}`), 400);
  });
});

describe("the seeded demo catalog", () => {
  const demo = (path: string, headers: Record<string, string> = {}) => api(path, { key: DEMO.publishable, headers });

  it("pages through ~200 listings in Japanese from Japan without repeats", async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const res = await demo(`/v1/catalog/listings?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { "x-country": "JP", "accept-language": "ja-JP" });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: Item[]; nextCursor: string | null };
      for (const item of page.items) {
        expect(seen.has(item.id)).toBe(false);
        seen.add(item.id);
        expect(item.locale).toBe("ja");
        expect(item.price.currency).toBe("JPY");
      }
      cursor = page.nextCursor;
    } while (cursor);
    // 200 seeded, minus the 40 sold only in the Americas
    expect(seen.size).toBeGreaterThanOrEqual(160);
  });

  it("searches localized text and hides what a country may not buy", async () => {
    const wine = (await (await demo(`/v1/catalog/listings?q=${encodeURIComponent("葡萄酒")}&limit=100`, { "x-country": "DE" })).json()) as { items: Item[] };
    expect(wine.items.length).toBeGreaterThan(0);
    const inSaudi = (await (await demo(`/v1/catalog/listings?category=alcohol`, { "x-country": "SA" })).json()) as { items: Item[] };
    expect(inSaudi.items).toEqual([]);
    const arabic = (await (await demo(`/v1/catalog/listings?limit=1`, { "x-country": "SA", "accept-language": "ar" })).json()) as { items: Item[] };
    expect(arabic.items[0]!.locale).toBe("ar");
    expect(arabic.items[0]!.price.currency).toBe("SAR");
  });
});
