import { beforeAll, describe, expect, it } from "vitest";
import { call, createListing, newTenantId, problem, seedReference } from "./helpers";

beforeAll(seedReference);

type Page = { items: { id: string; title: string; locale: string }[]; nextCursor: string | null };
const page = async (tenant: string, qs: string) => (await (await call(`/v1/catalog/listings?${qs}`, { tenant })).json()) as Page;

describe("search", () => {
  it("finds listings by any translation, including Chinese and Japanese substrings", async () => {
    const t = newTenantId();
    const espresso = await createListing(t);
    const kettle = await createListing(t, {
      translations: { en: { title: "Gooseneck kettle", description: "For pour-over coffee" }, "zh-Hans": { title: "手冲壶" }, ja: { title: "ドリップケトル" } },
    });
    expect((await page(t, "q=espresso")).items.map((i) => i.id)).toEqual([espresso]);
    expect((await page(t, `q=${encodeURIComponent("咖啡")}`)).items.map((i) => i.id)).toEqual([espresso]);
    expect((await page(t, `q=${encodeURIComponent("ケトル")}`)).items.map((i) => i.id)).toEqual([kettle]);
    expect((await page(t, "q=coffee")).items.map((i) => i.id).sort()).toEqual([espresso, kettle].sort());
    expect((await page(t, "q=Maschine")).items.map((i) => i.id)).toEqual([espresso]);
    expect((await page(t, "q=coffee%20gooseneck")).items.map((i) => i.id)).toEqual([kettle]);
  });

  it("treats FTS5 syntax as plain words and never fails", async () => {
    const t = newTenantId();
    await createListing(t);
    for (const q of ['espresso"', "espresso*", "NEAR(espresso machine)", "title:espresso", "espresso OR 1=1", "-espresso", "^espresso", "(espresso", "100%"]) {
      const res = await call(`/v1/catalog/listings?q=${encodeURIComponent(q)}`, { tenant: t });
      expect(res.status, q).toBe(200);
    }
    expect((await page(t, `q=${encodeURIComponent("espresso*")}`)).items).toHaveLength(1);
    await problem(await call(`/v1/catalog/listings?q=${"x".repeat(201)}`, { tenant: t }), 400);
    await problem(await call("/v1/catalog/listings?q=_", { tenant: t }), 400);
  });

  it("does not search another tenant's listings", async () => {
    const mine = newTenantId();
    await createListing(newTenantId());
    expect((await page(mine, "q=espresso")).items).toEqual([]);
  });

  it("filters by category", async () => {
    const t = newTenantId();
    const a = await createListing(t, { category: "kitchen" });
    await createListing(t, { category: "garden" });
    expect((await page(t, "category=kitchen")).items.map((i) => i.id)).toEqual([a]);
  });
});

describe("cursor paging", () => {
  it("walks every listing once, newest first, even with inserts between pages", async () => {
    const t = newTenantId();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await createListing(t));
    const seen: string[] = [];
    let cursor: string | null = null;
    let inserted = 0;
    do {
      const p: Page = await page(t, `limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...p.items.map((i) => i.id));
      cursor = p.nextCursor;
      if (inserted++ < 2) await createListing(t); // a concurrent writer: newer ids land before page one
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });
});
