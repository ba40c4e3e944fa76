import { DurableObject } from "cloudflare:workers";
import { ChangeLog } from "../domain/change-log";
import type { Point } from "../domain/geo";
import type { FullSync, NodeSync, SyncCursor } from "../domain/node-sync";
import { fullBucket, take, type Bucket, type BucketRule } from "../../../../shared/limits/token-bucket";
import { BoundedLru } from "../../../../shared/memo/lru";
import { canKeep, isOffered, liveNode, type LiveNode, type LiveState, type NodeDefinition } from "../domain/nodes";
import { DEFAULT_POLICY, outsideResidency, roomCandidates, type ResidencyPolicy } from "../domain/residency";
import { CLIENT_DEFERRED, DEFERRED, NOT_HELD, placeRoom, vouchedFor, type Offered, type RoomAsk, type RoomAssignment, type RoomOutcome, type RoomPool } from "../domain/rooms";
import { HeartbeatStore } from "../store/heartbeats";
import { NodeStore } from "../store/nodes";
import { PolicyStore } from "../store/policy";
import { RoomStore } from "../store/rooms";

/** The whole set an isolate's copy starts from: every node heard from, and the policy. */
export type Snapshot = FullSync;

/** A node with its live state as the registry last heard it. */
export interface NodeView extends NodeDefinition {
  live: { load: number; healthy: boolean; lastHeartbeatAt: string; offered: boolean } | null;
}

/** Room assignments kept in memory; the rest are read back from SQLite on demand. */
const ROOM_MEMO = 10_000;

/**
 * Verified room assignments kept at all (placed by a secret key, or rooms the tenant made): past it the least
 * recently used of them is dropped (a room asked about again is placed afresh, from the anchor of whoever
 * asks then). Ids a buyer's device invents never count here (MAX_UNVERIFIED_ROOMS).
 */
export const MAX_ROOMS = 100_000;

/**
 * Unverified room assignments kept at all: ids a buyer's device names that the tenant did not make (its app's
 * own room ids, or invented ones). They drop only each other, least recently used first. A room in use is
 * marked so at least every ROOM_TOUCH_MS (a minute) while it is asked about, so to push it out more than
 * this many other ids must be placed within that minute, ~1,700 a second: far above DEVICE_ROOM_BUDGET (at
 * most ~700 new rooms from devices a minute), and above what one registry object serves at all. A tenant's honest churn of its own ids (1v1 calls) gets the same
 * room as MAX_ROOMS. At ~150 bytes a row it costs ~15 MB of the object's SQLite at most.
 */
export const MAX_UNVERIFIED_ROOMS = 100_000;

/**
 * Nodes a tenant may register: README's high end. Every isolate that serves the tenant's lookups holds
 * its live nodes in a snapshot, so an unbounded registry would be unbounded memory in isolates that
 * other tenants share.
 */
export const MAX_NODES = 5_000;

/**
 * Rooms a buyer's device may be first to name, tenant-wide: a burst of 100, then 10 a second (36,000 an hour;
 * a tenant's own rooms placed by its server are not counted). Each such room costs a D1 read of the shared
 * room directory, a scan and rank of every node and a write here; without a bound anyone holding the
 * publishable key drives that work at the gateway's whole per-client budget times their addresses (~7,700 a
 * second from one /56) onto the object that also takes the tenant's heartbeats. Past it the room is not
 * placed (DEFERRED) and the lookup answers without pinning it; rooms already placed are kept as ever. An id
 * many devices name at once (a show going live, seen by many isolates) takes one token: it is held as
 * granted for NEW_ROOM_GRANT_MS, until the placement it was granted for lands.
 */
export const DEVICE_ROOM_BUDGET: BucketRule = { capacity: 100, perSecond: 10 };

/**
 * Each client's share of DEVICE_ROOM_BUDGET, taken first (`clientPrefix`: an IPv4 address, an IPv6 /48): a burst
 * of 5, then one every 5 s, a twentieth of the tenant's burst and a fiftieth of its rate. A handful of clients
 * (five) then take at most a quarter of the burst and a tenth of the rate, leaving the rest to the tenant's
 * other buyers; emptying the burst takes 20 clients, keeping it empty 50. (At 20 and 2 a second, five clients
 * kept it empty.) A buyer's device names few new rooms: a page's rooms, a call it starts; 5 at once and 12 a
 * minute after is more than one person does. What is shared is one address, or one /48: buyers behind a
 * carrier's NAT share a share, and past it get their own nearest node (`deferred`) until it refills. A client
 * past it is CLIENT_DEFERRED and spends none of the tenant's. Held for at most MAX_CLIENT_BUCKETS clients,
 * least recently asking out first (a bucket dropped starts full again: only a client silent while that many
 * others asked gets a fresh burst).
 */
export const CLIENT_ROOM_BUDGET: BucketRule = { capacity: 5, perSecond: 0.2 };
const MAX_CLIENT_BUCKETS = 10_000;
const NEW_ROOM_GRANT_MS = 10_000;
/** Grants held at most: all the budget can grant within NEW_ROOM_GRANT_MS (burst + rate × that), 200. */
const MAX_NEW_ROOM_GRANTS = DEVICE_ROOM_BUDGET.capacity + (DEVICE_ROOM_BUDGET.perSecond * NEW_ROOM_GRANT_MS) / 1000;

/** At most this many assignments are dropped by one call. */
const ROOM_DROP_BATCH = 100;

/** A kept assignment is marked in use at most this often (a write), which orders what is dropped first. */
const ROOM_TOUCH_MS = 60_000;

/**
 * How often noted heartbeats are written (store/heartbeats.ts): a fifth of the TTL, 3 s. Shorter than a
 * node's heartbeat interval (~5 s, a third of the TTL), so its next heartbeat always finds this passed and
 * writes what was noted: a stored heartbeat is at most one behind (two intervals old), and a registry
 * restarted at any moment still offers a steady node when its next heartbeat lands. The spare 2 s absorb late
 * heartbeats. A write is one row, the whole live state, however many nodes beat.
 */
const heartbeatWriteEveryMs = (ttlMs: number) => ttlMs / 5;

/**
 * What a node's last heartbeat alone, whatever its age, lets the registry do with it: 2, offer it; 1, keep
 * the rooms on it (`canKeep`); 0, neither.
 */
const standing = (def: NodeDefinition, live: LiveState) => {
  const node = liveNode(def, live);
  return isOffered(node, live.lastSeen, Infinity) ? 2 : canKeep(node, live.lastSeen, Infinity) ? 1 : 0;
};

/**
 * One tenant's media-node registry, the single writer for its nodes, policy
 * and room assignments. Definitions (rare writes) live in SQLite and are all
 * held in memory; heartbeats (thousands of nodes every few seconds) are
 * served from memory and written behind (HeartbeatStore), so a restarted
 * registry offers the nodes that were live at once. A heartbeat that turns a
 * node unhealthy or full is written before it is answered: a restart must
 * never offer a node from an older, better state. One that turns it back waits
 * for the next write (an older, worse state is safe).
 */
export class MediaRegistry extends DurableObject<Env> {
  private nodes = new Map<string, NodeDefinition>();
  /**
   * Each node heard from, with its last heartbeat: made when it beats or is redefined, so a snapshot or a
   * placement hands these out as they are and copies no node.
   */
  private live = new Map<string, LiveNode>();
  /** Each node's last accepted heartbeat's `sentAt`, for those that send one (memory only: after a restart, only the TTL bound holds). */
  private sentAt = new Map<string, number>();
  /** Changes to `live` and the policy in order: an isolate's refresh gets those since its cursor (`snapshot`). */
  private changes = new ChangeLog(crypto.randomUUID());
  private policy: ResidencyPolicy | null = null;
  /** Assignments held in memory, least recently asked about out first; the rest are read from SQLite. */
  private rooms = new BoundedLru<string, RoomAssignment>({ maxEntries: ROOM_MEMO });
  private roomCount: Record<RoomPool, number> = { verified: 0, unverified: 0 };
  private maxRooms = MAX_ROOMS;
  private maxUnverifiedRooms = MAX_UNVERIFIED_ROOMS;
  private maxNodes = MAX_NODES;
  private deviceRoomBudget = DEVICE_ROOM_BUDGET;
  private deviceRoomTokens: Bucket = fullBucket(DEVICE_ROOM_BUDGET, Date.now());
  private clientRoomBudget = CLIENT_ROOM_BUDGET;
  /** Each client's share of the budget (`CLIENT_ROOM_BUDGET`), least recently asking out first. */
  private clientRoomTokens = new BoundedLru<string, Bucket>({ maxEntries: MAX_CLIENT_BUCKETS });
  /** Room ids granted a placement from the budget, each for NEW_ROOM_GRANT_MS. */
  private newRoomGrants = new BoundedLru<string, true>({ maxEntries: MAX_NEW_ROOM_GRANTS, maxAgeMs: NEW_ROOM_GRANT_MS });
  private nodeStore!: NodeStore;
  private roomStore!: RoomStore;
  private policyStore!: PolicyStore;
  private heartbeatStore!: HeartbeatStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      // Each store brings its tables up to date, once per version (store/schema.ts).
      this.nodeStore = new NodeStore(ctx.storage);
      this.roomStore = new RoomStore(ctx.storage);
      this.policyStore = new PolicyStore(ctx.storage);
      this.heartbeatStore = new HeartbeatStore(ctx.storage, heartbeatWriteEveryMs(this.ttlMs));
      for (const n of this.nodeStore.all()) this.nodes.set(n.id, n);
      // A row older than the TTL loads too: isOffered ages it out like any other silent node.
      for (const [id, live] of this.heartbeatStore.all()) {
        const def = this.nodes.get(id);
        if (def) {
          this.live.set(id, liveNode(def, live));
          this.changes.holds(id);
        }
      }
      this.policy = this.policyStore.get();
      this.roomCount = { verified: this.roomStore.count("verified"), unverified: this.roomStore.count("unverified") };
    });
  }

  private get ttlMs(): number {
    return Number(this.env.NODE_TTL_MS);
  }

  private view(def: NodeDefinition, now: number): NodeView {
    const live = this.live.get(def.id);
    if (!live) return { ...def, live: null };
    return {
      ...def,
      live: { load: live.load, healthy: live.healthy, lastHeartbeatAt: new Date(live.lastSeen).toISOString(), offered: isOffered(live, now, this.ttlMs) },
    };
  }

  /** Registers or replaces a node's definition; its live state survives a replacement. Null: a new node past the limit. */
  putNode(def: NodeDefinition): { created: boolean; node: NodeView } | null {
    const now = Date.now();
    const created = !this.nodes.has(def.id);
    if (created && this.nodes.size >= this.maxNodes) return null;
    this.nodeStore.put(def, now);
    this.nodes.set(def.id, def);
    const live = this.live.get(def.id);
    if (live) {
      this.live.set(def.id, liveNode(def, live));
      this.changes.defined(def.id);
    }
    return { created, node: this.view(def, now) };
  }

  getNode(id: string): NodeView | null {
    const def = this.nodes.get(id);
    return def ? this.view(def, Date.now()) : null;
  }

  /** Up to `limit` nodes with ids after `after`, in id order. */
  listNodes(after: string | undefined, limit: number): NodeView[] {
    const now = Date.now();
    return [...this.nodes.keys()]
      .filter((id) => after === undefined || id > after)
      .sort()
      .slice(0, limit)
      .map((id) => this.view(this.nodes.get(id)!, now));
  }

  deleteNode(id: string): boolean {
    if (!this.nodes.delete(id)) return false;
    if (this.live.delete(id)) this.changes.removed(id);
    this.sentAt.delete(id);
    // Together: a node registered again under this id starts with no heartbeat.
    this.ctx.storage.transactionSync(() => {
      this.nodeStore.delete(id);
      this.heartbeatStore.delete(id);
    });
    return true;
  }

  /**
   * Records a heartbeat. Answers null for an unknown node, else whether the
   * node's offered state flipped (the caller then drops its snapshot at once
   * instead of waiting out its age).
   */
  heartbeat(id: string, load: number, healthy: boolean, sentAt?: number): { changed: boolean; offered: boolean; expiresAt: number; stale: boolean } | null {
    const now = Date.now();
    const r = this.record(id, load, healthy, now, sentAt);
    if (r) this.heartbeatStore.flush(now, r.urgent);
    return r && r.beat;
  }

  /** Many nodes' heartbeats in one call (a fleet controller's batch); answers the ids it does not know. */
  heartbeats(beats: { nodeId: string; load: number; healthy: boolean; sentAt?: number }[]): { accepted: number; unknown: string[]; stale: string[]; changed: boolean } {
    const now = Date.now();
    const unknown: string[] = [];
    const stale: string[] = [];
    let changed = false;
    let urgent = false;
    for (const b of beats) {
      const r = this.record(b.nodeId, b.load, b.healthy, now, b.sentAt);
      if (!r) unknown.push(b.nodeId);
      else if (r.beat.stale) stale.push(b.nodeId);
      else {
        changed ||= r.beat.changed;
        urgent ||= r.urgent;
      }
    }
    // One write for the whole batch, if any.
    this.heartbeatStore.flush(now, urgent);
    return { accepted: beats.length - unknown.length - stale.length, unknown, stale, changed };
  }

  /**
   * A heartbeat into memory, noted for storage; `urgent` when storage must have it before the answer leaves.
   * With `sentAt` (the sender's clock, ms), a beat no newer than the node's last one so dated, or older than
   * the TTL, is dropped (`stale`): a batch a fleet controller sends again after a timeout must not bring back,
   * for another TTL, a node that died since. An accepted one counts as heard at `sentAt` when that is earlier
   * than now, so a late beat keeps its node only as long as it would have on time. (Without `sentAt`, the beat
   * is heard now, as before.) A `sentAt` ahead of now (the sender's clock ahead, or stepped back since) is kept
   * as now: kept as sent, every later beat from a corrected clock would be dropped as stale and the node would age
   * out and stay out until the registry restarts.
   */
  private record(id: string, load: number, healthy: boolean, now: number, sentAt?: number) {
    const def = this.nodes.get(id);
    if (!def) return null;
    const before = this.live.get(id);
    if (sentAt !== undefined && (sentAt <= (this.sentAt.get(id) ?? -Infinity) || now - sentAt > this.ttlMs)) {
      const offeredNow = before !== undefined && isOffered(before, now, this.ttlMs);
      return { beat: { changed: false, offered: offeredNow, expiresAt: before ? before.lastSeen + this.ttlMs : now, stale: true }, urgent: false };
    }
    if (sentAt !== undefined) this.sentAt.set(id, Math.min(sentAt, now));
    const after = { load, healthy, lastSeen: sentAt === undefined ? now : Math.min(now, sentAt) };
    const node = liveNode(def, after);
    this.live.set(id, node);
    if (before) this.changes.beat(id);
    else this.changes.defined(id);
    this.heartbeatStore.note(id, after);
    const offered = isOffered(node, now, this.ttlMs);
    const changed = !before || isOffered(before, now, this.ttlMs) !== offered;
    // The stored row would let a restart do more with the node than this heartbeat does (offer it, or keep rooms
    // on it): written at once. A stored row worse than the truth is safe (a restart offers the node from its next
    // heartbeat, ~5 s) and waits for the next write: nodes hover at the cut-off, and each urgent write is the
    // whole live state (store/heartbeats.ts), so only half the flips cost one. A node's first heartbeat is
    // written at once: a registry restarted after it then offers the node without waiting for another.
    const stored = this.heartbeatStore.stored(id);
    const urgent = !stored || standing(def, after) < standing(def, stored);
    return { beat: { changed, offered, expiresAt: after.lastSeen + this.ttlMs, stale: false }, urgent };
  }

  /**
   * What an isolate's copy of the nodes needs: with no cursor (or one this registry cannot answer from: an
   * older epoch, or past what its change log keeps) every node heard from and the policy; else only what
   * changed since the cursor (whole nodes for joins and redefinitions, heartbeats for the rest, ids removed,
   * the policy if it changed), or "unchanged". A node's expiry needs no change: lookups check the TTL
   * against its last heartbeat. Memory only; no node is copied.
   */
  snapshot(): Snapshot;
  snapshot(since?: SyncCursor | null): NodeSync;
  snapshot(since: SyncCursor | null = null): NodeSync {
    const head = { at: Date.now(), ttlMs: this.ttlMs, cursor: { epoch: this.changes.epoch, version: this.changes.version } };
    const changes = since?.epoch === this.changes.epoch ? this.changes.since(since.version) : null;
    if (!since || !changes) return { kind: "full", ...head, nodes: [...this.live.values()], policy: this.policy ?? DEFAULT_POLICY };
    if (head.cursor.version === since.version) return { kind: "unchanged", ...head, since: since.version };
    return {
      kind: "delta",
      ...head,
      since: since.version,
      nodes: changes.defined.map((id) => this.live.get(id)!),
      beats: changes.beaten.map((id) => {
        const n = this.live.get(id)!;
        return [id, n.load, n.healthy, n.lastSeen];
      }),
      removed: changes.removed,
      ...(changes.policy ? { policy: this.policy ?? DEFAULT_POLICY } : {}),
    };
  }

  /** A scan of every node heard from, for placing or moving a room (`room` keeps one without it). */
  private offered(now: number): LiveNode[] {
    const out: LiveNode[] = [];
    for (const node of this.live.values()) if (isOffered(node, now, this.ttlMs)) out.push(node);
    return out;
  }

  putPolicy(policy: ResidencyPolicy): ResidencyPolicy {
    this.policyStore.put(policy, Date.now());
    this.policy = policy;
    this.changes.policy();
    return policy;
  }

  getPolicy(): { policy: ResidencyPolicy; isDefault: boolean } {
    return { policy: this.policy ?? DEFAULT_POLICY, isDefault: this.policy === null };
  }

  /**
   * The room's node: its stored assignment while that node can keep it
   * (`canKeep`) and is inside the room's residency or no node inside it is
   * offered (`outsideResidency`: a room moved out during an outage comes
   * back at the first ask once one is up; this call is the single writer, with
   * no await between reading the assignment and storing its replacement),
   * else a new placement by rendezvous hashing near its anchor
   * among the nodes its residency and the asking buyer's allow
   * (`roomCandidates`), stored before the answer leaves. Null when no such
   * node is offered. A room without an assignment is placed, in `pool`, only
   * when the asker names one; otherwise NOT_HELD and nothing is written, or,
   * for a buyer's device past the tenant's budget of new rooms
   * (DEVICE_ROOM_BUDGET), DEFERRED, or past its client's share of it
   * (`client`, CLIENT_ROOM_BUDGET), CLIENT_DEFERRED. A stored room is kept
   * or moved whoever asks. Keeping one looks at its node alone: only placing, moving or
   * re-anchoring scans the nodes (and keeping one outside its residency, while
   * it is), so the calls of a room in use cost the same however many nodes there are.
   */
  room(
    roomId: string,
    ask: RoomAsk & { country: string | null; device: boolean; client?: string | null },
    pool: RoomPool | null,
  ): RoomOutcome | typeof NOT_HELD | typeof DEFERRED | typeof CLIENT_DEFERRED {
    const now = Date.now();
    const stored = this.rooms.peek(roomId) ?? this.roomStore.get(roomId);
    if (!stored && pool === null) return ask.device ? this.grantNewRoom(roomId, now, ask.client ?? null) : NOT_HELD;
    const offered: Offered = {
      keeps: (nodeId) => {
        const node = this.live.get(nodeId);
        return node !== undefined && canKeep(node, now, this.ttlMs);
      },
      strays: (nodeId, roomCountry) => {
        const node = this.live.get(nodeId);
        return node !== undefined && outsideResidency(this.policy ?? DEFAULT_POLICY, roomCountry, node, () => this.offered(now));
      },
      candidates: (roomCountry) => roomCandidates(this.policy ?? DEFAULT_POLICY, ask.country, roomCountry, this.offered(now)),
    };
    const placed = placeRoom(roomId, stored, ask, offered, now, pool ?? "unverified");
    if (!stored) this.newRoomGrants.delete(roomId);
    if (!placed) return null;
    let assignment = vouchedFor(placed.assignment, pool);
    if (assignment !== stored) {
      // Placed, moved, anchored, re-anchored or vouched for.
      assignment = { ...assignment, assignedAt: now };
      this.roomStore.put(assignment);
      if (stored) this.roomCount[stored.pool]--;
      this.roomCount[assignment.pool]++;
    } else if (now - assignment.assignedAt >= ROOM_TOUCH_MS) {
      assignment = { ...assignment, assignedAt: now };
      this.roomStore.touch(roomId, now);
    }
    this.rooms.set(roomId, assignment);
    this.dropStalest("verified", this.maxRooms, roomId);
    this.dropStalest("unverified", this.maxUnverifiedRooms, roomId);
    return { assignment, status: placed.status };
  }

  /**
   * Whether a buyer's device may go on to place the room (a D1 read, then a placement: NOT_HELD) or not: a room
   * granted within NEW_ROOM_GRANT_MS is again without a token, any other takes one from the client's share
   * (`client`, CLIENT_ROOM_BUDGET; past it CLIENT_DEFERRED), then one from the tenant's budget (past it
   * DEFERRED). No more grants can be live than MAX_NEW_ROOM_GRANTS, what the budget grants within NEW_ROOM_GRANT_MS.
   */
  private grantNewRoom(roomId: string, now: number, client: string | null): typeof NOT_HELD | typeof DEFERRED | typeof CLIENT_DEFERRED {
    if (this.newRoomGrants.peek(roomId, now)) return NOT_HELD;
    if (client !== null) {
      const mine = take(this.clientRoomTokens.peek(client) ?? fullBucket(this.clientRoomBudget, now), this.clientRoomBudget, now);
      this.clientRoomTokens.set(client, mine.bucket);
      if (!mine.ok) return CLIENT_DEFERRED;
    }
    const taken = take(this.deviceRoomTokens, this.deviceRoomBudget, now);
    if (!taken.ok) return DEFERRED;
    this.deviceRoomTokens = taken.bucket;
    this.newRoomGrants.set(roomId, true, { now });
    return NOT_HELD;
  }

  /** Keeps `pool` within `max`, dropping only its own least recently used (never `keep`, the room just asked about). */
  private dropStalest(pool: RoomPool, max: number, keep: string): void {
    const over = this.roomCount[pool] - max;
    if (over <= 0) return;
    // A bounded delete per call: a registry that grew before the bound existed shrinks over later calls.
    for (const dropped of this.roomStore.dropStalest(pool, Math.min(over, ROOM_DROP_BATCH), keep)) {
      this.rooms.delete(dropped);
      this.roomCount[pool]--;
    }
  }
}
