import { describe, expect, it } from "vitest";
import { addNodes, beat, call, CITIES, freshTenant, nearest } from "./helpers";

const putPolicy = (tenant: string, rules: unknown[]) => call("/v1/media/policies", { method: "PUT", tenant, json: { rules } });

// A buyer in Basel (CH, not in the EU) and one in Strasbourg (FR) are both nearest to a Zürich-ish node.
const zurich = { id: "zurich-1", lat: 47.37, lon: 8.55, region: "europe", residency: "CH" };
const frankfurt = { id: "frankfurt-1", ...CITIES.frankfurt };
const ashburn = { id: "ashburn-1", ...CITIES.ashburn };

describe("residency", () => {
  it("by default keeps EU buyers on EU nodes while one is up, says the policy changed the choice, and falls back when none is", async () => {
    const t = freshTenant();
    await addNodes(t, [zurich, frankfurt, ashburn]);
    const policy = (await (await call("/v1/media/policies", { tenant: t })).json()) as { isDefault: boolean };
    expect(policy.isDefault).toBe(true);
    const eu = await nearest(t, "lat=48.58&lon=7.75&country=FR&count=3");
    expect(eu.items.map((i) => i.id)).toEqual(["frankfurt-1"]);
    expect(eu.policy).toEqual({ rule: 0, changedChoice: true, fellBack: false });
    // A Swiss buyer is not covered: Zürich first.
    const ch = await nearest(t, "lat=47.56&lon=7.59&country=CH&count=1");
    expect([ch.items[0]!.id, ch.policy.rule]).toEqual(["zurich-1", null]);
    // The EU node goes down: the default rule only prefers, so the buyer is served elsewhere, and told.
    await beat(t, "frankfurt-1", 0.1, false);
    const fallback = await nearest(t, "lat=48.58&lon=7.75&country=FR&count=1");
    expect(fallback.items[0]!.id).toBe("zurich-1");
    expect(fallback.policy.fellBack).toBe(true);
  });

  it("an EU-only policy never sends an EU buyer outside the EU: no EU node up is a 503 problem", async () => {
    const t = freshTenant();
    await addNodes(t, [frankfurt, ashburn]);
    expect((await putPolicy(t, [{ buyers: "EU", nodes: "EU", mode: "require" }])).status).toBe(200);
    expect((await nearest(t, "country=DE")).items.map((i) => i.id)).toEqual(["frankfurt-1"]);
    await beat(t, "frankfurt-1", 0.1, false);
    const res = await call("/v1/media/nearest?country=DE", { tenant: t, keyKind: "publishable" });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as { code: string; detail: string };
    expect(body.code).toBe("residency_unsatisfiable");
    expect(body.detail).toContain("DE");
    // Buyers outside the rule are still served.
    expect((await nearest(t, "country=US")).items[0]!.id).toBe("ashburn-1");
  });

  it("holds a buyer's device to its edge's country whatever `country` it sends; a server calling for a buyer names the country", async () => {
    const t = freshTenant();
    await addNodes(t, [frankfurt, ashburn]);
    await putPolicy(t, [{ buyers: "EU", nodes: "EU", mode: "require" }]);
    // In Germany by the edge, claiming the US and standing near Ashburn: still only the EU node.
    const device = await nearest(t, "lat=39.0&lon=-77.5&country=US&count=2", { country: "DE" });
    expect([device.origin.country, device.items.map((i) => i.id)]).toEqual(["DE", ["frankfurt-1"]]);
    await beat(t, "frankfurt-1", 0.1, false);
    expect((await call("/v1/media/nearest?country=US", { tenant: t, keyKind: "publishable", country: "DE" })).status).toBe(503);
    // Without an edge country the device's `country` is all there is.
    expect((await nearest(t, "country=US&count=1")).items[0]!.id).toBe("ashburn-1");
    // The tenant's server calls from its own edge (here Germany) for a buyer it says is in the US.
    const server = await nearest(t, "country=US&count=1", { country: "DE", keyKind: "secret" });
    expect([server.origin.country, server.items[0]!.id]).toEqual(["US", "ashburn-1"]);
  });

  it("in-country: buyers from a listed country are served only by nodes in that country", async () => {
    const t = freshTenant();
    await addNodes(t, [{ id: "tokyo-1", ...CITIES.tokyo }, { id: "singapore-1", ...CITIES.singapore }, { id: "osaka-1", lat: 34.69, lon: 135.5, region: "asia", residency: "JP" }]);
    await putPolicy(t, [{ buyers: ["SG", "JP"], nodes: "in-country", mode: "require" }]);
    // A buyer in Singapore whose location is Tokyo (roaming) stays on a Singapore node.
    const sg = await nearest(t, "lat=35.68&lon=139.69&country=SG&count=3");
    expect(sg.items.map((i) => i.id)).toEqual(["singapore-1"]);
    expect(sg.policy.changedChoice).toBe(true);
    const jp = await nearest(t, "country=JP&count=3");
    expect(jp.items.map((i) => i.id).sort()).toEqual(["osaka-1", "tokyo-1"]);
    await beat(t, "singapore-1", 0.1, false);
    expect((await call("/v1/media/nearest?country=SG", { tenant: t, keyKind: "publishable" })).status).toBe(503);
  });

  it("a node without a residency serves no rule-covered buyer", async () => {
    const t = freshTenant();
    const { residency: _, ...anon } = { id: "anon-1", ...CITIES.paris };
    await addNodes(t, [anon, ashburn]);
    await putPolicy(t, [{ buyers: ["FR"], nodes: ["FR"], mode: "require" }]);
    expect((await call("/v1/media/nearest?country=FR", { tenant: t, keyKind: "publishable" })).status).toBe(503);
  });

  it.each([
    ["an unknown country", [{ buyers: ["ZZ"], nodes: "EU" }], "rules.0.buyers"],
    ["an unknown mode", [{ buyers: "EU", nodes: "EU", mode: "maybe" }], "rules.0.mode"],
    ["a lower-case country", [{ buyers: "EU", nodes: ["de"] }], "rules.0.nodes"],
    ["an empty country list", [{ buyers: [], nodes: "EU" }], "rules.0.buyers"],
  ])("refuses a policy with %s", async (_, rules, path) => {
    const res = await putPolicy(freshTenant(), rules);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.some((e) => e.path.startsWith(path))).toBe(true);
  });
});
