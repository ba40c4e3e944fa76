import { liveNode, type LiveNode } from "./nodes";
import type { ResidencyPolicy } from "./residency";

/** How far an isolate's copy of the registry goes: the registry's life (`ChangeLog.epoch`) and the last change it has. */
export interface SyncCursor {
  epoch: string;
  version: number;
}

/** A heartbeat of a node whose definition the isolate already holds: about a quarter of the whole node's size. */
export type Beat = [id: string, load: number, healthy: boolean, lastSeen: number];

interface SyncHead {
  /** When the registry answered: the snapshot's age counts from then. */
  at: number;
  ttlMs: number;
  cursor: SyncCursor;
}

/** Every node heard from (healthy or not, silent or not: `snapshotNodes` picks), and the policy. */
export type FullSync = SyncHead & { kind: "full"; nodes: LiveNode[]; policy: ResidencyPolicy };

/** What changed since `since`: nodes joined or redefined (whole), heartbeats of the others, nodes removed, the policy if it changed. */
export type DeltaSync = SyncHead & { kind: "delta"; since: number; nodes: LiveNode[]; beats: Beat[]; removed: string[]; policy?: ResidencyPolicy };

/** The registry's answer to an isolate refreshing its copy. */
export type NodeSync = FullSync | DeltaSync | (SyncHead & { kind: "unchanged"; since: number });

/** An isolate's copy of the registry's nodes, as of `cursor`. */
export interface NodeMirror {
  cursor: SyncCursor;
  nodes: Map<string, LiveNode>;
  policy: ResidencyPolicy;
}

/**
 * The copy after `sync`: a node unchanged keeps its object (and so does the whole copy when nothing changed).
 * Null when `sync` does not follow from `held` (another epoch or version, or a heartbeat of a node it does not
 * hold): the caller asks for the whole set.
 */
export function applySync(held: NodeMirror | undefined, sync: NodeSync): NodeMirror | null {
  if (sync.kind === "full") return { cursor: sync.cursor, nodes: new Map(sync.nodes.map((n) => [n.id, n])), policy: sync.policy };
  if (!held || held.cursor.epoch !== sync.cursor.epoch || held.cursor.version !== sync.since) return null;
  if (sync.kind === "unchanged") return held;
  const nodes = new Map(held.nodes);
  for (const id of sync.removed) nodes.delete(id);
  for (const node of sync.nodes) nodes.set(node.id, node);
  for (const [id, load, healthy, lastSeen] of sync.beats) {
    const def = nodes.get(id);
    if (!def) return null;
    nodes.set(id, liveNode(def, { load, healthy, lastSeen }));
  }
  return { cursor: sync.cursor, nodes, policy: sync.policy ?? held.policy };
}

/**
 * The nodes a lookup needs at `at`: healthy at their last heartbeat and heard from within the TTL (full ones
 * too: their load may drop before the next sync). Lookups check the TTL again at their own time.
 */
export function snapshotNodes(mirror: NodeMirror, at: number, ttlMs: number): LiveNode[] {
  const out: LiveNode[] = [];
  for (const node of mirror.nodes.values()) if (node.healthy && at - node.lastSeen <= ttlMs) out.push(node);
  return out;
}
