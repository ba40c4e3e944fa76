import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addDays, today } from "../src/domain/dates";
import { deadlinesWithin } from "../src/domain/deadlines";
import { isInForce } from "../src/domain/status";
import { MAX_FEED_EVENTS } from "../src/routes/deadlines";
import { listAssets } from "../src/store/assets";
import { db } from "../src/store/db";
import { d1With, fillRegistry, ip, ipWith, ok, tenant } from "./helpers";

const DB = () => (env as Env).DB;
const key = (d: { assetId: string; ruleId: string; occurrence: number }) => `${d.assetId}-${d.ruleId}-${d.occurrence}`;

/** Every deadline of the tenant's within `withinDays`, worked out from all its rights at once, as the routes once did. */
async function whole(tenantId: string, withinDays: number) {
  const rights = (await listAssets(db(DB()), tenantId, 100_000)).filter((a) => isInForce(a.status));
  return deadlinesWithin(rights, today(), withinDays);
}

/** A D1 that counts the rows each read of the rights table answers. */
function countingRightReads() {
  const reads: number[] = [];
  const counted = (stmt: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        if (prop === "bind") return (...values: unknown[]) => counted(target.bind(...values));
        if (prop === "raw") return async () => { const rows = await target.raw(); reads.push(rows.length); return rows; };
        if (prop === "all") return async () => { const res = await target.all(); reads.push(res.results.length); return res; };
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  const database = d1With(DB(), { prepare: (real, sql) => (/from "ip_assets"/i.test(sql) ? counted(real.prepare(sql)) : real.prepare(sql)) });
  return { database, reads };
}

describe("deadlines of a large registry", () => {
  it("reads the rights a page at a time, and still pages the deadlines exactly", async () => {
    const tenantId = tenant();
    // 1,200 trademarks filed a day apart from 10 years ago: a renewal due every day for 1,200 days.
    await fillRegistry(tenantId, 1200, addDays(today(), -3650));
    const expected = (await whole(tenantId, 3650)).map(key);
    expect(expected.length).toBeGreaterThan(1000);
    const { database, reads } = countingRightReads();
    const seen: string[] = [];
    for (let cursor: string | null = ""; cursor !== null; ) {
      const res: { items: { assetId: string; ruleId: string; occurrence: number }[]; nextCursor: string | null } = await ok(
        await ipWith(database, `/v1/ip/deadlines?withinDays=3650&limit=100${cursor ? `&cursor=${cursor}` : ""}`, { tenant: tenantId }),
      );
      seen.push(...res.items.map(key));
      cursor = res.nextCursor;
    }
    expect(seen).toEqual(expected);
    // Before, every page read all 1,200 rights in one query and worked out every deadline to serve 100.
    expect(Math.max(...reads)).toBeLessThanOrEqual(500);
    expect(reads.length).toBeGreaterThan(1);
  });

  it(`cuts a calendar feed at ${MAX_FEED_EVENTS} events, ending it with one that says from which date deadlines are missing`, async () => {
    const tenantId = tenant();
    await fillRegistry(tenantId, MAX_FEED_EVENTS + 300, addDays(today(), -3650));
    const expected = await whole(tenantId, 3650);
    expect(expected.length).toBeGreaterThan(MAX_FEED_EVENTS);
    const ics = await (await ip("/v1/ip/deadlines.ics?withinDays=3650", { tenant: tenantId })).text();
    const uids = [...ics.matchAll(/^UID:(.*)@ip\.ecp$/gm)].map((m) => m[1]);
    expect(uids).toEqual([...expected.slice(0, MAX_FEED_EVENTS).map(key), "more-deadlines"]);
    const marker = ics.slice(ics.indexOf("UID:more-deadlines@ip.ecp"));
    expect(marker).toContain(`DTSTART;VALUE=DATE:${expected[MAX_FEED_EVENTS]!.dueDate.replace(/-/g, "")}`);
    expect(marker).toContain("SUMMARY:More IP deadlines from this date are not in this calendar");
    expect(new TextEncoder().encode(ics).length).toBeLessThan(1024 * 1024);

    // A feed that fits has no such event.
    const short = await (await ip("/v1/ip/deadlines.ics?withinDays=120", { tenant: tenantId })).text();
    const shortExpected = await whole(tenantId, 120);
    expect(shortExpected.length).toBeGreaterThan(0);
    expect([...short.matchAll(/^UID:(.*)@ip\.ecp$/gm)].map((m) => m[1])).toEqual(shortExpected.map(key));
  });
});
