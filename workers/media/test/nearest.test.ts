import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { MediaRegistry } from "../src/do/registry";
import { registry } from "../src/registry";
import { addNodes, beat, call, CITIES, freshTenant, nearest, WORLD } from "./helpers";

const world = WORLD;

describe("nearest", () => {
  it("ranks by estimated RTT from the buyer, best first, with count", async () => {
    const t = freshTenant();
    await addNodes(t, world);
    const fromOsaka = await nearest(t, "lat=34.69&lon=135.50&count=3");
    expect(fromOsaka.items.map((i) => i.id)).toEqual(["tokyo-1", "sydney-1", "frankfurt-1"]);
    expect(fromOsaka.items[0]!.distanceKm).toBeGreaterThan(390);
    expect(fromOsaka.items[0]!.distanceKm).toBeLessThan(410);
    const rtts = fromOsaka.items.map((i) => i.estimatedRttMs);
    expect([...rtts].sort((a, b) => a - b)).toEqual(rtts);
    expect((await nearest(t, "lat=-23&lon=-46&count=1")).items.map((i) => i.id)).toEqual(["sao-paulo-1"]);
  });

  it("takes the location from the query, else the edge, else the country's centroid", async () => {
    const t = freshTenant();
    await addNodes(t, world);
    const query = await nearest(t, "lat=35.6&lon=139.7&count=1", { location: "40.7,-74.0" });
    expect([query.origin.source, query.items[0]!.id]).toEqual(["query", "tokyo-1"]);
    const edge = await nearest(t, "count=1", { location: "40.7,-74.0", country: "JP" });
    expect([edge.origin.source, edge.items[0]!.id]).toEqual(["edge", "ashburn-1"]);
    const country = await nearest(t, "count=1&country=AU");
    expect([country.origin.source, country.items[0]!.id]).toEqual(["country", "sydney-1"]);
    const edgeCountry = await nearest(t, "count=1", { country: "BR" });
    expect([edgeCountry.origin.source, edgeCountry.items[0]!.id]).toEqual(["country", "sao-paulo-1"]);
  });

  it("cuts off nodes near full or unhealthy, and a lighter node wins over a slightly nearer busy one", async () => {
    const t = freshTenant();
    await addNodes(t, [{ id: "paris-1", ...CITIES.paris }, { id: "frankfurt-1", ...CITIES.frankfurt }, { id: "london-1", ...CITIES.london }]);
    const first = async () => (await nearest(t, "lat=48.86&lon=2.35&count=3")).items;
    expect((await first())[0]!.id).toBe("paris-1");
    await beat(t, "paris-1", 0.9);
    expect((await first()).map((i) => i.id)).not.toContain("paris-1");
    // At 89 % load Paris is offered again, but its load penalty (8.9 ms) outweighs London's 340 km (~5 ms).
    await beat(t, "paris-1", 0.89);
    const busy = (await first()).map((i) => i.id);
    expect(busy[0]).toBe("london-1");
    expect(busy).toContain("paris-1");
    await beat(t, "paris-1", 0.1, false);
    expect((await first()).map((i) => i.id)).not.toContain("paris-1");
    // Capacity: a 1-session node at 10 % load has no whole free session.
    await addNodes(t, [{ id: "tiny-1", ...CITIES.paris, capacity: 1 }]);
    expect((await first()).map((i) => i.id)).not.toContain("tiny-1");
  });

  it("stops offering a node silent past its TTL, and offers it again on its next heartbeat", async () => {
    const t = freshTenant();
    await addNodes(t, [{ id: "paris-1", ...CITIES.paris }, { id: "london-1", ...CITIES.london }]);
    expect((await nearest(t, "lat=48.86&lon=2.35")).items[0]!.id).toBe("paris-1");
    const ttl = Number(env.NODE_TTL_MS);
    const lastSeen = await runInDurableObject(registry(env, t), (obj: MediaRegistry) => (obj as unknown as { live: Map<string, { lastSeen: number }> }).live.get("paris-1")!.lastSeen);
    // Time passes with no heartbeat from paris-1 (london-1 beat after it): nothing changes in the registry, so
    // no change reaches the isolate's copy; its own TTL check at lookup time stops offering the node.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(lastSeen + ttl - 2000);
      expect((await nearest(t, "lat=48.86&lon=2.35")).items[0]!.id).toBe("paris-1");
      vi.setSystemTime(lastSeen + ttl + 1);
      expect((await nearest(t, "lat=48.86&lon=2.35")).items.map((i) => i.id)).toEqual(["london-1"]);
      await beat(t, "paris-1");
      expect((await nearest(t, "lat=48.86&lon=2.35")).items[0]!.id).toBe("paris-1");
    } finally {
      vi.useRealTimers();
    }
  });

  it("answers 503 when no node is offered, never an empty success", async () => {
    const t = freshTenant();
    const res = await call("/v1/media/nearest?lat=1&lon=1", { tenant: t, keyKind: "publishable" });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { code: string }).code).toBe("no_node_available");
  });

  it("puts a 1v1 call on the node that is best for both parties", async () => {
    const t = freshTenant();
    await addNodes(t, world);
    // Tokyo and Sydney: Tokyo's worst leg (7,800 km to Sydney) beats Sydney's (the same) on the sum; Ashburn is far for both.
    const call1 = await nearest(t, "peers=35.68,139.69;-33.87,151.21&count=2");
    expect(call1.origin.source).toBe("peers");
    const [a, b] = call1.items;
    expect(Math.max(...a!.peerRttMs!)).toBeLessThanOrEqual(Math.max(...b!.peerRttMs!));
    // New York and São Paulo: Ashburn is nearer to the worse-off party than São Paulo is to New York.
    const call2 = await nearest(t, "peers=40.71,-74.0;-23.55,-46.63&count=1");
    expect(call2.items[0]!.id).toBe("ashburn-1");
  });

  it.each([
    ["lat=91&lon=0", "query.lat"],
    ["lat=0&lon=180.5", "query.lon"],
    ["lat=NaN&lon=0", "query.lat"],
    ["lat=&lon=0", "query.lat"],
    ["lat=Infinity&lon=0", "query.lat"],
    ["lat=1&lon=1&count=0", "query.count"],
    ["lat=1&lon=1&count=1000", "query.count"],
    ["country=ZZ", "query.country"],
    ["country=de", "query.country"],
    ["lat=1", "query.lon"],
    ["peers=1,2", "query.peers"],
    ["peers=1,2;95,0", "query.peers"],
    ["lat=1&lon=1&room=a%20b", "query.room"],
  ])("refuses %s with a 400 naming %s", async (q, path) => {
    const t = freshTenant();
    await addNodes(t, [{ id: "paris-1", ...CITIES.paris }]);
    const res = await call(`/v1/media/nearest?${q}`, { tenant: t, keyKind: "publishable" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(path);
  });

  it("needs some location: none at all is a 400 problem", async () => {
    const t = freshTenant();
    await addNodes(t, [{ id: "paris-1", ...CITIES.paris }]);
    const res = await call("/v1/media/nearest", { tenant: t, keyKind: "publishable" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("location_required");
  });
});
