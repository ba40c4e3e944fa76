import type { Point } from "./geo";
import type { LiveNode } from "./nodes";
import { rank } from "./rank";
import { hrwPick } from "./rendezvous";

/** A room's stored assignment: its node and where the room is anchored (see `roomAnchor`; empty: nowhere known). */
export interface RoomAssignment {
  roomId: string;
  nodeId: string;
  anchor: Point[];
  assignedAt: number;
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
 * The registry's answer for a room it holds no assignment of, to a caller that may not make one (a buyer's
 * device naming a room the tenant never made): nothing is stored, so invented ids cost no storage and can
 * never crowd out (MAX_ROOMS) the assignment of a room in use.
 */
export const UNKNOWN_ROOM = "unknown";

/**
 * Where a room goes. A stored assignment stands while its node is offered;
 * otherwise the room is placed by rendezvous hashing over the `candidates`
 * near its anchor, so every caller (and every move after a failure) lands on
 * the same node given the same candidate set. `offered` must already be
 * filtered by `isOffered`; `candidates` are those of them the asking buyer's
 * residency allows (a room placed outside it would be refused to the very
 * buyers who make it). With no anchor, every candidate is near: the room id
 * alone decides, as for a room nobody may place (`unknownRoomNode`).
 */
export function placeRoom(roomId: string, stored: RoomAssignment | null, anchor: Point[], offered: LiveNode[], now: number, candidates: LiveNode[] = offered): RoomOutcome {
  if (stored && offered.some((n) => n.id === stored.nodeId)) return { assignment: stored, status: "kept" };
  const from = stored?.anchor ?? anchor;
  const node = hrwPick(roomId, from.length === 0 ? candidates : nearest(candidates, from), (n) => n.capacity);
  if (!node) return null;
  return { assignment: { roomId, nodeId: node.id, anchor: from, assignedAt: now }, status: stored ? "moved" : "assigned" };
}

/** The candidates within the slack of the best for the anchor (a 1v1's: the best alone, ties aside). */
function nearest(candidates: LiveNode[], anchor: Point[]): LiveNode[] {
  const ranked = rank(candidates, anchor);
  if (ranked.length === 0) return [];
  const slack = anchor.length > 1 ? 0 : ROOM_SLACK_MS;
  return ranked.filter((s) => s.cost <= ranked[0]!.cost + slack).map((s) => s.node);
}

/**
 * The first node for a room the registry does not hold and this caller may not place (UNKNOWN_ROOM): the one
 * the room id hashes to among the nodes the caller may use. Stored nowhere and anchored nowhere, so it is
 * the same for every such caller under the same residency while the offered nodes stay the same, but it
 * follows them (no stickiness, unlike a placed room).
 */
export function unknownRoomNode<T extends LiveNode>(roomId: string, candidates: T[]): T | null {
  return hrwPick(roomId, candidates, (n) => n.capacity);
}
