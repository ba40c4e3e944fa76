import type { MediaRegistry, Snapshot } from "./do/registry";
import type { Point } from "./domain/geo";
import { indexNodes, type NodeIndex } from "./domain/nearest";
import { UNKNOWN_ROOM, type RoomOutcome } from "./domain/rooms";
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
 * read this, never storage, and call the registry at most once per that age
 * per isolate.
 */
export function liveSnapshot(env: Env, tenantId: string): Promise<Snapshot & { index: NodeIndex }> {
  return snapshots.get(snapshotKey(tenantId), Number(env.SNAPSHOT_MAX_AGE_MS), async () => {
    const snap = (await registry(env, tenantId).snapshot()) as Snapshot;
    return { ...snap, index: indexNodes(snap.nodes, snap.ttlMs) };
  });
}

/** A write through this isolate changed what lookups should see: its next lookup fetches afresh. */
export function forgetSnapshot(tenantId: string): void {
  snapshots.invalidate(snapshotKey(tenantId));
}

const rooms = new Memo<RoomOutcome | typeof UNKNOWN_ROOM>(10_000);

/**
 * The room's node from the registry (the single writer of assignments; a new
 * placement honours the asking buyer's residency, hence `country`),
 * remembered for `SNAPSHOT_MAX_AGE_MS` unless its node is no longer offered
 * here, in which case the registry is asked again and moves the room. The
 * registry is first asked not to place a room it does not hold: only when it
 * holds none is `mayPlace` consulted (a lookup for a buyer's device), and
 * UNKNOWN_ROOM answered when it says no.
 */
export async function roomPlacement(
  env: Env,
  tenantId: string,
  roomId: string,
  anchor: Point[],
  country: string | null,
  offeredIds: Set<string>,
  mayPlace: () => Promise<boolean>,
): Promise<RoomOutcome | typeof UNKNOWN_ROOM> {
  const key = `${encodeURIComponent(tenantId)}/${encodeURIComponent(roomId)}`;
  const ask = (place: boolean) => () => registry(env, tenantId).room(roomId, anchor, country, place) as Promise<RoomOutcome | typeof UNKNOWN_ROOM>;
  const maxAge = Number(env.SNAPSHOT_MAX_AGE_MS);
  const known = await rooms.get(key, maxAge, ask(false));
  if (known === UNKNOWN_ROOM) {
    if (!(await mayPlace())) return UNKNOWN_ROOM;
  } else if (known && offeredIds.has(known.assignment.nodeId)) return known;
  rooms.invalidate(key);
  return rooms.get(key, maxAge, ask(known === UNKNOWN_ROOM));
}
