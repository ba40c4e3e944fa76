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

/** A node at or past this load is near full: no new room is placed on it, nor is a buyer without a room sent to it. */
export const LOAD_CUTOFF = 0.9;

/** Sessions a node has free by its last heartbeat: what placing new rooms weighs it by. */
export const freeSessions = (node: LiveNode): number => node.capacity * (1 - node.load);

/**
 * Keeps the rooms already on it: healthy at its last heartbeat, heard from within the TTL and with at least
 * one free session. No load cut-off: the headroom above LOAD_CUTOFF is there for the audiences of the rooms
 * it holds, so a show does not move (splitting its viewers from its host) because its own viewers filled it.
 */
export function canKeep(node: LiveNode, now: number, ttlMs: number): boolean {
  return node.healthy && now - node.lastSeen <= ttlMs && freeSessions(node) >= 1;
}

/**
 * Offered to buyers and to new rooms: it can keep rooms (`canKeep`) and is under the load cut-off.
 */
export function isOffered(node: LiveNode, now: number, ttlMs: number): boolean {
  return canKeep(node, now, ttlMs) && node.load < LOAD_CUTOFF;
}
