import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../src/http";
import { call, createListing, listingBody, newTenantId, problem } from "./helpers";

/** The catalog's app with an IP service that cannot answer (down, mid-deploy, or unbound). */
async function withIpDown(path: string, tenant: string, init: { method: string; json: unknown }, ip: unknown) {
  const ctx = createExecutionContext();
  const req = new Request(`https://catalog.internal${path}`, {
    method: init.method,
    headers: { "x-ecp-tenant": tenant, "x-ecp-key-kind": "secret", "content-type": "application/json" },
    body: JSON.stringify(init.json),
  });
  const res = await app.fetch(req, { ...(env as unknown as Env), IP: ip as Fetcher }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("when IP clearance cannot run", () => {
  const failing = { clearance: () => Promise.reject(new Error("ip service unavailable")) };

  it("a create or an edit is a 503 to retry, with Retry-After, and writes nothing", async () => {
    const t = newTenantId();
    for (const ip of [failing, undefined]) {
      const created = await withIpDown("/v1/catalog/listings", t, { method: "POST", json: listingBody() }, ip);
      expect((await problem(created, 503)).code).toBe("clearance_unavailable");
      expect(created.headers.get("retry-after")).toBe("5");
    }
    const id = await createListing(t);
    const edited = await withIpDown(`/v1/catalog/listings/${id}`, t, { method: "PATCH", json: { brand: "Other" } }, failing);
    expect((await problem(edited, 503)).code).toBe("clearance_unavailable");
    const page = (await (await call("/v1/catalog/listings", { tenant: t })).json()) as { items: { id: string; brand: string }[] };
    expect(page.items.map((i) => [i.id, i.brand])).toEqual([[id, "Acme"]]);
  });
});
