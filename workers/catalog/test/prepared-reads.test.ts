import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { db } from "../src/store/db";
import { getRead, listRead, readListings, type ListFilter, type ListingRead, type ReadShape } from "../src/store/listings";
import { inlined } from "../src/store/prepared";
import { createListing, newTenantId, searchPlan } from "./helpers";

const DB = (env as unknown as Env).DB;

/** The binding with its `prepare` calls counted: each is one statement compiled. */
function countingPrepares() {
  const sqls: string[] = [];
  const binding = new Proxy(DB, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => (sqls.push(sql), target.prepare(sql));
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { database: db(binding), sqls };
}

/** A tenant with an audio listing priced for DE, one sold only in FR, a held one and a plain one (newest last). */
async function catalogOf(tenant: string) {
  const audio = await createListing(tenant, {
    category: "audio",
    translations: { en: { title: "Kopfhörer stand", description: "ab sofort" }, de: { title: "Kopfhörerständer" }, ja: { title: "ヘッドホンスタンド" } },
    prices: { DE: { amount: 1800, currency: "EUR" }, JP: { amount: 3000, currency: "JPY" } },
  });
  const france = await createListing(tenant, { markets: ["FR"] });
  const held = await createListing(tenant, { translations: { en: { title: "Kopfhörer held" } } });
  await DB.batch([
    DB.prepare("INSERT INTO listing_holds (listing_id, source, reason, created_at) VALUES (?, 'complaint', 'test', '2026-01-01')").bind(held),
    DB.prepare("UPDATE listings SET status = 'held', hold_reason = 'test', version = version + 1 WHERE id = ?").bind(held),
  ]);
  const plain = await createListing(tenant);
  return { audio, france, held, plain };
}

const shapes: ReadShape[] = [
  { skipLocales: [], country: null, owner: true },
  { skipLocales: ["ja", "zh-Hans", "zh-Hant"], country: "DE", owner: false },
];

// One shape of each kind the list route reads with: country or not, category, search (MATCH, LIKE, both), cursor, limit.
const filters = (cursor: string): Omit<ListFilter, "includeHeld">[] => [
  { country: null, limit: 10 },
  { country: "DE", limit: 10 },
  { country: "DE", limit: 2 },
  { country: "DE", category: "audio", limit: 10 },
  { country: null, search: searchPlan("kopfhörer"), limit: 10 },
  { country: null, search: searchPlan("ab"), limit: 10 },
  { country: "DE", search: searchPlan("kopfhörer ab so"), limit: 10 },
  { country: null, beforeId: cursor, limit: 10 },
  { country: "DE", category: "audio", search: searchPlan("stand"), beforeId: cursor, limit: 10 },
];

describe("prepared reads", () => {
  it("answer every read shape as the statement built for that one read does, each tenant its own rows", async () => {
    const tenants = [newTenantId(), newTenantId()];
    const catalogs = [await catalogOf(tenants[0]!), await catalogOf(tenants[1]!)];
    const { database } = countingPrepares();
    const same = async (read: ListingRead, tenant: string) => {
      const prepared = await readListings(database, read);
      expect(prepared).toEqual(read.decode(await inlined(database, read)));
      for (const r of prepared) expect(r.tenantId).toBe(tenant);
      return prepared.map((r) => r.id);
    };
    for (const [i, tenant] of tenants.entries()) {
      const own = catalogs[i]!;
      const newestFirst = Object.values(own).sort().reverse();
      const cursor = newestFirst[0]!;
      for (const shape of shapes) {
        for (const f of filters(cursor)) await same(listRead(tenant, { ...f, includeHeld: shape.owner }, shape), tenant);
        for (const id of Object.values(own)) expect(await same(getRead(tenant, id, shape), tenant)).toEqual([id]);
        // Another tenant's listing is not there, through the same prepared statement.
        expect(await same(getRead(tenant, catalogs[1 - i]!.plain, shape), tenant)).toEqual([]);
      }
      expect(await same(getRead(tenant, own.held), tenant)).toEqual([own.held]);
      // The reads find what they should, not only the same as each other.
      const [owner, buyer] = shapes as [ReadShape, ReadShape];
      expect(await same(listRead(tenant, { country: null, includeHeld: true, limit: 10 }, owner), tenant)).toEqual(newestFirst);
      expect(await same(listRead(tenant, { country: null, includeHeld: true, beforeId: cursor, limit: 10 }, owner), tenant)).toEqual(newestFirst.slice(1));
      expect(await same(listRead(tenant, { country: "DE", includeHeld: false, limit: 10 }, buyer), tenant)).toEqual(newestFirst.filter((id) => id !== own.held && id !== own.france));
      expect(await same(listRead(tenant, { country: "DE", includeHeld: false, search: searchPlan("kopfhörer ab so"), limit: 10 }, buyer), tenant)).toEqual([own.audio]);
      expect(await same(listRead(tenant, { country: null, includeHeld: true, search: searchPlan("kopfhörer"), limit: 10 }, owner), tenant)).toEqual([own.held, own.audio].sort().reverse());
    }
  });

  it("compiles each shape once, whatever the values", async () => {
    const { database, sqls } = countingPrepares();
    const shape = shapes[1]!;
    for (const tenant of [newTenantId(), newTenantId()]) {
      for (const q of ["moka", "brewer"]) await readListings(database, listRead(tenant, { includeHeld: false, country: "DE", search: searchPlan(q), limit: 21 }, shape));
      await readListings(database, listRead(tenant, { includeHeld: false, country: "JP", limit: 5 }, { ...shape, country: "JP" }));
    }
    expect(sqls).toHaveLength(2);
  });
});
