import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { MediaRegistry } from "../src/do/registry";
import { registry } from "../src/registry";
import { addNodes, beat, call, CITIES, freshTenant, nearest, tenantRoom } from "./helpers";

// Six equivalent nodes in one metro (Frankfurt), so rendezvous hashing decides which one each room gets.
const metro = Array.from({ length: 6 }, (_, i) => ({ id: `fra-${i + 1}`, lat: 50.11 + i * 0.001, lon: 8.68, region: "europe", residency: "DE" }));
const callers = ["lat=50.0&lon=8.5", "lat=52.52&lon=13.40", "lat=48.14&lon=11.58", "country=DE", "lat=50.94&lon=6.96"];
const world = [
  { id: "frankfurt-1", ...CITIES.frankfurt },
  { id: "ashburn-1", ...CITIES.ashburn },
  { id: "tokyo-1", ...CITIES.tokyo },
  { id: "sydney-1", ...CITIES.sydney },
  { id: "sao-paulo-1", ...CITIES.saoPaulo },
];
const PARIS = "48.86,2.35";
const NEW_YORK = "40.71,-74.0";

/** Runs `fn` inside the tenant's registry object, with its SQLite. */
const inRegistry = <T>(t: string, fn: (obj: MediaRegistry, sql: SqlStorage) => T) =>
  runInDurableObject(registry(env, t), (obj: MediaRegistry, state: DurableObjectState) => fn(obj, state.storage.sql));
const storedRooms = (t: string) => inRegistry(t, (_obj, sql) => sql.exec<{ id: string }>("SELECT id FROM rooms ORDER BY id").toArray().map((r) => r.id));

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

  it("stores nothing for a room a buyer's device invents, so invented ids cannot push a room in use onto a second node", async () => {
    const t = freshTenant();
    await addNodes(t, world);
    await inRegistry(t, (obj) => ((obj as unknown as { maxRooms: number }).maxRooms = 3));
    const live = await tenantRoom(t, "live-show");
    const home = (await nearest(t, `room=${live}`, { location: PARIS })).room!;
    expect(home).toEqual({ id: live, nodeId: "frankfurt-1", status: "assigned" });
    // Another tenant's room is as unknown here as an invented one.
    const theirs = await tenantRoom(freshTenant(), "theirs");
    const answers = [];
    for (const room of [...Array.from({ length: 10 }, (_, r) => `junk-${r}`), theirs]) {
      answers.push([await nearest(t, `room=${room}`, { location: NEW_YORK }), await nearest(t, `lat=35.68&lon=139.69&room=${room}`, { location: "35.68,139.69" })] as const);
    }
    // The live room, asked about from elsewhere, is still where its viewers are: nothing pushed it out.
    expect((await nearest(t, `room=${live}`, { location: NEW_YORK })).room).toEqual({ ...home, status: "kept" });
    expect(await storedRooms(t)).toEqual([live]);
    for (const [a, b] of answers) {
      // Still the same first node for everyone who asks, by hashing the id; but none of it is kept.
      expect(a.room).toEqual({ id: a.room!.id, nodeId: a.items[0]!.id, status: "unstored" });
      expect(b.room).toEqual(a.room);
      expect(b.items[0]!.id).toBe(a.room!.nodeId);
    }
  });
});
