import { describe, expect, it } from "vitest";
import { api, expectProblem, newTenant } from "./helpers";

type Created = {
  id: string;
  status: "active" | "held";
  clearance: { status: string; findings: { mark: string; owner: string; similarity: number; reasons: string[] }[]; brand?: { notRegisteredIn: string[] } };
};

const listing = (sku: string, brand: string, title: string) => ({
  sku,
  brand,
  defaultLocale: "en",
  translations: { en: { title, description: "Protective case" } },
  price: { amount: 1999, currency: "USD" },
  markets: ["US", "DE"],
  category: "electronics",
});

describe("IP clearance of new listings (catalog → ip over RPC)", () => {
  it("holds a listing titled with a confusable of a registered mark, invisible to buyers", async () => {
    const t = await newTenant();
    // "Аpple" with a Cyrillic А, as a counterfeiter would type it.
    const res = await api("/v1/catalog/listings", { method: "POST", key: t.keys.secret, json: listing("CASE-1", "Gadgetry", "\u0410pple iPhone case") });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Created;
    expect(created.status).toBe("held");
    expect(created.clearance.status).toBe("blocked");
    const apple = created.clearance.findings.find((f) => f.mark === "Apple");
    expect(apple?.owner).toBe("Apple Inc.");
    expect(apple?.reasons).toContain("confusable");
    // The tenant's own brand is not registered anywhere: the answer says so.
    expect(created.clearance.brand?.notRegisteredIn).toEqual(expect.arrayContaining(["US", "DE"]));

    await expectProblem(await api(`/v1/catalog/listings/${created.id}?country=US`, { key: t.keys.publishable }), 404);
    const list = (await (await api("/v1/catalog/listings?country=US", { key: t.keys.publishable })).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(0);
    const owner = (await (await api(`/v1/catalog/listings/${created.id}?country=US`, { key: t.keys.secret })).json()) as { status: string };
    expect(owner.status).toBe("held");
  });

  it("lets a harmless listing go live with a clear verdict", async () => {
    const t = await newTenant();
    const res = await api("/v1/catalog/listings", { method: "POST", key: t.keys.secret, json: listing("CASE-2", "Gadgetry", "Walnut phone stand") });
    const created = (await res.json()) as Created;
    expect(res.status).toBe(201);
    expect(created.status).toBe("active");
    expect(created.clearance.findings.filter((f) => f.similarity >= 0.85)).toEqual([]);
    expect((await api(`/v1/catalog/listings/${created.id}?country=US`, { key: t.keys.publishable })).status).toBe(200);
  });

  it("re-clears on edit: renaming a live listing to a registered mark holds it", async () => {
    const t = await newTenant();
    const created = (await (await api("/v1/catalog/listings", { method: "POST", key: t.keys.secret, json: listing("CASE-3", "Gadgetry", "Walnut desk organiser") })).json()) as Created;
    expect(created.status).toBe("active");
    const patched = await api(`/v1/catalog/listings/${created.id}`, { method: "PATCH", key: t.keys.secret, json: { translations: { en: { title: "N1KE running shoes" } }, category: "footwear" } });
    expect(patched.status).toBe(200);
    const body = (await patched.json()) as Created;
    expect(body.status).toBe("held");
    expect(body.clearance.findings.map((f) => f.mark)).toContain("Nike");
  });

  it("keeps each complaint's hold under its own source: a clean re-clearance lifts only the clearance hold", async () => {
    const t = await newTenant();
    const sources = async (id: string) => {
      const owner = (await (await api(`/v1/catalog/listings/${id}?country=US`, { key: t.keys.secret })).json()) as { status: string; holds: { source: string }[] };
      return { status: owner.status, sources: owner.holds.map((h) => h.source).sort() };
    };
    const created = (await (await api("/v1/catalog/listings", { method: "POST", key: t.keys.secret, json: { ...listing("SHOE-1", "Gadgetry", "N1KE running shoes"), category: "footwear" } })).json()) as Created;
    expect(created.status).toBe("held");
    const complain = async (mark: string) => {
      const res = await api("/v1/ip/complaints", {
        method: "POST",
        key: t.keys.secret,
        json: { listingId: created.id, complainant: { name: `${mark} Ltd`, email: "ip@owner.example" }, right: { mark, jurisdiction: "US", registrationNumber: `US-${mark}` }, reason: "Confusing sign" },
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const first = await complain("Swooshy");
    const second = await complain("Runwell");
    expect(await sources(created.id)).toEqual({ status: "held", sources: ["clearance", `complaint:${first}`, `complaint:${second}`].sort() });

    // The seller renames the listing to a clean title: the re-clearance lifts its own hold and no other.
    const patched = await api(`/v1/catalog/listings/${created.id}`, { method: "PATCH", key: t.keys.secret, json: { translations: { en: { title: "Trail running shoes" } } } });
    expect(patched.status).toBe(200);
    expect(await sources(created.id)).toEqual({ status: "held", sources: [`complaint:${first}`, `complaint:${second}`].sort() });

    // Accepting a complaint keeps its listing down (the contract: accept means the listing stays held).
    const accepted = await api(`/v1/ip/complaints/${first}/response`, { method: "POST", key: t.keys.secret, json: { action: "accept" } });
    expect(accepted.status).toBe(200);
    expect((await sources(created.id)).sources).toContain(`complaint:${first}`);
  });
});
