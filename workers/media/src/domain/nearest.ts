import type { Point } from "./geo";
import { isOffered, type LiveNode } from "./nodes";
import { compareScored, rank, score, toItem } from "./rank";
import { applyResidency, type ResidencyOutcome, type ResidencyPolicy } from "./residency";

/** The nodes a buyer may be offered now, after health, TTL, capacity and residency. */
export interface Eligibility {
  offered: LiveNode[];
  residency: ResidencyOutcome;
}

export function eligibility(nodes: LiveNode[], now: number, ttlMs: number, policy: ResidencyPolicy, country: string | null): Eligibility {
  const offered = nodes.filter((n) => isOffered(n, now, ttlMs));
  return { offered, residency: applyResidency(policy, country, offered) };
}

/**
 * The answer's items, best first: the room's node (when it is allowed) leads,
 * then the rest by cost. `changedChoice` says whether the residency rule kept
 * the buyer off the node that would otherwise have come first.
 */
export function nearestItems(allowed: LiveNode[], offered: LiveNode[], parties: Point[], count: number, roomNodeId: string | null) {
  const ranked = rank(allowed, parties);
  const bestAllowed = ranked[0]?.node.id;
  const pinned = roomNodeId ? ranked.findIndex((s) => s.node.id === roomNodeId) : -1;
  if (pinned > 0) ranked.unshift(...ranked.splice(pinned, 1));
  const best = offered.length === allowed.length ? undefined : offered.map((n) => score(n, parties)).reduce((a, b) => (compareScored(a, b) <= 0 ? a : b));
  const changedChoice = best !== undefined && best.node.id !== bestAllowed;
  return { items: ranked.slice(0, count).map(toItem), changedChoice };
}
