import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_FEED_EVENTS } from "../src/routes/deadlines";
import { MAX_ASSETS_PER_TENANT } from "../src/store/assets";
import { d1With, fillRegistry, ip, ipWith, ok, problem, tenant, trademark } from "./helpers";

const DB = () => (env as Env).DB;
const rightsOf = async (t: string) => (await DB().prepare("SELECT count(*) AS n FROM ip_assets WHERE tenant_id = ?").bind(t).first<{ n: number }>())!.n;

describe("registering a right under an Idempotency-Key", () => {
  it("stores the answer with the right: a create whose answer was never stored leaves no right for a retry to double", async () => {
    const t = tenant();
    // The Worker dies as the answer is stored. Before, the right was already in, and the claim stayed pending.
    const answerLost = d1With(DB(), {
      prepare: (real, sql) => (/^update "idempotency_keys"/i.test(sql) ? (() => { throw new Error("Worker died"); })() : real.prepare(sql)),
    });
    const send = (database: D1Database) => ipWith(database, "/v1/ip/assets", { tenant: t, json: trademark(), headers: { "idempotency-key": "asset-once" } });
    expect((await send(answerLost)).status).toBe(500);
    // The dead request's claim lapses, as it would a minute later: the retry runs the create again.
    await DB().prepare("UPDATE idempotency_keys SET locked_until = 0 WHERE scope = ? AND idem_key = ?").bind(t, "asset-once").run();
    const made = await ok(await send(DB()), 201);
    expect((await ok(await ip("/v1/ip/assets", { tenant: t }))).items.map((a: { id: string }) => a.id)).toEqual([made.id]);
    const again = await send(DB());
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await ok(again, 201)).toEqual(made);
  });
});

describe("a tenant's registry", () => {
  it(`holds ${MAX_ASSETS_PER_TENANT} rights: past that a create is a 409 naming the limit, and concurrent creates cannot pass it together`, async () => {
    const t = tenant();
    await fillRegistry(t, MAX_ASSETS_PER_TENANT - 2);
    const creates = await Promise.all(Array.from({ length: 6 }, (_, i) => ip("/v1/ip/assets", { tenant: t, json: trademark({ name: `Late ${i}` }) })));
    expect(creates.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409, 409]);
    const refused = await problem(creates.find((r) => r.status === 409)!, 409);
    expect(refused).toMatchObject({ code: "asset_limit_reached", detail: expect.stringContaining(MAX_ASSETS_PER_TENANT.toLocaleString("en")) });
    expect(await rightsOf(t)).toBe(MAX_ASSETS_PER_TENANT);
    // A refusal under a key is kept like any answer: the retry is refused the same way, and writes nothing.
    const keyed = () => ip("/v1/ip/assets", { tenant: t, json: trademark({ name: "Keyed" }), headers: { "idempotency-key": "past-the-cap" } });
    expect((await problem(await keyed(), 409)).code).toBe("asset_limit_reached");
    expect((await keyed()).headers.get("idempotent-replayed")).toBe("true");
    expect(await rightsOf(t)).toBe(MAX_ASSETS_PER_TENANT);
    // A full registry's calendar still answers, cut at its limit.
    const feed = await (await ip("/v1/ip/deadlines.ics?withinDays=3650", { tenant: t })).text();
    expect(feed.match(/^BEGIN:VEVENT$/gm)).toHaveLength(MAX_FEED_EVENTS + 1);
    // Another tenant is not counted against it.
    await ok(await ip("/v1/ip/assets", { tenant: tenant(), json: trademark() }), 201);
  });
});
