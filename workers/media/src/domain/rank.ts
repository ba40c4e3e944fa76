import { distanceKm, estimatedRttMs, type Point } from "./geo";
import type { LiveNode } from "./nodes";

/**
 * How much a node's load costs in the ranking, ms at full load: a busier node
 * queues and jitters more, so at 50 % load a node must be about 500 km
 * nearer to win over an idle one.
 */
export const LOAD_PENALTY_MS = 10;

/** A node as seen from one or more parties (a buyer, or both peers of a 1v1). */
export interface Scored {
  node: LiveNode;
  /** Distance and RTT to each party, in the parties' order. */
  distancesKm: number[];
  rttsMs: number[];
  /** The worst party's RTT plus the load penalty: what the ranking minimises. */
  cost: number;
  /** Ties on cost go to the smaller total RTT, then to the id. */
  sum: number;
}

export function score(node: LiveNode, parties: Point[]): Scored {
  const distancesKm = parties.map((p) => distanceKm(p, node));
  const rttsMs = distancesKm.map((d) => estimatedRttMs(d, node.region));
  return { node, distancesKm, rttsMs, cost: Math.max(...rttsMs) + LOAD_PENALTY_MS * node.load, sum: rttsMs.reduce((a, b) => a + b, 0) };
}

export function compareScored(a: Scored, b: Scored): number {
  return a.cost - b.cost || a.sum - b.sum || (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0);
}

/** Every node scored for the parties, best first. */
export function rank(nodes: LiveNode[], parties: Point[]): Scored[] {
  return nodes.map((n) => score(n, parties)).sort(compareScored);
}

/** The contract's item: distances and RTTs are the worst party's, rounded for humans. */
export function toItem(s: Scored) {
  const worst = s.rttsMs.indexOf(Math.max(...s.rttsMs));
  return {
    id: s.node.id,
    url: s.node.url,
    region: s.node.region,
    distanceKm: Math.round(s.distancesKm[worst]!),
    estimatedRttMs: Math.round(s.rttsMs[worst]! * 10) / 10,
    load: s.node.load,
    ...(s.rttsMs.length > 1 ? { peerRttMs: s.rttsMs.map((r) => Math.round(r * 10) / 10) } : {}),
  };
}
