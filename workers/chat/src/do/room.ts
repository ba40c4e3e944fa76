import { DurableObject } from "cloudflare:workers";
import { CLOSE, RESUME_PAGE, type MessageBody, type MessageFrame, type ParsedClientFrame, type ServerFrame } from "../../../../shared/chat/protocol";
import { problemResponse } from "../../../../shared/http/problem";
import { newId } from "../../../../shared/ids";
import { readCost, type ReadBusy } from "../domain/bucket";
import { maxViewersPerShard } from "../domain/live-rate";
import { canPublish, isMuted, unreadCount } from "../domain/permissions";
import { withModId, type ModerationEntry } from "../domain/moderation-replay";
import { MODERATION_TAIL } from "../domain/moderation-window";
import { MAX_PINS, messagePin } from "../domain/pins";
import { shardName } from "../domain/shard";
import { RoomStore, type RoomRecord } from "../store/room-store";
import { ShardFanout } from "./fanout";
import { UserBudgets } from "./budgets";
import { EPHEMERAL_MAX_SOCKETS, ReadGate, TypingGate } from "./ephemeral";
import { TokenExpiry } from "./expiry";
import { LiveBudget } from "./live-budget";
import { moderate, type ModeratedRoom } from "./moderation";
import { PING, PONG, type Actor, type HistoryAnswer, type ModerationAnswer, type PublishResult, type ReplayAnswer, type ShardBoot } from "./room-api";
import { RoomResumes } from "./room-resume";
import { SocketCount } from "./socket-count";
import { acceptUserSocket, broadcast, capUserSockets, connFromHeaders, connOf, errorFrame, receive, send, userSockets } from "./sockets";

/** Sockets one ordinary room holds; past this a room should be `live` (sharded). */
const MAX_ROOM_SOCKETS = 10_000;

/** How soon the durable backstop re-syncs shards after a failed delivery, should the room be evicted before its retries succeed. */
const RESYNC_AFTER_MS = 10_000;

/**
 * One chat room: sequences, stores and delivers its messages. Sockets are
 * hibernated (an idle room costs nothing); every frame is validated, and a
 * message is acknowledged only after its SQLite write, which the output gate
 * makes durable before any frame leaves. Live rooms hold no viewers: shards
 * do, and the room pushes every sequenced frame to them.
 */
export class ChatRoom extends DurableObject<Env> {
  private store!: RoomStore;
  private record: RoomRecord | null = null;
  /** The room's budgets for everyone together: messages accepted (every room), pages read (live rooms) (`LiveBudget`). */
  private readonly live = new LiveBudget(maxViewersPerShard(this.env));
  private shardList: number[] | null = null;
  /** Whether this instance pushed frames to the shards, and whether the resync alarm is known to be set. */
  private emitted = false;
  private resyncArmed = false;
  private readonly budgets = new UserBudgets();
  private readonly expiry = new TokenExpiry(this.ctx);
  private readonly typing = new TypingGate();
  private readonly reads = new ReadGate();
  /** Sockets above which presence, typing and reads are not relayed (`ephemeral.ts`); a field so a test can lower it. */
  private ephemeralMax = EPHEMERAL_MAX_SOCKETS;
  /**
   * The sockets held, for the decisions that need only how many (`SocketCount`): a room of thousands lists them
   * at most once a second, not on every connect, typing or read frame (each list ~0.45 µs a socket).
   */
  private readonly sockets = new SocketCount(this.ctx);
  /** A big room's `online` for `hello` (past `ephemeralMax` sockets), listed at most once a second. */
  private onlineSnapshot: { at: number; users: string[] } | null = null;
  /** An ordinary room's resumes, paged (`RoomResumes`). */
  private readonly resumes = new RoomResumes(
    {
      after: (afterSeq, limit) => this.store.after(afterSeq, limit),
      latestSeq: () => this.store.latestSeq,
      moderation: (afterMod, limit) => ({ items: this.store.moderationAfter(afterMod, limit), floor: this.store.moderationFloor }),
      modHead: () => this.store.moderationHead,
      synced: (userId) => this.synced(userId),
    },
    this.budgets,
  );
  private readonly fanout = new ShardFanout(
    (k) => this.env.SHARDS.get(this.env.SHARDS.idFromName(shardName(this.record!.tenantId, this.record!.id, k))),
    () => ({ heads: { seq: this.store.latestSeq, mod: this.store.moderationHead }, pins: this.store.pins }),
    () => void this.armResync(),
    (k, viewers) => this.live.audience.report(k, viewers),
  );

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
    void ctx.blockConcurrencyWhile(async () => {
      // Any well-formed id reaches an object; one nobody created stays empty (no schema, no rows): `init` makes the schema.
      if (!RoomStore.exists(ctx.storage.sql)) return;
      this.store = new RoomStore(ctx.storage.sql);
      this.record = this.store.room();
    });
  }

  /** Creates the room; calling it again returns the existing record unchanged. */
  init(room: RoomRecord, members: string[]): RoomRecord {
    if (!this.record) {
      this.store ??= new RoomStore(this.ctx.storage.sql);
      this.store.createRoom(room, members);
      this.record = this.store.room();
    }
    return this.record!;
  }

  info(): { room: RoomRecord; latestSeq: number } | null {
    return this.record ? { room: this.record, latestSeq: this.store.latestSeq } : null;
  }

  /**
   * A page of history; with a reader (a chat token's user), also their read marker and unread count. A member's
   * read of a live room spends their own read share and the room's read budget, and is refused while either is
   * empty; only once they may read at all, so a removed user's token spends nothing.
   */
  history(afterSeq: number, limit: number, reader?: Actor): HistoryAnswer | null {
    if (!this.record) return null;
    const userId = reader?.userId;
    if (userId) {
      const member = this.store.member(userId);
      if (member?.removed || (this.record.kind === "direct" && !member?.listed)) return { forbidden: true as const };
    }
    const busy = this.spendRead(reader, readCost(limit), this.budgets);
    if (busy) return busy;
    const items = this.store.after(afterSeq, limit);
    const latestSeq = this.store.latestSeq;
    const lastReadSeq = userId ? (this.store.member(userId)?.lastReadSeq ?? 0) : undefined;
    return { items, latestSeq, ...(lastReadSeq === undefined ? {} : { lastReadSeq, unread: unreadCount(latestSeq, lastReadSeq) }) };
  }

  /** The WebSocket upgrade, after the Worker verified the token. */
  override async fetch(request: Request): Promise<Response> {
    const now = Date.now();
    const conn = connFromHeaders(request.headers, now);
    if (!conn) return problemResponse(400, "bad_request", "Missing connection claims.");
    if (!this.record) return problemResponse(404, "not_found", "Room was not found.");
    if (this.record.kind === "live") return problemResponse(409, "live_room", "Viewers of a live room connect through its shards.");
    const member = this.store.member(conn.userId);
    if (member?.removed) return problemResponse(403, "removed", "You were removed from this room.");
    if (this.record.kind === "direct" && !member?.listed) return problemResponse(403, "not_a_member", "This direct room is only for its members.");
    // Refused only on the runtime's own count, asked afresh (sockets this object closed may not have reported back).
    const held = this.sockets.get(now);
    if (held >= MAX_ROOM_SOCKETS && this.sockets.get(now, 0) >= MAX_ROOM_SOCKETS) {
      return problemResponse(503, "room_full", "This room holds no more connections; large audiences belong in a live room.");
    }

    capUserSockets(this.ctx, conn.userId);
    const firstSocketOfUser = userSockets(this.ctx, conn.userId).length === 0;
    const { 0: client, 1: server } = new WebSocketPair();
    acceptUserSocket(this.ctx, server, { ...conn, v: Number(new URL(request.url).searchParams.get("v")) || 1 });
    this.sockets.accepted();
    // Only once the socket is accepted: a connect that fails leaves no member behind.
    this.store.upsertMember(conn.userId, conn.role);
    await this.expiry.watch(conn.exp);
    const lastReadSeq = this.store.member(conn.userId)?.lastReadSeq ?? 0;
    send(server, {
      type: "hello",
      roomId: this.record.id,
      kind: this.record.kind,
      userId: conn.userId,
      role: conn.role,
      seq: this.store.latestSeq,
      lastReadSeq,
      unread: unreadCount(this.store.latestSeq, lastReadSeq),
      online: this.online(now),
      pins: this.store.pins,
      moderationIds: true,
      modHead: this.store.moderationHead,
    });
    if (firstSocketOfUser && held < this.ephemeralMax) broadcast(this.ctx.getWebSockets(), { type: "presence", userId: conn.userId, status: "join" }, server);
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const frame = receive(ws, raw, this.budgets);
    if (!frame) return;
    const conn = connOf(ws);
    switch (frame.type) {
      case "publish": {
        const r = this.publish(conn, frame.clientMsgId, frame.body);
        send(ws, r.ok ? { type: "ack", clientMsgId: frame.clientMsgId, seq: r.seq, ...(r.duplicate ? { duplicate: true } : {}) } : r.error);
        return;
      }
      case "resume":
        return this.resumes.resume(ws, conn, frame.afterSeq, frame.afterMod);
      case "read": {
        // Stored for a muted user too (their own unread count), relayed only when it moved, at most every 2 s (`ephemeral.ts`).
        const read = this.store.markRead(conn.userId, frame.seq);
        if (!read.moved || this.muted(conn.userId) || !this.reads.admit(conn.userId, Date.now())) return;
        if (this.sockets.get(Date.now()) <= this.ephemeralMax) broadcast(this.ctx.getWebSockets(), { type: "read", userId: conn.userId, seq: read.seq });
        return;
      }
      case "typing": {
        if (!this.typing.admit(conn.userId, frame.typing, Date.now()) || this.muted(conn.userId)) return;
        if (this.sockets.get(Date.now()) <= this.ephemeralMax) broadcast(this.ctx.getWebSockets(), { type: "typing", userId: conn.userId, typing: frame.typing }, ws);
        return;
      }
      case "ping":
        send(ws, { type: "pong" });
        return;
      default: {
        const answer = moderate(this.moderated(), conn, frame);
        if (answer) send(ws, answer);
      }
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.sockets.closed();
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
    this.leave(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.leave(ws);
  }

  // ---- live rooms: the calls shards make ----

  /** Registers a shard so it receives every frame (with the viewers it holds); returns what it needs to serve viewers. */
  attachShard(k: number, viewers = 0): ShardBoot | null {
    if (!this.record) return null;
    this.store.addShard(k);
    this.shardList = null;
    this.live.audience.report(k, viewers);
    const latestSeq = this.store.latestSeq;
    return {
      room: this.record,
      latestSeq,
      tail: this.store.after(Math.max(0, latestSeq - 200), 200),
      removed: this.store.removedUsers(),
      modHead: this.store.moderationHead,
      modTail: this.store.moderationAfter(Math.max(0, this.store.moderationHead - MODERATION_TAIL), MODERATION_TAIL),
      pins: this.store.pins,
    };
  }

  /**
   * Forgets a shard that has had no viewers for a while (it says so, `ChatShard.deliver`): the room stops sending it
   * frames. It calls `attachShard` again, through the same stub and so after this, before it admits a viewer.
   */
  detachShard(k: number): void {
    if (!this.record) return;
    this.store.removeShard(k);
    this.shardList = null;
    this.live.audience.forget(k);
  }

  /** A shard that grew by a quarter since it last said (`worthReporting`): the publish rate follows at once, not at the next delivery. */
  shardViewers(k: number, viewers: number): void {
    if (this.record) this.live.audience.report(k, viewers);
  }

  /**
   * Moderation after an id, for a shard that missed some (a failed delivery, a restart): its own catch-up, never
   * refused. `floor`: entries at or below it are no longer kept, so a shard behind it missed some for good.
   */
  moderationAfter(afterId: number, limit: number): { items: ModerationEntry[]; head: number; floor: number } {
    if (!this.record) return { items: [], head: 0, floor: 0 };
    return { items: this.store.moderationAfter(afterId, Math.min(limit, 500)), head: this.store.moderationHead, floor: this.store.moderationFloor };
  }

  /**
   * A page of moderation for a viewer's resume (`afterMod`) older than what its shard keeps (MODERATION_TAIL). A
   * member's spends the room's read budget, as a page of messages does (`replayFor`).
   */
  moderationFor(reader: Actor, afterMod: number, limit: number): ModerationAnswer {
    if (!this.record) return { items: [], head: 0, floor: 0 };
    return this.spendRead(reader, 1) ?? this.moderationAfter(afterMod, Math.min(limit, RESUME_PAGE));
  }

  /**
   * A live room's: the durable backstop, which re-sends every shard the room's heads and re-arms while any shard stays
   * unreachable. Other rooms hold sockets: their alarm closes those whose token expired (`TokenExpiry`).
   */
  override async alarm(): Promise<void> {
    if (!this.record) return;
    if (this.record.kind !== "live") return this.expiry.sweep();
    this.resyncArmed = false;
    // This instance pushed everything it sequenced, and it all arrived: nothing to re-send. A fresh instance (the
    // room was reset with frames still queued in the old one's memory) cannot know, so it re-sends the heads.
    if (this.emitted && this.fanout.idle) return;
    if (!(await this.fanout.sync(this.store.shards()))) await this.armResync();
  }

  private async armResync(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + RESYNC_AFTER_MS);
    this.resyncArmed = true;
  }

  /** Messages after a seq, for a shard filling a gap: the shard's own catch-up, which keeps its order, so never refused. */
  range(afterSeq: number, limit: number): { items: MessageFrame[]; latestSeq: number } {
    if (!this.record) return { items: [], latestSeq: 0 };
    return { items: this.store.after(afterSeq, Math.min(limit, 1000)), latestSeq: this.store.latestSeq };
  }

  /**
   * One page of a viewer's resume older than its shard's buffer. A member's spends the room's read budget, as a
   * history page does (their own share was spent at the shard); refused, the shard answers the viewer `room_busy`
   * and the viewer asks again.
   */
  replayFor(reader: Actor, afterSeq: number): ReplayAnswer {
    if (!this.record) return { items: [], latestSeq: 0 };
    return this.spendRead(reader, 1) ?? this.range(afterSeq, RESUME_PAGE);
  }

  /**
   * A publish that did not come over one of this room's sockets: from a live room's shard, or from
   * the tenant's server over HTTP. Nobody checked at connect time here, so a direct room's
   * membership is checked now.
   */
  publishFrom(actor: Actor, clientMsgId: string, body: MessageBody): PublishResult {
    if (!this.record) return { ok: false, error: errorFrame("not_found", "Room was not found.", { clientMsgId }) };
    if (this.record.kind === "direct" && !this.store.member(actor.userId)?.listed) {
      return { ok: false, error: errorFrame("forbidden", "This direct room is only for its members.", { clientMsgId }) };
    }
    return this.publish(actor, clientMsgId, body);
  }

  /** A moderation frame a live room's shard passes on; the answer for its sender, as `moderate` gives it. */
  moderateFrom(actor: Actor, frame: ParsedClientFrame): ServerFrame | null {
    if (!this.record) return errorFrame("not_found", "Room was not found.");
    return moderate(this.moderated(), actor, frame);
  }

  // ---- the room's one unit of work per frame ----

  private publish(actor: Actor, clientMsgId: string, body: MessageBody): PublishResult {
    const now = Date.now();
    const audience = this.publishAudience();
    // A busy room refuses before any SQLite read: refusals can be most of its calls (docs/chat-fanout.md). A
    // publish sent again is refused like any other meanwhile, and answered as a duplicate once sent again after it.
    const peeked = this.live.publish(actor, clientMsgId, audience, now, true);
    if (peeked) return { ok: false, error: peeked };
    // A publish sent again (its ack was lost) is answered as the duplicate it is, whatever changed since: the sender
    // muted, removed or now holding a lesser role. It was stored and delivered; refusing it now would tell the sender
    // it was not, and learns them nothing they did not know.
    const earlier = this.store.findByClientMsgId(actor.userId, clientMsgId);
    if (earlier !== null) return { ok: true, seq: earlier, duplicate: true };
    const member = this.store.member(actor.userId);
    if (member?.removed) return { ok: false, error: errorFrame("forbidden", "You were removed from this room.", { clientMsgId }) };
    if (member && isMuted(member, now)) {
      return { ok: false, error: errorFrame("muted", `You are muted until ${member.mutedUntil}.`, { clientMsgId }) };
    }
    if (!canPublish(actor.role, body)) return { ok: false, error: errorFrame("forbidden", `A ${actor.role} may not publish ${body.kind} messages.`, { clientMsgId }) };
    // Everyone's, hosts and moderators too, at what the fullest shard (an ordinary room: its sockets) can send.
    const busy = this.live.publish(actor, clientMsgId, audience, now);
    if (busy) return { ok: false, error: busy };
    const message = this.store.append({ id: newId("msg", now), from: actor.userId, role: actor.role, clientMsgId, at: new Date(now).toISOString(), body });
    // From the stored message and the role it records: the rule a client applies to history gives the same pins.
    const listing = messagePin(message);
    if (listing) this.store.pin(listing, message.seq, MAX_PINS);
    this.emit(message);
    return { ok: true, seq: message.seq, duplicate: false };
  }

  /**
   * The "shards" the room-wide publish rule follows (`liveRoomRule`): a live room's, or, for an ordinary room, itself
   * as shard 0 with its sockets. Its sockets cost a send each per message as a shard's viewers do: 10,000 sockets and
   * one member's 10 msgs/s were 100,000 sends a second.
   */
  private publishAudience(): number[] {
    if (this.record!.kind === "live") return (this.shardList ??= this.store.shards());
    this.live.audience.report(0, this.sockets.get(Date.now()));
    return [0];
  }

  /** A live room's member reads spend its read budget (`LiveBudget.read`); an ordinary room's are its sockets' business. */
  private spendRead(reader: Actor | undefined, cost: number, users?: UserBudgets): ReadBusy | null {
    return this.record!.kind === "live" ? this.live.read(reader, cost, users) : null;
  }

  /** What moderation acts on (`moderation.ts`). */
  private moderated(): ModeratedRoom {
    return {
      store: this.store,
      emitModeration: (frame) => this.emitModeration(frame),
      closeUser: (userId) => {
        for (const ws of userSockets(this.ctx, userId)) ws.close(CLOSE.removed, "removed by a moderator");
      },
    };
  }

  /** Sends a room-wide frame to local sockets, and to every shard of a live room. */
  private emit(frame: ServerFrame, modId?: number): void {
    if (this.record!.kind !== "live") return broadcast(this.ctx.getWebSockets(), frame);
    this.fanout.push((this.shardList ??= this.store.shards()), { frame, ...(modId ? { modId } : {}) });
    this.emitted = true;
    // The backstop is armed with the write, not only after a delivery failed: should the room be reset while this
    // frame is still in its in-memory queue, the alarm re-sends every shard the heads and the shards read what they
    // missed. Not awaited, so in this unit of work; once per alarm period, and a no-op when everything arrived.
    if (!this.resyncArmed) {
      this.resyncArmed = true;
      void this.ctx.storage.setAlarm(Date.now() + RESYNC_AFTER_MS);
    }
  }

  /**
   * Moderation is logged, in every room, and sent naming its id: a client that was away when it was made gets it when
   * it resumes after the last id it saw (`afterMod`), and every shard of a live room gets it however deliveries fail.
   */
  private emitModeration(frame: ServerFrame): void {
    const modId = this.store.logModeration(frame);
    this.emit(withModId(frame, modId), modId);
  }

  private synced(userId: string): ServerFrame {
    const lastReadSeq = this.store.member(userId)?.lastReadSeq ?? 0;
    return { type: "synced", seq: this.store.latestSeq, lastReadSeq, unread: unreadCount(this.store.latestSeq, lastReadSeq) };
  }

  private muted(userId: string): boolean {
    const member = this.store.member(userId);
    return member !== null && isMuted(member, Date.now());
  }

  /**
   * Who is online, for `hello`: at most `ephemeralMax` users. Past that many sockets the room relays no presence,
   * so a list up to a second old serves every connect meanwhile (a storm back after a deploy lists once a second).
   */
  private online(now: number): string[] {
    const big = this.sockets.get(now) > this.ephemeralMax;
    if (big && this.onlineSnapshot && now - this.onlineSnapshot.at < 1000) return this.onlineSnapshot.users;
    const users = new Set<string>();
    for (const ws of this.ctx.getWebSockets()) {
      if (users.size >= this.ephemeralMax) break;
      users.add(connOf(ws).userId);
    }
    this.onlineSnapshot = big ? { at: now, users: [...users] } : null;
    return [...users];
  }

  private leave(ws: WebSocket): void {
    const { userId } = connOf(ws);
    const others = userSockets(this.ctx, userId).filter((s) => s !== ws && s.readyState === WebSocket.OPEN);
    if (others.length === 0 && this.sockets.get(Date.now()) < this.ephemeralMax) broadcast(this.ctx.getWebSockets(), { type: "presence", userId, status: "leave" }, ws);
  }
}
