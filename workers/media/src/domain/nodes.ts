import type { Region } from "./regions";

/** A node as its operator registered it: changes rarely, stored durably. */
export interface NodeDefinition {
  id: string;
  url: string;
  region: Region;
  lat: number;
  lon: number;
  /** Concurrent sessions the node can hold. 0 drains it: never offered. */
  capacity: number;
  /** ISO country whose jurisdiction the node's data sits in; residency policies match on it. */
  residency: string | null;
}

/** What the node's last heartbeat said: changes every few seconds, kept in memory. */
export interface LiveState {
  load: number;
  healthy: boolean;
  /** Epoch ms of the last heartbeat. */
  lastSeen: number;
}

export type LiveNode = NodeDefinition & LiveState;

/** A node with its last heartbeat. Takes only the heartbeat's fields from `state`, which may be an older LiveNode. */
export const liveNode = (def: NodeDefinition, state: LiveState): LiveNode => ({ ...def, load: state.load, healthy: state.healthy, lastSeen: state.lastSeen });

/** A node at or past this load is near full and is not offered. */
export const LOAD_CUTOFF = 0.9;

/**
 * Offered to buyers: healthy at its last heartbeat, heard from within the
 * TTL, and with room (load under the cut-off and at least one free session).
 */
export function isOffered(node: LiveNode, now: number, ttlMs: number): boolean {
  return (
    node.healthy &&
    now - node.lastSeen <= ttlMs &&
    node.load < LOAD_CUTOFF &&
    node.capacity * (1 - node.load) >= 1
  );
}
