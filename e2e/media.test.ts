import { describe, expect, it } from "vitest";
import { api, DEMO, expectProblem, newTenant } from "./helpers";

const PARIS = { "x-location": "48.8566,2.3522", "x-country": "FR" };
const EU_NODES = [
  { id: "frankfurt-e2e", url: "wss://frankfurt-e2e.media.test", region: "europe", lat: 50.1155, lon: 8.6842, capacity: 500, residency: "DE" },
  { id: "paris-e2e", url: "wss://paris-e2e.media.test", region: "europe", lat: 48.8534, lon: 2.3488, capacity: 500, residency: "FR" },
];
const VIRGINIA = { id: "ashburn-e2e", url: "wss://ashburn-e2e.media.test", region: "north-america", lat: 39.0437, lon: -77.4875, capacity: 500, residency: "US" };

type Nearest = { items: { id: string; region: string; estimatedRttMs: number }[]; policy: { rule: number | null } };

const beat = (key: string, id: string) => api(`/v1/media/nodes/${id}/heartbeat`, { method: "POST", key, json: { load: 0.2, healthy: true } });

describe("media through the gateway", () => {
  it("serves the seeded world map: a buyer in Paris gets a European node", async () => {
    const res = await api("/v1/media/nearest?count=5", { key: DEMO.publishable, headers: PARIS });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Nearest;
    expect(body.items).toHaveLength(5);
    expect(body.items.every((i) => i.region === "europe")).toBe(true);
    expect(body.items[0]!.estimatedRttMs).toBeLessThan(15);
    // The whole map, paged: nodes on every continent.
    const page = (await (await api("/v1/media/nodes?limit=100", { key: DEMO.secret })).json()) as { items: { region: string }[] };
    expect(new Set(page.items.map((n) => n.region)).size).toBe(7);
  });

  it("keeps an EU buyer under an EU-only policy in the EU: when the European nodes stop heartbeating it is a problem, not Virginia", async () => {
    const { keys } = await newTenant();
    for (const node of [...EU_NODES, VIRGINIA]) {
      const { id, ...def } = node;
      expect((await api(`/v1/media/nodes/${id}`, { method: "PUT", key: keys.secret, json: def })).status).toBe(201);
      expect((await beat(keys.secret, id)).status).toBe(200);
    }
    const policy = await api("/v1/media/policies", { method: "PUT", key: keys.secret, json: { rules: [{ buyers: "EU", nodes: "EU", mode: "require" }] } });
    expect(policy.status).toBe(200);
    const first = (await (await api("/v1/media/nearest?count=3", { key: keys.publishable, headers: PARIS })).json()) as Nearest;
    expect(first.items.map((i) => i.id)).toEqual(["paris-e2e", "frankfurt-e2e"]);

    // Only Virginia keeps heartbeating; the European nodes fall silent and expire after their TTL.
    const keepVirginia = setInterval(() => void beat(keys.secret, VIRGINIA.id), 2000);
    try {
      let res: Response;
      const deadline = Date.now() + 40_000;
      for (;;) {
        res = await api("/v1/media/nearest?count=3", { key: keys.publishable, headers: PARIS });
        if (res.status !== 200) break;
        const body = (await res.json()) as Nearest;
        expect(body.items.map((i) => i.id)).not.toContain(VIRGINIA.id);
        if (Date.now() > deadline) throw new Error("the European nodes never expired");
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect((await expectProblem(res, 503)).code).toBe("residency_unsatisfiable");
      // Virginia is alive and serves a buyer the policy does not cover.
      const us = (await (await api("/v1/media/nearest", { key: keys.publishable, headers: { "x-location": "40.71,-74.0", "x-country": "US" } })).json()) as Nearest;
      expect(us.items[0]!.id).toBe(VIRGINIA.id);
    } finally {
      clearInterval(keepVirginia);
    }
  });

  it("answers bad input, other tenants' nodes and publishable writes with problems", async () => {
    const { keys } = await newTenant();
    await expectProblem(await api("/v1/media/nearest?lat=91&lon=0", { key: DEMO.publishable }), 400);
    await expectProblem(await api("/v1/media/nearest?count=1000&country=FR", { key: DEMO.publishable }), 400);
    await expectProblem(await api("/v1/media/nearest?country=ZZ", { key: DEMO.publishable }), 400);
    await expectProblem(await api("/v1/media/nodes/paris-1/heartbeat", { method: "POST", key: DEMO.secret, json: { load: 2, healthy: true } }), 400);
    await expectProblem(await api("/v1/media/nodes/nobody-1/heartbeat", { method: "POST", key: DEMO.secret, json: { load: 0.2, healthy: true } }), 404);
    // paris-1 is the demo tenant's seeded node: invisible to another tenant.
    await expectProblem(await api("/v1/media/nodes/paris-1", { key: keys.secret }), 404);
    await expectProblem(await api("/v1/media/nodes/paris-1/heartbeat", { method: "POST", key: keys.secret, json: { load: 0.2, healthy: true } }), 404);
    await expectProblem(await api("/v1/media/nodes/x-1", { method: "PUT", key: DEMO.publishable, json: VIRGINIA }), 403);
    await expectProblem(await api("/v1/media/nearest?country=FR"), 401);
  });

  it("documents every media route in the gateway's merged OpenAPI document", async () => {
    const doc = (await (await api("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    const media = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith("/v1/media/"))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(media).toEqual([
      "DELETE /v1/media/nodes/{nodeId}",
      "GET /v1/media/nearest",
      "GET /v1/media/nodes",
      "GET /v1/media/nodes/{nodeId}",
      "GET /v1/media/ping",
      "GET /v1/media/policies",
      "POST /v1/media/heartbeats",
      "POST /v1/media/nodes/{nodeId}/heartbeat",
      "PUT /v1/media/nodes/{nodeId}",
      "PUT /v1/media/policies",
    ]);
  });
});
