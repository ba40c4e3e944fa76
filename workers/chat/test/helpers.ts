import { PROTOCOL_VERSION, type ClientFrame, type ServerFrame } from "../../../shared/chat/protocol";
import { callWorker } from "../../../shared/testing/call-worker";
import worker from "../src/index";

export const TENANT_A = "ten_01JTESTA000000000000000000";
export const TENANT_B = "ten_01JTESTB000000000000000000";

/**
 * The chat Worker's own fetch handler with the real bindings (`callWorker`: not through `exports.default.fetch`, which
 * in vitest-pool-workers 0.15.1 gets slower with every call, workers-sdk#15092). A WebSocket upgrade comes back as the
 * 101 with its `webSocket`, as from the runtime.
 */
export const fetchWorker = (request: Request): Promise<Response> => callWorker<Env>(worker, request);

/** Calls the chat Worker as the gateway would, with the caller's headers. */
export function call(path: string, init: RequestInit & { tenant?: string; keyKind?: "secret" | "publishable"; json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.tenant) {
    headers.set("x-ecp-tenant", init.tenant);
    headers.set("x-ecp-key-kind", init.keyKind ?? "secret");
  }
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return fetchWorker(new Request(`https://chat.internal${path}`, { ...init, headers, body }));
}

export async function createRoom(tenant: string, body: { kind: "direct" | "group" | "live"; title?: string; members?: string[] } = { kind: "group" }): Promise<string> {
  const res = await call("/v1/chat/rooms", { method: "POST", tenant, json: body });
  if (res.status !== 201) throw new Error(`room: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** A token for the user; without `rooms`, a member's token for every room, asked for explicitly as `"*"`. */
export async function token(tenant: string, userId: string, opts: { rooms?: string[] | "*"; role?: string; roles?: Record<string, string>; ttlSeconds?: number } = {}): Promise<string> {
  const res = await call("/v1/chat/tokens", { method: "POST", tenant, json: { userId, rooms: "*", ...opts } });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** A test client: every frame it receives, and a way to wait for the next one that matches. */
export interface TestSocket {
  frames: ServerFrame[];
  send(frame: ClientFrame | string): void;
  next<T extends ServerFrame["type"]>(type: T, match?: (f: Extract<ServerFrame, { type: T }>) => boolean): Promise<Extract<ServerFrame, { type: T }>>;
  close(): void;
  closed: Promise<{ code: number }>;
  /** The socket itself, for what `send` does not send (binary frames). */
  raw: WebSocket;
}

/** A connect as today's SDK makes it (`v`, PROTOCOL_VERSION); `legacy` names no version, as SDKs before it did. */
export function connectRequest(roomId: string, tok?: string, { legacy = false } = {}): Request {
  const q = new URLSearchParams();
  if (tok !== undefined) q.set("token", tok);
  if (!legacy) q.set("v", String(PROTOCOL_VERSION));
  return new Request(`https://chat.internal/v1/chat/rooms/${roomId}/connect?${q}`, { headers: { upgrade: "websocket" } });
}

export async function connect(roomId: string, tok: string, opts: { legacy?: boolean } = {}): Promise<TestSocket> {
  const res = await fetchWorker(connectRequest(roomId, tok, opts));
  if (res.status !== 101 || !res.webSocket) throw new Error(`connect: ${res.status} ${await res.text()}`);
  const ws = res.webSocket;
  ws.accept();
  const frames: ServerFrame[] = [];
  const consumed = new Set<number>();
  const waiters: { test: (f: ServerFrame) => boolean; resolve: (i: number) => void }[] = [];
  const closed = new Promise<{ code: number }>((resolve) => ws.addEventListener("close", (e) => resolve({ code: e.code })));
  ws.addEventListener("message", (e) => {
    const index = frames.push(JSON.parse(e.data as string) as ServerFrame) - 1;
    const w = waiters.findIndex((x) => x.test(frames[index]!));
    if (w >= 0) waiters.splice(w, 1)[0]!.resolve(index);
  });
  return {
    frames,
    closed,
    raw: ws,
    send: (frame) => ws.send(typeof frame === "string" ? frame : JSON.stringify(frame)),
    close: () => ws.close(1000, "bye"),
    // The first frame of this type (and match) not returned before, waiting up to 3 s for it.
    next(type, match) {
      const test = (f: ServerFrame) => f.type === type && (!match || match(f as never));
      const take = (i: number) => {
        consumed.add(i);
        return frames[i] as never;
      };
      const found = frames.findIndex((f, i) => !consumed.has(i) && test(f));
      if (found >= 0) return Promise.resolve(take(found));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} frame within 3 s; last: ${JSON.stringify(frames.slice(-5))}`)), 3000);
        waiters.push({ test: (f) => test(f), resolve: (i) => (clearTimeout(timer), resolve(take(i))) });
      });
    },
  };
}

export const text = (t: string) => ({ kind: "text" as const, text: t });
