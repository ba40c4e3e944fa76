import { DurableObject } from "cloudflare:workers";
import { CLOSE, RESUME_PAGE, RESUME_RETRY_VERSION, type MessageBody, type MessageFrame, type ModerationFrame, type ParsedClientFrame, type Pin, type Role, type ServerFrame } from "../../../../shared/chat/protocol";
import { problemResponse } from "../../../../shared/http/problem";
import { newId } from "../../../../shared/ids";
import { busyUnless, fullBucket, LIVE_READ_RULE, LIVE_ROOM_RULE, readCost, SERVER_PAGE_COST, take, type ReadBusy } from "../domain/bucket";
import { canModerate, canPublish, isMuted, unreadCount } from "../domain/permissions";
import { MAX_PINS, messagePin } from "../domain/pins";
import { shardName } from "../domain/shard";
import { RoomStore, type RoomRecord } from "../store/room-store";
import { ShardFanout } from "./fanout";
import { UserBudgets } from "./budgets";
import { EPHEMERAL_MAX_SOCKETS, TypingGate } from "./ephemeral";
import { TokenExpiry } from "./expiry";
import { acceptUserSocket, broadcast, type Conn, capUserSockets, connFromHeaders, connOf, errorFrame, receive, send, userSockets } from "./sockets";

/** Sockets one ordinary room holds; past this a room should be `live` (sharded). */
const MAX_ROOM_SOCKETS = 10_000;
export const PING = '{"type":"ping"}';
export const PONG = '{"type":"pong"}';

export interface Actor {
  userId: string;
  role: Role;
}

export type PublishResult = { ok: true; seq: number; duplicate: boolean } | { ok: false; error: ServerFrame };

/** A read the room refused: its read budget is spent for now (LIVE_READ_RULE). */
export type { ReadBusy };

/** A page of a viewer's resume read from the room, or its refusal. */
export type ReplayAnswer = { items: MessageFrame[]; latestSeq: number } | ReadBusy;

/** What a shard needs to serve a live room: the record, recent history, who is banned, the moderation it has seen and the pins. */
export interface ShardBoot {
  room: RoomRecord;
  latestSeq: number;
  tail: MessageFrame[];
  removed: string[];
  modHead: number;
  pins: Pin[];
}

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
  private liveBudget = fullBucket(LIVE_ROOM_RULE, Date.now());
  private readBudget = fullBucket(LIVE_READ_RULE, Date.now());
  private shardList: number[] | null = null;
  /** Whether this instance pushed frames to the shards, and whether the resync alarm is known to be set. */
  private emitted = false;
  private resyncArmed = false;
  private readonly budgets = new UserBudgets();
  private readonly expiry = new TokenExpiry(this.ctx);
  private readonly typing = new TypingGate();
  /** Sockets above which presence, typing and reads are not relayed (`ephemeral.ts`); a field so a test can lower it. */
  private ephemeralMax = EPHEMERAL_MAX_SOCKETS;
  /** Resumes the room is paging itself, per socket (`resume`): the latest one's turn, so an earlier one stops. */
  private readonly resumes = new Map<WebSocket, number>();
  private readonly fanout = new ShardFanout(
    (k) => this.env.SHARDS.get(this.env.SHARDS.idFromName(shardName(this.record!.tenantId, this.record!.id, k))),
    () => ({ heads: { seq: this.store.latestSeq, mod: this.store.moderationHead }, pins: this.store.pins }),
    () => void this.armResync(),
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
  history(afterSeq: number, limit: number, reader?: Actor) {
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
    const sockets = this.ctx.getWebSockets();
    if (sockets.length >= MAX_ROOM_SOCKETS) return problemResponse(503, "room_full", "This room holds no more connections; large audiences belong in a live room.");

    capUserSockets(this.ctx, conn.userId);
    const firstSocketOfUser = userSockets(this.ctx, conn.userId).length === 0;
    const { 0: client, 1: server } = new WebSocketPair();
    acceptUserSocket(this.ctx, server, { ...conn, v: Number(new URL(request.url).searchParams.get("v")) || 1 });
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
      online: this.online(this.ctx.getWebSockets()),
      pins: this.store.pins,
      moderationIds: true,
    });
    if (firstSocketOfUser && sockets.length < this.ephemeralMax) broadcast(sockets, { type: "presence", userId: conn.userId, status: "join" });
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
        return this.resume(ws, conn, frame.afterSeq);
      case "read": {
        // Stored for a muted user too (their own unread count), relayed only when it moved (`ephemeral.ts`).
        const read = this.store.markRead(conn.userId, frame.seq);
        if (!read.moved || this.muted(conn.userId)) return;
        const sockets = this.ctx.getWebSockets();
        if (sockets.length <= this.ephemeralMax) broadcast(sockets, { type: "read", userId: conn.userId, seq: read.seq });
        return;
      }
      case "typing": {
        if (!this.typing.admit(conn.userId, frame.typing, Date.now()) || this.muted(conn.userId)) return;
        const sockets = this.ctx.getWebSockets();
        if (sockets.length <= this.ephemeralMax) broadcast(sockets, { type: "typing", userId: conn.userId, typing: frame.typing }, ws);
        return;
      }
      case "ping":
        send(ws, { type: "pong" });
        return;
      default: {
        const answer = this.moderate(conn, frame);
        if (answer) send(ws, answer);
      }
    }
  }

  /**
   * One page a turn: a resume from 0 in a long room must not hold the room for everyone else. A client from protocol 2
   * asks for each next page itself (`page`). One that names no version (written to the contract: every message, then
   * `synced`) is sent the next pages by the room, each in a turn of its own and charged to the user's frame budget
   * (SERVER_PAGE_COST), waiting while that is spent: a long replay is paced as the SDK's page requests are. A later
   * resume on the socket ends the one under way.
   */
  private async resume(ws: WebSocket, conn: Conn, afterSeq: number): Promise<void> {
    const turn = (this.resumes.get(ws) ?? 0) + 1;
    this.resumes.set(ws, turn);
    try {
      for (;;) {
        const page = this.store.after(afterSeq, RESUME_PAGE);
        for (const m of page) send(ws, m);
        const last = page[page.length - 1]?.seq ?? afterSeq;
        if (last >= this.store.latestSeq) return send(ws, this.synced(conn.userId));
        if ((conn.v ?? 1) >= RESUME_RETRY_VERSION) return send(ws, { type: "page", seq: last, latestSeq: this.store.latestSeq });
        afterSeq = last;
        const spent = this.budgets.charge(conn.userId, Date.now(), SERVER_PAGE_COST);
        await new Promise((r) => setTimeout(r, spent.debt > 0 ? spent.retryAfterMs : 0));
        if (ws.readyState !== WebSocket.OPEN || this.resumes.get(ws) !== turn) return;
      }
    } finally {
      if (this.resumes.get(ws) === turn) this.resumes.delete(ws);
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
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

  /** Registers a shard so it receives every frame; returns what it needs to serve viewers. */
  attachShard(k: number): ShardBoot | null {
    if (!this.record) return null;
    this.store.addShard(k);
    this.shardList = null;
    const latestSeq = this.store.latestSeq;
    return {
      room: this.record,
      latestSeq,
      tail: this.store.after(Math.max(0, latestSeq - 200), 200),
      removed: this.store.removedUsers(),
      modHead: this.store.moderationHead,
      pins: this.store.pins,
    };
  }

  /** Moderation after an id, for a shard that missed some (a failed delivery, a restart). */
  moderationAfter(afterId: number, limit: number): { items: { id: number; frame: ServerFrame }[]; head: number } {
    if (!this.record) return { items: [], head: 0 };
    return { items: this.store.moderationAfter(afterId, Math.min(limit, 500)), head: this.store.moderationHead };
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
    return this.moderate(actor, frame);
  }

  // ---- the room's one unit of work per frame ----

  private publish(actor: Actor, clientMsgId: string, body: MessageBody): PublishResult {
    const now = Date.now();
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
    // The shared budget is the audience's: hosts and moderators (few, minted by the seller) are what the room is
    // for, so a crowd of viewers spending it cannot turn the host's product pins away.
    if (this.record!.kind === "live" && !canModerate(actor.role)) {
      const spent = take(this.liveBudget, LIVE_ROOM_RULE, now);
      this.liveBudget = spent.bucket;
      if (!spent.ok) return { ok: false, error: errorFrame("room_busy", "The room is taking all the messages it can; retry shortly.", { clientMsgId, retryAfterMs: spent.retryAfterMs }) };
    }
    const message = this.store.append({ id: newId("msg", now), from: actor.userId, role: actor.role, clientMsgId, at: new Date(now).toISOString(), body });
    // From the stored message and the role it records: the rule a client applies to history gives the same pins.
    const listing = messagePin(message);
    if (listing) this.store.pin(listing, message.seq, MAX_PINS);
    this.emit(message);
    return { ok: true, seq: message.seq, duplicate: false };
  }

  /**
   * Spends `cost` pages of the live room's read budget for a member's read, with `users`, of their own read share
   * too (both or neither): nothing when the read is served, else how long until it would be. Hosts, moderators and
   * the tenant's server (no reader) read freely, as they publish freely: the crowd that spends the budget cannot
   * lock them out.
   */
  private spendRead(reader: Actor | undefined, cost: number, users?: UserBudgets): ReadBusy | null {
    if (this.record!.kind !== "live" || !reader || canModerate(reader.role)) return null;
    const now = Date.now();
    const spent = users ? users.takeRead(reader.userId, this.readBudget, LIVE_READ_RULE, now, cost) : take(this.readBudget, LIVE_READ_RULE, now, cost);
    this.readBudget = spent.bucket;
    return busyUnless(spent);
  }

  /**
   * Applies a moderation frame, once per sender and clientMsgId: a frame sent again after its answer was lost (a shard's
   * room call that threw after the room applied it, a dropped socket) is answered `applied` with `duplicate` and
   * changes nothing. The answer for the sender: an error naming the frame's clientMsgId, `applied`, or null for a frame
   * without one (from a client before it), which gets no answer when it is applied.
   */
  private moderate(actor: Actor, frame: ParsedClientFrame): ServerFrame | null {
    if (frame.type !== "mute" && frame.type !== "remove" && frame.type !== "delete") return errorFrame("not_supported", `${frame.type} is not handled here.`);
    const { clientMsgId } = frame;
    const named = clientMsgId ? { clientMsgId } : {};
    if (!canModerate(actor.role)) return errorFrame("forbidden", "Only hosts and moderators may do that.", named);
    if (!clientMsgId) return this.applyModeration(actor, frame, named);
    // What was asked, without its id: the same id for another frame is refused rather than answered as if applied.
    const request = JSON.stringify({ ...frame, clientMsgId: undefined });
    const earlier = this.store.moderationRequest(actor.userId, clientMsgId);
    if (earlier !== null) {
      return earlier === request ? { type: "applied", clientMsgId, duplicate: true } : errorFrame("invalid_frame", `clientMsgId ${clientMsgId} was used for another moderation frame.`, named);
    }
    const error = this.applyModeration(actor, frame, named);
    if (error) return error;
    this.store.recordModerationRequest(actor.userId, clientMsgId, request, Date.now());
    return { type: "applied", clientMsgId };
  }

  /** Applies one moderation frame and tells the room; an error (naming the frame as `named` says) when there was nothing to apply it to. */
  private applyModeration(actor: Actor, frame: ModerationFrame, named: { clientMsgId?: string }): ServerFrame | null {
    const at = new Date().toISOString();
    if (frame.type === "delete") {
      if (!this.store.markDeleted(frame.seq, actor.userId, at)) return errorFrame("not_found", `There is no message ${frame.seq}.`, named);
      this.store.unpin(frame.seq);
      this.emitModeration({ type: "deleted", seq: frame.seq, by: actor.userId, at });
      return null;
    }
    if (frame.type === "mute") {
      const until = new Date(Date.now() + frame.seconds * 1000).toISOString();
      this.store.mute(frame.userId, until);
      this.emitModeration({ type: "moderation", action: "mute", userId: frame.userId, by: actor.userId, until });
      return null;
    }
    this.store.remove(frame.userId);
    this.emitModeration({ type: "moderation", action: "remove", userId: frame.userId, by: actor.userId });
    for (const ws of userSockets(this.ctx, frame.userId)) ws.close(CLOSE.removed, "removed by a moderator");
    return null;
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

  /** Moderation is logged (live rooms) so every shard gets it eventually, however deliveries fail. */
  private emitModeration(frame: ServerFrame): void {
    this.emit(frame, this.record!.kind === "live" ? this.store.logModeration(frame) : undefined);
  }

  private synced(userId: string): ServerFrame {
    const lastReadSeq = this.store.member(userId)?.lastReadSeq ?? 0;
    return { type: "synced", seq: this.store.latestSeq, lastReadSeq, unread: unreadCount(this.store.latestSeq, lastReadSeq) };
  }

  private muted(userId: string): boolean {
    const member = this.store.member(userId);
    return member !== null && isMuted(member, Date.now());
  }

  /** Who is online, for `hello`: at most `ephemeralMax` users, so a connect to a big room reads no more. */
  private online(sockets: WebSocket[]): string[] {
    const users = new Set<string>();
    for (const ws of sockets) {
      if (users.size >= this.ephemeralMax) break;
      users.add(connOf(ws).userId);
    }
    return [...users];
  }

  private leave(ws: WebSocket): void {
    const { userId } = connOf(ws);
    const others = userSockets(this.ctx, userId).filter((s) => s !== ws && s.readyState === WebSocket.OPEN);
    const sockets = this.ctx.getWebSockets();
    if (others.length === 0 && sockets.length < this.ephemeralMax) broadcast(sockets, { type: "presence", userId, status: "leave" }, ws);
  }
}
