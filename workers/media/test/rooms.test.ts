import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { MediaRegistry } from "../src/do/registry";
import { centroid } from "../src/domain/location";
import { hrwPick } from "../src/domain/rendezvous";
import { registry } from "../src/registry";
import { RoomStore } from "../src/store/rooms";
import { addNodes, beat, call, CITIES, freshTenant, nearest, WORLD, tenantRoom } from "./helpers";

// Six equivalent nodes in one metro (Frankfurt), so rendezvous hashing decides which one each room gets.
const metro = Array.from({ length: 6 }, (_, i) => ({ id: `fra-${i + 1}`, lat: 50.11 + i * 0.001, lon: 8.68, region: "europe", residency: "DE" }));
const callers = ["lat=50.0&lon=8.5", "lat=52.52&lon=13.40", "lat=48.14&lon=11.58", "country=DE", "lat=50.94&lon=6.96"];
const world = WORLD;
const PARIS = "48.86,2.35";
const FRANKFURT = "50.11,8.68";
const NEW_YORK = "40.71,-74.0";
const TOKYO = "35.68,139.69";
const SYDNEY = "-33.87,151.21";

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
const anchoredBy = (t: string, room: string) => inRegistry(t, (_obj, sql) => sql.exec<{ anchored_by: string }>("SELECT anchored_by FROM rooms WHERE id = ?", room).one().anchored_by);
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
    // Its node fills up (not a free session left; past the 90 % cut-off alone it keeps the room): every caller
    // is moved to the same new node.
    await beat(t, home, 1);
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
    // An hour passes behind the registry's back: every stored assignment is an hour older, and read back from there.
    const anHourPasses = () =>
      inRegistry(t, (obj, sql) => {
        sql.exec("UPDATE rooms SET assigned_at = assigned_at - 3600000");
        (obj as unknown as { rooms: { clear(): void } }).rooms.clear();
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
    // The server asks from Paris: the room is now the tenant's, and the server's word on where its audience is
    // re-anchors it (a buyer's device anchored it: anyone, anywhere, can be first to open a room's page), so it
    // moves to Paris' node. (Before, it stayed in Ashburn: the first device decided for good.)
    expect((await nearest(t, "lat=48.86&lon=2.35&room=call-abc", { keyKind: "secret" })).room).toEqual({ id: "call-abc", nodeId: "frankfurt-1", status: "moved" });
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
    // The first asker the edge places lends its position, without moving the room; no device after it changes it.
    // (A server's word would: "lets a secret key re-anchor ...". It asked here too before that, and changed nothing.)
    expect((await nearest(t, `room=${show}`, { location: PARIS })).room).toEqual({ id: show, nodeId: home, status: "kept" });
    expect(await anchorOf(t, show)).toEqual([{ lat: 48.86, lon: 2.35 }]);
    await nearest(t, `room=${show}`, { location: NEW_YORK });
    await nearest(t, `lat=1&lon=1&room=${show}`, { location: NEW_YORK });
    expect(await anchorOf(t, show)).toEqual([{ lat: 48.86, lon: 2.35 }]);
    // Its node fails: the room moves near Paris, whoever asks (from Paris, past Frankfurt if that was the node that failed).
    await beat(t, home, 0.1, false);
    expect((await nearest(t, `room=${show}`, { location: TOKYO })).room).toEqual({ id: show, nodeId: home === "frankfurt-1" ? "ashburn-1" : "frankfurt-1", status: "moved" });
  });

  it("lets a secret key that says where a room's audience is re-anchor a room a buyer's device anchored, once", async () => {
    const t = freshTenant();
    await addNodes(t, world);
    const show = await tenantRoom(t, "show");
    // Someone on a VPN exit in Sydney opens the show's page before it starts: the room is placed there.
    expect((await nearest(t, `room=${show}`, { location: SYDNEY })).room).toEqual({ id: show, nodeId: "sydney-1", status: "assigned" });
    expect(await anchoredBy(t, show)).toBe("edge");
    // The seller's server saying nothing of where (its own edge's location only) does not re-anchor it.
    expect((await nearest(t, `room=${show}`, { keyKind: "secret", location: PARIS })).room).toEqual({ id: show, nodeId: "sydney-1", status: "kept" });
    // Saying where (country=FR), it does: the room moves near France, for everyone.
    expect((await nearest(t, `country=FR&room=${show}`, { keyKind: "secret" })).room).toEqual({ id: show, nodeId: "frankfurt-1", status: "moved" });
    expect([await anchorOf(t, show), await anchoredBy(t, show)]).toEqual([[centroid("FR")], "server"]);
    expect((await nearest(t, `room=${show}`, { location: SYDNEY })).room).toEqual({ id: show, nodeId: "frankfurt-1", status: "kept" });
    // A server anchored it: nobody re-anchors it again, not even another server ask.
    expect((await nearest(t, `lat=35.68&lon=139.69&room=${show}`, { keyKind: "secret" })).room).toEqual({ id: show, nodeId: "frankfurt-1", status: "kept" });
    expect(await anchorOf(t, show)).toEqual([centroid("FR")]);
    // Re-anchored near where it already is, a room stays on its node (its audience is there).
    const near = await tenantRoom(t, "near");
    expect((await nearest(t, `room=${near}`, { location: PARIS })).room).toEqual({ id: near, nodeId: "frankfurt-1", status: "assigned" });
    expect((await nearest(t, `lat=50.85&lon=4.35&room=${near}`, { keyKind: "secret" })).room).toEqual({ id: near, nodeId: "frankfurt-1", status: "kept" });
    expect([await anchorOf(t, near), await anchoredBy(t, near)]).toEqual([[{ lat: 50.85, lon: 4.35 }], "server"]);
  });

  describe("under a residency policy, one node per room whoever asks", () => {
    // Konstanz (DE) is next to Zürich (CH, not in the EU); Stockholm and Lisbon are both over 1,000 km away.
    const KONSTANZ = "47.66,9.18";
    const ZURICH = "47.37,8.55";
    const nodes = [
      { id: "zrh-1", lat: 47.37, lon: 8.55, region: "europe", residency: "CH" },
      { id: "sto-1", lat: 59.33, lon: 18.07, region: "europe", residency: "SE" },
      { id: "lis-1", lat: 38.72, lon: -9.14, region: "europe", residency: "PT" },
    ];
    const euOnly = (t: string) => call("/v1/media/policies", { method: "PUT", tenant: t, json: { rules: [{ buyers: "EU", nodes: "EU", mode: "require" }] } });

    it("moves a room an EU buyer placed only among the nodes its own residency allows, whoever asks after its node fails", async () => {
      const t = freshTenant();
      await addNodes(t, nodes);
      await euOnly(t);
      const show = await tenantRoom(t, "show");
      const placed = await nearest(t, `room=${show}`, { location: KONSTANZ, country: "DE" });
      const home = placed.room!.nodeId!;
      expect(["sto-1", "lis-1"]).toContain(home);
      await beat(t, home, 0.1, false);
      // A Swiss buyer (no rule covers them) asks first: the room stays in the EU, where its EU buyers can follow.
      const swiss = await nearest(t, `room=${show}`, { location: ZURICH, country: "CH" });
      const other = home === "sto-1" ? "lis-1" : "sto-1";
      expect(swiss.room).toEqual({ id: show, nodeId: other, status: "moved" });
      expect(swiss.items[0]!.id).toBe(other);
      expect((await nearest(t, `room=${show}`, { location: KONSTANZ, country: "DE" })).items[0]!.id).toBe(other);
    });

    it.each([
      ["the default policy (EU buyers prefer EU nodes)", null],
      ["an EU-only policy", [{ buyers: "EU", nodes: "EU", mode: "require" }]],
    ])("moves a room that went outside its residency while none of its nodes was up back at the first ask once one is, under %s", async (_, rules) => {
      const t = freshTenant();
      await addNodes(t, [{ id: "frankfurt-1", ...CITIES.frankfurt }, { id: "ashburn-1", ...CITIES.ashburn }]);
      if (rules) expect((await call("/v1/media/policies", { method: "PUT", tenant: t, json: { rules } })).status).toBe(200);
      const show = await tenantRoom(t, "show");
      // A German seller's show, on Frankfurt.
      expect((await nearest(t, `room=${show}`, { location: FRANKFURT, country: "DE" })).room).toEqual({ id: show, nodeId: "frankfurt-1", status: "assigned" });
      // Frankfurt goes down: an American viewer's ask moves the room to the only node up.
      await beat(t, "frankfurt-1", 0.1, false);
      expect((await nearest(t, `room=${show}`, { location: NEW_YORK, country: "US" })).room).toEqual({ id: show, nodeId: "ashburn-1", status: "moved" });
      // Frankfurt is back. The next ask, whoever's, takes the room home, where every buyer then finds it first.
      await beat(t, "frankfurt-1");
      expect((await nearest(t, `room=${show}`, { location: NEW_YORK, country: "US" })).room).toEqual({ id: show, nodeId: "frankfurt-1", status: "moved" });
      for (const [location, country] of [[FRANKFURT, "DE"], [NEW_YORK, "US"], [PARIS, "FR"]] as const) {
        const buyer = await nearest(t, `room=${show}`, { location, country });
        expect([buyer.room, buyer.items[0]!.id]).toEqual([{ id: show, nodeId: "frankfurt-1", status: "kept" }, "frankfurt-1"]);
      }
    });

    it("puts the buyers a room's node is not allowed for on one node of their own, not each on their nearest", async () => {
      const t = freshTenant();
      await addNodes(t, nodes);
      await euOnly(t);
      const show = await tenantRoom(t, "show");
      // A Swiss seller's show: on Zürich's node.
      expect((await nearest(t, `room=${show}`, { location: ZURICH, country: "CH" })).room).toEqual({ id: show, nodeId: "zrh-1", status: "assigned" });
      // Its EU viewers in Lisbon and in Stockholm may not use it: they share one EU node, the room id's pick near the room.
      const lisbon = await nearest(t, `room=${show}`, { location: "38.72,-9.14", country: "PT" });
      const stockholm = await nearest(t, `room=${show}`, { location: "59.33,18.07", country: "SE" });
      expect(lisbon.room).toEqual({ id: show, nodeId: "zrh-1", status: "not-allowed" });
      expect(stockholm.room).toEqual({ id: show, nodeId: "zrh-1", status: "not-allowed" });
      expect(lisbon.items[0]!.id).toBe(stockholm.items[0]!.id);
      expect(lisbon.items[0]!.id).toBe(hrwPick(show, nodes.filter((n) => n.id !== "zrh-1"), () => 100)!.id);
    });

    it("shares, among the buyers a room's node is not allowed for, a node under the 90 % cut-off while one is offered to them", async () => {
      const t = freshTenant();
      // Two EU nodes side by side in Stockholm: the load penalty alone does not set the full one apart (within the slack).
      const eu = [
        { id: "sto-1", lat: 59.33, lon: 18.07, region: "europe", residency: "SE" },
        { id: "sto-2", lat: 59.34, lon: 18.08, region: "europe", residency: "SE" },
      ];
      await addNodes(t, [nodes[0]!, ...eu]);
      await euOnly(t);
      const show = await tenantRoom(t, "show");
      expect((await nearest(t, `room=${show}`, { location: ZURICH, country: "CH" })).room).toEqual({ id: show, nodeId: "zrh-1", status: "assigned" });
      // The node the room id picks for its EU viewers fills past the cut-off: it is offered to nobody, so not to them either.
      const full = hrwPick(show, eu, () => 100)!.id;
      const other = eu.find((n) => n.id !== full)!.id;
      await beat(t, full, 0.95);
      const lisbon = await nearest(t, `room=${show}`, { location: "38.72,-9.14", country: "PT" });
      const stockholm = await nearest(t, `room=${show}`, { location: "59.33,18.07", country: "SE" });
      expect(lisbon.room).toEqual({ id: show, nodeId: "zrh-1", status: "not-allowed" });
      expect([lisbon.items[0]!.id, stockholm.items[0]!.id]).toEqual([other, other]);
      // With no EU node offered at all, the full one (it still has a free session) is theirs, rather than none.
      await beat(t, other, 0.1, false);
      expect((await nearest(t, `room=${show}`, { location: "38.72,-9.14", country: "PT" })).items[0]!.id).toBe(full);
    });
  });

  it("keeps a room on its node past the 90 % cut-off while it has a free session; only new rooms and buyers without a room go elsewhere", async () => {
    const t = freshTenant();
    await addNodes(t, metro);
    const show = await tenantRoom(t, "show");
    const home = (await nearest(t, `lat=50.0&lon=8.5&room=${show}`)).room!.nodeId!;
    // Its own audience fills its node past the cut-off: the show stays, for its host and every later viewer.
    await beat(t, home, 0.95);
    for (const q of callers) expect((await nearest(t, `${q}&room=${show}`)).room).toEqual({ id: show, nodeId: home, status: "kept" });
    expect((await nearest(t, `lat=50.0&lon=8.5&room=${show}`)).items[0]!.id).toBe(home);
    // Nobody else is sent there.
    for (let r = 0; r < 6; r++) expect((await nearest(t, `lat=50.0&lon=8.5&room=${await tenantRoom(t, `new-${r}`)}`)).room?.nodeId).not.toBe(home);
    expect((await nearest(t, "lat=50.0&lon=8.5&count=6")).items.map((i) => i.id)).not.toContain(home);
    // Not a free session left: now it moves.
    await beat(t, home, 1);
    expect((await nearest(t, `lat=50.0&lon=8.5&room=${show}`)).room?.status).toBe("moved");
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
      expect(store.get("old-show")).toEqual({ roomId: "old-show", nodeId: "fra-1", anchor: [{ lat: 50, lon: 8 }], anchoredBy: "server", country: null, assignedAt: 1, pool: "verified" });
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
      // No node could take it: `unplaced` (it said `not-allowed`, as if residency were the reason).
      expect((await nearest(t, "lat=48.86&lon=2.35&room=s-1", { keyKind: "secret", env: m.env })).room).toEqual({ id: "s-1", nodeId: null, status: "unplaced" });
      await offeredInRegistry(t, true);
      expect((await nearest(t, "lat=48.86&lon=2.35&room=s-1", { keyKind: "secret", env: m.env })).room).toEqual({ id: "s-1", nodeId: "frankfurt-1", status: "assigned" });
    });

    it("says `pending` when the registry placed a room on a node this isolate's snapshot does not hold yet, and leads with the buyer's own best", async () => {
      const t = freshTenant();
      await addNodes(t, world);
      const m = memoised();
      await nearest(t, "count=1", { location: PARIS, env: m.env });
      // Behind this isolate's snapshot: every node it holds fails, and a node it has never seen joins.
      await offeredInRegistry(t, false);
      await inRegistry(t, (obj) => {
        obj.putNode({ id: "paris-2", url: "wss://paris-2.media.test", region: "europe", lat: 48.86, lon: 2.35, capacity: 100, residency: "FR" });
        obj.heartbeat("paris-2", 0.1, true);
      });
      const body = await nearest(t, "lat=48.86&lon=2.35&count=1&room=s-2", { keyKind: "secret", env: m.env });
      // It said `not-allowed`, as if residency kept the buyer off it.
      expect(body.room).toEqual({ id: "s-2", nodeId: "paris-2", status: "pending" });
      expect(body.items.map((i) => i.id)).toEqual(["frankfurt-1"]);
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
