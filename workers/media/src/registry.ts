import type { MediaRegistry } from "./do/registry";
import type { Point } from "./domain/geo";
import { indexNodes, type NodeIndex } from "./domain/nearest";
import { applySync, snapshotNodes, type NodeMirror, type NodeSync } from "./domain/node-sync";
import type { ResidencyPolicy } from "./domain/residency";
import { NOT_HELD, type RoomOutcome, type RoomPool } from "./domain/rooms";
import { RefreshAheadMemo } from "../../../shared/memo/refresh-ahead";

/** The tenant's registry object. One per tenant: its nodes, policy and rooms are nobody else's. */
export function registry(env: Env, tenantId: string): DurableObjectStub<MediaRegistry> {
  const ns = env.REGISTRY as DurableObjectNamespace<MediaRegistry>;
  return ns.get(ns.idFromName(`tenant/${encodeURIComponent(tenantId)}`));
}

/** What lookups answer from: the tenant's live nodes laid out for them, and its policy, as of `at`. */
export interface LiveSnapshot {
  at: number;
  policy: ResidencyPolicy;
  index: NodeIndex;
}

const snapshots = new RefreshAheadMemo<LiveSnapshot>(64);

/**
 * Each tenant's copy of its registry's nodes (`NodeMirror`), which the next refresh asks the changes since
 * of, with the index last built from it. It outlives the snapshot (`forgetSnapshot` drops only that): a
 * lookup after a write waits for the changes, not the whole set. 64 tenants × 1,000 nodes × ~250 bytes is
 * ~16 MB, well inside an isolate's 128 MB; a tenant registers at most MAX_NODES (5,000), so ~80 MB if all
 * 64 were at that limit.
 */
const mirrors = new Map<string, { mirror: NodeMirror; ttlMs: number; index: NodeIndex }>();
const MAX_MIRRORS = 64;

const snapshotKey = (tenantId: string) => encodeURIComponent(tenantId);

/** The tenant's copy brought up to date: the changes since the one held, or the whole set when there is none or it is out of step. */
async function syncedSnapshot(env: Env, tenantId: string): Promise<LiveSnapshot> {
  const key = snapshotKey(tenantId);
  const stub = registry(env, tenantId);
  const held = mirrors.get(key);
  let sync = (await stub.snapshot(held?.mirror.cursor ?? null)) as NodeSync;
  let mirror = applySync(held?.mirror, sync);
  if (!mirror) mirror = applySync(undefined, (sync = (await stub.snapshot(null)) as NodeSync))!;
  // Nothing changed: the index stands (a node silent since is left out by the lookup's own TTL check).
  const index = held && mirror === held.mirror && held.ttlMs === sync.ttlMs ? held.index : indexNodes(snapshotNodes(mirror, sync.at, sync.ttlMs), sync.ttlMs);
  mirrors.delete(key);
  mirrors.set(key, { mirror, ttlMs: sync.ttlMs, index });
  if (mirrors.size > MAX_MIRRORS) mirrors.delete(mirrors.keys().next().value!);
  return { at: sync.at, policy: mirror.policy, index };
}

/**
 * The tenant's live nodes as of at most `SNAPSHOT_MAX_AGE_MS` ago: lookups
 * read this, never storage. Past half that age the held snapshot still
 * answers while one call to the registry, kept alive by `waitUntil`, fetches
 * the next: a busy isolate's lookups never wait for the registry, and an
 * isolate idle past the age waits for a fresh one. Safe to serve a held one:
 * each node's TTL is checked at lookup time against its last heartbeat
 * (`eligibility`), so it never offers a node silent past it.
 */
export function liveSnapshot(env: Env, tenantId: string, waitUntil: (work: Promise<unknown>) => void): Promise<LiveSnapshot> {
  return snapshots.get(snapshotKey(tenantId), Number(env.SNAPSHOT_MAX_AGE_MS), () => syncedSnapshot(env, tenantId), { refreshAhead: waitUntil });
}

/** A write through this isolate changed what lookups should see: its next lookup waits for the changes since its copy. */
export function forgetSnapshot(tenantId: string): void {
  snapshots.invalidate(snapshotKey(tenantId));
}

const rooms = new RefreshAheadMemo<RoomOutcome | typeof NOT_HELD>(10_000);

/** Only an assignment is remembered: "no node" and NOT_HELD may change with the next asker or heartbeat. */
const isAssignment = (r: RoomOutcome | typeof NOT_HELD) => r !== null && r !== NOT_HELD;

/** Who asks about a room, as far as placing it goes. */
export interface RoomAsker {
  /** Where a room this asker places (or first gives an anchor to) is anchored: `roomAnchor`. */
  anchor: Point[];
  /** The buyer's country: a new placement honours its residency. */
  country: string | null;
  /** A tenant's server: a room it asks about is placed in, or vouched into, the verified pool. */
  vouches: boolean;
  /** The pool a placement by this asker goes to; asked only for a room the registry does not hold. */
  pool: () => Promise<RoomPool>;
}

/**
 * The room's node from the registry (the single writer of assignments; a new
 * placement honours the asking buyer's residency, hence `country`),
 * remembered for `SNAPSHOT_MAX_AGE_MS` unless its node is no longer offered
 * here, in which case the registry is asked again and moves the room. A
 * buyer's device asks first without its pool (that costs a D1 read): only
 * when the registry holds no assignment is `pool` consulted.
 */
export async function roomPlacement(env: Env, tenantId: string, roomId: string, asker: RoomAsker, offeredIds: Set<string>): Promise<RoomOutcome> {
  const key = `${encodeURIComponent(tenantId)}/${encodeURIComponent(roomId)}`;
  const maxAge = Number(env.SNAPSHOT_MAX_AGE_MS);
  const ask = (pool: RoomPool | null) =>
    rooms.get(key, maxAge, () => registry(env, tenantId).room(roomId, asker.anchor, asker.country, pool) as Promise<RoomOutcome | typeof NOT_HELD>, { keep: isAssignment });
  const first = asker.vouches ? "verified" : null;
  let known = await ask(first);
  if (known && known !== NOT_HELD && (!offeredIds.has(known.assignment.nodeId) || (asker.vouches && known.assignment.pool === "unverified"))) {
    // Held on a node this isolate no longer offers: the registry, whose view is newer, keeps it or moves it.
    // Or remembered unverified while a secret key asks: the registry, not this memo, records the vouching.
    rooms.invalidate(key);
    known = await ask(first);
  }
  if (known === NOT_HELD) {
    const pool = await asker.pool();
    // Asked afresh: a lookup another request has in flight would answer NOT_HELD again.
    rooms.invalidate(key);
    known = await ask(pool);
  }
  return known === NOT_HELD ? null : known;
}
