import type { Point } from "./geo";
import type { LiveNode } from "./nodes";
import { rank } from "./rank";
import { hrwPick } from "./rendezvous";

/**
 * The registry's two bounded pools of room assignments. `verified`: placed by the tenant's server (secret
 * key) or a room the tenant made (its chat rooms). `unverified`: any other id a buyer's device names (an
 * app's own room ids, or invented ones). Each pool drops only its own least recently used, so however many
 * ids anyone invents with the publishable key, they never push out a verified room's assignment.
 */
export type RoomPool = "verified" | "unverified";

/**
 * A room's stored assignment: its node, where the room is anchored (see `roomAnchor`; empty: no asker the
 * edge could locate has asked yet) and its pool.
 */
export interface RoomAssignment {
  roomId: string;
  nodeId: string;
  anchor: Point[];
  assignedAt: number;
  pool: RoomPool;
}

/**
 * A one-party room (live shopping, voice) may land on any offered node whose
 * cost from the anchor is within this of the best: rooms spread over a metro's
 * equivalent nodes instead of piling onto one. A 1v1 room takes the best node
 * for both parties (slack 0; ties broken by the hash).
 */
export const ROOM_SLACK_MS = 10;

export type RoomOutcome = { assignment: RoomAssignment; status: "kept" | "assigned" | "moved" } | null;

/**
 * The registry's answer when asked, without a pool, about a room it holds no assignment of: nothing is
 * placed, and the asker says which pool it may place in (for a buyer's device that costs a D1 read, so it is
 * asked only for rooms the registry does not hold).
 */
export const NOT_HELD = "not-held";

/**
 * The offered nodes as placing a room needs them. `has` is asked first, of a stored room's node only (the
 * registry answers it with one look at that node); `candidates`, a scan of every node, only when the room
 * is placed or moved: they are the offered nodes the asking buyer's residency allows (a room placed outside
 * it would be refused to the very buyers who make it).
 */
export interface Offered {
  has(nodeId: string): boolean;
  candidates(): LiveNode[];
}

/**
 * Where a room goes. A stored assignment stands while its node is offered;
 * otherwise the room is placed by rendezvous hashing over the candidates
 * near its anchor, so every caller (and every move after a failure) lands on
 * the same node given the same candidate set. With no anchor, every candidate
 * is near: the room id alone decides. A new room goes to `pool`; a stored one
 * stays in its own.
 */
export function placeRoom(roomId: string, stored: RoomAssignment | null, anchor: Point[], offered: Offered, now: number, pool: RoomPool = "verified"): RoomOutcome {
  // A room first asked about by a device the edge could not locate has no anchor: the first asker with one
  // lends it, for every later move. It does not move the room now: one node per room.
  const from = stored && stored.anchor.length > 0 ? stored.anchor : anchor;
  if (stored && offered.has(stored.nodeId)) {
    return { assignment: from.length > stored.anchor.length ? { ...stored, anchor: from } : stored, status: "kept" };
  }
  const candidates = offered.candidates();
  const node = hrwPick(roomId, from.length === 0 ? candidates : nearest(candidates, from), (n) => n.capacity);
  if (!node) return null;
  return { assignment: { roomId, nodeId: node.id, anchor: from, assignedAt: now, pool: stored?.pool ?? pool }, status: stored ? "moved" : "assigned" };
}

/** The candidates within the slack of the best for the anchor (a 1v1's: the best alone, ties aside). */
function nearest(candidates: LiveNode[], anchor: Point[]): LiveNode[] {
  const ranked = rank(candidates, anchor);
  if (ranked.length === 0) return [];
  const slack = anchor.length > 1 ? 0 : ROOM_SLACK_MS;
  return ranked.filter((s) => s.cost <= ranked[0]!.cost + slack).map((s) => s.node);
}

/**
 * The pool a room this asker places goes to. A tenant's server speaks for the tenant. A buyer's device
 * (the publishable key, which anyone holds) gets the verified pool only for a room the tenant made;
 * `tenantMade` (a D1 read) is asked only then.
 */
export async function placementPool(onBuyersDevice: boolean, tenantMade: () => Promise<boolean>): Promise<RoomPool> {
  if (!onBuyersDevice) return "verified";
  return (await tenantMade()) ? "verified" : "unverified";
}

/**
 * An assignment once `asker` has asked about it: a verified asker (a secret key) vouches for a room first
 * placed unverified, so from then on invented ids cannot push it out. Nobody demotes a room.
 */
export function vouchedFor(a: RoomAssignment, asker: RoomPool | null): RoomAssignment {
  return asker === "verified" && a.pool === "unverified" ? { ...a, pool: "verified" } : a;
}
