import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { MediaRegistry } from "../src/do/registry";
import { hrwPick } from "../src/domain/rendezvous";
import { registry } from "../src/registry";
import { RoomStore } from "../src/store/rooms";
import { addNodes, beat, call, freshTenant, nearest, WORLD, tenantRoom } from "./helpers";

// Six equivalent nodes in one metro (Frankfurt), so rendezvous hashing decides which one each room gets.
const metro = Array.from({ length: 6 }, (_, i) => ({ id: `fra-${i + 1}`, lat: 50.11 + i * 0.001, lon: 8.68, region: "europe", residency: "DE" }));
const callers = ["lat=50.0&lon=8.5", "lat=52.52&lon=13.40", "lat=48.14&lon=11.58", "country=DE", "lat=50.94&lon=6.96"];
const world = WORLD;
const PARIS = "48.86,2.35";
const NEW_YORK = "40.71,-74.0";
const TOKYO = "35.68,139.69";

/** Runs `fn` inside the tenant's registry object, with its SQLite. */
const inRegistry = <T>(t: string, fn: (obj: MediaRegistry, sql: SqlStorage) => T) =>
  runInDurableObject(registry(env, t), (obj: MediaRegistry, state: DurableObjectState) => fn(obj, state.storage.sql));
const storedRooms = (t: string) => inRegistry(t, (_obj, sql) => sql.exec<{ id: string }>("SELECT id FROM rooms ORDER BY id").toArray().map((r) => r.id));
/** The stored room ids of each pool. */
const pools = (t: string) =>
  inRegistry(t, (_obj, sql) => {
    const ids = (verified: number) => sql.exec<{ id: string }>("SELECT id FROM rooms WHERE verified = ? ORDER BY id", verified).toArray().map((r) => r.id);
    return { verified: ids(1), unverified: ids(0) };
  });
const anchorOf = (t: string, room: string) => inRegistry(t, (_obj, sql) => JSON.parse(sql.exec<{ anchor: string }>("SELECT anchor FROM rooms WHERE id = ?", room).one().anchor));
/** Sets the registry's bounds for a test (a handful instead of 100,000). */
const bound = (t: string, limits: { maxRooms?: number; maxUnverifiedRooms?: number }) => inRegistry(t, (obj) => void Object.assign(obj, limits));

describe("rooms", () => {
  it("gives everyone asking with the same room the same first node, and spreads different rooms", async () => {
    const t = freshTenant();
    await addNodes(t, metro);
    const firsts = new Set<string>();
    for (let r = 0; r < 12; r++) {
      const seen = new Set<string>();
      for (const q of callers) {
        const body = await nearest(t, `${q}&room=room-${r}`);
        expect(body.room?.nodeId).toBe(body.items[0]!.id);
        seen.add(body.items[0]!.id);
      }
      expect(seen.size).toBe(1);
      firsts.add([...seen][0]!);
    }
    expect(firsts.size).toBeGreaterThan(1);
  });

  it("keeps a room on its node while it is healthy and has room, and moves it deterministically when it is not", async () => {
    const t = freshTenant();
    await addNodes(t, metro);
    const show = await tenantRoom(t, "show-1");
    const first = await nearest(t, `lat=50.0&lon=8.5&room=${show}`);
    expect(first.room?.status).toBe("assigned");
    const home = first.items[0]!.id;
    // A new node joins right next to the buyers: the room stays where it was.
    await addNodes(t, [{ id: "fra-new", lat: 50.0, lon: 8.5, region: "europe", residency: "DE" }]);
    const again = await nearest(t, `lat=52.52&lon=13.40&room=${show}`);
    expect([again.items[0]!.id, again.room?.status]).toEqual([home, "kept"]);
    // Its node fills up: every caller is moved to the same new node.
    await beat(t, home, 0.95);
    const moved = await nearest(t, `lat=48.14&lon=11.58&room=${show}`);
    expect(moved.room?.status).toBe("moved");
    expect(moved.items[0]!.id).not.toBe(home);
    for (const q of callers) expect((await nearest(t, `${q}&room=${show}`)).items[0]!.id).toBe(moved.items[0]!.id);
    // The first node recovers: the room stays on its new node (no flapping).
    await beat(t, home, 0.1);
    expect((await nearest(t, `lat=50.0&lon=8.5&room=${show}`)).items[0]!.id).toBe(moved.items[0]!.id);
  });

  it("moves only the rooms that were on a node that is removed", async () => {
    const t = freshTenant();
    await addNodes(t, metro);
    const before = new Map<string, string>();
    for (let r = 0; r < 20; r++) {
      const room = await tenantRoom(t, `r${r}`);
      before.set(room, (await nearest(t, `country=DE&room=${room}`)).items[0]!.id);
    }
    const victim = before.values().next().value!;
    expect((await call(`/v1/media/nodes/${victim}`, { method: "DELETE", tenant: t })).status).toBe(204);
    for (const [room, node] of before) {
      const now = (await nearest(t, `country=DE&room=${room}`)).items[0]!.id;
      if (node === victim) expect(now).not.toBe(victim);
      else expect(now).toBe(node);
    }
  });

  it("does not put a buyer on a room's node their residency forbids", async () => {
    const t = freshTenant();
    await addNodes(t, [{ id: "fra-1", lat: 50.11, lon: 8.68, region: "europe", residency: "DE" }, { id: "zrh-1", lat: 47.37, lon: 8.55, region: "europe", residency: "CH" }]);
    await call("/v1/media/policies", { method: "PUT", tenant: t, json: { rules: [{ buyers: "EU", nodes: "EU", mode: "require" }] } });
    const mixed = await tenantRoom(t, "mixed");
    // The room is placed while only the Swiss node is up, and stays there when the German one returns.
    await beat(t, "fra-1", 0.1, false);
    const swiss = await nearest(t, `lat=47.37&lon=8.55&country=CH&room=${mixed}`);
    expect(swiss.items[0]!.id).toBe("zrh-1");
    await beat(t, "fra-1", 0.1, true);
    expect((await nearest(t, `lat=47.37&lon=8.55&country=CH&room=${mixed}`)).room?.status).toBe("kept");
    const german = await nearest(t, `lat=47.6&lon=7.8&country=DE&room=${mixed}`);
    expect(german.room).toEqual({ id: mixed, nodeId: "zrh-1", status: "not-allowed" });
    expect(german.items.map((i) => i.id)).toEqual(["fra-1"]);
  });

  it("places a room only on a node its asker's residency allows, so every buyer under that rule shares it", async () => {
    const t = freshTenant();
    // Zurich is nearest to buyers in south-west Germany, but not in the EU.
    await addNodes(t, [
      { id: "zrh-1", lat: 47.37, lon: 8.55, region: "europe", residency: "CH" },
      { id: "fra-1", lat: 50.11, lon: 8.68, region: "europe", residency: "DE" },
      { id: "muc-1", lat: 48.14, lon: 11.58, region: "europe", residency: "DE" },
    ]);
    await call("/v1/media/policies", { method: "PUT", tenant: t, json: { rules: [{ buyers: "EU", nodes: "EU", mode: "require" }] } });
    for (let r = 0; r < 8; r++) {
      const room = await tenantRoom(t, `eu-${r}`);
      const first = await nearest(t, `lat=47.6&lon=7.8&country=DE&room=${room}`);
      expect(first.room?.status).toBe("assigned");
      expect(first.room?.nodeId).not.toBe("zrh-1");
      const other = await nearest(t, `lat=52.52&lon=13.40&country=DE&room=${room}`);
      expect(other.items[0]!.id).toBe(first.room?.nodeId);
    }
  });

  it("keeps a bounded number of room assignments however many rooms servers place, dropping the least recently used", async () => {
    const t = freshTenant();
    await addNodes(t, metro);
    await inRegistry(t, (obj) => ((obj as unknown as { maxRooms: number }).maxRooms = 5));
    // An hour passes behind the registry's back: every assignment, stored and remembered, is an hour older.
    const anHourPasses = () =>
      inRegistry(t, (obj, sql) => {
        sql.exec("UPDATE rooms SET assigned_at = assigned_at - 3600000");
        for (const a of (obj as unknown as { rooms: Map<string, { assignedAt: number }> }).rooms.values()) a.assignedAt -= 3_600_000;
      });
    const live = await tenantRoom(t, "live-show");
    const home = (await nearest(t, `country=DE&room=${live}`)).items[0]!.id;
    for (let r = 0; r < 12; r++) {
      // A secret key may place any room id (the tenant's server knows its rooms).
      await nearest(t, `country=DE&room=junk-${r}`, { keyKind: "secret" });
      await anHourPasses();
      // The live room is asked about all along: it stays the most recently used.
      expect((await nearest(t, `lat=50.0&lon=8.5&room=${live}`)).items[0]!.id).toBe(home);
    }
    const rooms = await storedRooms(t);
    expect(rooms).toHaveLength(5);
    expect(rooms).toContain(live);
    expect(rooms).not.toContain("junk-0");
  });

  it("anchors a room a buyer's device places where the edge saw it, never at the lat/lon it sends", async () => {
    const t = freshTenant();
    await addNodes(t, world);
    const show = await tenantRoom(t, "show");
    // The first asker is in Paris by the edge and claims to be in Sydney: the room goes near Paris, for everyone.
    const first = await nearest(t, `lat=-33.9&lon=151.2&count=2&room=${show}`, { location: PARIS });
    expect(first.room).toEqual({ id: show, nodeId: "frankfurt-1", status: "assigned" });
    // The caller's own coordinates still order the rest of its answer.
    expect(first.items.map((i) => i.id)).toEqual(["frankfurt-1", "sydney-1"]);
    expect((await nearest(t, `country=AU&room=${show}`, { location: "-33.87,151.21" })).room).toEqual({ id: show, nodeId: "frankfurt-1", status: "kept" });
    // A tenant's server speaks for its buyer: its coordinates anchor the rooms it places.
    const other = await tenantRoom(t, "other");
    expect((await nearest(t, `lat=-33.9&lon=151.2&room=${other}`, { keyKind: "secret", location: PARIS })).room).toEqual({ id: other, nodeId: "sydney-1", status: "assigned" });
  });

  it("places a room id the tenant did not make near the edge that saw its first asker, never its lat/lon or peers, in a pool that can push out only its own kind", async () => {
    const t = freshTenant();
    await addNodes(t, world);
    await bound(t, { maxRooms: 2, maxUnverifiedRooms: 3 });
    const live = await tenantRoom(t, "live-show");
    expect((await nearest(t, `room=${live}`, { location: PARIS })).room).toEqual({ id: live, nodeId: "frankfurt-1", status: "assigned" });
    // A tenant's server places any id, verified, where it says its buyer is.
    expect((await nearest(t, "lat=-33.9&lon=151.2&room=server-1", { keyKind: "secret" })).room).toEqual({ id: "server-1", nodeId: "sydney-1", status: "assigned" });
    // A New York buyer's app names its own room id and claims to be in Sydney (lat/lon, or a 1v1's peers): the edge's New York places it.
    const app = await nearest(t, "lat=-33.9&lon=151.2&room=room-42", { location: NEW_YORK });
    expect(app.room).toEqual({ id: "room-42", nodeId: "ashburn-1", status: "assigned" });
    expect(app.items[0]!.id).toBe("ashburn-1");
    expect((await nearest(t, `peers=-33.9,151.2;${TOKYO}&room=room-43`, { location: NEW_YORK })).room).toEqual({ id: "room-43", nodeId: "ashburn-1", status: "assigned" });
    // The other party, in Tokyo, gets the same node: one node per room.
    expect((await nearest(t, "room=room-42", { location: TOKYO })).room).toEqual({ id: "room-42", nodeId: "ashburn-1", status: "kept" });
    // Ids invented by the dozen, each placed near its asker: they push out only each other, never the verified rooms,
    // though those are at their own bound.
    for (let r = 0; r < 10; r++) expect((await nearest(t, `room=junk-${r}`, { location: TOKYO })).room).toEqual({ id: `junk-${r}`, nodeId: "tokyo-1", status: "assigned" });
    const stored = await pools(t);
    expect(stored.verified).toEqual([live, "server-1"].sort());
    expect(stored.unverified).toHaveLength(3);
    expect(stored.unverified).toContain("junk-9");
    expect((await nearest(t, `room=${live}`, { location: NEW_YORK })).room).toEqual({ id: live, nodeId: "frankfurt-1", status: "kept" });
    expect((await nearest(t, "room=server-1", { location: PARIS })).room).toEqual({ id: "server-1", nodeId: "sydney-1", status: "kept" });
    // Another tenant's room is as unverified here as an invented one.
    const theirs = await tenantRoom(freshTenant(), "theirs");
    await nearest(t, `room=${theirs}`, { location: TOKYO });
    expect((await pools(t)).unverified).toContain(theirs);
  });

  it("moves a room a buyer's device placed into the verified pool once the tenant's server asks about it", async () => {
    const t = freshTenant();
    await addNodes(t, world);
    await bound(t, { maxUnverifiedRooms: 1 });
    expect((await nearest(t, "room=call-abc", { location: NEW_YORK })).room).toEqual({ id: "call-abc", nodeId: "ashburn-1", status: "assigned" });
    expect(await pools(t)).toEqual({ verified: [], unverified: ["call-abc"] });
    // The server asks from Paris: the room stays where its viewers are, and is now the tenant's.
    expect((await nearest(t, "lat=48.86&lon=2.35&room=call-abc", { keyKind: "secret" })).room).toEqual({ id: "call-abc", nodeId: "ashburn-1", status: "kept" });
    for (let r = 0; r < 3; r++) await nearest(t, `room=junk-${r}`, { location: NEW_YORK });
    expect(await pools(t)).toEqual({ verified: ["call-abc"], unverified: ["junk-2"] });
  });

  it("places a room first asked about by a device the edge cannot locate by its id alone, and lets the first located asker anchor its later moves", async () => {
    const t = freshTenant();
    await addNodes(t, world);
    const show = await tenantRoom(t, "show");
    // No edge location or country (the storefront's server-side lookups look like this too): the buyer's claim to be
    // in Sydney is not used; the room id picks among every node, and everyone shares that node.
    const first = await nearest(t, `lat=-33.9&lon=151.2&room=${show}`);
    const home = hrwPick(show, world, () => 100)!.id;
    expect(first.room).toEqual({ id: show, nodeId: home, status: "assigned" });
    expect(await anchorOf(t, show)).toEqual([]);
    expect((await nearest(t, `country=JP&room=${show}`)).room).toEqual({ id: show, nodeId: home, status: "kept" });
    expect(await anchorOf(t, show)).toEqual([]);
    // The first asker the edge places lends its position, without moving the room; nobody after it changes it.
    expect((await nearest(t, `room=${show}`, { location: PARIS })).room).toEqual({ id: show, nodeId: home, status: "kept" });
    expect(await anchorOf(t, show)).toEqual([{ lat: 48.86, lon: 2.35 }]);
    await nearest(t, `room=${show}`, { location: NEW_YORK });
    await nearest(t, `lat=1&lon=1&room=${show}`, { keyKind: "secret" });
    expect(await anchorOf(t, show)).toEqual([{ lat: 48.86, lon: 2.35 }]);
    // Its node fails: the room moves near Paris, whoever asks (from Paris, past Frankfurt if that was the node that failed).
    await beat(t, home, 0.1, false);
    expect((await nearest(t, `room=${show}`, { location: TOKYO })).room).toEqual({ id: show, nodeId: home === "frankfurt-1" ? "ashburn-1" : "frankfurt-1", status: "moved" });
  });

  it("counts every room of a registry made before the pools as verified", async () => {
    const t = freshTenant();
    await runInDurableObject(registry(env, t), (_obj: MediaRegistry, state: DurableObjectState) => {
      const sql = state.storage.sql;
      sql.exec("DROP TABLE rooms");
      sql.exec("CREATE TABLE rooms (id TEXT PRIMARY KEY, node_id TEXT NOT NULL, anchor TEXT NOT NULL, assigned_at INTEGER NOT NULL)");
      sql.exec("CREATE INDEX rooms_by_assigned_at ON rooms (assigned_at, id)");
      sql.exec(`INSERT INTO rooms VALUES ('old-show', 'fra-1', '[{"lat":50,"lon":8}]', 1)`);
      // Such a registry recorded no schema version (store/schema.ts).
      state.storage.kv.delete("schema/rooms");
      const store = new RoomStore(state.storage);
      expect([store.count("verified"), store.count("unverified")]).toEqual([1, 0]);
      expect(store.get("old-show")).toEqual({ roomId: "old-show", nodeId: "fra-1", anchor: [{ lat: 50, lon: 8 }], assignedAt: 1, pool: "verified" });
      expect(store.dropStalest("unverified", 10, "x")).toEqual([]);
      // Made again on the next start: nothing changes.
      expect(new RoomStore(state.storage).count("verified")).toBe(1);
    });
  });

  describe("with lookups remembered, as in production (for a minute here)", () => {
    /** This module's app with its memos kept for a minute, and the D1 reads counted. */
    function memoised() {
      const reads = { n: 0 };
      const db = (env as Env).DB;
      const DB = { prepare: (query: string) => (reads.n++, db.prepare(query)) };
      return { reads, env: { SNAPSHOT_MAX_AGE_MS: "60000", DB } };
    }
    /** Every node stops (or starts again) being offered in the registry, behind this isolate's snapshot: as heard by another isolate. */
    const offeredInRegistry = (t: string, healthy: boolean) =>
      inRegistry(t, (obj) => {
        for (const n of world) obj.heartbeat(n.id, 0.1, healthy);
      });

    it("asks the registry again once it had no node for a new room, rather than remembering that", async () => {
      const t = freshTenant();
      await addNodes(t, world);
      const m = memoised();
      await nearest(t, "count=1", { location: PARIS, env: m.env });
      await offeredInRegistry(t, false);
      expect((await nearest(t, "lat=48.86&lon=2.35&room=s-1", { keyKind: "secret", env: m.env })).room).toEqual({ id: "s-1", nodeId: null, status: "not-allowed" });
      await offeredInRegistry(t, true);
      expect((await nearest(t, "lat=48.86&lon=2.35&room=s-1", { keyKind: "secret", env: m.env })).room).toEqual({ id: "s-1", nodeId: "frankfurt-1", status: "assigned" });
    });

    it("reads the room directory once per id, however often a device asks about one the registry does not hold", async () => {
      const t = freshTenant();
      await addNodes(t, world);
      const m = memoised();
      await nearest(t, "count=1", { location: NEW_YORK, env: m.env });
      await offeredInRegistry(t, false);
      for (let i = 0; i < 3; i++) expect((await nearest(t, "room=app-1", { location: NEW_YORK, env: m.env })).room?.nodeId).toBeNull();
      expect(m.reads.n).toBe(1);
      await offeredInRegistry(t, true);
      expect((await nearest(t, "room=app-1", { location: NEW_YORK, env: m.env })).room).toEqual({ id: "app-1", nodeId: "ashburn-1", status: "assigned" });
      expect(m.reads.n).toBe(1);
      expect(await pools(t)).toEqual({ verified: [], unverified: ["app-1"] });
    });
  });
});
