import type { Point } from "./geo";
import { freeSessions, type LiveNode } from "./nodes";
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
 * Who anchored a room. `server`: a tenant's server (secret key) said where the room's audience is (`lat`/`lon`,
 * `peers` or `country`). `edge`: where an edge saw whoever anchored it (a buyer's device, which anyone can be,
 * or a server that said nothing), or nothing at all (no anchor). A server's word re-anchors a room an edge
 * anchored; nothing re-anchors a room a server anchored.
 */
export type AnchoredBy = "server" | "edge";

/**
 * A room's stored assignment: its node, where the room is anchored (see `roomAnchor`; empty: no asker the
 * edge could locate has asked yet), who anchored it, the anchor's country (the room's residency:
 * `roomCandidates`; null when unknown) and its pool.
 */
export interface RoomAssignment {
  roomId: string;
  nodeId: string;
  anchor: Point[];
  anchoredBy: AnchoredBy;
  country: string | null;
  assignedAt: number;
  pool: RoomPool;
}

/** What placing a room needs of its asker: where a room it anchors is anchored, by whom, and that place's country. */
export interface RoomAsk {
  anchor: Point[];
  anchoredBy: AnchoredBy;
  anchorCountry: string | null;
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
 * The registry's answer to a buyer's device naming a room it holds no assignment of once the tenant's budget
 * of such placements is spent (`DEVICE_ROOM_BUDGET`): nothing is read or placed, and the lookup answers
 * without pinning the room.
 */
export const DEFERRED = "deferred";

/**
 * The registry's answer when the asking client (`clientPrefix`) has spent its own share of that budget
 * (`CLIENT_ROOM_BUDGET`): the lookup answers as for DEFERRED, but the isolate does not remember it for the
 * room (the next client may well be placed).
 */
export const CLIENT_DEFERRED = "client-deferred";

/**
 * The offered nodes as placing a room needs them. `keeps` is asked first, of a stored room's node only (the
 * registry answers it with one look at that node: `canKeep`, no load cut-off); `strays` next, of a node that
 * can keep it: whether that node is outside the room's residency while one inside is offered
 * (`outsideResidency`: one look at the node, a scan only for a node outside); `candidates`, a scan of every
 * node, only when the room is placed, moved or re-anchored: the offered nodes (cut-off applied) the room's
 * residency and the asking buyer's allow (`roomCandidates`), `roomCountry` being the room's.
 */
export interface Offered {
  keeps(nodeId: string): boolean;
  strays(nodeId: string, roomCountry: string | null): boolean;
  candidates(roomCountry: string | null): LiveNode[];
}

/**
 * Where a room goes. A stored assignment stands while its node can keep it
 * (`canKeep`: healthy, heard from, a free session), unless a server
 * re-anchors it away from there, or its node is outside the room's residency
 * while a node inside is offered (`strays`: it went there during an outage,
 * and moves back at the first ask once one is up); otherwise the room is placed by rendezvous
 * hashing, weighted by free sessions, over the candidates near its anchor, so
 * every move is the same whoever asks, given the same candidates. With no
 * anchor, every candidate is near: the room id alone decides. A new room goes
 * to `pool`; a stored one stays in its own.
 */
export function placeRoom(roomId: string, stored: RoomAssignment | null, ask: RoomAsk, offered: Offered, now: number, pool: RoomPool = "verified"): RoomOutcome {
  if (!stored) {
    const node = pick(roomId, offered.candidates(ask.anchorCountry), ask.anchor);
    if (!node) return null;
    return { assignment: { roomId, nodeId: node.id, anchor: ask.anchor, anchoredBy: ask.anchoredBy, country: ask.anchorCountry, assignedAt: now, pool }, status: "assigned" };
  }
  const { room, reanchored } = anchorAfter(stored, ask);
  const holds = offered.keeps(stored.nodeId);
  const keeps = holds && !offered.strays(stored.nodeId, room.country);
  if (keeps && !reanchored) return { assignment: room, status: "kept" };
  const near = nearest(offered.candidates(room.country), room.anchor);
  // Re-anchored near where it already is: it stays (its audience is on that node).
  if (keeps && near.some((n) => n.id === stored.nodeId)) return { assignment: room, status: "kept" };
  const node = hrwPick(roomId, near, freeSessions);
  if (!node) return holds ? { assignment: room, status: "kept" } : null;
  return { assignment: { ...room, nodeId: node.id, assignedAt: now }, status: "moved" };
}

/**
 * The stored room's anchor once `ask` has asked. A room with no anchor takes the first one offered, which
 * anchors its later moves; from a device it does not move the room now (one node per room). A server's word
 * re-anchors a room an edge anchored, and the room goes where that anchor puts it (`reanchored`): otherwise
 * whoever first opened a show's page, from anywhere (a VPN's exit), would decide where it is hosted for good.
 */
function anchorAfter(stored: RoomAssignment, ask: RoomAsk): { room: RoomAssignment; reanchored: boolean } {
  const byServer = ask.anchoredBy === "server" && stored.anchoredBy !== "server";
  if (ask.anchor.length === 0 || (stored.anchor.length > 0 && !byServer)) return { room: stored, reanchored: false };
  return { room: { ...stored, anchor: ask.anchor, anchoredBy: ask.anchoredBy, country: ask.anchorCountry }, reanchored: byServer };
}

/** A new placement: rendezvous hashing over the candidates near the anchor, each weighted by its free sessions. */
function pick(roomId: string, candidates: LiveNode[], anchor: Point[]): LiveNode | null {
  return hrwPick(roomId, nearest(candidates, anchor), freeSessions);
}

/**
 * The node a buyer shares with the room's other buyers when their residency does not allow the room's own
 * node (`not-allowed`): rendezvous hashing on the room id over `allowed` (the offered nodes they may use, else,
 * with none offered, those that can keep a room: `pinRoom`) near the room's anchor, so they land on one node,
 * not each on their own nearest. Weighted by capacity, not load: every isolate, whatever its snapshot's loads,
 * and every later ask pick the same.
 */
export function sharedFallback(roomId: string, anchor: Point[], allowed: LiveNode[]): LiveNode | null {
  return hrwPick(roomId, nearest(allowed, anchor), (n) => n.capacity);
}

/** The candidates within the slack of the best for the anchor (a 1v1's: the best alone, ties aside); all of them with no anchor. */
function nearest(candidates: LiveNode[], anchor: Point[]): LiveNode[] {
  if (anchor.length === 0) return candidates;
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
