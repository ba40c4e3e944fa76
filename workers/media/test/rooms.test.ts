import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { MediaRegistry } from "../src/do/registry";
import { registry } from "../src/registry";
import { addNodes, beat, call, freshTenant, nearest } from "./helpers";

// Six equivalent nodes in one metro (Frankfurt), so rendezvous hashing decides which one each room gets.
const metro = Array.from({ length: 6 }, (_, i) => ({ id: `fra-${i + 1}`, lat: 50.11 + i * 0.001, lon: 8.68, region: "europe", residency: "DE" }));
const callers = ["lat=50.0&lon=8.5", "lat=52.52&lon=13.40", "lat=48.14&lon=11.58", "country=DE", "lat=50.94&lon=6.96"];

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
    const first = await nearest(t, "lat=50.0&lon=8.5&room=show-1");
    expect(first.room?.status).toBe("assigned");
    const home = first.items[0]!.id;
    // A new node joins right next to the buyers: the room stays where it was.
    await addNodes(t, [{ id: "fra-new", lat: 50.0, lon: 8.5, region: "europe", residency: "DE" }]);
    const again = await nearest(t, "lat=52.52&lon=13.40&room=show-1");
    expect([again.items[0]!.id, again.room?.status]).toEqual([home, "kept"]);
    // Its node fills up: every caller is moved to the same new node.
    await beat(t, home, 0.95);
    const moved = await nearest(t, "lat=48.14&lon=11.58&room=show-1");
    expect(moved.room?.status).toBe("moved");
    expect(moved.items[0]!.id).not.toBe(home);
    for (const q of callers) expect((await nearest(t, `${q}&room=show-1`)).items[0]!.id).toBe(moved.items[0]!.id);
    // The first node recovers: the room stays on its new node (no flapping).
    await beat(t, home, 0.1);
    expect((await nearest(t, "lat=50.0&lon=8.5&room=show-1")).items[0]!.id).toBe(moved.items[0]!.id);
  });

  it("moves only the rooms that were on a node that is removed", async () => {
    const t = freshTenant();
    await addNodes(t, metro);
    const before = new Map<string, string>();
    for (let r = 0; r < 20; r++) before.set(`r${r}`, (await nearest(t, `country=DE&room=r${r}`)).items[0]!.id);
    const victim = before.get("r0")!;
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
    // The room is placed while only the Swiss node is up, and stays there when the German one returns.
    await beat(t, "fra-1", 0.1, false);
    const swiss = await nearest(t, "lat=47.37&lon=8.55&country=CH&room=mixed");
    expect(swiss.items[0]!.id).toBe("zrh-1");
    await beat(t, "fra-1", 0.1, true);
    expect((await nearest(t, "lat=47.37&lon=8.55&country=CH&room=mixed")).room?.status).toBe("kept");
    const german = await nearest(t, "lat=47.6&lon=7.8&country=DE&room=mixed");
    expect(german.room).toEqual({ id: "mixed", nodeId: "zrh-1", status: "not-allowed" });
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
      const first = await nearest(t, `lat=47.6&lon=7.8&country=DE&room=eu-${r}`);
      expect(first.room?.status).toBe("assigned");
      expect(first.room?.nodeId).not.toBe("zrh-1");
      const other = await nearest(t, `lat=52.52&lon=13.40&country=DE&room=eu-${r}`);
      expect(other.items[0]!.id).toBe(first.room?.nodeId);
    }
  });

  it("keeps a bounded number of room assignments however many room ids publishable-key callers invent, dropping the least recently used", async () => {
    const t = freshTenant();
    await addNodes(t, metro);
    const inRegistry = <T>(fn: (obj: MediaRegistry, sql: SqlStorage) => T) =>
      runInDurableObject(registry(env, t), (obj: MediaRegistry, state: DurableObjectState) => fn(obj, state.storage.sql));
    await inRegistry((obj) => ((obj as unknown as { maxRooms: number }).maxRooms = 5));
    const stored = () => inRegistry((_obj, sql) => sql.exec<{ id: string }>("SELECT id FROM rooms ORDER BY id").toArray().map((r) => r.id));
    // An hour passes behind the registry's back: every assignment, stored and remembered, is an hour older.
    const anHourPasses = () =>
      inRegistry((obj, sql) => {
        sql.exec("UPDATE rooms SET assigned_at = assigned_at - 3600000");
        for (const a of (obj as unknown as { rooms: Map<string, { assignedAt: number }> }).rooms.values()) a.assignedAt -= 3_600_000;
      });
    const home = (await nearest(t, "country=DE&room=live-show")).items[0]!.id;
    for (let r = 0; r < 12; r++) {
      await nearest(t, `country=DE&room=junk-${r}`);
      await anHourPasses();
      // The live room is asked about all along: it stays the most recently used.
      expect((await nearest(t, "lat=50.0&lon=8.5&room=live-show")).items[0]!.id).toBe(home);
    }
    const rooms = await stored();
    expect(rooms).toHaveLength(5);
    expect(rooms).toContain("live-show");
    expect(rooms).not.toContain("junk-0");
  });
});
