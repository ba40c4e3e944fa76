import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { cacheUrl } from "../src/cache";
import { call, createListing, newTenantId, problem, rpc } from "./helpers";

describe("path ids", () => {
  it("refuses an id that would walk the cache key into the owner's view of a held listing", async () => {
    const t = newTenantId();
    const id = await createListing(t);
    await rpc().hold(t, id, "complaint cmp_1");
    // Another isolate has stored the owner's view of the held listing in the shared Cache API.
    const owner = await call(`/v1/catalog/listings/${id}?country=DE`, { tenant: t });
    expect(owner.status).toBe(200);
    const platform = (await (env as unknown as Env).DB.prepare("SELECT version FROM catalog_versions WHERE tenant_id = '*'").first<{ version: number }>())!.version;
    const ownerKey = { tenantId: t, version: { tenant: 2, platform }, owner: true, resource: ["listings", id], locales: ["de-DE"], country: "DE" };
    await caches.default.put(cacheUrl(ownerKey), new Response(await owner.text(), { headers: { etag: '"x"', "cache-control": "public, max-age=60" } }));
    // A buyer sends `../../owner/listings/<id>` with the slashes encoded.
    const res = await call(`/v1/catalog/listings/..%2F..%2Fowner%2Flistings%2F${id}?country=DE`, { tenant: t, kind: "publishable" });
    const body = await problem(res, 400);
    expect(body.errors?.[0]?.path).toBe("param.id");
    expect(JSON.stringify(body)).not.toContain("complaint");
  });

  it("answers 400 for a malformed id on every listing route, 404 for a well-formed unknown one", async () => {
    const t = newTenantId();
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const init = { method, tenant: t, ...(method === "PATCH" ? { json: { brand: "x" } } : {}) };
      await problem(await call(`/v1/catalog/listings/not-an-id`, init), 400);
      await problem(await call(`/v1/catalog/listings/lst_01JABCDEFGHJKMNPQRSTVWXYZ0`, init), 404);
    }
  });
});

describe("cache keys", () => {
  const base = { tenantId: "ten_A", version: { tenant: 3, platform: 1 }, owner: false, locales: ["de"], country: "DE" };
  it("keeps every part inside its own key, whatever it holds", () => {
    for (const hostile of ["..", ".", "../../owner/listings/x", "a/b", "%2E%2E", "x?y#z"]) {
      const url = new URL(cacheUrl({ ...base, resource: ["listings", hostile] }));
      expect(url.pathname, hostile).toBe("/read");
      expect(Object.fromEntries(url.searchParams)).toMatchObject({ t: "ten_A", v: "3", p: "1", who: "buyer", r0: "listings", r1: hostile });
    }
  });
});
