import { DurableObject } from "cloudflare:workers";
import { CLOSE, RESUME_PAGE, type MessageFrame, type ServerFrame } from "../../../../shared/chat/protocol";
import { problemResponse } from "../../../../shared/http/problem";
import { fullBucket, shardReadRule, take, type Bucket } from "../domain/bucket";
import { canModerate } from "../domain/permissions";
import { roomName } from "../domain/shard";
import type { RoomRecord } from "../store/room-store";
import { PING, PONG, type Actor, type PublishResult, type ReadBusy, type ReplayAnswer } from "./room";
import type { Delivery, FanoutItem, Heads } from "./fanout";

type RoomStub = ReturnType<Env["ROOMS"]["get"]>;
import { UserBudgets } from "./budgets";
import { broadcast, capUserSockets, connFromHeaders, connOf, errorFrame, receive, send } from "./sockets";

/** Recent messages a shard keeps to answer resumes without asking the room. */
const BUFFER = 1000;
/** Storage key of the heads (latest seq, moderation id) last relayed to this shard's viewers. */
const RELAYED = "relayed";
/** Which room and shard a connection is for, set by the Worker. */
export const SHARD_HEADERS = { tenant: "x-chat-tenant", room: "x-chat-room", shard: "x-chat-shard" } as const;

interface Identity {
  tenantId: string;
  roomId: string;
  k: number;
}

/**
 * One shard of a live room's audience: holds up to tens of thousands of
 * hibernated viewer sockets and relays what the room sequences. It keeps the
 * last messages in memory so resumes after a drop are served here; older
 * ranges and every gap are read from the room. Publishes and moderation are
 * passed to the room, which alone assigns seq.
 */
export class ChatShard extends DurableObject<Env> {
  private identity: Identity | null = null;
  /** Whether `identity` is in storage: only once the room confirmed it exists, so an unknown room leaves nothing behind. */
  private identityStored = false;
  private room: RoomRecord | null = null;
  private removed = new Set<string>();
  private buffer: MessageFrame[] = [];
  private lastSeq = 0;
  /** The last entry of the room's moderation log applied here. */
  private lastMod = 0;
  private booted = false;
  private readonly budgets = new UserBudgets();
  /** This shard's share of the room's read budget, spent before a member's resume goes to the room (`shardReadRule`). */
  private readBudget: Bucket | null = null;
  /**
   * Deliveries (and the boot) run one at a time so every socket sees live
   * frames in seq order. Resumes do not: a resume answers one socket a page
   * at a time from the buffer or the room, and the client's sequencer merges
   * it with live frames, so one viewer's resume never stalls the shard.
   */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
    void ctx.blockConcurrencyWhile(async () => {
      this.identity = (await ctx.storage.get<Identity>("identity")) ?? null;
      this.identityStored = this.identity !== null;
    });
  }

  override async fetch(request: Request): Promise<Response> {
    const conn = connFromHeaders(request.headers, Date.now());
    const k = Number(request.headers.get(SHARD_HEADERS.shard));
    const tenantId = request.headers.get(SHARD_HEADERS.tenant);
    const roomId = request.headers.get(SHARD_HEADERS.room);
    if (!conn || !tenantId || !roomId || !Number.isInteger(k)) return problemResponse(400, "bad_request", "Missing connection claims.");
    // Kept in memory until the room says it exists (`boot` stores it then): any well-formed id reaches a shard.
    this.identity ??= { tenantId, roomId, k };
    await this.serial(() => this.boot());
    if (!this.room) return problemResponse(404, "not_found", "Room was not found.");
    if (this.removed.has(conn.userId)) return problemResponse(403, "removed", "You were removed from this room.");

    // Past the design cap (docs/chat-fanout.md) a clear 503, before the runtime's own socket limit fails it anyway.
    if (this.ctx.getWebSockets().length >= (Number(this.env.LIVE_SHARD_MAX_VIEWERS) || 20_000)) {
      return problemResponse(503, "shard_full", "This share of the live room holds no more viewers; retry shortly.", { headers: { "retry-after": "5" } });
    }
    capUserSockets(this.ctx, conn.userId);
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [conn.userId]);
    server.serializeAttachment(conn);
    send(server, { type: "hello", roomId: this.room.id, kind: "live", userId: conn.userId, role: conn.role, seq: this.lastSeq, lastReadSeq: 0, unread: 0, online: [] });
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const frame = receive(ws, raw, this.budgets);
    if (!frame) return;
    const conn = connOf(ws);
    const actor = { userId: conn.userId, role: conn.role };
    switch (frame.type) {
      case "publish": {
        const r = await this.toRoom<PublishResult>((room) => room.publishFrom(actor, frame.clientMsgId, frame.body));
        send(ws, r.ok ? { type: "ack", clientMsgId: frame.clientMsgId, seq: r.seq, ...(r.duplicate ? { duplicate: true } : {}) } : r.error);
        return;
      }
      case "resume":
        if (!this.booted) await this.serial(() => this.boot());
        await this.replayPage(ws, actor, frame.afterSeq);
        return;
      case "ping":
        send(ws, { type: "pong" });
        return;
      case "typing":
      case "read":
        send(ws, errorFrame("not_supported", `${frame.type} frames are not relayed in live rooms.`));
        return;
      default: {
        // The room would refuse a member's moderation anyway: refused here, it costs the room no call.
        if (!canModerate(actor.role)) {
          send(ws, errorFrame("forbidden", "Only hosts and moderators may do that."));
          return;
        }
        const error = await this.toRoom<ServerFrame | null>((room) => room.moderateFrom(actor, frame));
        if (error) send(ws, error);
      }
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }

  /**
   * Frames the room sequenced, in order. Whatever the shard missed (a failed
   * delivery, a restart) it reads from the room first: messages up to the
   * room's latest seq and moderation up to its latest log entry, so a removal
   * or a delete reaches every shard however batches fail.
   */
  deliver(d: Delivery): Promise<void> {
    return this.serial(async () => {
      // Not yet confirmed by a connect (see `fetch`): no viewer here, so nothing to relay; the first connect boots from the room.
      if (!this.identity) return;
      await this.boot();
      for (const item of d.items) {
        const frame = item.frame;
        if (frame.type === "message") {
          if (frame.seq <= this.lastSeq) continue;
          if (frame.seq > this.lastSeq + 1) await this.fill(frame.seq - 1);
          this.accept(frame);
        } else if (item.modId !== undefined) {
          if (item.modId <= this.lastMod) continue;
          if (item.modId > this.lastMod + 1) await this.catchUpModeration(item.modId - 1);
          this.moderate(item);
        } else {
          broadcast(this.ctx.getWebSockets(), frame);
        }
      }
      if (d.heads.seq > this.lastSeq) await this.fill(d.heads.seq);
      if (d.heads.mod > this.lastMod) await this.catchUpModeration(d.heads.mod);
      this.storeRelayed();
    });
  }

  /** Applies one logged moderation frame: removals close and bar the user, deletes tombstone the buffer; viewers see the frame. */
  private moderate({ frame, modId }: FanoutItem): void {
    if (frame.type === "moderation" && frame.action === "remove") this.expel(frame.userId);
    if (frame.type === "deleted") this.tombstone(frame.seq, frame.at);
    broadcast(this.ctx.getWebSockets(), frame);
    this.lastMod = modId!;
  }

  private async catchUpModeration(upTo: number): Promise<void> {
    while (this.lastMod < upTo) {
      const { items } = await this.toRoom((room) => room.moderationAfter(this.lastMod, upTo - this.lastMod));
      if (items.length === 0) return;
      for (const m of items) if (m.id > this.lastMod && m.id <= upTo) this.moderate({ frame: m.frame, modId: m.id });
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Registers with the room (once per wake) and takes its recent tail. A shard woken from hibernation
   * kept its viewers' sockets, and they have only what it relayed before it slept: taking the room's
   * heads as relayed would skip the delivery (or removal) that woke it. So it starts from the heads it
   * stored and relays the rest, unless no socket is left to relay to (a new shard, or after a deploy).
   */
  private async boot(): Promise<void> {
    if (this.booted || !this.identity) return;
    const boot = await this.toRoom((room) => room.attachShard(this.identity!.k));
    this.booted = true;
    if (!boot) return;
    if (!this.identityStored) {
      await this.ctx.storage.put("identity", this.identity);
      this.identityStored = true;
    }
    this.room = boot.room;
    this.removed = new Set(boot.removed);
    const relayed = this.ctx.getWebSockets().length > 0 ? this.ctx.storage.kv.get<Heads>(RELAYED) : undefined;
    this.lastSeq = Math.min(relayed?.seq ?? boot.latestSeq, boot.latestSeq);
    this.lastMod = Math.min(relayed?.mod ?? boot.modHead, boot.modHead);
    this.buffer = boot.tail.filter((m) => m.seq <= this.lastSeq);
    await this.fill(boot.latestSeq);
    await this.catchUpModeration(boot.modHead);
    this.storeRelayed();
  }

  /**
   * Remembers what the viewers were sent, for the next wake from hibernation; one write per delivery. Unconfirmed:
   * the output gate would hold every delivery's frames for it, and a write lost in a crash matters to no one,
   * as the crash drops the sockets too (a boot without sockets starts from the room's heads).
   */
  private storeRelayed(): void {
    void this.ctx.storage.put<Heads>(RELAYED, { seq: this.lastSeq, mod: this.lastMod }, { allowUnconfirmed: true });
  }

  private accept(frame: MessageFrame): void {
    this.buffer.push(frame);
    if (this.buffer.length > BUFFER) this.buffer.splice(0, this.buffer.length - BUFFER);
    this.lastSeq = frame.seq;
    broadcast(this.ctx.getWebSockets(), frame);
  }

  private async fill(upTo: number): Promise<void> {
    while (this.lastSeq < upTo) {
      const { items } = await this.toRoom((room) => room.range(this.lastSeq, upTo - this.lastSeq));
      if (items.length === 0) return;
      for (const m of items) if (m.seq > this.lastSeq && m.seq <= upTo) this.accept(m);
    }
  }

  /**
   * Answers one page of a resume: up to RESUME_PAGE messages after afterSeq,
   * from the buffer when it reaches back that far, else from the room; then
   * `page` when more remain, `synced` when the socket is up to date. A member's
   * read from the room spends the room's read budget (this shard's share first,
   * so a refusal costs the room nothing); refused, the viewer gets `room_busy`
   * with `afterSeq` and `retryAfterMs`, and neither `page` nor `synced`: it asks
   * again from the same seq, so nothing is skipped.
   */
  private async replayPage(ws: WebSocket, reader: Actor, afterSeq: number): Promise<void> {
    const oldest = this.buffer[0]?.seq ?? this.lastSeq + 1;
    let items: MessageFrame[];
    let latest = this.lastSeq;
    if (afterSeq + 1 >= oldest) {
      items = this.buffer.filter((m) => m.seq > afterSeq).slice(0, RESUME_PAGE);
    } else {
      const fromRoom: ReplayAnswer = this.spendRead(reader) ?? (await this.toRoom<ReplayAnswer>((room) => room.replayFor(reader, afterSeq)));
      if ("busy" in fromRoom) {
        send(ws, errorFrame("room_busy", "The room is serving all the history it can; resume again shortly.", { afterSeq, retryAfterMs: fromRoom.retryAfterMs }));
        return;
      }
      items = fromRoom.items;
      latest = Math.max(latest, fromRoom.latestSeq);
    }
    for (const m of items) send(ws, m);
    const last = items[items.length - 1]?.seq ?? afterSeq;
    send(ws, last < latest ? { type: "page", seq: last, latestSeq: latest } : { type: "synced", seq: Math.max(last, this.lastSeq), lastReadSeq: 0, unread: 0 });
  }

  /** Spends this shard's share of the room's read budget for a member's page from the room; hosts and moderators are not counted. */
  private spendRead(reader: Actor): ReadBusy | null {
    if (canModerate(reader.role)) return null;
    const now = Date.now();
    const rule = shardReadRule(Number(this.env.LIVE_SHARDS) || 1);
    const spent = take((this.readBudget ??= fullBucket(rule, now)), rule, now);
    this.readBudget = spent.bucket;
    return spent.ok ? null : { busy: true, retryAfterMs: spent.retryAfterMs };
  }

  private tombstone(seq: number, at: string): void {
    const i = seq - (this.buffer[0]?.seq ?? seq + 1);
    const m = this.buffer[i];
    if (m?.seq === seq) this.buffer[i] = { ...m, body: null, deletedAt: at };
  }

  private expel(userId: string): void {
    this.removed.add(userId);
    for (const ws of this.ctx.getWebSockets(userId)) ws.close(CLOSE.removed, "removed by a moderator");
  }

  /**
   * One stub for the shard's life: calls made on one stub reach the room in the order they were made, and a
   * stub per call promises no order, so one viewer's publishes could be sequenced out of the order sent. A
   * stub may be broken after an error, so a failed call drops it.
   */
  private roomRef: RoomStub | null = null;

  private async toRoom<T>(call: (room: RoomStub) => PromiseLike<T>): Promise<Awaited<T>> {
    const { tenantId, roomId } = this.identity!;
    const room = (this.roomRef ??= this.env.ROOMS.get(this.env.ROOMS.idFromName(roomName(tenantId, roomId))));
    try {
      return await call(room);
    } catch (err) {
      if (this.roomRef === room) this.roomRef = null;
      throw err;
    }
  }
}
