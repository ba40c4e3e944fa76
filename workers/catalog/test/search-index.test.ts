import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { mergeSearchIndex } from "../src/store/search-index";
import { call, createListing, newTenantId, rpc } from "./helpers";

const DB = (env as unknown as Env).DB;
/** The index's stored pages: every segment holds at least one, so merging segments leaves fewer. */
const pages = async () => (await DB.prepare("SELECT count(*) AS n FROM listing_search_data").first<{ n: number }>())!.n;
const found = async (tenant: string, q: string) => {
  const res = await call(`/v1/catalog/listings?q=${encodeURIComponent(q)}&limit=100`, { tenant, kind: "secret" });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id).sort();
};

describe("the search index's upkeep", () => {
  it("the cron merges the segments one write each left, and every search answers as before", async () => {
    const tenant = newTenantId();
    const ids: string[] = [];
    // One segment a write (each listing its own batch), and an edit's delete markers.
    for (let i = 0; i < 24; i++) ids.push(await createListing(tenant, { translations: { en: { title: `Kettle number${i} steel`, description: "Boils water." } } }));
    const before = await pages();
    const answers = [await found(tenant, "kettle"), await found(tenant, "number7"), await found(tenant, "steel boils")];
    expect(answers[0]).toEqual([...ids].sort());

    await rpc().scheduled();
    expect(await pages()).toBeLessThan(before);
    expect([await found(tenant, "kettle"), await found(tenant, "number7"), await found(tenant, "steel boils")]).toEqual(answers);
    // Merged: the next step finds nothing left to do and stops at once.
    expect(await mergeSearchIndex(DB)).toBe(1);
  });
});
