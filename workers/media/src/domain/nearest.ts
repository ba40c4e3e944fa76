import { EARTH_RADIUS_KM, FIBRE_KM_PER_MS, ROUTE_INFLATION, type Point } from "./geo";
import { canKeep, isOffered, type LiveNode } from "./nodes";
import { LOAD_PENALTY_MS, score, toItem } from "./rank";
import { REGION_OVERHEAD_MS } from "./regions";
import { permits, underResidency, type Residency, type ResidencyPolicy } from "./residency";
import { DEFERRED, sharedFallback, type RoomOutcome } from "./rooms";

/**
 * A snapshot's nodes laid out for lookups: positions in radians and each
 * node's fixed cost terms in typed arrays, built once per snapshot so a lookup
 * over 1,000 nodes allocates nothing per node.
 */
export interface NodeIndex {
  nodes: LiveNode[];
  /** Unit vectors: the central angle to a party is acos of a dot product, one trig call a node. */
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  /** Region overhead plus load penalty, ms. */
  fixedMs: Float64Array;
  /** Healthy with room at snapshot time (1), and the last moment it may be offered without a new heartbeat. */
  hasRoom: Uint8Array;
  /** Healthy with a free session at snapshot time (1): it keeps the rooms it holds (`canKeep`), full or not. */
  hasSession: Uint8Array;
  lastOfferAt: Float64Array;
}

const RAD = Math.PI / 180;
/** RTT ms per radian of central angle: 2 × (R × angle) × inflation / fibre speed (the model in geo.ts). */
const MS_PER_RADIAN = (2 * EARTH_RADIUS_KM * ROUTE_INFLATION) / FIBRE_KM_PER_MS;

const unit = (p: Point): [number, number, number] => [
  Math.cos(p.lat * RAD) * Math.cos(p.lon * RAD),
  Math.cos(p.lat * RAD) * Math.sin(p.lon * RAD),
  Math.sin(p.lat * RAD),
];

export function indexNodes(nodes: LiveNode[], ttlMs: number): NodeIndex {
  const n = nodes.length;
  const ix = {
    nodes,
    x: new Float64Array(n),
    y: new Float64Array(n),
    z: new Float64Array(n),
    fixedMs: new Float64Array(n),
    hasRoom: new Uint8Array(n),
    hasSession: new Uint8Array(n),
    lastOfferAt: new Float64Array(n),
  };
  nodes.forEach((node, i) => {
    // isOffered at the node's last heartbeat; only the TTL changes between snapshots.
    ix.hasRoom[i] = isOffered(node, node.lastSeen, ttlMs) ? 1 : 0;
    ix.hasSession[i] = canKeep(node, node.lastSeen, ttlMs) ? 1 : 0;
    ix.lastOfferAt[i] = node.lastSeen + ttlMs;
    [ix.x[i], ix.y[i], ix.z[i]] = unit(node);
    ix.fixedMs[i] = REGION_OVERHEAD_MS[node.region] + LOAD_PENALTY_MS * node.load;
  });
  return ix;
}

/** Which nodes a lookup may use: offered now, and allowed by the buyer's residency rule. */
export interface Lookup {
  residency: Residency;
  /** Indexes (into the snapshot) of the offered nodes, and of those the buyer may use. */
  offered: number[];
  allowed: number[];
  /** Whether the buyer's rule lets them use a node, offered or not (a room's node above the cut-off). */
  permits: (i: number) => boolean;
}

/** The offered nodes are `isOffered` at `now`, read from the index's precomputed terms. */
export function eligibility(ix: NodeIndex, now: number, policy: ResidencyPolicy, country: string | null): Lookup {
  const offered: number[] = [];
  for (let i = 0; i < ix.nodes.length; i++) if (ix.hasRoom[i] === 1 && now <= ix.lastOfferAt[i]!) offered.push(i);
  const { residency, allowed } = underResidency(policy, country, offered, (i) => ix.nodes[i]!);
  return { offered, allowed, residency, permits: (i) => permits(residency, country, ix.nodes[i]!) };
}

/** Indexes of the nodes that can keep a room at `now` (`canKeep`: the load cut-off does not apply). */
export function keepable(ix: NodeIndex, now: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ix.nodes.length; i++) if (ix.hasSession[i] === 1 && now <= ix.lastOfferAt[i]!) out.push(i);
  return out;
}

export type RoomStatus = "kept" | "assigned" | "moved" | "not-allowed" | "unplaced" | "pending" | "deferred";

/**
 * How the registry's answer about a room reaches this buyer: the node the answer leads with (`pinned`, an
 * index, -1 for none) and what the answer says. The room's node when the buyer's residency permits it; else
 * (`not-allowed`) the node the room's other such buyers share (`sharedFallback` over the offered nodes the
 * buyer may use, `lookup.allowed`; only when there are none, over `keep`, the keepable ones the buyer may
 * use). `unplaced`: no node could take the room; `deferred`: the tenant's budget of new rooms named by
 * devices is spent (or the asking client's share of it); `pending`: placed on a node this isolate's snapshot does not hold yet
 * (it will within SNAPSHOT_MAX_AGE_MS). In those three the buyer's own best node comes first.
 */
export function pinRoom(ix: NodeIndex, lookup: Lookup, keep: number[], roomId: string, outcome: RoomOutcome | typeof DEFERRED): { nodeId: string | null; status: RoomStatus; pinned: number } {
  if (outcome === DEFERRED) return { nodeId: null, status: "deferred", pinned: -1 };
  if (outcome === null) return { nodeId: null, status: "unplaced", pinned: -1 };
  const { nodeId, anchor } = outcome.assignment;
  const at = ix.nodes.findIndex((n) => n.id === nodeId);
  if (at < 0) return { nodeId, status: "pending", pinned: -1 };
  if (lookup.permits(at)) return { nodeId, status: outcome.status, pinned: at };
  // Offered nodes first (the load cut-off applies to these buyers as to any placement); the keepable ones only
  // when none is offered to them, so a node at >= 90 % is never handed a room's whole out-of-residency audience.
  const mine = lookup.allowed.length > 0 ? lookup.allowed : keep.filter(lookup.permits);
  const shared = sharedFallback(roomId, anchor, mine.map((i) => ix.nodes[i]!));
  return { nodeId, status: "not-allowed", pinned: shared ? mine.find((i) => ix.nodes[i] === shared)! : -1 };
}

/** The k best of `candidates` for the parties (worst RTT + load, then total RTT, then id), best first. */
export function bestK(ix: NodeIndex, candidates: number[], parties: Point[], k: number): number[] {
  const units = parties.map(unit);
  const top: { i: number; cost: number; sum: number }[] = [];
  for (const i of candidates) {
    let worst = 0;
    let sum = 0;
    for (const [px, py, pz] of units) {
      const dot = ix.x[i]! * px + ix.y[i]! * py + ix.z[i]! * pz;
      const rtt = MS_PER_RADIAN * Math.acos(Math.max(-1, Math.min(1, dot)));
      worst = Math.max(worst, rtt);
      sum += rtt;
    }
    const cost = worst + ix.fixedMs[i]!;
    if (top.length === k && !better(ix, cost, sum, i, top[k - 1]!)) continue;
    let at = top.length === k ? k - 1 : top.length;
    while (at > 0 && better(ix, cost, sum, i, top[at - 1]!)) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = { i, cost, sum };
  }
  return top.map((t) => t.i);
}

function better(ix: NodeIndex, cost: number, sum: number, i: number, than: { i: number; cost: number; sum: number }): boolean {
  if (cost !== than.cost) return cost < than.cost;
  if (sum !== than.sum) return sum < than.sum;
  return ix.nodes[i]!.id < ix.nodes[than.i]!.id;
}

/**
 * The answer's items, best first: the room's node for this buyer (`pinRoom`; -1 for none) leads, then the
 * rest by cost. `changedChoice` says whether residency kept the buyer off the node that would otherwise have
 * come first.
 */
export function nearestItems(ix: NodeIndex, lookup: Lookup, parties: Point[], count: number, pinned: number) {
  const best = bestK(ix, lookup.allowed, parties, count + 1);
  const order = pinned < 0 ? best.slice(0, count) : [pinned, ...best.filter((i) => i !== pinned)].slice(0, count);
  const changedChoice = lookup.allowed.length !== lookup.offered.length && bestK(ix, lookup.offered, parties, 1)[0] !== best[0];
  return { items: order.map((i) => toItem(score(ix.nodes[i]!, parties))), changedChoice };
}
