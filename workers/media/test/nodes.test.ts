import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { MediaRegistry } from "../src/do/registry";
import { registry } from "../src/registry";
import { addNodes, call, CITIES, freshTenant, nearest } from "./helpers";

const node = { url: "wss://fra-1.media.test", region: "europe", lat: 50.11, lon: 8.68, capacity: 100, residency: "DE" };

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return (await res.json()) as { code: string; errors?: { path: string }[] };
}

describe("node registry", () => {
  it("drops a heartbeat dated before the node's last one, or older than the TTL: a batch sent again after a timeout does not bring back a node that died since", async () => {
    const t = freshTenant();
    await addNodes(t, [{ id: "paris-1", ...CITIES.paris }, { id: "london-1", ...CITIES.london }]);
    const ttl = Number(env.NODE_TTL_MS);
    const batch = async (healthy: boolean, sentAt: number) =>
      (await call("/v1/media/heartbeats", { method: "POST", tenant: t, json: { items: [{ nodeId: "paris-1", load: 0.1, healthy, sentAt: new Date(sentAt).toISOString() }] } })).json();
    const ids = async () => (await nearest(t, "lat=48.86&lon=2.35&count=2")).items.map((i) => i.id);
    const at = Date.now();
    expect(await batch(true, at - 2_000)).toEqual({ accepted: 1, unknown: [], stale: [] });
    expect(await batch(false, at - 1_000)).toEqual({ accepted: 1, unknown: [], stale: [] });
    expect(await ids()).toEqual(["london-1"]);
    // The first batch again, late: dropped.
    expect(await batch(true, at - 2_000)).toEqual({ accepted: 0, unknown: [], stale: ["paris-1"] });
    expect(await ids()).toEqual(["london-1"]);
    // A single beat older than the TTL is dropped too; a newer one counts as heard when it was sent.
    const single = async (sentAt: number) =>
      (await (await call("/v1/media/nodes/paris-1/heartbeat", { method: "POST", tenant: t, json: { load: 0.1, healthy: true, sentAt: new Date(sentAt).toISOString() } })).json()) as { stale: boolean; offered: boolean; expiresAt: string };
    expect(await single(Date.now() - ttl - 1_000)).toMatchObject({ stale: true, offered: false });
    const sent = Date.now() - 500;
    expect(await single(sent)).toEqual({ id: "paris-1", stale: false, offered: true, expiresAt: new Date(sent + ttl).toISOString() });
    expect(await ids()).toEqual(["paris-1", "london-1"]);
  });

  it("takes a heartbeat dated in the future as sent now: the node's later beats from a corrected clock are not dropped as stale", async () => {
    const t = freshTenant();
    await addNodes(t, [{ id: "paris-1", ...CITIES.paris }]);
    const batch = async (sentAt: number) =>
      (await call("/v1/media/heartbeats", { method: "POST", tenant: t, json: { items: [{ nodeId: "paris-1", load: 0.1, healthy: true, sentAt: new Date(sentAt).toISOString() }] } })).json();
    // A clock an hour ahead, then stepped back (NTP).
    expect(await batch(Date.now() + 3_600_000)).toEqual({ accepted: 1, unknown: [], stale: [] });
    await new Promise((r) => setTimeout(r, 5));
    expect(await batch(Date.now())).toEqual({ accepted: 1, unknown: [], stale: [] });
    const single = await call("/v1/media/nodes/paris-1/heartbeat", { method: "POST", tenant: t, json: { load: 0.1, healthy: true, sentAt: new Date(Date.now() + 5).toISOString() } });
    expect(await single.json()).toMatchObject({ stale: false, offered: true });
  });

  it("takes a node back as GET answered it: `residency: null` and all", async () => {
    const t = freshTenant();
    const { residency: _, ...anon } = node;
    expect((await call("/v1/media/nodes/anon-1", { method: "PUT", tenant: t, json: anon })).status).toBe(201);
    const got = (await (await call("/v1/media/nodes/anon-1", { tenant: t })).json()) as Record<string, unknown>;
    expect(got.residency).toBeNull();
    const { id: _id, live: _live, ...back } = got;
    const res = await call("/v1/media/nodes/anon-1", { method: "PUT", tenant: t, json: { ...back, capacity: 50 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: "anon-1", capacity: 50, residency: null });
    // And null clears a residency a node had.
    await call("/v1/media/nodes/de-1", { method: "PUT", tenant: t, json: node });
    expect(await (await call("/v1/media/nodes/de-1", { method: "PUT", tenant: t, json: { ...node, residency: null } })).json()).toMatchObject({ residency: null });
  });

  it("registers (201), replaces (200), reads, lists by cursor and removes nodes", async () => {
    const t = freshTenant();
    expect((await call("/v1/media/nodes/fra-1", { method: "PUT", tenant: t, json: node })).status).toBe(201);
    const replaced = await call("/v1/media/nodes/fra-1", { method: "PUT", tenant: t, json: { ...node, capacity: 250 } });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ id: "fra-1", capacity: 250, residency: "DE", live: null });

    await addNodes(t, ["a-1", "b-1", "c-1", "d-1"].map((id) => ({ id, ...CITIES.paris })));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(`/v1/media/nodes?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { tenant: t });
      const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["a-1", "b-1", "c-1", "d-1", "fra-1"]);

    const one = (await (await call("/v1/media/nodes/a-1", { tenant: t })).json()) as { live: { healthy: boolean; offered: boolean } };
    expect(one.live).toMatchObject({ healthy: true, offered: true });

    expect((await call("/v1/media/nodes/a-1", { method: "DELETE", tenant: t })).status).toBe(204);
    await problem(await call("/v1/media/nodes/a-1", { tenant: t }), 404);
    await problem(await call("/v1/media/nodes/a-1/heartbeat", { method: "POST", tenant: t, json: { load: 0, healthy: true } }), 404);
  });

  it("refuses a node past the tenant's limit with a 409 problem; replacing one still works, and deleting one makes room", async () => {
    const t = freshTenant();
    // Every isolate holds a tenant's live nodes in its snapshot: an unbounded registry would be unbounded memory there.
    await runInDurableObject(registry(env, t), (obj: MediaRegistry) => ((obj as unknown as { maxNodes: number }).maxNodes = 2));
    const put = (id: string, capacity = 100) => call(`/v1/media/nodes/${id}`, { method: "PUT", tenant: t, json: { ...node, capacity } });
    expect((await put("fra-1")).status).toBe(201);
    expect((await put("fra-2")).status).toBe(201);
    expect((await problem(await put("fra-3"), 409)).code).toBe("node_limit_reached");
    await problem(await call("/v1/media/nodes/fra-3", { tenant: t }), 404);
    expect((await put("fra-2", 300)).status).toBe(200);
    expect((await call("/v1/media/nodes/fra-1", { method: "DELETE", tenant: t })).status).toBe(204);
    expect((await put("fra-3")).status).toBe(201);
  });

  it("takes a batch of heartbeats, listing the ids it does not know (another tenant's among them)", async () => {
    const t = freshTenant();
    const other = freshTenant();
    await addNodes(other, [{ id: "theirs-1", ...CITIES.paris }]);
    for (const id of ["b-1", "b-2"]) await call(`/v1/media/nodes/${id}`, { method: "PUT", tenant: t, json: node });
    const res = await call("/v1/media/heartbeats", {
      method: "POST",
      tenant: t,
      json: { items: [{ nodeId: "b-1", load: 0.2, healthy: true }, { nodeId: "b-2", load: 0.3, healthy: true }, { nodeId: "theirs-1", load: 0.1, healthy: true }] },
    });
    expect(await res.json()).toEqual({ accepted: 2, unknown: ["theirs-1"], stale: [] });
    const b2 = (await (await call("/v1/media/nodes/b-2", { tenant: t })).json()) as { live: { load: number; offered: boolean } };
    expect(b2.live).toMatchObject({ load: 0.3, offered: true });
    const bad = await problem(await call("/v1/media/heartbeats", { method: "POST", tenant: t, json: { items: [{ nodeId: "b-1", load: 1.5, healthy: true }] } }), 400);
    expect(bad.errors?.map((e) => e.path)).toContain("items.0.load");
    await problem(await call("/v1/media/heartbeats", { method: "POST", tenant: t, json: { items: [] } }), 400);
  });

  it("keeps tenants apart: another tenant's node is a 404 to read, beat or delete", async () => {
    const a = freshTenant();
    const b = freshTenant();
    await addNodes(a, [{ id: "mine-1", ...CITIES.paris }]);
    await problem(await call("/v1/media/nodes/mine-1", { tenant: b }), 404);
    await problem(await call("/v1/media/nodes/mine-1/heartbeat", { method: "POST", tenant: b, json: { load: 0.1, healthy: true } }), 404);
    await problem(await call("/v1/media/nodes/mine-1", { method: "DELETE", tenant: b }), 404);
    const list = (await (await call("/v1/media/nodes", { tenant: b })).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
  });

  it.each([
    ["negative capacity", { ...node, capacity: -1 }, "capacity"],
    ["fractional capacity", { ...node, capacity: 1.5 }, "capacity"],
    ["latitude above 90", { ...node, lat: 90.5 }, "lat"],
    ["longitude below -180", { ...node, lon: -180.01 }, "lon"],
    ["an unknown region", { ...node, region: "mars" }, "region"],
    ["an unknown residency country", { ...node, residency: "ZZ" }, "residency"],
    ["a plain http url", { ...node, url: "http://x.test" }, "url"],
  ])("refuses %s with a 400 naming the field", async (_, body, field) => {
    const p = await problem(await call("/v1/media/nodes/x-1", { method: "PUT", tenant: freshTenant(), json: body }), 400);
    expect(p.errors?.map((e) => e.path)).toContain(field);
  });

  it.each([
    ["load above 1", { load: 1.01, healthy: true }, "load"],
    ["load below 0", { load: -0.1, healthy: true }, "load"],
    ["a missing health flag", { load: 0.5 }, "healthy"],
  ])("refuses a heartbeat with %s", async (_, body, field) => {
    const t = freshTenant();
    await addNodes(t, [{ id: "hb-1", ...CITIES.paris }]);
    const p = await problem(await call("/v1/media/nodes/hb-1/heartbeat", { method: "POST", tenant: t, json: body }), 400);
    expect(p.errors?.map((e) => e.path)).toContain(field);
  });

  it("validates node ids by their pattern, and refuses publishable keys and missing callers", async () => {
    const t = freshTenant();
    const bad = await problem(await call("/v1/media/nodes/Bad_Id", { method: "PUT", tenant: t, json: node }), 400);
    expect(bad.errors?.map((e) => e.path)).toContain("param.nodeId");
    await problem(await call("/v1/media/nodes/fra-1", { method: "PUT", tenant: t, keyKind: "publishable", json: node }), 403);
    await problem(await call("/v1/media/nodes/fra-1/heartbeat", { method: "POST", tenant: t, keyKind: "publishable", json: { load: 0, healthy: true } }), 403);
    await problem(await call("/v1/media/nodes", {}), 401);
    await problem(await call("/v1/media/nearest?lat=1&lon=1"), 401);
  });

  it("describes every media route in its OpenAPI document", async () => {
    const doc = (await (await call("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/v1/media/nodes/{nodeId}"]!).sort()).toEqual(["delete", "get", "put"]);
    expect(Object.keys(doc.paths["/v1/media/nodes"]!)).toEqual(["get"]);
    expect(Object.keys(doc.paths["/v1/media/nodes/{nodeId}/heartbeat"]!)).toEqual(["post"]);
    expect(Object.keys(doc.paths["/v1/media/heartbeats"]!)).toEqual(["post"]);
    expect(Object.keys(doc.paths["/v1/media/nearest"]!)).toEqual(["get"]);
    expect(Object.keys(doc.paths["/v1/media/policies"]!).sort()).toEqual(["get", "put"]);
  });
});
