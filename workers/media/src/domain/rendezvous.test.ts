import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { freeSessions, type LiveNode } from "./nodes";
import { hrwPick } from "./rendezvous";
import type { Point } from "./geo";
import { placeRoom, vouchedFor, type Offered, type RoomAsk, type RoomAssignment } from "./rooms";

const nodeArb = fc.record({
  id: fc.stringMatching(/^[a-z0-9]{2,8}$/),
  lat: fc.double({ min: -60, max: 70, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
  capacity: fc.integer({ min: 1, max: 5000 }),
  load: fc.double({ min: 0, max: 0.85, noNaN: true }),
});
const nodesArb = fc
  .uniqueArray(nodeArb, { minLength: 2, maxLength: 25, selector: (n) => n.id })
  .map((ns): LiveNode[] => ns.map((n) => ({ ...n, url: `wss://${n.id}`, region: "europe", residency: null, healthy: true, lastSeen: 0 })));
const roomsArb = fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), { minLength: 1, maxLength: 40 });
/** Offered nodes, every one of them a candidate. */
const among = (nodes: LiveNode[]): Offered => ({ keeps: (id) => nodes.some((n) => n.id === id), strays: () => false, candidates: () => nodes });
/** An ask anchored where an edge saw its asker (a buyer's device), or nowhere. */
const edge = (anchor: Point[]): RoomAsk => ({ anchor, anchoredBy: "edge", anchorCountry: null });
const pointArb = fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });

describe("rendezvous hashing", () => {
  it("gives every caller the same node for a room, whatever order it lists the nodes in", () => {
    fc.assert(
      fc.property(nodesArb, roomsArb, fc.integer(), (nodes, rooms, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(nodes, { minLength: nodes.length, maxLength: nodes.length }), { numRuns: 1, seed })[0]!;
        for (const room of rooms) expect(hrwPick(room, shuffled, (n) => n.capacity)!.id).toBe(hrwPick(room, nodes, (n) => n.capacity)!.id);
      }),
    );
  });

  it("moves only the rooms that were on a removed node", () => {
    fc.assert(
      fc.property(nodesArb, roomsArb, fc.nat(), (nodes, rooms, k) => {
        const gone = nodes[k % nodes.length]!;
        const rest = nodes.filter((n) => n !== gone);
        for (const room of rooms) {
          const before = hrwPick(room, nodes, (n) => n.capacity)!.id;
          const after = hrwPick(room, rest, (n) => n.capacity)!.id;
          if (before !== gone.id) expect(after).toBe(before);
          else expect(after).not.toBe(gone.id);
        }
      }),
    );
  });

  it("spreads rooms by capacity (weighted): a node with 3× the capacity gets about 3× the rooms", () => {
    const nodes = [{ id: "big", capacity: 300 }, { id: "small", capacity: 100 }];
    let big = 0;
    for (let i = 0; i < 20_000; i++) if (hrwPick(`room-${i}`, nodes, (n) => n.capacity)!.id === "big") big++;
    expect(big / 20_000).toBeGreaterThan(0.72);
    expect(big / 20_000).toBeLessThan(0.78);
  });
});

describe("room placement with stored assignments", () => {
  it("keeps every room's first node for every caller while it is offered, and moves only the rooms on a node that failed", () => {
    fc.assert(
      fc.property(nodesArb, roomsArb, fc.array(pointArb, { minLength: 2, maxLength: 5 }), fc.nat(), (nodes, rooms, callers, k) => {
        const stored = new Map<string, RoomAssignment>();
        // The first caller places each room; every later caller, wherever it is, gets that node.
        for (const room of rooms) stored.set(room, placeRoom(room, null, edge([callers[0]!]), among(nodes), 1)!.assignment);
        for (const caller of callers.slice(1)) {
          for (const room of rooms) {
            const again = placeRoom(room, stored.get(room)!, edge([caller]), among(nodes), 2)!;
            expect(again.status).toBe("kept");
            expect(again.assignment.nodeId).toBe(stored.get(room)!.nodeId);
          }
        }
        // One node fails: its rooms move (deterministically, the same for every caller); no other room moves.
        const failed = nodes[k % nodes.length]!;
        const rest = nodes.filter((n) => n !== failed);
        for (const room of rooms) {
          const moves = callers.map((caller) => placeRoom(room, stored.get(room)!, edge([caller]), among(rest), 3)!);
          const was = stored.get(room)!.nodeId;
          for (const m of moves) {
            expect(m.assignment.nodeId).toBe(moves[0]!.assignment.nodeId);
            if (was === failed.id) expect(m.status).toBe("moved");
            else expect(m.assignment.nodeId).toBe(was);
          }
        }
      }),
    );
  });

  it("places a room with no anchor (nothing trustworthy known) where its id alone puts it, and the first asker with an anchor lends it for later moves without moving the room", () => {
    fc.assert(
      fc.property(nodesArb, roomsArb, pointArb, fc.nat(), (nodes, rooms, anchor, k) => {
        const failed = nodes[k % nodes.length]!;
        const rest = nodes.filter((n) => n !== failed);
        for (const room of rooms) {
          const first = placeRoom(room, null, edge([]), among(nodes), 1, "unverified")!.assignment;
          // Weighted by free sessions (capacity × (1 − load)): a busier node takes fewer new rooms.
          expect(first).toEqual({ roomId: room, nodeId: hrwPick(room, nodes, freeSessions)!.id, anchor: [], anchoredBy: "edge", country: null, assignedAt: 1, pool: "unverified" });
          // Still unanchored after another asker the edge cannot place: nothing changes, nothing to write.
          expect(placeRoom(room, first, edge([]), among(nodes), 2)!.assignment).toBe(first);
          const lent = placeRoom(room, first, edge([anchor]), among(nodes), 2)!;
          expect([lent.status, lent.assignment.nodeId, lent.assignment.anchor]).toEqual(["kept", first.nodeId, [anchor]]);
          // Once anchored, no later asker re-anchors it; a move goes where its anchor says, as for any room.
          expect(placeRoom(room, lent.assignment, edge([{ lat: -anchor.lat, lon: 0 }]), among(nodes), 3)!.assignment).toBe(lent.assignment);
          if (first.nodeId === failed.id) {
            const moved = placeRoom(room, lent.assignment, edge([{ lat: -anchor.lat, lon: 0 }]), among(rest), 3)!;
            expect(moved).toEqual({ status: "moved", assignment: placeRoom(room, null, edge([anchor]), among(rest), 3, "unverified")!.assignment });
          }
        }
      }),
    );
    expect(placeRoom("r", null, edge([]), among([]), 1)).toBeNull();
  });

  it("weighs new rooms by free sessions: a node at 80 % load takes about a sixth as many as an idle one of the same capacity", () => {
    const mk = (id: string, load: number): LiveNode => ({ id, lat: 50, lon: 8, url: "", region: "europe", residency: null, capacity: 100, load, healthy: true, lastSeen: 0 });
    const nodes = [mk("idle", 0), mk("busy", 0.8)];
    let busy = 0;
    for (let i = 0; i < 20_000; i++) if (placeRoom(`room-${i}`, null, edge([]), among(nodes), 0)!.assignment.nodeId === "busy") busy++;
    // Free sessions 100 and 20: 20 / 120 of the rooms.
    expect(busy / 20_000).toBeGreaterThan(0.14);
    expect(busy / 20_000).toBeLessThan(0.19);
  });

  it("keeps a room in its pool when it moves, and only a verified asker vouches one into the verified pool", () => {
    fc.assert(
      fc.property(nodesArb, roomsArb, pointArb, (nodes, rooms, anchor) => {
        for (const room of rooms) {
          const unverified = placeRoom(room, null, edge([anchor]), among(nodes), 1, "unverified")!.assignment;
          const rest = nodes.filter((n) => n.id !== unverified.nodeId);
          if (rest.length > 0) expect(placeRoom(room, unverified, edge([anchor]), among(rest), 2, "verified")!.assignment.pool).toBe("unverified");
          expect(vouchedFor(unverified, null)).toBe(unverified);
          expect(vouchedFor(unverified, "unverified")).toBe(unverified);
          expect(vouchedFor(unverified, "verified")).toEqual({ ...unverified, pool: "verified" });
          const verified = vouchedFor(unverified, "verified");
          expect(vouchedFor(verified, "unverified")).toBe(verified);
        }
      }),
    );
  });

  it("puts a one-party room near its anchor, and a 1v1 room on the node best for both", () => {
    const mk = (id: string, lat: number, lon: number): LiveNode => ({ id, lat, lon, url: "", region: "europe", residency: null, capacity: 100, load: 0, healthy: true, lastSeen: 0 });
    const paris = mk("paris", 48.85, 2.35);
    const tokyo = mk("tokyo", 35.69, 139.69);
    const ashburn = mk("ashburn", 39.04, -77.49);
    expect(placeRoom("r1", null, edge([{ lat: 48.9, lon: 2.4 }]), among([tokyo, paris, ashburn]), 0)!.assignment.nodeId).toBe("paris");
    // London and New York: Paris is 5,800 km from New York, Ashburn 5,900 km from London: Paris' worst is smaller.
    const oneVsOne = placeRoom("r2", null, edge([{ lat: 51.5, lon: -0.13 }, { lat: 40.71, lon: -74.0 }]), among([tokyo, paris, ashburn]), 0)!;
    expect(oneVsOne.assignment.nodeId).toBe("paris");
  });
});
