import { env, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { MediaRegistry, Snapshot } from "../src/do/registry";
import type { RoomOutcome } from "../src/domain/rooms";
import type { SyncCursor } from "../src/domain/node-sync";
import { MIRROR_BUDGET, mirrorBytes, registry } from "../src/registry";
import { addNodes, call, CITIES, failingRegistry, freshTenant, nearest, type NodeSpec } from "./helpers";

const TTL = Number(env.NODE_TTL_MS);
const paris = { id: "paris-1", ...CITIES.paris };
const london = { id: "london-1", ...CITIES.london };
// Six equivalent nodes in one metro (Frankfurt): where a room goes is rendezvous hashing's choice.
const metro: NodeSpec[] = Array.from({ length: 6 }, (_, i) => ({ id: `fra-${i + 1}`, lat: 50.11 + i * 0.001, lon: 8.68, region: "europe", residency: "DE" }));

const inRegistry = <T>(t: string, fn: (obj: MediaRegistry) => T) => runInDurableObject(registry(env, t), fn);

/** A node registered and heard from in the registry itself, behind this isolate's snapshot: as through another isolate. */
const joinsElsewhere = (t: string, { id, lat, lon }: NodeSpec) =>
  inRegistry(t, (obj) => {
    obj.putNode({ id, url: `wss://${id}.media.test`, region: "europe", lat, lon, capacity: 100, residency: null });
    obj.heartbeat(id, 0.1, true);
  });

/** The registry binding as this module's lookups see it, counting the snapshots they fetch. */
function countingRegistry() {
  const real = (env as Env).REGISTRY as DurableObjectNamespace<MediaRegistry>;
  const calls = { snapshots: 0 };
  const REGISTRY = {
    idFromName: (name: string) => real.idFromName(name),
    get: (id: DurableObjectId) => {
      const stub = real.get(id);
      return { snapshot: () => (calls.snapshots++, stub.snapshot()) };
    },
  };
  return { calls, REGISTRY };
}

describe("an isolate's snapshot of the tenant's nodes", () => {
  afterEach(() => vi.useRealTimers());

  it("past half its age still answers, while one call to the registry fetches the next; past the whole age a lookup waits for a fresh one", async () => {
    const t = freshTenant();
    await addNodes(t, [paris]);
    const counted = countingRegistry();
    const lookupEnv = { SNAPSHOT_MAX_AGE_MS: "1000", REGISTRY: counted.REGISTRY };
    // Each lookup below runs to the end of its background work (`waitUntil`) before the next.
    const lookup = async () => {
      const body = await nearest(t, "lat=48.86&lon=2.35&count=5", { env: lookupEnv });
      return { ids: body.items.map((i) => i.id), ageMs: body.snapshotAgeMs, fetched: counted.calls.snapshots };
    };
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    expect(await lookup()).toEqual({ ids: ["paris-1"], ageMs: 0, fetched: 1 });
    // London joins through another isolate: this one's snapshot does not have it.
    await joinsElsewhere(t, london);
    vi.setSystemTime(start + 499);
    expect(await lookup()).toEqual({ ids: ["paris-1"], ageMs: 499, fetched: 1 });
    // Half the age: answered from the held snapshot (had it waited, London would be in it); the next was fetched behind it.
    vi.setSystemTime(start + 500);
    expect(await lookup()).toEqual({ ids: ["paris-1"], ageMs: 500, fetched: 2 });
    vi.setSystemTime(start + 999);
    expect(await lookup()).toEqual({ ids: ["paris-1", "london-1"], ageMs: 499, fetched: 2 });
    // Idle past the age of the snapshot it holds: the lookup waits for one that has the node that joined since.
    await joinsElsewhere(t, { id: "brussels-1", lat: 50.85, lon: 4.35 });
    vi.setSystemTime(start + 1500);
    expect(await lookup()).toEqual({ ids: ["paris-1", "brussels-1", "london-1"], ageMs: 0, fetched: 3 });
  });
});

describe("the isolate's copies of tenants' nodes", () => {
  it("are bounded by their estimated bytes, not only by a count of tenants: past the budget the least recently refreshed goes", async () => {
    const a = freshTenant();
    const b = freshTenant();
    const long = (id: string) => ({ id, lat: 48.86, lon: 2.35 });
    await addNodes(a, [long("paris-a1"), long("paris-a2")]);
    await addNodes(b, [long("paris-b1"), long("paris-b2")]);
    const real = (env as Env).REGISTRY as DurableObjectNamespace<MediaRegistry>;
    const asked: string[] = [];
    const REGISTRY = {
      idFromName: (name: string) => real.idFromName(name),
      get: (id: DurableObjectId) => {
        const stub = real.get(id);
        return { snapshot: (since: SyncCursor | null) => (asked.push(since ? "changes" : "whole"), stub.snapshot(since)) };
      },
    };
    const lookup = (t: string) => nearest(t, "lat=48.86&lon=2.35", { env: { REGISTRY } });
    const one = mirrorBytes({ cursor: { epoch: "", version: 0 }, policy: { rules: [] }, nodes: new Map(["paris-a1", "paris-a2"].map((id) => [id, { ...long(id), url: `wss://${id}.media.test`, region: "europe", capacity: 100, residency: "FR", load: 0, healthy: true, lastSeen: 0 }])) });
    const budget = MIRROR_BUDGET.bytes;
    try {
      // Room for both: each refresh asks only for the changes since its copy.
      MIRROR_BUDGET.bytes = 10 * one;
      await lookup(a);
      await lookup(b);
      await lookup(a);
      expect(asked).toEqual(["whole", "whole", "changes"]);
      // Room for one: b's copy pushes out a's, which is fetched whole again.
      MIRROR_BUDGET.bytes = one + one / 2;
      asked.length = 0;
      await lookup(b);
      await lookup(a);
      await lookup(a);
      expect(asked).toEqual(["changes", "whole", "changes"]);
    } finally {
      MIRROR_BUDGET.bytes = budget;
    }
  });
});

describe("an isolate's snapshot when the registry cannot be asked", () => {
  afterEach(() => vi.useRealTimers());

  it("answers from the held snapshot for a third of the TTL past its age, then with a 503 and Retry-After", async () => {
    const t = freshTenant();
    await addNodes(t, [paris]);
    const ok = { SNAPSHOT_MAX_AGE_MS: "1000" };
    const down = { ...ok, REGISTRY: failingRegistry(["snapshot"]) };
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    expect((await nearest(t, "lat=48.86&lon=2.35", { env: ok })).items[0]!.id).toBe("paris-1");
    // Past its age, the refresh fails: the held snapshot answers (its nodes' TTL still checked), and says how old it is.
    vi.setSystemTime(start + 1_500);
    const held = await nearest(t, "lat=48.86&lon=2.35", { env: down });
    expect([held.items[0]!.id, held.snapshotAgeMs]).toEqual(["paris-1", 1_500]);
    vi.setSystemTime(start + 1_000 + TTL / 3 - 1);
    expect((await nearest(t, "lat=48.86&lon=2.35", { env: down })).items[0]!.id).toBe("paris-1");
    // Past that, the lookup says so and when to come back.
    vi.setSystemTime(start + 1_000 + TTL / 3);
    const res = await call("/v1/media/nearest?lat=48.86&lon=2.35", { tenant: t, keyKind: "publishable", env: down });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(((await res.json()) as { code: string }).code).toBe("registry_unavailable");
    // The registry answers again: so does the lookup, from a fresh snapshot.
    expect((await nearest(t, "lat=48.86&lon=2.35", { env: ok })).snapshotAgeMs).toBe(0);
  });

  it("with no snapshot held, a failed load is a 503 with Retry-After", async () => {
    const t = freshTenant();
    await addNodes(t, [paris]);
    const res = await call("/v1/media/nearest?lat=48.86&lon=2.35", { tenant: t, keyKind: "publishable", env: { REGISTRY: failingRegistry(["snapshot"]) } });
    expect([res.status, res.headers.get("retry-after")]).toEqual([503, "1"]);
  });
});

describe("the registry's work for a lookup", () => {
  it("hands out each node as it holds it: a snapshot copies no node, and a heartbeat or a new definition remakes only that node", async () => {
    const t = freshTenant();
    await addNodes(t, [paris, london]);
    await inRegistry(t, (obj) => {
      const nodesOf = (s: Snapshot) => Object.fromEntries(s.nodes.map((n) => [n.id, n]));
      const first = nodesOf(obj.snapshot());
      const again = nodesOf(obj.snapshot());
      expect(again["paris-1"]).toBe(first["paris-1"]);
      expect(again["london-1"]).toBe(first["london-1"]);
      obj.heartbeat("paris-1", 0.3, true);
      const beaten = nodesOf(obj.snapshot());
      expect(beaten["london-1"]).toBe(first["london-1"]);
      expect(beaten["paris-1"]).toMatchObject({ load: 0.3 });
      // Redefined, it keeps its heartbeat and shows its new definition.
      obj.putNode({ ...first["paris-1"]!, capacity: 500 });
      expect(nodesOf(obj.snapshot())["paris-1"]).toMatchObject({ capacity: 500, load: 0.3 });
    });
  });

  it.each([
    ["turns unhealthy", (obj: MediaRegistry, id: string) => void obj.heartbeat(id, 0.1, false)],
    // Full: not a free session left. Past the 90 % cut-off alone it keeps its rooms (rooms.test.ts).
    ["fills up", (obj: MediaRegistry, id: string) => void obj.heartbeat(id, 1, true)],
    ["falls silent past its TTL", (obj: MediaRegistry, id: string) => void ((obj as unknown as { live: Map<string, { lastSeen: number }> }).live.get(id)!.lastSeen = Date.now() - TTL - 1)],
    ["is removed", (obj: MediaRegistry, id: string) => void obj.deleteNode(id)],
  ])("keeps a room on its node without a scan of the nodes, and scans them once to move it when its node %s", async (_, fail) => {
    const t = freshTenant();
    await addNodes(t, metro);
    await inRegistry(t, (obj) => {
      const scans = vi.spyOn(obj as unknown as { offered: (now: number) => unknown }, "offered");
      try {
        const ask = (pool: "verified" | null = null) => obj.room("show", { anchor: [{ lat: 50.1, lon: 8.7 }], anchoredBy: "server", anchorCountry: "DE", country: "DE", device: false }, pool) as NonNullable<RoomOutcome>;
        const placed = ask("verified");
        expect([placed.status, scans.mock.calls.length]).toEqual(["assigned", 1]);
        const home = placed.assignment.nodeId;
        for (let i = 0; i < 3; i++) expect(ask().assignment.nodeId).toBe(home);
        expect(scans).toHaveBeenCalledTimes(1);
        fail(obj, home);
        const moved = ask();
        expect(moved.status).toBe("moved");
        expect(moved.assignment.nodeId).not.toBe(home);
        expect(scans).toHaveBeenCalledTimes(2);
        expect(ask().assignment.nodeId).toBe(moved.assignment.nodeId);
        expect(scans).toHaveBeenCalledTimes(2);
      } finally {
        scans.mockRestore();
      }
    });
  });
});
