import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createListing, newTenantId, problem } from "./helpers";

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
});
