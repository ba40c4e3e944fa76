import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { listHolds } from "../src/holds";
import { db } from "../src/store/db";
import { call, createListing, newTenantId, problem } from "./helpers";

// Through the runtime (exports.default): these pin the RPC surface the IP service calls, methods and answers across a binding.
describe("holds over RPC", () => {
  it("hides a held listing from buyers, shows it to its owner, and releases it", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    // warm the cache as a buyer first: the hold must not be served stale
    expect((await call(`/v1/catalog/listings/${id}?country=DE`, { tenant: t, kind: "publishable" })).status).toBe(200);

    const held = await exports.default.hold(t, id, "complaint cmp_123");
    expect(held).toEqual({ id, status: "held", holdReason: "complaint cmp_123" });
    await problem(await call(`/v1/catalog/listings/${id}?country=DE`, { tenant: t, kind: "publishable" }), 404);
    const buyerList = (await (await call(`/v1/catalog/listings?country=DE`, { tenant: t, kind: "publishable" })).json()) as { items: unknown[] };
    expect(buyerList.items).toEqual([]);
    const owner = (await (await call(`/v1/catalog/listings/${id}?country=DE`, { tenant: t })).json()) as { status: string; holdReason: string };
    expect(owner).toMatchObject({ status: "held", holdReason: "complaint cmp_123" });

    expect(await exports.default.release(t, id, "counter-notice accepted")).toEqual({ id, status: "active", holdReason: null });
    expect((await call(`/v1/catalog/listings/${id}?country=DE`, { tenant: t, kind: "publishable" })).status).toBe(200);
  });

  it("answers null for another tenant's listing and leaves it alone", async () => {
    const owner = newTenantId();
    const id = await createListing(owner);
    expect(await exports.default.hold(newTenantId(), id, "x")).toBeNull();
    expect((await call(`/v1/catalog/listings/${id}`, { tenant: owner, kind: "publishable" })).status).toBe(200);
  });

  it("lists holds by source prefix placed before a time, oldest first and from a cursor, each with its listing's tenant", async () => {
    const prefix = `sweep_${Array.from({ length: 10 }, () => "abcdefghij"[Math.floor(Math.random() * 10)]).join("")}:`;
    const [a, b] = [newTenantId(), newTenantId()];
    const [la, lb, lc] = [await createListing(a), await createListing(b), await createListing(a)];
    await exports.default.hold(a, la, "first", `${prefix}one`);
    await exports.default.hold(b, lb, "second", `${prefix}two`);
    await exports.default.hold(a, lc, "not this kind", `${prefix.slice(0, -1)}x:three`);
    await exports.default.hold(a, lc, "plain");
    const later = new Date(Date.now() + 1000).toISOString();

    const all = await exports.default.listHolds(prefix, later, 50);
    expect(all).toEqual([
      { tenantId: a, listingId: la, source: `${prefix}one`, createdAt: expect.any(String) },
      { tenantId: b, listingId: lb, source: `${prefix}two`, createdAt: expect.any(String) },
    ]);
    const first = await exports.default.listHolds(prefix, later, 1);
    expect(first).toEqual(all.slice(0, 1));
    expect(await exports.default.listHolds(prefix, later, 50, first[0])).toEqual(all.slice(1));
    expect(await exports.default.listHolds(prefix, all[0]!.createdAt, 50)).toEqual([]);
  });

  it("refuses a malformed prefix, time, limit or cursor", async () => {
    const d = db((env as unknown as Env).DB);
    const now = new Date().toISOString();
    await expect(listHolds(d, "complaint*", now, 10)).rejects.toThrow(/prefix/);
    await expect(listHolds(d, "complaint", now, 10)).rejects.toThrow(/prefix/);
    await expect(listHolds(d, "complaint:", "2026-01-01", 10)).rejects.toThrow(/before/);
    await expect(listHolds(d, "complaint:", now, 51)).rejects.toThrow(/limit/);
    await expect(listHolds(d, "complaint:", now, 0)).rejects.toThrow(/limit/);
    await expect(listHolds(d, "complaint:", now, 10, { createdAt: "yesterday", listingId: "x", source: "y" })).rejects.toThrow(/after/);
  });
});
