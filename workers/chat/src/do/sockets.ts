import { ClientFrame, CLOSE, MAX_FRAME_BYTES, MAX_SOCKETS_PER_USER, Role, type ErrorCode, type ParsedClientFrame, type ServerFrame } from "../../../../shared/chat/protocol";
import type { UserBudgets } from "./budgets";

/** What a hibernated socket remembers about its connection (its attachment). */
export interface Conn {
  userId: string;
  role: Role;
  /** Token expiry, epoch seconds: frames after it are refused. */
  exp: number;
  /** When the socket connected (epoch ms): the oldest of a user's sockets goes first past the cap. */
  at: number;
  /** The protocol version the client named at connect (`?v=`, PROTOCOL_VERSION), kept by live shards; absent, 1. */
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

/**
 * Makes room for one more socket of a user (sockets tagged with the user id):
 * past `MAX_SOCKETS_PER_USER` the oldest are closed with `tooManyConnections`.
 * Closing the oldest rather than refusing the newest keeps a user whose old
 * sockets died unnoticed (a network change) from being locked out, while no
 * user can hold more than the cap.
 */
export function capUserSockets(ctx: DurableObjectState, userId: string, max = MAX_SOCKETS_PER_USER): void {
  const open = ctx.getWebSockets(userId).filter((ws) => ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING);
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

export const errorFrame = (code: ErrorCode, message: string, extra: { clientMsgId?: string; afterSeq?: number; retryAfterMs?: number } = {}): ServerFrame => ({
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

type Parsed = { ok: true; frame: ParsedClientFrame } | { ok: false; error: ServerFrame };

/**
 * Checks a received frame: size, JSON, schema, token expiry and the user's
 * rate budget (shared by the user's sockets, see `UserBudgets`). Never
 * throws: every problem becomes an error frame.
 */
export function admitFrame(ws: WebSocket, raw: string | ArrayBuffer, now: number, budgets: UserBudgets): Parsed {
  if (typeof raw !== "string") return { ok: false, error: errorFrame("invalid_frame", "Frames are JSON text.") };
  if (raw.length > MAX_FRAME_BYTES || new TextEncoder().encode(raw).byteLength > MAX_FRAME_BYTES) {
    return { ok: false, error: errorFrame("frame_too_large", `Frames are at most ${MAX_FRAME_BYTES} bytes.`) };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: errorFrame("invalid_frame", "The frame is not valid JSON.") };
  }
  const parsed = ClientFrame.safeParse(json);
  const clientMsgId = typeof (json as { clientMsgId?: unknown })?.clientMsgId === "string" ? (json as { clientMsgId: string }).clientMsgId.slice(0, 64) : undefined;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return { ok: false, error: errorFrame("invalid_frame", `${where}${issue?.message ?? "invalid frame"}`, clientMsgId ? { clientMsgId } : {}) };
  }
  const conn = connOf(ws);
  if (conn.exp * 1000 <= now) return { ok: false, error: errorFrame("token_expired", "The chat token expired; reconnect with a new one.") };
  const spent = budgets.take(conn.userId, parsed.data.type === "publish" ? "publish" : "frames", now);
  if (!spent.ok) {
    // A refused resume says so (`afterSeq`), so the client sends it again instead of waiting for an answer that never comes.
    const refused = parsed.data.type === "resume" ? { afterSeq: parsed.data.afterSeq } : { clientMsgId };
    return { ok: false, error: errorFrame("rate_limited", "Too many frames; slow down.", { ...refused, retryAfterMs: spent.retryAfterMs }) };
  }
  return { ok: true, frame: parsed.data };
}

/**
 * A frame the socket may act on, or null after answering it with the error
 * frame (and closing it when its token expired): what both objects do first.
 */
export function receive(ws: WebSocket, raw: string | ArrayBuffer, budgets: UserBudgets): ParsedClientFrame | null {
  const admitted = admitFrame(ws, raw, Date.now(), budgets);
  if (admitted.ok) return admitted.frame;
  send(ws, admitted.error);
  if (admitted.error.type === "error" && admitted.error.code === "token_expired") ws.close(CLOSE.tokenExpired, "token expired");
  return null;
}
