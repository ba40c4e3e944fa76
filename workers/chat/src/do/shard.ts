import { DurableObject } from "cloudflare:workers";
import { CLOSE, RESUME_PAGE, RESUME_RETRY_VERSION, type MessageFrame, type ServerFrame } from "../../../../shared/chat/protocol";
import { problemResponse } from "../../../../shared/http/problem";
import { busyUnless, fullBucket, readCost, SERVER_PAGE_COST, shardReadRule, type Bucket } from "../domain/bucket";
import { canModerate } from "../domain/permissions";
import { moderationReplay, withModId } from "../domain/moderation-replay";
import { ModerationWindow } from "../domain/moderation-window";
import { tombstoneIn } from "../domain/page-cache";
import { maxViewersPerShard, worthReporting } from "../domain/live-rate";
import { roomName } from "../domain/shard";
import type { RoomRecord } from "../store/room-store";
import { PING, PONG, type Actor, type HistoryAnswer, type ModerationAnswer, type PublishResult, type ReadBusy, type ReplayAnswer } from "./room-api";
import type { Delivery, DeliveryReceipt, FanoutItem, Heads, RoomState } from "./fanout";

type RoomStub = ReturnType<Env["ROOMS"]["get"]>;
import { UserBudgets } from "./budgets";
import { TokenExpiry } from "./expiry";
import { RoomPages } from "./room-pages";
import { SocketCount } from "./socket-count";
import { acceptUserSocket, broadcast, capUserSockets, connFromHeaders, connOf, errorFrame, receive, send, userSockets } from "./sockets";

/** Recent messages a shard keeps to answer resumes without asking the room. */
const BUFFER = 1000;
/** When a viewer whose publish, moderation or resume the room call failed for (overloaded, redeploying) should send it again. */
const RETRY_MS = 1000;
/**
 * How long a shard holds no viewer before it tells the room to stop sending it frames (`detachShard`), at the next
 * delivery after that: a viewer who drops and comes back within it finds the shard as it was.
 */
const DETACH_AFTER_MS = 60_000;
/** Storage key of the heads (latest seq, moderation id) last relayed to this shard's viewers. */
const RELAYED = "relayed";
/** Which room and shard a connection is for, set by the Worker. */
export const SHARD_HEADERS = { tenant: "x-chat-tenant", room: "x-chat-room", shard: "x-chat-shard" } as const;

const busyFrame = (afterSeq: number, retryAfterMs: number) =>
  errorFrame("room_busy", "The room is serving all the history it can; resume again shortly.", { afterSeq, retryAfterMs });

/**
 * The answer to a frame whose room call threw: `room_busy`, naming the publish or moderation (`clientMsgId`) to send
 * again. Every frame gets an answer: unanswered, the SDK would wait for an ack that never comes. Sending either again
 * is safe, as the room stores one message, and applies one moderation frame, per sender and clientMsgId, even when the
 * call failed after it had done so.
 */
function unreachable(err: unknown, refused: { clientMsgId?: string } = {}): ServerFrame {
  console.warn("a viewer's room call failed; they are told to send it again", err);
  return errorFrame("room_busy", "The room could not take this just now; send it again shortly.", { ...refused, retryAfterMs: RETRY_MS });
}

export interface Identity {
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
  /** The last entries applied here, up to `lastMod`, for viewers' resumes (`afterMod`): from the boot, then every one applied. */
  private readonly modWindow = new ModerationWindow();
  /**
   * The room's pins as of its heads then, for each viewer's `hello`: from the boot, then from each delivery not older
   * than them (the alarm's re-sync may arrive after a later delivery). A pin changes only with a new seq or a delete.
   */
  private pinned: RoomState = { heads: { seq: 0, mod: 0 }, pins: [] };
  private booted = false;
  private readonly budgets = new UserBudgets();
  private readonly expiry = new TokenExpiry(this.ctx);
  /** This shard's share of the room's read budget, spent before a member's resume goes to the room (`shardReadRule`). */
  private readBudget: Bucket | null = null;
  /** The room's pages older than the buffer, read for resumes: each read once for all viewers (`RoomPages`). */
  private pages = new RoomPages();
  /** Until when the room refuses the audience's publishes, as its last `room_busy` said (`heedRoomBusy`); hosts and moderators still go through. */
  private roomBusyUntil = 0;
  /** Viewers the room last heard this shard holds (`worthReporting`). */
  private reported = 0;
  /** The viewers held, for connects and deliveries that need only how many (`SocketCount`). */
  private readonly viewers = new SocketCount(this.ctx);
  /** Since when a delivery found no viewer here (null while there are); `DETACH_AFTER_MS`, a field so a test can lower it. */
  private emptySince: number | null = null;
  private detachAfterMs = DETACH_AFTER_MS;
  /** Sockets whose resume is being answered: one at a time each. */
  private readonly resuming = new Set<WebSocket>();
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
    // Once booted, a connect does not queue behind the deliveries in the chain.
    if (!this.booted) await this.serial(() => this.boot());
    if (!this.room) return problemResponse(404, "not_found", "Room was not found.");
    if (this.removed.has(conn.userId)) return problemResponse(403, "removed", "You were removed from this room.");

    // Past the design cap (docs/chat-fanout.md) a clear 503, before the runtime's own socket limit fails it anyway.
    // Refused only on the runtime's own count, asked afresh: the kept count may still hold sockets this object closed
    // itself (a user's oldest, `capUserSockets`) whose close has not come back, and a viewer must not be turned from a
    // shard with room. Only a connect to a full shard pays for the list.
    const cap = maxViewersPerShard(this.env);
    const now = Date.now();
    if (this.viewers.get(now) >= cap && this.viewers.get(now, 0) >= cap) {
      return problemResponse(503, "shard_full", "This share of the live room holds no more viewers; retry shortly.", { headers: { "retry-after": "5" } });
    }
    capUserSockets(this.ctx, conn.userId);
    const { 0: client, 1: server } = new WebSocketPair();
    acceptUserSocket(this.ctx, server, { ...conn, v: Number(new URL(request.url).searchParams.get("v")) || 1 });
    this.viewers.accepted();
    this.reportGrowth();
    await this.expiry.watch(conn.exp);
    send(server, { type: "hello", roomId: this.room.id, kind: "live", userId: conn.userId, role: conn.role, seq: this.lastSeq, lastReadSeq: 0, unread: 0, online: [], pins: this.pinned.pins, moderationIds: true, modHead: this.lastMod });
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const frame = receive(ws, raw, this.budgets);
    if (!frame) return;
    const conn = connOf(ws);
    const actor = { userId: conn.userId, role: conn.role };
    switch (frame.type) {
      case "publish": {
        const staff = canModerate(actor.role);
        const now = Date.now();
        // The room said it takes no audience message before then: refused here, it costs the room no call.
        if (!staff && now < this.roomBusyUntil) {
          send(ws, errorFrame("room_busy", "The room is taking all the messages its audience can receive; retry shortly.", { clientMsgId: frame.clientMsgId, retryAfterMs: this.roomBusyUntil - now }));
          return;
        }
        let answered = true;
        const r = await this.toRoom<PublishResult>((room) => room.publishFrom(actor, frame.clientMsgId, frame.body)).catch((err): PublishResult => {
          answered = false; // a failed call says nothing of the room's budget
          return { ok: false, error: unreachable(err, { clientMsgId: frame.clientMsgId }) };
        });
        if (answered && !r.ok) this.heedRoomBusy(r.error);
        send(ws, r.ok ? { type: "ack", clientMsgId: frame.clientMsgId, seq: r.seq, ...(r.duplicate ? { duplicate: true } : {}) } : r.error);
        return;
      }
      case "resume":
        return this.resume(ws, actor, frame.afterSeq, frame.afterMod);
      case "ping":
        send(ws, { type: "pong" });
        return;
      case "typing":
      case "read":
        send(ws, errorFrame("not_supported", `${frame.type} frames are not relayed in live rooms.`));
        return;
      default: {
        // The room would refuse a member's moderation anyway: refused here, it costs the room no call.
        const named = frame.clientMsgId ? { clientMsgId: frame.clientMsgId } : {};
        if (!canModerate(actor.role)) {
          send(ws, errorFrame("forbidden", "Only hosts and moderators may do that.", named));
          return;
        }
        const answer = await this.toRoom<ServerFrame | null>((room) => room.moderateFrom(actor, frame)).catch((err) => unreachable(err, named));
        if (answer) send(ws, answer);
      }
    }
  }

  /**
   * Remembers how long the room said it takes no more messages (its `room_busy` refusal of a publish), so the
   * audience's publishes meanwhile are refused here: a crowd whose SDKs send refused messages again would otherwise
   * cost the room one call each (docs/chat-fanout.md, "Capacity model"), one object's whole ~1,000 a second. A
   * staff refusal's wait is the shorter (they may spend the audience's reserve), so either one bounds the audience's.
   */
  private heedRoomBusy(error: ServerFrame): void {
    if (error.type !== "error" || error.code !== "room_busy" || error.retryAfterMs === undefined) return;
    this.roomBusyUntil = Math.max(this.roomBusyUntil, Date.now() + error.retryAfterMs);
  }

  /** Closes the sockets whose token expired (`TokenExpiry`): a viewer that only listens is held to its token too. */
  override async alarm(): Promise<void> {
    await this.expiry.sweep();
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.viewers.closed();
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
   * or a delete reaches every shard however batches fail. Answers with the
   * viewers it holds, which the room's publish rate follows; a shard that has
   * held none for DETACH_AFTER_MS asks the room to stop sending (`detach`).
   */
  deliver(d: Delivery): Promise<DeliveryReceipt | void> {
    return this.serial(async () => {
      // Not yet confirmed by a connect (see `fetch`): no viewer here, so nothing to relay; the first connect boots from the room.
      if (!this.identity) return;
      if (this.viewers.get(Date.now()) > 0) this.emptySince = null;
      else if (this.idleLongEnough(Date.now())) return this.detach();
      await this.boot();
      // Taken first: the fill or catch-up below may throw after items moved lastSeq on, and pins only reach a viewer in
      // `hello`. Pins ahead of `hello.seq` are harmless (the replayed message pins again, a delete unpins by seq); pins
      // behind it are lost to that viewer until it reconnects.
      this.takePins(d);
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
      this.reported = this.viewers.get(Date.now());
      return { viewers: this.reported };
    });
  }

  /**
   * Whether this shard, holding no viewer, should leave the room's list: at once when not booted (an instance that
   * woke without sockets has nothing to relay and no buffer anyone reads), else once it has been empty DETACH_AFTER_MS.
   */
  private idleLongEnough(now: number): boolean {
    if (!this.booted) return true;
    this.emptySince ??= now;
    return now - this.emptySince >= this.detachAfterMs;
  }

  /**
   * Asks the room to stop sending this shard frames, in the delivery chain. `booted` is false from the start, so a
   * connect meanwhile waits in the chain behind this and boots (`attachShard`) after it: both go through one stub, so
   * the room registers the shard again before the viewer is admitted. What the shard kept is dropped with it: the boot
   * starts from the room's heads, and kept pages could miss deletes made meanwhile.
   */
  private async detach(): Promise<void> {
    this.booted = false;
    this.room = null;
    this.emptySince = null;
    this.reported = 0;
    this.buffer = [];
    this.modWindow.reset();
    this.pages = new RoomPages();
    const { k } = this.identity!;
    await this.toRoom((room) => room.detachShard(k));
  }

  /**
   * Tells the room of a connect that grew this shard by a quarter since the room last heard (`worthReporting`), so
   * the room's publish rate follows the audience as it arrives, not only at the next delivery's answer: ~45 calls
   * for a shard filling to 20,000, none for a connect that leaves it about as full as the room knows.
   */
  private reportGrowth(): void {
    const viewers = this.viewers.get(Date.now());
    if (!worthReporting(viewers, this.reported)) return;
    this.reported = viewers;
    const { k } = this.identity!;
    void this.toRoom((room) => room.shardViewers(k, viewers)).catch((err) => {
      this.reported = 0;
      console.warn("a shard's viewer count did not reach the room; it is sent again with the next connect", err);
    });
  }

  private takePins({ heads, pins }: RoomState): void {
    if (heads.seq >= this.pinned.heads.seq && heads.mod >= this.pinned.heads.mod) this.pinned = { heads, pins };
  }

  /**
   * Applies one logged moderation frame: removals close and bar the user, deletes tombstone the buffer; viewers see the
   * frame, naming its id, and it is kept for their resumes (`modWindow`).
   */
  private moderate({ frame, modId }: FanoutItem): void {
    if (frame.type === "moderation" && frame.action === "remove") this.expel(frame.userId);
    if (frame.type === "deleted") this.tombstone(frame.seq, frame.at);
    broadcast(this.ctx.getWebSockets(), withModId(frame, modId!));
    this.lastMod = modId!;
    this.modWindow.push({ id: modId!, frame });
  }

  private async catchUpModeration(upTo: number): Promise<void> {
    while (this.lastMod < upTo) {
      const { items, floor } = await this.toRoom((room) => room.moderationAfter(this.lastMod, upTo - this.lastMod));
      if (this.lastMod < floor) await this.startOverModeration(floor);
      if (items.length === 0) return;
      for (const m of items) if (m.id > this.lastMod && m.id <= upTo) this.moderate({ frame: m.frame, modId: m.id });
    }
  }

  /**
   * The room no longer keeps moderation this shard missed (it fell MODERATION_KEPT entries behind: a long outage under
   * heavy moderation). What it holds may then show deleted messages or keep removed users, so it takes them from the
   * room again (`attachShard`: who is removed, the last messages as they are now), drops its kept pages, and tells
   * its viewers, who missed the same, to reload; it goes on from the room's floor.
   */
  private async startOverModeration(floor: number): Promise<void> {
    const boot = await this.toRoom((room) => room.attachShard(this.identity!.k, this.ctx.getWebSockets().length));
    if (!boot) return;
    for (const userId of boot.removed) if (!this.removed.has(userId)) this.expel(userId);
    this.buffer = boot.tail.filter((m) => m.seq <= this.lastSeq);
    this.pages = new RoomPages();
    this.modWindow.reset();
    this.lastMod = floor;
    broadcast(this.ctx.getWebSockets(), { type: "reload", modHead: floor });
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
    const viewers = this.ctx.getWebSockets().length;
    const boot = await this.toRoom((room) => room.attachShard(this.identity!.k, viewers));
    this.reported = viewers;
    this.booted = true;
    if (!boot) return;
    if (!this.identityStored) {
      await this.ctx.storage.put("identity", this.identity);
      this.identityStored = true;
    }
    this.room = boot.room;
    this.removed = new Set(boot.removed);
    this.takePins({ heads: { seq: boot.latestSeq, mod: boot.modHead }, pins: boot.pins });
    const relayed = this.ctx.getWebSockets().length > 0 ? this.ctx.storage.kv.get<Heads>(RELAYED) : undefined;
    this.lastSeq = Math.min(relayed?.seq ?? boot.latestSeq, boot.latestSeq);
    this.lastMod = Math.min(relayed?.mod ?? boot.modHead, boot.modHead);
    this.buffer = boot.tail.filter((m) => m.seq <= this.lastSeq);
    this.modWindow.reset(boot.modTail, this.lastMod);
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
   * Answers a resume, one at a time per socket: the SDK never sends a second before the first is answered, and
   * more at once from one socket would only start more room reads. A second one meanwhile is refused (`room_busy`
   * naming its afterSeq) rather than queued, so a socket holds no queue here. Every resume is answered, even when
   * the room call throws: unanswered, the SDK would stay `syncing` for good. A client that names no protocol version
   * (written to the contract: every message, then `synced`) is sent the next pages by the shard, each charged to the
   * user's frame budget (SERVER_PAGE_COST) and waiting while that is spent, and a refused page is asked again after
   * its wait; one from protocol 2 asks for each page itself (`page`) and is told of a refusal. A resume naming
   * `afterMod` is first sent the moderation this shard relayed after it (`moderationPage`), as the room does.
   */
  private async resume(ws: WebSocket, reader: Actor, afterSeq: number, afterMod?: number): Promise<void> {
    if (this.resuming.has(ws)) return send(ws, busyFrame(afterSeq, RETRY_MS));
    this.resuming.add(ws);
    const serverPaged = (connOf(ws).v ?? 1) < RESUME_RETRY_VERSION;
    try {
      for (;;) {
        const answer = await this.nextPage(ws, reader, afterSeq, afterMod).catch((err): ReadBusy => {
          console.warn("a resume's room call failed; the viewer is told to ask again", err);
          return { busy: true, retryAfterMs: RETRY_MS };
        });
        let waitMs: number;
        if ("busy" in answer) {
          if (!serverPaged) return send(ws, busyFrame(afterSeq, answer.retryAfterMs));
          waitMs = answer.retryAfterMs * (1 + Math.random());
        } else {
          if ("next" in answer) {
            afterMod = answer.next;
            // Caught up: the same answer goes on with the messages.
            if (!answer.more) continue;
            if (!serverPaged) return send(ws, { type: "page", seq: afterSeq, latestSeq: this.lastSeq });
          } else {
            const { last, latest } = answer;
            if (last >= latest) return send(ws, { type: "synced", seq: Math.max(last, this.lastSeq), lastReadSeq: 0, unread: 0 });
            if (!serverPaged) return send(ws, { type: "page", seq: last, latestSeq: latest });
            afterSeq = last;
          }
          const spent = this.budgets.charge(reader.userId, Date.now(), SERVER_PAGE_COST);
          waitMs = spent.debt > 0 ? spent.retryAfterMs : 0;
        }
        await new Promise((r) => setTimeout(r, waitMs));
        if (ws.readyState !== WebSocket.OPEN) return;
      }
    } finally {
      this.resuming.delete(ws);
    }
  }

  /** Sends the next page a resume is owed: moderation after `afterMod` while this shard relayed more, else messages. */
  private async nextPage(ws: WebSocket, reader: Actor, afterSeq: number, afterMod?: number): Promise<ReadBusy | { next: number; more: boolean } | { last: number; latest: number }> {
    if (!this.booted) await this.serial(() => this.boot());
    const upTo = this.lastMod;
    return afterMod !== undefined && afterMod < upTo ? this.moderationPage(ws, reader, afterMod, upTo) : this.replayPage(ws, reader, afterSeq);
  }

  /**
   * Sends one page of the moderation this shard relayed after `afterMod`, up to `upTo`: from the entries it keeps
   * (`modWindow`) when they reach back that far, spending the member's own read share as a page from the buffer does;
   * else from the room (`moderationFor`), spending their share and this shard's share of the room's read budget, and
   * the room's, as a page of messages from the room does. A viewer behind what the room keeps is sent `reload`.
   */
  private async moderationPage(ws: WebSocket, reader: Actor, afterMod: number, upTo: number): Promise<ReadBusy | { next: number; more: boolean }> {
    let page = this.modWindow.after(afterMod);
    if (page) {
      const busy = this.spendOwnRead(reader);
      if (busy) return busy;
    } else {
      const busy = this.spendRead(reader);
      if (busy) return busy;
      const answer = await this.toRoom<ModerationAnswer>((room) => room.moderationFor(reader, afterMod, upTo - afterMod));
      if ("busy" in answer) return answer;
      page = answer;
    }
    const { frames, next } = moderationReplay(page, afterMod, upTo);
    for (const f of frames) send(ws, f);
    return { next, more: next < upTo };
  }

  /**
   * Sends one page of a resume: up to RESUME_PAGE messages after afterSeq,
   * from the buffer when it reaches back that far, else the rest of the room's
   * page that holds them (`RoomPages`: cached, or read once for all viewers);
   * then says where it ended and how far the room goes. Every page a member is
   * sent spends their own read share, wherever it comes from (a page from the
   * buffer or the cache costs the shard's thread what one from the room does,
   * so a viewer resuming or reconnecting in a loop is paced); one read from the
   * room also spends the room's read budget (this shard's share first, so a
   * refusal costs the room nothing). Refused, it returns the refusal and sends
   * nothing.
   */
  private async replayPage(ws: WebSocket, reader: Actor, afterSeq: number): Promise<ReadBusy | { last: number; latest: number }> {
    const oldest = this.buffer[0]?.seq ?? this.lastSeq + 1;
    let items: MessageFrame[];
    let latest = this.lastSeq;
    if (afterSeq + 1 >= oldest) {
      const busy = this.spendOwnRead(reader);
      if (busy) return busy;
      items = this.buffer.filter((m) => m.seq > afterSeq).slice(0, RESUME_PAGE);
    } else {
      const spend = (fromRoom: boolean) => (fromRoom ? this.spendRead(reader) : this.spendOwnRead(reader));
      const page = await this.pages.page(afterSeq, oldest, spend, (from) => this.toRoom<ReplayAnswer>((room) => room.replayFor(reader, from)));
      if ("busy" in page) return page;
      items = page.items.filter((m) => m.seq > afterSeq);
      latest = Math.max(latest, page.latestSeq);
    }
    for (const m of items) send(ws, m);
    return { last: items[items.length - 1]?.seq ?? afterSeq, latest };
  }

  /**
   * A member's history page of this live room over HTTP (the Worker sends it to the member's own shard). The member's
   * share and this shard's share of the room's read budget are spent here, as for a resume, so a crowd polling
   * history is refused at the shards and costs the room no call; the room's own budget still has the last word.
   */
  async history(identity: Identity, reader: Actor, afterSeq: number, limit: number): Promise<HistoryAnswer | null> {
    this.identity ??= identity;
    if (!this.booted) await this.serial(() => this.boot());
    if (!this.room) return null;
    if (this.removed.has(reader.userId)) return { forbidden: true };
    const busy = this.spendRead(reader, readCost(limit));
    if (busy) return busy;
    return this.toRoom<HistoryAnswer | null>((room) => room.history(afterSeq, limit, reader));
  }

  /** Spends a page of a member's own read share, for a page the shard serves itself; hosts and moderators are not counted. */
  private spendOwnRead(reader: Actor): ReadBusy | null {
    return canModerate(reader.role) ? null : busyUnless(this.budgets.take(reader.userId, "reads", Date.now()));
  }

  /**
   * Spends a member's own read share and this shard's share of the room's read budget for a page from the room,
   * both or neither (`UserBudgets.takeRead`); hosts and moderators are not counted.
   */
  private spendRead(reader: Actor, cost = 1): ReadBusy | null {
    if (canModerate(reader.role)) return null;
    const now = Date.now();
    const rule = shardReadRule(Number(this.env.LIVE_SHARDS) || 1);
    // At most the share's burst: with many shards a share can be below a page of 500's three tokens.
    const spent = this.budgets.takeRead(reader.userId, (this.readBudget ??= fullBucket(rule, now)), rule, now, Math.min(cost, rule.capacity));
    this.readBudget = spent.bucket;
    return busyUnless(spent);
  }

  /** A delete, applied to the buffer and to the room pages kept here alike. */
  private tombstone(seq: number, at: string): void {
    tombstoneIn(this.buffer, seq, at);
    this.pages.tombstone(seq, at);
  }

  private expel(userId: string): void {
    this.removed.add(userId);
    for (const ws of userSockets(this.ctx, userId)) ws.close(CLOSE.removed, "removed by a moderator");
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
