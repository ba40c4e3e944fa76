import WebSocket from "ws";
import { ChatClient, type ChatClientOptions, type WebSocketConstructor } from "../shared/chat/sdk";
import type { MessageFrame } from "../shared/chat/protocol";

/** `ws` as the SDK's WebSocket: its event-target API is the browser's. */
export const NodeWebSocket = WebSocket as unknown as WebSocketConstructor;

export async function postJson<T>(base: string, path: string, key: string, body: unknown, status = 200): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== status) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const createRoom = (base: string, key: string, body: { kind: string; title?: string; members?: string[] } = { kind: "group" }) =>
  postJson<{ id: string }>(base, "/v1/chat/rooms", key, body, 201).then((r) => r.id);

export const mintToken = (base: string, key: string, userId: string, extra: Record<string, unknown> = {}) =>
  postJson<{ token: string; expiresAt: string }>(base, "/v1/chat/tokens", key, { userId, ...extra }).then((r) => r.token);

/** An SDK client on `ws` that records every message the app was handed. */
export function client(opts: Omit<ChatClientOptions, "WebSocket">) {
  const c = new ChatClient({ pingIntervalMs: 5_000, backoff: { initialMs: 100, maxMs: 2_000 }, ...opts, WebSocket: NodeWebSocket });
  const messages: MessageFrame[] = [];
  c.on("message", (m) => messages.push(m));
  return { c, messages };
}

/** Resolves when `check` holds, polling; rejects with `what` after the timeout. */
export async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The HTTP status a WebSocket handshake got, when the server refused the upgrade. */
export function handshakeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on("open", () => {
      resolve(101);
      ws.close();
    });
    ws.on("error", (err) => reject(err));
  });
}
