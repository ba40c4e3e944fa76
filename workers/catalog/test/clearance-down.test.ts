import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_CLEARANCE_MARKETS } from "../../../shared/rpc/ip";
import { clearListing } from "../src/clearance";
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

describe("a listing sold in more markets than one clearance call takes", () => {
  it("is cleared in groups of at most MAX_CLEARANCE_MARKETS, the verdicts merged", async () => {
    const seen: string[][] = [];
    const ip = {
      clearance: async (_t: string, input: { markets: string[] }) => {
        if (input.markets.length > MAX_CLEARANCE_MARKETS) throw new Error("invalid clearance input: markets: too many");
        seen.push(input.markets);
        return input.markets.includes("ZW") ? { status: "blocked", findings: [{ assetId: "ast_1", mark: "ACME", similarity: 1 }] } : { status: "clear", findings: [] };
      },
    };
    // 130 market codes: more than two calls' worth.
    const all = Array.from({ length: 130 }, (_, i) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26))).slice(0, 129).concat("ZW");
    const draft = { brand: "Acme", translations: { en: { title: "Lamp", description: "" } }, markets: [] } as unknown as Parameters<typeof clearListing>[2];
    const verdict = await clearListing({ ...(env as unknown as Env), IP: ip as unknown as Fetcher }, newTenantId(), draft, all);
    expect(seen.map((g) => g.length)).toEqual([60, 60, 10]);
    expect(seen.flat().sort()).toEqual([...all].sort());
    expect(verdict.status).toBe("blocked");
  });
});
