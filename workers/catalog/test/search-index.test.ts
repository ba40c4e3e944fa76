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

/**
 * Writes listings titled `title <n>`, one segment each, left unmerged whatever this project wrote before: FTS5's own
 * automerge, off while they are written, would otherwise have merged some (how many depends on the files' order).
 */
async function unmerged(tenant: string, n: number, title: string): Promise<string[]> {
  // A literal: FTS5 takes this setting only as an integer, and D1 binds a JS number as a real.
  const automerge = (on: 0 | 4) => DB.prepare(`INSERT INTO listing_search (listing_search, rank) VALUES ('automerge', ${on})`).run();
  const ids: string[] = [];
  await automerge(0);
  try {
    for (let i = 0; i < n; i++) ids.push(await createListing(tenant, { translations: { en: { title: `${title} ${i}`, description: "Boils water." } } }));
  } finally {
    await automerge(4); // FTS5's default
  }
  return ids;
}

describe("the search index's upkeep", () => {
  it("the cron merges the segments one write each left, and every search answers as before", async () => {
    const tenant = newTenantId();
    const ids = await unmerged(tenant, 24, "Kettle steel number");
    const before = await pages();
    const answers = [await found(tenant, "kettle"), await found(tenant, "number 7"), await found(tenant, "steel boils")];
    expect(answers[0]).toEqual([...ids].sort());

    // Cron runs while they still shrink it: the project's other files left an index a run may not finish.
    let after = before;
    for (let run = 0; run < 20; run++) {
      await rpc().scheduled();
      const now = await pages();
      if (now >= after) break;
      after = now;
    }
    expect(after).toBeLessThan(before);
    expect([await found(tenant, "kettle"), await found(tenant, "number 7"), await found(tenant, "steel boils")]).toEqual(answers);
    // Once merged, a step finds nothing left to do and the run stops at once.
    await mergeSearchIndex(DB, 50);
    expect(await mergeSearchIndex(DB, 50)).toBe(1);
  });

  it("tells a step that merged from one that found nothing: small steps over an unmerged index keep going until it is merged", async () => {
    await mergeSearchIndex(DB, 50);
    // Fewer than FTS5's crisismerge (16 segments on a level), which would merge them all at once as they are written.
    await unmerged(newTenantId(), 10, "Teapot");
    // A page a step: more than one step had work, and the last found none.
    const ran = await mergeSearchIndex(DB, 50, 1);
    expect(ran).toBeGreaterThan(1);
    expect(ran).toBeLessThan(50);
    expect(await mergeSearchIndex(DB, 50, 1)).toBe(1);
  });
});
