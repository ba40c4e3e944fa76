import { env, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CLIENT_ROOM_BUDGET, DEVICE_ROOM_BUDGET, type MediaRegistry } from "../src/do/registry";
import { clientPrefix } from "../src/domain/client";
import type { BucketRule } from "../../../shared/limits/token-bucket";
import { DEFERRED, NOT_HELD, type RoomOutcome } from "../src/domain/rooms";
import { registry } from "../src/registry";
import { addNodes, call, failingRegistry, freshTenant, nearest, tenantRoom, WORLD } from "./helpers";

const PARIS = "48.86,2.35";
const NEW_YORK = "40.71,-74.0";

const inRegistry = <T>(t: string, fn: (obj: MediaRegistry) => T) => runInDurableObject(registry(env, t), fn);
/** Sets the tenant's budget of new rooms named by devices (no refill unless given: a test's clock does not matter). */
const budget = (t: string, b: BucketRule) =>
  inRegistry(t, (obj) => {
    Object.assign(obj, { deviceRoomBudget: b, deviceRoomTokens: { tokens: b.capacity, at: Date.now() } });
  });

/** This module's lookups with the D1 reads of the room directory counted. */
function countingDb() {
  const reads = { n: 0 };
  const db = (env as Env).DB;
  return { reads, DB: { prepare: (query: string) => (reads.n++, db.prepare(query)) } };
}

describe("the tenant's budget of new rooms named by buyers' devices", () => {
  it("places new rooms a device names only within the budget: past it the lookup answers without pinning the room, reads no room directory and writes nothing", async () => {
    const t = freshTenant();
    await addNodes(t, WORLD);
    await budget(t, { capacity: 2, perSecond: 0 });
    const counted = countingDb();
    const show = await tenantRoom(t, "show");
    expect((await nearest(t, `room=${show}`, { location: PARIS, env: { DB: counted.DB } })).room).toEqual({ id: show, nodeId: "frankfurt-1", status: "assigned" });
    expect((await nearest(t, "room=junk-1", { location: NEW_YORK, env: { DB: counted.DB } })).room).toEqual({ id: "junk-1", nodeId: "ashburn-1", status: "assigned" });
    expect(counted.reads.n).toBe(2);
    // Spent: the next invented id is not placed; the buyer still gets their own nearest node.
    const past = await nearest(t, "room=junk-2&count=1", { location: NEW_YORK, env: { DB: counted.DB } });
    expect(past.room).toEqual({ id: "junk-2", nodeId: null, status: "deferred" });
    expect(past.items.map((i) => i.id)).toEqual(["ashburn-1"]);
    expect(counted.reads.n).toBe(2);
    expect(await inRegistry(t, (obj) => obj.room("junk-2", { anchor: [], anchoredBy: "edge", anchorCountry: null, country: null, device: false }, null))).toBe(NOT_HELD);
    // Rooms placed before are kept for every asker; a tenant's server places any room, budget or not.
    expect((await nearest(t, `room=${show}`, { location: NEW_YORK })).room).toEqual({ id: show, nodeId: "frankfurt-1", status: "kept" });
    expect((await nearest(t, "lat=40.7&lon=-74&room=server-1", { keyKind: "secret" })).room).toEqual({ id: "server-1", nodeId: "ashburn-1", status: "assigned" });
  });

  it("takes one token for a new room many devices name at once (a show going live, seen by many isolates)", async () => {
    const t = freshTenant();
    await addNodes(t, WORLD);
    await budget(t, { capacity: 1, perSecond: 0 });
    const device = { anchor: [], anchoredBy: "edge" as const, anchorCountry: null, country: null, device: true };
    await inRegistry(t, (obj) => {
      // Each isolate asks first without a pool: granted, then again (another isolate) before the placement lands.
      expect(obj.room("live-1", device, null)).toBe(NOT_HELD);
      expect(obj.room("live-1", device, null)).toBe(NOT_HELD);
      expect(obj.room("live-2", device, null)).toBe(DEFERRED);
      expect((obj.room("live-1", device, "verified") as NonNullable<RoomOutcome>).status).toBe("assigned");
      expect((obj.room("live-1", device, null) as NonNullable<RoomOutcome>).status).toBe("kept");
    });
  });

  it("refills the budget over time", async () => {
    const t = freshTenant();
    await addNodes(t, WORLD);
    await budget(t, { capacity: 1, perSecond: 1 });
    const device = { anchor: [], anchoredBy: "edge" as const, anchorCountry: null, country: null, device: true };
    await inRegistry(t, (obj) => {
      const tokens = (obj as unknown as { deviceRoomTokens: { tokens: number; at: number } }).deviceRoomTokens;
      expect(obj.room("a", device, null)).toBe(NOT_HELD);
      expect(obj.room("b", device, null)).toBe(DEFERRED);
      // A second passes behind the registry's back.
      (obj as unknown as { deviceRoomTokens: { tokens: number; at: number } }).deviceRoomTokens = { tokens: 0, at: tokens.at - 1_000 };
      expect(obj.room("b", device, null)).toBe(NOT_HELD);
    });
  });
});

/** The registry binding as this module's lookups see it, counting their `room` calls. */
function countingRooms() {
  const real = (env as Env).REGISTRY as DurableObjectNamespace<MediaRegistry>;
  const calls = { room: 0 };
  const REGISTRY = {
    idFromName: (name: string) => real.idFromName(name),
    get: (id: DurableObjectId) => {
      const stub = real.get(id);
      return {
        snapshot: (...a: unknown[]) => (stub.snapshot as (...x: unknown[]) => unknown)(...a),
        room: (...a: Parameters<MediaRegistry["room"]>) => (calls.room++, stub.room(...a)),
      };
    },
  };
  return { calls, REGISTRY };
}

/** A device's lookup of a room from the client address `ip`, as Cloudflare hands it on (`CF-Connecting-IP`; "": none). */
async function fromAddress(t: string, ip: string, room: string, headers: Record<string, string> = {}) {
  const res = await call(`/v1/media/nearest?room=${room}`, { tenant: t, keyKind: "publishable", location: PARIS, headers: { ...headers, "cf-connecting-ip": ip } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { room: { status: string } }).room.status;
}

describe("a buyer's device past the budget of new rooms", () => {
  it("is answered deferred by the isolate for the snapshot age without asking the registry again; a secret key's ask still places the room", async () => {
    const t = freshTenant();
    await addNodes(t, WORLD);
    await budget(t, { capacity: 0, perSecond: 0 });
    const counted = countingRooms();
    const lookupEnv = { SNAPSHOT_MAX_AGE_MS: "60000", REGISTRY: counted.REGISTRY };
    for (let i = 0; i < 3; i++) expect((await nearest(t, "room=junk-1", { location: PARIS, env: lookupEnv })).room?.status).toBe("deferred");
    expect(counted.calls.room).toBe(1);
    expect((await nearest(t, "lat=48.86&lon=2.35&room=junk-1", { keyKind: "secret", env: lookupEnv })).room?.status).toBe("assigned");
    // Placed now: the device is no longer told deferred, and the placement answers from the isolate's memo.
    expect((await nearest(t, "room=junk-1", { location: PARIS, env: lookupEnv })).room?.status).toBe("assigned");
  });

  it("spends its client's share before the tenant's: one address (an IPv6 /48) cannot empty the tenant's budget alone", async () => {
    const t = freshTenant();
    await addNodes(t, WORLD);
    await budget(t, { capacity: 10, perSecond: 0 });
    await inRegistry(t, (obj) => void Object.assign(obj, { clientRoomBudget: { capacity: 1, perSecond: 0 } }));
    expect(await fromAddress(t, "203.0.113.7", "junk-1")).toBe("assigned");
    expect(await fromAddress(t, "203.0.113.7", "junk-2")).toBe("deferred");
    expect(await fromAddress(t, "2001:db8:1:2::7", "junk-2")).toBe("assigned");
    // Another /64 of the same /48: the same client.
    expect(await fromAddress(t, "2001:db8:1:3::9", "junk-3")).toBe("deferred");
    expect(await fromAddress(t, "198.51.100.1", "junk-3")).toBe("assigned");
    // The refused asks took nothing of the tenant's budget.
    expect(await inRegistry(t, (obj) => (obj as unknown as { deviceRoomTokens: { tokens: number } }).deviceRoomTokens.tokens)).toBe(7);
  });
});

describe("a client's share of the tenant's budget", () => {
  afterEach(() => vi.useRealTimers());

  it("is small enough that a handful of clients naming new ids without pause leave the budget to the tenant's other buyers, every one of whom places their room", async () => {
    const t = freshTenant();
    await addNodes(t, WORLD);
    const abusers = ["203.0.113.7", "198.51.100.9", "192.0.2.44", "2001:db8:1::1", "2001:db8:2::1"].map(clientPrefix);
    const buyerAt = (n: number) => clientPrefix(`100.64.${n >> 8}.${n & 255}`);
    // The registry's clock stands still but where a step moves it: refills are the budgets' alone.
    vi.useFakeTimers({ toFake: ["Date"] });
    const seen = await inRegistry(t, (obj) => {
      const ask = (room: string, client: string) => obj.room(room, { anchor: [], anchoredBy: "edge", anchorCountry: null, country: null, device: true, client }, null);
      let invented = 0;
      let buyers = 0;
      const out = { abusersPlaced: 0, buyersRefused: [] as number[], buyersPlaced: 0 };
      const buyer = () => {
        const n = buyers++;
        if (ask(`call-${n}`, buyerAt(n)) === NOT_HELD) out.buyersPlaced++;
        else out.buyersRefused.push(n);
      };
      // A minute: each second every abusive client names 50 ids; the tenant's buyers, each from an address of their
      // own, start 50 calls at once in the first second and 5 a second after.
      for (let second = 0; second < 60; second++) {
        for (const client of abusers) for (let i = 0; i < 50; i++) if (ask(`junk-${invented++}`, client) === NOT_HELD) out.abusersPlaced++;
        for (let i = 0; i < (second === 0 ? 50 : 5); i++) buyer();
        vi.setSystemTime(Date.now() + 1_000);
      }
      return out;
    });
    expect(seen.buyersRefused).toEqual([]);
    expect(seen.buyersPlaced).toBe(50 + 59 * 5);
    // Each abusive client got no more than its share: its burst, then its rate.
    expect(seen.abusersPlaced).toBeLessThanOrEqual(abusers.length * (CLIENT_ROOM_BUDGET.capacity + 60 * CLIENT_ROOM_BUDGET.perSecond));
    expect(abusers.length * CLIENT_ROOM_BUDGET.capacity).toBeLessThanOrEqual(DEVICE_ROOM_BUDGET.capacity / 4);
  });

  it("is keyed by the address Cloudflare saw, whatever forwarding headers the client sends; a lookup without one shares the one client `unknown`", async () => {
    const t = freshTenant();
    await addNodes(t, WORLD);
    await budget(t, { capacity: 10, perSecond: 0 });
    await inRegistry(t, (obj) => void Object.assign(obj, { clientRoomBudget: { capacity: 1, perSecond: 0 } }));
    expect(await fromAddress(t, "203.0.113.7", "junk-1")).toBe("assigned");
    for (const spoof of ["x-forwarded-for", "true-client-ip", "x-real-ip"]) expect(await fromAddress(t, "203.0.113.7", `junk-${spoof}`, { [spoof]: "198.51.100.77" })).toBe("deferred");
    // No address: not a pass around the share, one share for all such lookups.
    expect(await fromAddress(t, "", "junk-2")).toBe("assigned");
    expect(await fromAddress(t, "", "junk-3")).toBe("deferred");
  });
});

describe("a registry that cannot be asked", () => {
  it("makes a room lookup a 503 problem with Retry-After, not an opaque 500", async () => {
    const t = freshTenant();
    await addNodes(t, WORLD);
    const res = await call(`/v1/media/nearest?room=show-1`, { tenant: t, keyKind: "publishable", location: PARIS, env: { REGISTRY: failingRegistry(["room"]) } });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(((await res.json()) as { code: string; detail: string })).toMatchObject({ code: "registry_unavailable", detail: expect.stringContaining("overloaded") });
  });

  it.each([
    ["a heartbeat", "heartbeat", "/v1/media/nodes/frankfurt-1/heartbeat", { method: "POST", json: { load: 0.1, healthy: true } }],
    ["a node's registration", "putNode", "/v1/media/nodes/frankfurt-1", { method: "PUT", json: { url: "wss://f.media.test", region: "europe", lat: 50, lon: 8, capacity: 10 } }],
    ["the policy", "getPolicy", "/v1/media/policies", {}],
  ])("makes %s a 503 problem with Retry-After", async (_, method, path, init) => {
    const t = freshTenant();
    const res = await call(path, { tenant: t, ...init, env: { REGISTRY: failingRegistry([method], () => new Error("Network connection lost.")) } });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(((await res.json()) as { code: string }).code).toBe("registry_unavailable");
  });
});
