import { ClientFrame, CLOSE, MAX_FRAME_BYTES, MAX_SOCKETS_PER_USER, Role, type ErrorCode, type ParsedClientFrame, type ServerFrame } from "../../../../shared/chat/protocol";
import { FRAME_OVERDRAFT, INVALID_FRAME_COST } from "../domain/bucket";
import type { UserBudgets } from "./budgets";

/** What a hibernated socket remembers about its connection (its attachment). */
export interface Conn {
  userId: string;
  role: Role;
  /** Token expiry, epoch seconds: frames after it are refused. */
  exp: number;
  /** When the socket connected (epoch ms): the oldest of a user's sockets goes first past the cap. */
  at: number;
  /** The protocol version the client named at connect (`?v=`, PROTOCOL_VERSION); absent, 1. */
  v?: number;
}

/**
 * Who connects: the claims of the token the Worker verified, passed in internal headers. The user id
 * is any string a tenant chose (max 128 characters), so it travels percent-encoded: a header value
 * would lose its edge whitespace (" seller" arriving as "seller", another user) or refuse a line break.
 */
export const CONN_HEADERS = { user: "x-chat-user", role: "x-chat-role", exp: "x-chat-exp" } as const;

function decodedUser(value: string | null): string | null {
  try {
    return value ? decodeURIComponent(value) : null;
  } catch {
    return null;
  }
}

export function connFromHeaders(headers: Headers, now: number): Conn | null {
  const userId = decodedUser(headers.get(CONN_HEADERS.user));
  const role = Role.safeParse(headers.get(CONN_HEADERS.role));
  const exp = Number(headers.get(CONN_HEADERS.exp));
  if (!userId || !role.success || !Number.isFinite(exp)) return null;
  return { userId, role: role.data, exp, at: now };
}

export function connHeaders(c: { userId: string; role: Role; exp: number }): Record<string, string> {
  return { [CONN_HEADERS.user]: encodeURIComponent(c.userId), [CONN_HEADERS.role]: c.role, [CONN_HEADERS.exp]: String(c.exp) };
}

export const connOf = (ws: WebSocket): Conn => ws.deserializeAttachment() as Conn;

/** The runtime's limit on a hibernated socket's tag, in UTF-8 bytes; a longer tag makes `acceptWebSocket` throw. */
const MAX_TAG_BYTES = 256;

/**
 * The tag a user's sockets carry: the user id itself, or, for an id over MAX_TAG_BYTES in UTF-8 (a tenant may choose
 * 128 characters of any script, up to 512 bytes), `#` and a 64-bit FNV-1a of it. Ids may collide under the digest, so
 * `userSockets` checks each socket's own user id.
 */
export function socketTag(userId: string): string {
  const bytes = new TextEncoder().encode(userId);
  if (bytes.byteLength <= MAX_TAG_BYTES) return userId;
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return `#${h.toString(16).padStart(16, "0")}`;
}

/** The sockets of one user in this object, open or not. */
export const userSockets = (ctx: DurableObjectState, userId: string): WebSocket[] => ctx.getWebSockets(socketTag(userId)).filter((ws) => connOf(ws).userId === userId);

/** Accepts a user's socket, tagged so `userSockets` finds it, remembering its connection. */
export function acceptUserSocket(ctx: DurableObjectState, server: WebSocket, conn: Conn): void {
  ctx.acceptWebSocket(server, [socketTag(conn.userId)]);
  server.serializeAttachment(conn);
}

/**
 * Makes room for one more socket of a user (`userSockets`):
 * past `MAX_SOCKETS_PER_USER` the oldest are closed with `tooManyConnections`.
 * Closing the oldest rather than refusing the newest keeps a user whose old
 * sockets died unnoticed (a network change) from being locked out, while no
 * user can hold more than the cap.
 */
export function capUserSockets(ctx: DurableObjectState, userId: string, max = MAX_SOCKETS_PER_USER): void {
  const open = userSockets(ctx, userId).filter((ws) => ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING);
  if (open.length < max) return;
  open.sort((a, b) => (connOf(a).at ?? 0) - (connOf(b).at ?? 0));
  for (const ws of open.slice(0, open.length - max + 1)) {
    try {
      ws.close(CLOSE.tooManyConnections, `at most ${max} connections per user`);
    } catch {
      // already closing
    }
  }
}

/** Sends a frame, ignoring a socket that closed meanwhile (its close handler cleans up). */
export function send(ws: WebSocket, frame: ServerFrame | string): void {
  try {
    ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  } catch {
    // closed or closing
  }
}

export const errorFrame = (code: ErrorCode, message: string, extra: { clientMsgId?: string; afterSeq?: number; retryAfterMs?: number; dropped?: true } = {}): ServerFrame => ({
  type: "error",
  code,
  message,
  ...extra,
});

/** Sends one frame to many sockets, serialising it once. */
export function broadcast(sockets: Iterable<WebSocket>, frame: ServerFrame, except?: WebSocket): void {
  const text = JSON.stringify(frame);
  for (const ws of sockets) if (ws !== except) send(ws, text);
}

type Parsed = { ok: true; frame: ParsedClientFrame } | { ok: false; error?: ServerFrame; close?: { code: number; reason: string } };

const utf8Bytes = (s: string) => (s.length * 3 <= MAX_FRAME_BYTES ? s.length : new TextEncoder().encode(s).byteLength);

/**
 * Checks a received frame. Every frame is charged to the user's frame budget first (`UserBudgets.charge`, shared by
 * the user's sockets), before anything parses it: a flood costs its sender, not the room. Then: binary or oversize
 * frames close the socket (1008, 1009); an expired token closes it (4001); a frame that finds the budget overdrawn
 * past FRAME_OVERDRAFT.named is dropped unparsed, answered at most once per wait (`dropped`), and one past
 * FRAME_OVERDRAFT.close closes the socket (1008). A frame that fails JSON or the schema costs INVALID_FRAME_COST in
 * all. Never throws: every problem becomes an error frame, a close, or (a dropped frame in a flood) nothing.
 */
export function admitFrame(ws: WebSocket, raw: string | ArrayBuffer, now: number, budgets: UserBudgets): Parsed {
  const conn = connOf(ws);
  const charged = budgets.charge(conn.userId, now);
  if (typeof raw !== "string") return { ok: false, error: errorFrame("invalid_frame", "Frames are JSON text."), close: { code: CLOSE.policy, reason: "frames are JSON text" } };
  if (raw.length > MAX_FRAME_BYTES || utf8Bytes(raw) > MAX_FRAME_BYTES) {
    return { ok: false, error: errorFrame("frame_too_large", `Frames are at most ${MAX_FRAME_BYTES} bytes.`), close: { code: CLOSE.tooBig, reason: "frame too large" } };
  }
  if (conn.exp * 1000 <= now) {
    return { ok: false, error: errorFrame("token_expired", "The chat token expired; reconnect with a new one."), close: { code: CLOSE.tokenExpired, reason: "token expired" } };
  }
  if (charged.debt > FRAME_OVERDRAFT.close) return { ok: false, close: { code: CLOSE.policy, reason: "too many frames" } };
  if (charged.debt > FRAME_OVERDRAFT.named) {
    if (!budgets.answerDropped(conn.userId, now, charged.retryAfterMs)) return { ok: false };
    return { ok: false, error: errorFrame("rate_limited", "Too many frames: frames were dropped unread; send again what is unanswered.", { retryAfterMs: charged.retryAfterMs, dropped: true }) };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    budgets.charge(conn.userId, now, INVALID_FRAME_COST - 1);
    return { ok: false, error: errorFrame("invalid_frame", "The frame is not valid JSON.") };
  }
  const parsed = ClientFrame.safeParse(json);
  const clientMsgId = typeof (json as { clientMsgId?: unknown })?.clientMsgId === "string" ? (json as { clientMsgId: string }).clientMsgId.slice(0, 64) : undefined;
  if (!parsed.success) {
    budgets.charge(conn.userId, now, INVALID_FRAME_COST - 1);
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return { ok: false, error: errorFrame("invalid_frame", `${where}${issue?.message ?? "invalid frame"}`, clientMsgId ? { clientMsgId } : {}) };
  }
  // A refused resume says so (`afterSeq`), so the client sends it again instead of waiting for an answer that never comes.
  const refused = (retryAfterMs: number): Parsed => ({
    ok: false,
    error: errorFrame("rate_limited", "Too many frames; slow down.", { ...(parsed.data.type === "resume" ? { afterSeq: parsed.data.afterSeq } : { clientMsgId }), retryAfterMs }),
  });
  if (charged.debt > 0) return refused(charged.retryAfterMs);
  if (parsed.data.type === "publish") {
    const spent = budgets.take(conn.userId, "publish", now);
    if (!spent.ok) return refused(spent.retryAfterMs);
  }
  return { ok: true, frame: parsed.data };
}

/**
 * A frame the socket may act on, or null after answering it with the error
 * frame, if any, and closing the socket when the refusal says so: what both objects do first.
 */
export function receive(ws: WebSocket, raw: string | ArrayBuffer, budgets: UserBudgets): ParsedClientFrame | null {
  // Frames a closed socket had already sent still arrive: they cost nothing more, and get no answer.
  if (ws.readyState === WebSocket.CLOSING || ws.readyState === WebSocket.CLOSED) return null;
  const admitted = admitFrame(ws, raw, Date.now(), budgets);
  if (admitted.ok) return admitted.frame;
  if (admitted.error) send(ws, admitted.error);
  if (admitted.close) {
    try {
      ws.close(admitted.close.code, admitted.close.reason);
    } catch {
      // already closing
    }
  }
  return null;
}
