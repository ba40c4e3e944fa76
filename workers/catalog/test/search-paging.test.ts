import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SHORT_SEARCH_ROWS } from "../src/domain/search";
import { db } from "../src/store/db";
import { listRead } from "../src/store/listings";
import { inlined } from "../src/store/prepared";
import { call, createListing, newTenantId, problem, searchPlan } from "./helpers";

const DB = (env as unknown as Env).DB;

type Page = { items: { id: string; title: string; locale: string }[]; nextCursor: string | null };
const page = async (tenant: string, qs: string) => (await (await call(`/v1/catalog/listings?${qs}`, { tenant })).json()) as Page;

describe("search", () => {
  it("finds listings by any translation, including Chinese and Japanese substrings", async () => {
    const t = newTenantId();
    const moka = await createListing(t);
    const kettle = await createListing(t, {
      translations: { en: { title: "Gooseneck kettle", description: "For pour-over coffee" }, "zh-Hans": { title: "手冲壶" }, ja: { title: "ドリップケトル" } },
    });
    expect((await page(t, "q=moka")).items.map((i) => i.id)).toEqual([moka]);
    expect((await page(t, `q=${encodeURIComponent("咖啡")}`)).items.map((i) => i.id)).toEqual([moka]);
    expect((await page(t, `q=${encodeURIComponent("ケトル")}`)).items.map((i) => i.id)).toEqual([kettle]);
    expect((await page(t, "q=coffee")).items.map((i) => i.id).sort()).toEqual([moka, kettle].sort());
    expect((await page(t, "q=Maschine")).items.map((i) => i.id)).toEqual([moka]);
    expect((await page(t, "q=coffee%20gooseneck")).items.map((i) => i.id)).toEqual([kettle]);
  });

  it("treats FTS5 syntax as plain words and never fails", async () => {
    const t = newTenantId();
    await createListing(t);
    for (const q of ['moka"', "moka*", "NEAR(moka machine)", "title:moka", "moka OR 1=1", "-moka", "^moka", "(moka", "100%"]) {
      const res = await call(`/v1/catalog/listings?q=${encodeURIComponent(q)}`, { tenant: t });
      expect(res.status, q).toBe(200);
    }
    expect((await page(t, `q=${encodeURIComponent("moka*")}`)).items).toHaveLength(1);
    await problem(await call(`/v1/catalog/listings?q=${"x".repeat(201)}`, { tenant: t }), 400);
    await problem(await call("/v1/catalog/listings?q=_", { tenant: t }), 400);
  });

  it("does not search another tenant's listings", async () => {
    const mine = newTenantId();
    await createListing(newTenantId());
    expect((await page(mine, "q=moka")).items).toEqual([]);
  });

  it("keeps tenants apart even when their ids end alike (the index only narrows; tenant_id is compared exactly)", async () => {
    const tail = newTenantId().slice(-12);
    const [mine, twin] = [`ten_a${tail}`, `ten_b${tail}`];
    const theirs = await createListing(twin);
    for (const q of ["moka", "ab", "咖啡"]) expect((await page(mine, `q=${encodeURIComponent(q)}`)).items, q).toEqual([]);
    expect((await page(twin, "q=moka")).items.map((i) => i.id)).toEqual([theirs]);
  });

  it("filters by category", async () => {
    const t = newTenantId();
    const a = await createListing(t, { category: "kitchen" });
    await createListing(t, { category: "garden" });
    expect((await page(t, "category=kitchen")).items.map((i) => i.id)).toEqual([a]);
  });
});

describe("short searches", () => {
  it("refuses a publishable key a search with no word of 3+ characters (it would LIKE every translation of the tenant), CJK words aside", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    const pk = (q: string) => call(`/v1/catalog/listings?q=${encodeURIComponent(q)}`, { tenant: t, kind: "publishable" });
    for (const q of ["ab", "a b", "咖 b"]) {
      const p = await problem(await pk(q), 400);
      expect(p.code, q).toBe("query_too_short");
      expect(p.errors?.map((e) => e.path), q).toEqual(["query.q"]);
    }
    // A long word narrows through the index: short ones may come with it.
    expect(((await (await pk("moka br")).json()) as Page).items.map((i) => i.id)).toEqual([id]);
    // Two Han characters are a whole word (coffee): a buyer's ordinary search.
    expect(((await (await pk("咖啡")).json()) as Page).items.map((i) => i.id)).toEqual([id]);
    // The seller's console (secret key) keeps short searches.
    expect((await page(t, `q=${encodeURIComponent("咖啡")}`)).items.map((i) => i.id)).toEqual([id]);
  });
});

describe("short-only search bound", () => {
  it("LIKEs only the tenant's newest SHORT_SEARCH_ROWS translations, so a buyer cannot make one request scan a large catalog", async () => {
    const t = newTenantId();
    const oldest = await createListing(t);
    const filler = await createListing(t, { translations: { en: { title: "Lamp" } } });
    // Newer translation rows than every one of `oldest`'s, written straight to the table (the API caps a listing at 50).
    await DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO listing_translations (listing_id, locale, title, description) SELECT ?, 'en-x-' || i, 'Lamp', '' FROM n`,
    ).bind(SHORT_SEARCH_ROWS, filler).run();
    const pk = (q: string) => call(`/v1/catalog/listings?q=${encodeURIComponent(q)}`, { tenant: t, kind: "publishable" });
    expect(((await (await pk("咖啡")).json()) as Page).items).toEqual([]);
    // A long word still narrows through the index over every row.
    expect(((await (await pk("摩卡咖啡")).json()) as Page).items.map((i) => i.id)).toEqual([oldest]);
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

describe("search cost", () => {
  const plan = async (tenant: string, q: string) => {
    const query = inlined(db(DB), listRead(tenant, { includeHeld: false, country: null, search: searchPlan(q), limit: 21 }, { skipLocales: [], country: null, owner: false })).toSQL();
    const rows = await DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).bind(...query.params).all<{ detail: string }>();
    return rows.results.map((r) => r.detail);
  };

  it("reads the search index through a MATCH scoped to the tenant, short terms included", async () => {
    for (const q of ["moka", "咖啡", "a b", "moka 咖啡"]) {
      const details = await plan(newTenantId(), q);
      // json_each is the other virtual table: the read shape's list of skipped locales.
      const fts = details.filter((d) => /VIRTUAL TABLE/.test(d) && !/json_each/.test(d));
      expect(fts.length, `${q}: ${details.join(" | ")}`).toBeGreaterThan(0);
      // FTS5 reports a MATCH constraint as `INDEX <n>:M…`; a bare `INDEX 0:` is a scan of every row.
      for (const d of fts) expect(d, q).toMatch(/INDEX \d+:M/);
    }
  });

  it("filters a category through the (tenant, category, id) index, never walking the tenant's listings", async () => {
    const query = inlined(db(DB), listRead(newTenantId(), { includeHeld: false, country: null, category: "unused", limit: 21 }, { skipLocales: [], country: null, owner: false })).toSQL();
    const rows = await DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).bind(...query.params).all<{ detail: string }>();
    const details = rows.results.map((r) => r.detail);
    expect(details.join(" | ")).toMatch(/SEARCH listings USING (COVERING )?INDEX listings_tenant_category \(tenant_id=\? AND category=\?\)/);
    // Already in id order: no sort of the matches before LIMIT.
    expect(details.join(" | ")).not.toMatch(/TEMP B-TREE/);
  });

  it("finds short terms in the tenant's rows only", async () => {
    const mine = newTenantId();
    const other = newTenantId();
    const id = await createListing(mine);
    await createListing(other);
    expect((await page(mine, `q=${encodeURIComponent("咖啡")}`)).items.map((i) => i.id)).toEqual([id]);
  });
});
