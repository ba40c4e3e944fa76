import type { Point } from "./geo";
import type { LiveNode } from "./nodes";
import { rank } from "./rank";
import { hrwPick } from "./rendezvous";

/** A room's stored assignment: its node and where the room is anchored (its first asker's parties). */
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
 * Where a room goes. A stored assignment stands while its node is offered;
 * otherwise the room is placed by rendezvous hashing over the `candidates`
 * near its anchor, so every caller (and every move after a failure) lands on
 * the same node given the same candidate set. `offered` must already be
 * filtered by `isOffered`; `candidates` are those of them the asking buyer's
 * residency allows (a room placed outside it would be refused to the very
 * buyers who make it).
 */
export function placeRoom(roomId: string, stored: RoomAssignment | null, anchor: Point[], offered: LiveNode[], now: number, candidates: LiveNode[] = offered): RoomOutcome {
  if (stored && offered.some((n) => n.id === stored.nodeId)) return { assignment: stored, status: "kept" };
  const from = stored?.anchor ?? anchor;
  const ranked = rank(candidates, from);
  if (ranked.length === 0) return null;
  const slack = from.length > 1 ? 0 : ROOM_SLACK_MS;
  const near = ranked.filter((s) => s.cost <= ranked[0]!.cost + slack).map((s) => s.node);
  const node = hrwPick(roomId, near, (n) => n.capacity)!;
  return { assignment: { roomId, nodeId: node.id, anchor: from, assignedAt: now }, status: stored ? "moved" : "assigned" };
}
