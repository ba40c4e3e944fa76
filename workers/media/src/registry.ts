import type { MediaRegistry } from "./do/registry";
import type { Point } from "./domain/geo";
import { indexNodes, type NodeIndex } from "./domain/nearest";
import { applySync, snapshotNodes, type NodeMirror, type NodeSync } from "./domain/node-sync";
import type { ResidencyPolicy } from "./domain/residency";
import { CLIENT_DEFERRED, DEFERRED, NOT_HELD, type RoomAsk, type RoomOutcome, type RoomPool } from "./domain/rooms";
import { ProblemError } from "../../../shared/http/problem";
import { BoundedLru } from "../../../shared/memo/lru";
import { RefreshAheadMemo } from "../../../shared/memo/refresh-ahead";

/** The tenant's registry object. One per tenant: its nodes, policy and rooms are nobody else's. */
export function registry(env: Env, tenantId: string): DurableObjectStub<MediaRegistry> {
  const ns = env.REGISTRY as DurableObjectNamespace<MediaRegistry>;
  return ns.get(ns.idFromName(`tenant/${encodeURIComponent(tenantId)}`));
}

/** Seconds a client waits before asking again when the registry could not be asked. */
const REGISTRY_RETRY_AFTER_S = 1;

/**
 * A call to the tenant's registry that failed (the object overloaded, reset, out of its limits, or an
 * error in it), as the client sees it: a 503 problem with Retry-After, never an opaque 500. Logged whole.
 */
export function registryUnavailable(err: unknown): ProblemError {
  console.error("media registry call failed", err);
  const overloaded = typeof err === "object" && err !== null && (err as { overloaded?: unknown }).overloaded === true;
  return new ProblemError(
    503,
    "registry_unavailable",
    overloaded ? "The tenant's media registry is overloaded; retry shortly." : "The tenant's media registry could not be reached; retry shortly.",
    undefined,
    { "retry-after": String(REGISTRY_RETRY_AFTER_S) },
  );
}

/** `call`'s answer, or registryUnavailable when it fails. */
export async function fromRegistry<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw registryUnavailable(err);
  }
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
 * of, with the index last built from it and its estimated size (`mirrorBytes`). It outlives the snapshot
 * (`forgetSnapshot` drops only that): a lookup after a write waits for the changes, not the whole set. Held
 * for at most MAX_MIRRORS tenants and MIRROR_BUDGET.bytes in all, least recently refreshed out first (with
 * its snapshot, which holds the same nodes): a count alone let 64 tenants at MAX_NODES with long URLs (a node
 * up to ~700 bytes) pass 200 MB in an isolate of 128 MB that every tenant shares. Not a BoundedLru: a mirror
 * pushed out must take its snapshot with it (`dropMirror`; the LRU has no eviction hook), the budget is read
 * at each refresh (MIRROR_BUDGET), and one tenant larger than the whole budget is still held, alone.
 */
const mirrors = new Map<string, { mirror: NodeMirror; ttlMs: number; index: NodeIndex; bytes: number }>();
const MAX_MIRRORS = 64;

/**
 * The mirrors' budget: a quarter of an isolate's 128 MB, leaving room for a second copy of one during a full
 * sync and for everything else the isolate holds. ~100 tenants of 1,000 nodes, or 7 at MAX_NODES (5,000) with
 * 512-character URLs. An object so a test can lower it.
 */
export const MIRROR_BUDGET = { bytes: 32 * 1024 * 1024 };

/**
 * A mirror's estimated memory: per node its object and Map entry (~150 bytes), its index entry (unit vector,
 * costs: ~50) and its strings.
 */
export function mirrorBytes(mirror: NodeMirror): number {
  let bytes = 0;
  for (const n of mirror.nodes.values()) bytes += 200 + n.id.length + n.url.length + (n.residency?.length ?? 0);
  return bytes;
}

let mirroredBytes = 0;

function dropMirror(key: string): void {
  const held = mirrors.get(key);
  if (!held) return;
  mirrors.delete(key);
  mirroredBytes -= held.bytes;
  snapshots.invalidate(key);
}

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
  const same = held !== undefined && mirror === held.mirror;
  const index = same && held.ttlMs === sync.ttlMs ? held.index : indexNodes(snapshotNodes(mirror, sync.at, sync.ttlMs), sync.ttlMs);
  const bytes = same ? held.bytes : mirrorBytes(mirror);
  // Taken out before the others are weighed: this one is the most recently used, and the last to go.
  // (The entry now held: another refresh of this tenant, after an invalidation, may have replaced `held`.)
  const current = mirrors.get(key);
  if (current) {
    mirrors.delete(key);
    mirroredBytes -= current.bytes;
  }
  while (mirrors.size > 0 && (mirrors.size >= MAX_MIRRORS || mirroredBytes + bytes > MIRROR_BUDGET.bytes)) dropMirror(mirrors.keys().next().value!);
  mirrors.set(key, { mirror, ttlMs: sync.ttlMs, index, bytes });
  mirroredBytes += bytes;
  return { at: sync.at, policy: mirror.policy, index };
}

/**
 * The tenant's live nodes as of at most `SNAPSHOT_MAX_AGE_MS` ago: lookups
 * read this, never storage. Past half that age the held snapshot still
 * answers while one call to the registry, kept alive by `waitUntil`, fetches
 * the next: a busy isolate's lookups never wait for the registry, and an
 * isolate idle past the age waits for a fresh one. Safe to serve a held one:
 * each node's TTL is checked at lookup time against its last heartbeat
 * (`eligibility`), so it never offers a node silent past it. That is also
 * why, when the registry cannot be asked, the held snapshot still answers
 * for up to `staleGraceMs` (a third of the TTL, 5 s) past its age, and the
 * isolate asks the registry again at most every `SNAPSHOT_RETRY_MS` meanwhile;
 * past that, or with none held, the lookup is a 503 with Retry-After.
 *
 * The registry's load from lookups (README, "Designed for the platform's
 * limits"): each busy isolate asks for about two snapshots a second (one
 * refresh at half the age), mostly "unchanged" or a delta of heartbeats; a
 * full set (~100 bytes a node: ~500 KB at MAX_NODES) only on its first ask
 * or after the registry restarts (another epoch), when every isolate asks at
 * once. Plus, per room in use, one `room()` call a second per isolate serving
 * it. At ~500 busy isolates a tenant that is ~1,000 calls a second, one
 * object's budget. Past that the next step is a per-colo tier (the Cache API
 * keyed by tenant, epoch and version, the registry seeing O(colos) instead of
 * O(isolates)); not built yet: it adds a cache read to every refresh and a
 * second layer of staleness, and needs its own invalidation story for writes.
 */
export async function liveSnapshot(env: Env, tenantId: string, waitUntil: (work: Promise<unknown>) => void): Promise<LiveSnapshot> {
  const key = snapshotKey(tenantId);
  const maxAge = Number(env.SNAPSHOT_MAX_AGE_MS);
  const now = Date.now();
  const stale = staleGraceMs(env);
  if (failures.peek(key, now)) {
    const held = snapshots.held(key, maxAge + stale, now);
    if (held) return held;
    failures.delete(key);
  }
  try {
    return await snapshots.get(key, maxAge, () => syncedSnapshot(env, tenantId), { refreshAhead: waitUntil });
  } catch (err) {
    const held = snapshots.held(key, maxAge + stale, now);
    if (!held) throw registryUnavailable(err);
    console.error("media snapshot refresh failed; serving the held one", err);
    failures.set(key, true, { now });
    return held;
  }
}

/** How long past its age a held snapshot still answers when the registry cannot be asked: a third of the TTL. */
const staleGraceMs = (env: Env) => Number(env.NODE_TTL_MS) / 3;

/** While a held snapshot answers for a failed refresh, the registry is asked again at most this often. */
const SNAPSHOT_RETRY_MS = 500;

/** The tenants whose last refresh failed while a held snapshot could answer, each for SNAPSHOT_RETRY_MS. */
const failures = new BoundedLru<string, true>({ maxEntries: MAX_MIRRORS, maxAgeMs: SNAPSHOT_RETRY_MS });

/** A write through this isolate changed what lookups should see: its next lookup waits for the changes since its copy. */
export function forgetSnapshot(tenantId: string): void {
  snapshots.invalidate(snapshotKey(tenantId));
}

type RoomAnswer = RoomOutcome | typeof NOT_HELD | typeof DEFERRED | typeof CLIENT_DEFERRED;

const rooms = new RefreshAheadMemo<RoomAnswer>(10_000);

/** Only an assignment is remembered here: "no node", NOT_HELD and the deferrals may change with the next asker or heartbeat. */
const isAssignment = (r: RoomAnswer) => r !== null && r !== NOT_HELD && r !== DEFERRED && r !== CLIENT_DEFERRED;

/**
 * Rooms the registry last answered DEFERRED for (the tenant's budget of new rooms from devices spent), held for
 * `SNAPSHOT_MAX_AGE_MS`: a buyer's device asking again within it is answered DEFERRED here, without a call to the
 * registry (the object that takes the tenant's heartbeats). Apart from `rooms`, so ids invented past the budget
 * never push out the assignments held there. Never consulted for a secret key's ask, which places any room.
 */
const deferredRooms = new RefreshAheadMemo<typeof DEFERRED>(10_000);

/** Who asks about a room, as far as placing it goes. */
export interface RoomAsker extends RoomAsk {
  /** The buyer's country: a new placement honours its residency. */
  country: string | null;
  /** A tenant's server: a room it asks about is placed in, or vouched into, the verified pool. */
  vouches: boolean;
  /** The pool a placement by this asker goes to; asked only for a room the registry does not hold. */
  pool: () => Promise<RoomPool>;
  /** Whose share of the tenant's budget of new rooms a buyer's device spends (`clientPrefix`); null for a tenant's server, never counted. */
  client: string | null;
}

/**
 * The room's node from the registry (the single writer of assignments; a new
 * placement honours the asking buyer's residency, hence `country`),
 * remembered for `SNAPSHOT_MAX_AGE_MS` unless its node can no longer keep it
 * here (`keepableIds`), in which case the registry is asked again and moves
 * the room. A buyer's device asks first without its pool (that costs a D1
 * read): only when the registry holds no assignment, and grants one from the
 * tenant's budget of new rooms, is `pool` consulted; past the budget (or the
 * asking client's share of it) the answer is DEFERRED, remembered for the room
 * for `SNAPSHOT_MAX_AGE_MS` when it was the tenant's (`deferredRooms`). A
 * failed registry call is a 503 (registryUnavailable).
 */
export async function roomPlacement(env: Env, tenantId: string, roomId: string, asker: RoomAsker, keepableIds: Set<string>): Promise<RoomOutcome | typeof DEFERRED> {
  const key = `${encodeURIComponent(tenantId)}/${encodeURIComponent(roomId)}`;
  const maxAge = Number(env.SNAPSHOT_MAX_AGE_MS);
  const ask = { anchor: asker.anchor, anchoredBy: asker.anchoredBy, anchorCountry: asker.anchorCountry, country: asker.country, device: !asker.vouches, client: asker.client };
  if (!asker.vouches && deferredRooms.held(key, maxAge) !== undefined) return DEFERRED;
  const call = (pool: RoomPool | null) =>
    fromRegistry(() => rooms.get(key, maxAge, () => registry(env, tenantId).room(roomId, ask, pool) as Promise<RoomAnswer>, { keep: isAssignment }));
  const first = asker.vouches ? "verified" : null;
  const askedAt = Date.now();
  let known = await call(first);
  if (asker.vouches && (known === DEFERRED || known === CLIENT_DEFERRED)) {
    // A device's ask in flight answered this one: a secret key is never deferred.
    rooms.invalidate(key);
    known = await call(first);
  }
  if (known === DEFERRED) deferredRooms.remember(key, DEFERRED, askedAt);
  if (known === CLIENT_DEFERRED) return DEFERRED;
  if (known && known !== NOT_HELD && known !== DEFERRED && (!keepableIds.has(known.assignment.nodeId) || (asker.vouches && newsFor(known.assignment, asker)))) {
    // Held on a node this isolate sees as unable to keep it: the registry, whose view is newer, keeps it or moves it.
    // Or remembered as something a secret key changes (vouching, re-anchoring): the registry, not this memo, records that.
    rooms.invalidate(key);
    known = await call(first);
  }
  if (known === NOT_HELD) {
    const pool = await asker.pool();
    // Asked afresh: a lookup another request has in flight would answer NOT_HELD again.
    rooms.invalidate(key);
    known = await call(pool);
  }
  if (known === NOT_HELD || known === null) return null;
  if (known === DEFERRED || known === CLIENT_DEFERRED) return DEFERRED;
  // Placed (by this ask or another, e.g. a secret key's): no longer deferred here.
  deferredRooms.invalidate(key);
  return known;
}

/** Whether a secret key's ask changes a remembered assignment: it vouches for an unverified room, or re-anchors one an edge anchored. */
const newsFor = (a: { pool: RoomPool; anchoredBy: string }, asker: RoomAsker) =>
  a.pool === "unverified" || (asker.anchoredBy === "server" && a.anchoredBy !== "server");
