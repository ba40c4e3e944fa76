import type { MediaRegistry, Snapshot } from "./do/registry";
import type { Point } from "./domain/geo";
import { indexNodes, type NodeIndex } from "./domain/nearest";
import { NOT_HELD, type RoomOutcome, type RoomPool } from "./domain/rooms";
import { Memo } from "./memo";

/** The tenant's registry object. One per tenant: its nodes, policy and rooms are nobody else's. */
export function registry(env: Env, tenantId: string): DurableObjectStub<MediaRegistry> {
  const ns = env.REGISTRY as DurableObjectNamespace<MediaRegistry>;
  return ns.get(ns.idFromName(`tenant/${encodeURIComponent(tenantId)}`));
}

/**
 * Snapshots of live nodes per tenant. 64 tenants × 1,000 nodes × ~250 bytes
 * is ~16 MB, well inside an isolate's 128 MB; a tenant registers at most
 * MAX_NODES (5,000), so ~80 MB if all 64 were at that limit.
 */
const snapshots = new Memo<Snapshot & { index: NodeIndex }>(64);

const snapshotKey = (tenantId: string) => encodeURIComponent(tenantId);

/**
 * The tenant's live nodes as of at most `SNAPSHOT_MAX_AGE_MS` ago: lookups
 * read this, never storage. Past half that age the held snapshot still
 * answers while one call to the registry, kept alive by `waitUntil`, fetches
 * the next: a busy isolate's lookups never wait for the registry, and an
 * isolate idle past the age waits for a fresh one. Safe to serve a held one:
 * each node's TTL is checked at lookup time against its last heartbeat
 * (`eligibility`), so it never offers a node silent past it.
 */
export function liveSnapshot(env: Env, tenantId: string, waitUntil: (work: Promise<unknown>) => void): Promise<Snapshot & { index: NodeIndex }> {
  const load = async () => {
    const snap = (await registry(env, tenantId).snapshot()) as Snapshot;
    return { ...snap, index: indexNodes(snap.nodes, snap.ttlMs) };
  };
  return snapshots.get(snapshotKey(tenantId), Number(env.SNAPSHOT_MAX_AGE_MS), load, { refreshAhead: waitUntil });
}

/** A write through this isolate changed what lookups should see: its next lookup fetches afresh. */
export function forgetSnapshot(tenantId: string): void {
  snapshots.invalidate(snapshotKey(tenantId));
}

const rooms = new Memo<RoomOutcome | typeof NOT_HELD>(10_000);

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
