import { DurableObject } from "cloudflare:workers";
import { CLOSE, type MessageFrame, type ServerFrame } from "../../../../shared/chat/protocol";
import { problemResponse } from "../../../../shared/http/problem";
import { roomName } from "../domain/shard";
import type { RoomRecord } from "../store/room-store";
import { PING, PONG } from "./room";
import { broadcast, connFromHeaders, connOf, errorFrame, receive, send } from "./sockets";

/** Recent messages a shard keeps to answer resumes without asking the room. */
const BUFFER = 1000;
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
  private room: RoomRecord | null = null;
  private removed = new Set<string>();
  private buffer: MessageFrame[] = [];
  private lastSeq = 0;
  private booted = false;
  /** Deliveries and resumes run one at a time so every socket sees frames in seq order. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
    void ctx.blockConcurrencyWhile(async () => {
      this.identity = (await ctx.storage.get<Identity>("identity")) ?? null;
    });
  }

  override async fetch(request: Request): Promise<Response> {
    const conn = connFromHeaders(request.headers, Date.now());
    const k = Number(request.headers.get(SHARD_HEADERS.shard));
    const tenantId = request.headers.get(SHARD_HEADERS.tenant);
    const roomId = request.headers.get(SHARD_HEADERS.room);
    if (!conn || !tenantId || !roomId || !Number.isInteger(k)) return problemResponse(400, "bad_request", "Missing connection claims.");
    if (!this.identity) {
      this.identity = { tenantId, roomId, k };
      await this.ctx.storage.put("identity", this.identity);
    }
    await this.serial(() => this.boot());
    if (!this.room) return problemResponse(404, "not_found", "Room was not found.");
    if (this.removed.has(conn.userId)) return problemResponse(403, "removed", "You were removed from this room.");

    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [conn.userId]);
    server.serializeAttachment(conn);
    send(server, { type: "hello", roomId: this.room.id, kind: "live", userId: conn.userId, role: conn.role, seq: this.lastSeq, lastReadSeq: 0, unread: 0, online: [] });
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const frame = receive(ws, raw);
    if (!frame) return;
    const conn = connOf(ws);
    const actor = { userId: conn.userId, role: conn.role };
    switch (frame.type) {
      case "publish": {
        const r = await this.roomStub().publishFrom(actor, frame.clientMsgId, frame.body);
        send(ws, r.ok ? { type: "ack", clientMsgId: frame.clientMsgId, seq: r.seq, ...(r.duplicate ? { duplicate: true } : {}) } : r.error);
        return;
      }
      case "resume":
        await this.serial(async () => {
          await this.boot();
          await this.replay(ws, frame.afterSeq);
          send(ws, { type: "synced", seq: this.lastSeq, lastReadSeq: 0, unread: 0 });
        });
        return;
      case "ping":
        send(ws, { type: "pong" });
        return;
      case "typing":
      case "read":
        send(ws, errorFrame("not_supported", `${frame.type} frames are not relayed in live rooms.`));
        return;
      default: {
        const error = await this.roomStub().moderateFrom(actor, frame);
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

  /** Frames the room sequenced, in order; gaps (a lost batch, a restart) are filled from the room first. */
  deliver(frames: ServerFrame[]): Promise<void> {
    return this.serial(async () => {
      await this.boot();
      for (const frame of frames) {
        if (frame.type === "message") {
          if (frame.seq <= this.lastSeq) continue;
          if (frame.seq > this.lastSeq + 1) await this.fill(frame.seq - 1);
          this.accept(frame);
        } else {
          if (frame.type === "moderation" && frame.action === "remove") this.expel(frame.userId);
          if (frame.type === "deleted") this.tombstone(frame.seq, frame.at);
          broadcast(this.ctx.getWebSockets(), frame);
        }
      }
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Registers with the room (once per wake) and takes its recent tail. */
  private async boot(): Promise<void> {
    if (this.booted || !this.identity) return;
    const boot = await this.roomStub().attachShard(this.identity.k);
    this.booted = true;
    if (!boot) return;
    this.room = boot.room;
    this.removed = new Set(boot.removed);
    this.buffer = boot.tail;
    this.lastSeq = boot.latestSeq;
  }

  private accept(frame: MessageFrame): void {
    this.buffer.push(frame);
    if (this.buffer.length > BUFFER) this.buffer.splice(0, this.buffer.length - BUFFER);
    this.lastSeq = frame.seq;
    broadcast(this.ctx.getWebSockets(), frame);
  }

  private async fill(upTo: number): Promise<void> {
    while (this.lastSeq < upTo) {
      const { items } = await this.roomStub().range(this.lastSeq, upTo - this.lastSeq);
      if (items.length === 0) return;
      for (const m of items) if (m.seq > this.lastSeq && m.seq <= upTo) this.accept(m);
    }
  }

  /** Sends a socket everything after afterSeq: from the room for what the buffer no longer holds. */
  private async replay(ws: WebSocket, afterSeq: number): Promise<void> {
    let cursor = afterSeq;
    const oldest = this.buffer[0]?.seq ?? this.lastSeq + 1;
    while (cursor + 1 < oldest) {
      const { items } = await this.roomStub().range(cursor, Math.min(1000, oldest - 1 - cursor));
      if (items.length === 0) break;
      for (const m of items) send(ws, m);
      cursor = items[items.length - 1]!.seq;
    }
    for (const m of this.buffer) if (m.seq > cursor) send(ws, m);
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

  private roomStub() {
    const { tenantId, roomId } = this.identity!;
    return this.env.ROOMS.get(this.env.ROOMS.idFromName(roomName(tenantId, roomId)));
  }
}
