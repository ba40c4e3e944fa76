import { CLOSE } from "../close";
import type { ClientFrame, MessageBody, MessageFrame, ServerFrame } from "../protocol";
import { PROTOCOL_VERSION } from "../version";
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from "./backoff";
import { tokenExpiresAt } from "./token";
import { Emitter } from "./emitter";
import { ModerationCursor } from "./moderation-cursor";
import { Sequencer } from "./sequencer";

/** The part of the WebSocket API the client uses: browsers, React Native and `ws` all provide it. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type ConnectionState = "idle" | "connecting" | "syncing" | "live" | "reconnecting" | "closed";

export interface ChatClientOptions {
  /** The API base, e.g. `https://api.example.com` (http(s) becomes ws(s)). */
  baseUrl: string;
  roomId: string;
  /**
   * A chat token, or a function that fetches a fresh one (called on every connect). A fixed token
   * cannot outlive its expiry: once it has expired the client closes rather than retry forever.
   */
  token: string | (() => string | Promise<string>);
  /** The WebSocket implementation; defaults to the global one (pass `ws` in Node < 22). */
  WebSocket?: WebSocketConstructor;
  /** Resume from here: the last seq this app already has (default 0, the whole history). */
  afterSeq?: number;
  /**
   * With `afterSeq`: the last moderation id the app applied (`lastModId` when it stored `lastSeq`), so the first
   * resume replays the deletes, mutes and removals made since. Without it the client counts from the room's head at
   * its first connect: the messages it then receives come as they are, deleted ones without their body.
   */
  afterMod?: number;
  /**
   * Start from the room's last `tail` messages instead (`hello.seq - tail`, or `afterSeq` if later): a live audience
   * needs recent chat, not a long room's whole history; the room's pins come with `hello`. Only the first connect
   * starts there: a reconnect resumes from the last seq delivered, so nothing after the start is ever skipped.
   */
  tail?: number;
  backoff?: BackoffOptions;
  /** How often to ping; a connection silent for two intervals is treated as dead. */
  pingIntervalMs?: number;
  /**
   * How long one connect may take, the token function and the handshake together (default 15 s): a token fetch or
   * an upgrade that never answers (a captive portal, a half-open connection) is given up and the next attempt made
   * with backoff, instead of leaving the client reconnecting for good with no socket to lose.
   */
  connectTimeoutMs?: number;
  random?: () => number;
  /**
   * Checks a body before it is queued: the problem's message, or null when it may be sent. The SDK's
   * entry (`shared/chat/sdk`) checks with the protocol's zod schema; a page that must stay small can
   * import this module directly and leave the check to the server, which validates every frame anyway.
   */
  validate?: (body: MessageBody) => string | null;
  /**
   * Connects in a row that fail before the socket opens (default 20: minutes of backoff), after which the client gives up (`closed`, with
   * an `error` saying so) rather than retry forever: a server from before protocol 3 refuses a removed user or an
   * unknown room with an HTTP status, which a browser reports as a plain 1006. Newer servers close such a connect
   * with a code the client knows (`CLOSE`), and it stops at once.
   */
  maxFailedConnects?: number;
}

type ErrorFrame = Extract<ServerFrame, { type: "error" }>;

export interface ChatEvents extends Record<string, unknown> {
  message: MessageFrame;
  hello: Extract<ServerFrame, { type: "hello" }>;
  synced: Extract<ServerFrame, { type: "synced" }>;
  presence: Extract<ServerFrame, { type: "presence" }>;
  typing: Extract<ServerFrame, { type: "typing" }>;
  read: Extract<ServerFrame, { type: "read" }>;
  /** A delete, live or replayed after a reconnect (`afterMod`): the message may be one delivered long before. */
  deleted: Extract<ServerFrame, { type: "deleted" }>;
  moderation: Extract<ServerFrame, { type: "moderation" }>;
  /**
   * The client was away longer than the room keeps moderation, so deletes it missed cannot be replayed: the app should
   * fetch the messages it shows again (history) and show them as they are now.
   */
  reload: Extract<ServerFrame, { type: "reload" }>;
  error: ErrorFrame | Error;
  state: ConnectionState;
}

/** A publish the server rejected for good (invalid, muted, forbidden): retrying cannot help. */
export class PublishError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = "PublishError";
  }
}

interface Outgoing {
  clientMsgId: string;
  body: MessageBody;
  resolve: (r: { seq: number; clientMsgId: string }) => void;
  reject: (e: Error) => void;
}

/** A moderation frame (delete, mute, remove) sent and not yet answered: sent again, under its clientMsgId, until it is. */
interface PendingModeration {
  frame: Extract<ClientFrame, { type: "delete" | "mute" | "remove" }> & { clientMsgId: string };
  retryTimer?: Timer;
  refusals: number;
}

const RETRYABLE = new Set(["rate_limited", "room_busy", "token_expired"]);
/** Closes after which reconnecting cannot help (or, for too many connections, would only evict another of the user's sockets). */
const PERMANENT_CLOSES = new Set<number>([CLOSE.removed, CLOSE.roomGone, CLOSE.notAllowed, CLOSE.tooManyConnections]);
const CLOSE_REASONS: Record<number, string> = {
  [CLOSE.removed]: "you were removed from this room",
  [CLOSE.roomGone]: "the room does not exist",
  [CLOSE.notAllowed]: "the token does not open this room",
  [CLOSE.tooManyConnections]: "too many connections of this user to the room",
};
const PING = '{"type":"ping"}';
const TOKEN_EXPIRED = "The chat token expired, and a fixed token cannot be renewed: pass `token` as a function that fetches a fresh one.";

type Timer = ReturnType<typeof setTimeout>;
const stopTimer = (t: Timer | undefined, clear: (t: Timer) => void = clearTimeout) => {
  if (t !== undefined) clear(t);
};

function newClientMsgId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * A chat room connection that survives bad networks: it reconnects with
 * backoff and jitter, resumes from the last contiguous seq it delivered,
 * hands the app each message exactly once and in order, and keeps every
 * publish in an outbox, resent with the same clientMsgId, until acknowledged.
 */
export class ChatClient extends Emitter<ChatEvents> {
  private ws: WebSocketLike | null = null;
  private readonly sequencer: Sequencer;
  /** Publishes not yet acknowledged, in the order they were made: sent, and sent again, in that order. */
  private readonly outbox = new Map<string, Outgoing>();
  /** Publishes sent on the current socket and not yet answered. */
  private readonly inFlight = new Set<string>();
  /**
   * After a refusal worth retrying, until the outbox drains: only its head is in flight, so a refused message is
   * sequenced before those made after it (a later one accepted meanwhile would take the lower seq).
   */
  private held = false;
  private outboxTimer?: Timer;
  private outboxRefusals = 0;
  /** Connects in a row that failed before their socket opened (`maxFailedConnects`). */
  private failedConnects = 0;
  private readonly moderations = new Map<string, PendingModeration>();
  /** Whether the room's last `hello` said it takes moderation frames' `clientMsgId`. */
  private moderationIds = false;
  /** The moderation applied (`afterMod` for resumes), and whether the room's last `hello` named its head, so takes `afterMod`. */
  private readonly modCursor: ModerationCursor;
  private modResume = false;
  /** Whether the resume in flight carries `afterMod`: a room that refuses the field (rolled back to before it) is asked again without. */
  private resumeNamedMod = false;
  private attempt = 0;
  private stateValue: ConnectionState = "idle";
  private reconnectTimer?: Timer;
  /** Gives the connect under way up (`connectTimeoutMs`); `connects` tells a given-up connect's late token apart. */
  private connectTimer?: Timer;
  private connects = 0;
  private pingTimer?: Timer;
  private lastHeard = 0;
  private resuming = false;
  /** Whether the sequencer starts where it should: with `tail`, not before the first `hello` names the room's seq. */
  private placed: boolean;
  /** A refused resume waiting to be sent again, and how many refusals in a row (they spread the retries wider). */
  private resumeTimer?: Timer;
  private resumeRefusals = 0;
  private pendingRead = 0;
  private readonly WS: WebSocketConstructor;

  constructor(private readonly opts: ChatClientOptions) {
    super();
    // Checked here, not at hello: a negative tail would skip past messages the room sent, and NaN would stop delivery.
    if (opts.tail !== undefined && !(Number.isSafeInteger(opts.tail) && opts.tail >= 0)) {
      throw new Error(`\`tail\` must be a whole number of messages, 0 or more; got ${opts.tail}.`);
    }
    this.sequencer = new Sequencer(opts.afterSeq ?? 0);
    this.modCursor = new ModerationCursor(opts.afterMod);
    // The first resume leaves before the first `hello`: an app that names where it is asks to be replayed from there.
    this.modResume = opts.afterMod !== undefined;
    this.placed = opts.tail === undefined;
    const WS = opts.WebSocket ?? (globalThis as unknown as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WS) throw new Error("No WebSocket implementation: pass the `WebSocket` option.");
    this.WS = WS;
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** The last seq delivered to the app, with none missing before it. */
  get lastSeq(): number {
    return this.sequencer.lastSeq;
  }

  /** The last moderation id applied, with none missing before it (undefined before the room named its head): store it with `lastSeq`. */
  get lastModId(): number | undefined {
    return this.modCursor.last;
  }

  /** Publishes not yet acknowledged. */
  get pending(): number {
    return this.outbox.size;
  }

  /** Moderation frames sent and not yet answered (`applied` or a refusal for good). */
  get pendingModeration(): number {
    return this.moderations.size;
  }

  /** Opens the connection (and keeps it open until `close()`). */
  connect(): void {
    if (this.stateValue !== "idle") return;
    void this.open();
  }

  /**
   * Publishes a message. Resolves with its seq once the server has stored it;
   * survives any number of disconnects meanwhile. Rejects only when the server
   * refuses it for good, or on `close()`.
   */
  publish(body: MessageBody, opts: { clientMsgId?: string } = {}): Promise<{ seq: number; clientMsgId: string }> {
    const problem = this.opts.validate?.(body) ?? null;
    if (problem !== null) return Promise.reject(new PublishError("invalid_frame", problem));
    if (this.stateValue === "closed") return Promise.reject(new Error("The chat client is closed."));
    const clientMsgId = opts.clientMsgId ?? newClientMsgId();
    const existing = this.outbox.get(clientMsgId);
    if (existing) return new Promise((resolve, reject) => this.chain(existing, resolve, reject));
    return new Promise((resolve, reject) => {
      const out: Outgoing = { clientMsgId, body, resolve, reject };
      this.outbox.set(clientMsgId, out);
      if (!this.held) this.sendPublish(out);
    });
  }

  /** Marks messages up to seq as read; kept and sent after a reconnect if offline. */
  markRead(seq: number): void {
    this.pendingRead = Math.max(this.pendingRead, seq);
    if (this.send({ type: "read", seq: this.pendingRead })) this.pendingRead = 0;
  }

  /** Typing is ephemeral: dropped when offline. */
  typing(typing = true): void {
    this.send({ type: "typing", typing });
  }

  /**
   * Deletes a message (hosts and moderators). Like `mute` and `remove`: false when not connected, and nothing is sent;
   * once sent, the frame is sent again under its clientMsgId after a refusal worth retrying (`room_busy`) and after a
   * reconnect, until the room answers it. The room applies it once however often it arrives; the app hears of the
   * result as everyone does (`deleted`, `moderation`), and of a refusal for good as an `error`.
   */
  deleteMessage(seq: number): boolean {
    return this.moderate({ type: "delete", seq, clientMsgId: newClientMsgId() });
  }

  mute(userId: string, seconds: number): boolean {
    return this.moderate({ type: "mute", userId, seconds, clientMsgId: newClientMsgId() });
  }

  remove(userId: string): boolean {
    return this.moderate({ type: "remove", userId, clientMsgId: newClientMsgId() });
  }

  /** Drops the current connection and reconnects now (e.g. when the OS reports a new network). */
  reconnect(): void {
    if (this.stateValue === "closed") return;
    this.attempt = 0;
    this.failedConnects = 0;
    this.dropSocket();
    this.scheduleReconnect(0);
  }

  /** Closes for good; unacknowledged publishes reject. */
  close(): void {
    if (this.stateValue === "closed") return;
    this.setState("closed");
    stopTimer(this.reconnectTimer);
    this.stopConnectTimer();
    stopTimer(this.resumeTimer);
    this.dropSocket(1000);
    for (const m of this.moderations.values()) stopTimer(m.retryTimer);
    this.moderations.clear();
    stopTimer(this.outboxTimer);
    for (const out of this.outbox.values()) out.reject(new Error("The chat client was closed before the message was acknowledged."));
    this.outbox.clear();
    this.inFlight.clear();
  }

  private async open(): Promise<void> {
    this.setState(this.attempt === 0 && this.stateValue === "idle" ? "connecting" : "reconnecting");
    const connect = ++this.connects;
    this.connectTimer = setTimeout(() => {
      this.dropSocket();
      this.emit("error", new Error("The connection did not open in time; trying again."));
      this.scheduleReconnect();
    }, this.opts.connectTimeoutMs ?? 15_000);
    let token: string;
    try {
      token = typeof this.opts.token === "function" ? await this.opts.token() : this.opts.token;
    } catch (err) {
      if (connect !== this.connects) return;
      this.emit("error", err instanceof Error ? err : new Error(String(err)));
      return this.scheduleReconnect();
    }
    if (this.stateValue === "closed" || connect !== this.connects) return;
    if (typeof this.opts.token === "string" && (tokenExpiresAt(token) ?? Infinity) <= Date.now()) return this.closeForGood(TOKEN_EXPIRED);
    const base = this.opts.baseUrl.replace(/^http/, "ws").replace(/\/$/, "");
    const ws = new this.WS(`${base}/v1/chat/rooms/${encodeURIComponent(this.opts.roomId)}/connect?token=${encodeURIComponent(token)}&v=${PROTOCOL_VERSION}`);
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      opened = true;
      this.failedConnects = 0;
      this.stopConnectTimer();
      this.lastHeard = Date.now();
      this.startPing();
      this.setState("syncing");
      this.resume();
      if (this.pendingRead) this.markRead(this.pendingRead);
      this.inFlight.clear();
      this.sendOutbox();
      for (const m of this.moderations.values()) if (!m.retryTimer) this.send(m.frame);
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      this.lastHeard = Date.now();
      if (typeof ev.data !== "string") return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(ev.data) as ServerFrame;
      } catch {
        return;
      }
      this.onFrame(frame);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.stopPing();
      this.inFlight.clear();
      if (this.stateValue === "closed") return;
      if (PERMANENT_CLOSES.has(ev.code)) {
        const why = CLOSE_REASONS[ev.code] ?? "closed for good";
        return this.closeForGood(`The room closed the connection for good: ${why} (${ev.code}${ev.reason ? ` ${ev.reason}` : ""}).`);
      }
      // Only a token function can bring a fresh token (the server's clock decides, not this device's).
      if (ev.code === CLOSE.tokenExpired && typeof this.opts.token === "string") return this.closeForGood(TOKEN_EXPIRED);
      if (!opened && ev.code !== CLOSE.tokenExpired) {
        const max = this.opts.maxFailedConnects ?? 20;
        if (++this.failedConnects >= max) {
          return this.closeForGood(`Could not connect ${max} times in a row (the last closed ${ev.code}${ev.reason ? ` ${ev.reason}` : ""} before it opened): giving up.`);
        }
        this.emit("error", new Error(`The connection closed before it opened (${ev.code}${ev.reason ? ` ${ev.reason}` : ""}); trying again.`));
      }
      this.scheduleReconnect();
    };
    ws.onerror = () => {
      // A close event follows; reconnecting is handled there.
    };
  }

  private closeForGood(reason: string): void {
    this.emit("error", new Error(reason));
    this.close();
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case "message":
        for (const m of this.sequencer.push(frame)) this.emit("message", m);
        if (this.sequencer.hasGap) this.resume();
        return;
      case "ack": {
        const out = this.outbox.get(frame.clientMsgId);
        if (!out) return;
        this.settle(out);
        this.outboxRefusals = 0;
        out.resolve({ seq: frame.seq, clientMsgId: frame.clientMsgId });
        return;
      }
      case "applied":
        stopTimer(this.moderations.get(frame.clientMsgId)?.retryTimer);
        this.moderations.delete(frame.clientMsgId);
        return;
      case "page":
        // One page of a long resume: ask for the next from the last contiguous seq.
        this.resumeDone();
        return this.resume();
      case "synced":
        this.resumeDone();
        if (this.sequencer.hasGap || this.sequencer.lastSeq < frame.seq) return this.resume();
        this.attempt = 0;
        this.setState("live");
        this.emit("synced", frame);
        return;
      case "hello":
        this.moderationIds = frame.moderationIds === true;
        this.modResume = typeof frame.modHead === "number";
        // Only where nothing was applied yet: a reconnect keeps its own count, and replays from it.
        if (this.modResume && this.modCursor.last === undefined) this.modCursor.skipTo(frame.modHead!);
        this.emit("hello", frame);
        if (this.placed) return;
        this.placed = true;
        for (const m of this.sequencer.skipTo(frame.seq - this.opts.tail!)) this.emit("message", m);
        return this.resume();
      case "error":
        return this.onError(frame);
      case "pong":
        return;
      case "deleted":
      case "moderation":
        if (frame.modId !== undefined && !this.modCursor.admit(frame.modId)) return;
        // A delete of a message held past a gap is handed out deleted.
        if (frame.type === "deleted") this.sequencer.tombstone(frame.seq, frame.at);
        this.emit(frame.type, frame as never);
        return;
      case "reload":
        this.modCursor.skipTo(frame.modHead);
        this.emit("reload", frame);
        return;
      default:
        this.emit(frame.type, frame as never);
    }
  }

  private onError(frame: ErrorFrame): void {
    if (frame.code === "invalid_frame" && this.resuming && this.resumeNamedMod && /afterMod/.test(frame.message)) return this.resumeWithoutMod();
    if (frame.dropped && RETRYABLE.has(frame.code)) this.resendDropped(frame);
    if (frame.afterSeq !== undefined && RETRYABLE.has(frame.code)) this.retryResume(frame.retryAfterMs ?? 1000);
    const mod = frame.clientMsgId ? this.moderations.get(frame.clientMsgId) : undefined;
    // As a publish is (below): the room applies a moderation frame once per clientMsgId, so sending it again is safe.
    if (mod && RETRYABLE.has(frame.code)) this.sendAgainLater(mod, frame, () => this.send(mod.frame));
    else if (mod) this.moderations.delete(mod.frame.clientMsgId);
    const out = frame.clientMsgId ? this.outbox.get(frame.clientMsgId) : undefined;
    // Sent again under its clientMsgId (the room stores it once), in the outbox's order.
    if (out && RETRYABLE.has(frame.code)) this.holdOutbox(frame.retryAfterMs ?? 1000, out);
    else if (out) {
      this.settle(out);
      out.reject(new PublishError(frame.code, frame.message));
    }
    this.emit("error", frame);
  }

  /**
   * The server dropped frames unread (its frame budget for this user was overdrawn) and named none: whatever awaits an
   * answer is sent again after the wait it said: the resume under way, the outbox from its head, the moderation.
   */
  private resendDropped(frame: ErrorFrame): void {
    const afterMs = frame.retryAfterMs ?? 1000;
    if (this.resuming && !this.resumeTimer) this.retryResume(afterMs);
    this.inFlight.clear();
    if (this.outbox.size > 0) this.holdOutbox(afterMs);
    for (const m of this.moderations.values()) if (!m.retryTimer) this.sendAgainLater(m, frame, () => this.send(m.frame));
  }

  /**
   * A publish was refused for now (or dropped): from here until the outbox drains only its head is in flight, and it is
   * sent again after `afterMs` plus a jitter that widens with each refusal in a row. A refusal of one sent after the
   * head waits for its turn: it is sent again when it is the head.
   */
  private holdOutbox(afterMs: number, refused?: Outgoing): void {
    this.held = true;
    if (refused) this.inFlight.delete(refused.clientMsgId);
    const head = this.outbox.values().next().value;
    if (refused && head !== refused) return;
    stopTimer(this.outboxTimer);
    this.outboxTimer = setTimeout(() => {
      this.outboxTimer = undefined;
      this.sendOutbox();
    }, afterMs + this.spread(this.outboxRefusals++));
  }

  /** Sends the outbox in order: all of it, or, while held, its head unless that is in flight or waiting for its time. */
  private sendOutbox(): void {
    if (this.outboxTimer) return;
    if (!this.held) {
      for (const out of this.outbox.values()) if (!this.inFlight.has(out.clientMsgId)) this.sendPublish(out);
      return;
    }
    const head = this.outbox.values().next().value;
    if (!head) {
      this.held = false;
      return;
    }
    if (!this.inFlight.has(head.clientMsgId)) this.sendPublish(head);
  }

  /** A publish was answered for good (acknowledged or refused): out of the outbox, and the next one goes if held. */
  private settle(out: Outgoing): void {
    this.outbox.delete(out.clientMsgId);
    this.inFlight.delete(out.clientMsgId);
    if (!this.held) return;
    if (this.outbox.size === 0) {
      this.held = false;
      this.outboxRefusals = 0;
      return;
    }
    this.sendOutbox();
  }

  /**
   * Sends a refused frame again after the time the room said plus a jitter that widens with each refusal in a row:
   * a crowd refused together (a room being redeployed) does not return together.
   */
  private sendAgainLater(item: { retryTimer?: Timer; refusals: number }, refusal: ErrorFrame, resend: () => void): void {
    stopTimer(item.retryTimer);
    item.retryTimer = setTimeout(() => {
      item.retryTimer = undefined;
      resend();
    }, (refusal.retryAfterMs ?? 1000) + this.spread(item.refusals++));
  }

  /**
   * Asks for everything after the last contiguous seq, and the moderation after the last id applied (to a room whose
   * `hello` named its head: one that did not refuses the field); one resume in flight at a time, none before the client
   * is placed.
   */
  private resume(): void {
    if (this.resuming || !this.placed) return;
    const afterMod = this.modResume ? this.modCursor.last : undefined;
    if (this.send({ type: "resume", afterSeq: this.sequencer.lastSeq, ...(afterMod === undefined ? {} : { afterMod }) })) {
      this.resuming = true;
      this.resumeNamedMod = afterMod !== undefined;
    }
  }

  /**
   * The room refused `afterMod` (it runs a version from before it: a rollback after the last `hello` named a head):
   * resumes go without it until a `hello` names a head again. What it missed meanwhile is not replayed, as before.
   */
  private resumeWithoutMod(): void {
    this.modResume = false;
    this.resumeDone();
    this.resume();
  }

  /** A resume was answered (or the socket it was sent on is gone): none in flight, none waiting to be sent again. */
  private resumeDone(): void {
    this.resuming = false;
    this.resumeRefusals = 0;
    stopTimer(this.resumeTimer);
    this.resumeTimer = undefined;
  }

  /**
   * The room refused a resume (busy, or this user's frame budget): ask again after the time it said, plus a jitter
   * that widens with each refusal in a row, so a crowd refused together does not return together. Until then the
   * client stays `resuming`, so a gap seen meanwhile sends nothing, and the retry asks from the last contiguous
   * seq then: nothing is skipped.
   */
  private retryResume(afterMs: number): void {
    this.resuming = true;
    stopTimer(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = undefined;
      this.resuming = false;
      this.resume();
    }, afterMs + this.spread(this.resumeRefusals++));
  }

  /** The jitter added to the wait a refusal names, after `refusals` earlier ones in a row: as wide as the reconnect backoff. */
  private spread(refusals: number): number {
    return backoffDelay(refusals, this.opts.backoff ?? DEFAULT_BACKOFF, this.opts.random);
  }

  /**
   * Sends a moderation frame and keeps it until answered; false, keeping nothing, when not connected. A room whose
   * `hello` did not say it takes moderation ids (one deployed before them) refuses the field: it gets the frame
   * without one, sent once, as clients before them did.
   */
  private moderate(frame: PendingModeration["frame"]): boolean {
    if (!this.moderationIds) {
      const { clientMsgId: _, ...plain } = frame;
      return this.send(plain);
    }
    if (!this.send(frame)) return false;
    this.moderations.set(frame.clientMsgId, { frame, refusals: 0 });
    return true;
  }

  private sendPublish(out: Outgoing): void {
    if (this.stateValue !== "live" && this.stateValue !== "syncing") return;
    if (this.send({ type: "publish", clientMsgId: out.clientMsgId, body: out.body })) this.inFlight.add(out.clientMsgId);
  }

  private send(frame: ClientFrame): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== 1) return false;
    try {
      ws.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  private chain(existing: Outgoing, resolve: Outgoing["resolve"], reject: Outgoing["reject"]): void {
    const { resolve: r0, reject: j0 } = existing;
    existing.resolve = (v) => (r0(v), resolve(v));
    existing.reject = (e) => (j0(e), reject(e));
  }

  private scheduleReconnect(delay = backoffDelay(this.attempt, this.opts.backoff ?? DEFAULT_BACKOFF, this.opts.random)): void {
    if (this.stateValue === "closed") return;
    // Whatever connect was under way is given up with its deadline: a token it still awaits opens nothing.
    this.connects++;
    this.stopConnectTimer();
    this.resumeDone();
    this.attempt++;
    this.setState("reconnecting");
    stopTimer(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.open(), delay);
  }

  private dropSocket(code?: number): void {
    const ws = this.ws;
    this.ws = null;
    this.stopPing();
    if (!ws) return;
    try {
      ws.close(code ?? 4000, "client reconnect");
    } catch {
      // already closing
    }
  }

  private startPing(): void {
    const every = this.opts.pingIntervalMs ?? 25_000;
    this.stopPing();
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastHeard > 2 * every) return this.reconnect();
      try {
        this.ws?.send(PING);
      } catch {
        // the close event handles it
      }
    }, every);
  }

  private stopConnectTimer(): void {
    stopTimer(this.connectTimer);
    this.connectTimer = undefined;
  }

  private stopPing(): void {
    stopTimer(this.pingTimer, clearInterval);
  }

  private setState(state: ConnectionState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.emit("state", state);
  }
}
