// The runtime's own floor for a room's publish → deliver: one bare Durable Object that stores each frame in its
// SQLite and sends it to every socket, in a Miniflare of its own, no product code and no proxy. Its clients are
// plain sockets in the bench process, as the room's SDK clients are, so its p99 / p50 is what workerd's
// one-thread fan-out and this machine do to a room's tail before any code of ours runs (docs/chat-fanout.md).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Miniflare } from "miniflare";
import WebSocket from "ws";

const ROOM = `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS m (seq INTEGER PRIMARY KEY, body TEXT)");
  }
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws, text) {
    this.ctx.storage.sql.exec("INSERT INTO m (body) VALUES (?)", text);
    for (const s of this.ctx.getWebSockets()) s.send(text);
  }
}
export default { fetch: (req, env) => env.ROOM.get(env.ROOM.idFromName("floor")).fetch(req) };`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Delivery latencies (ms, unsorted) of `count` frames sent `perSecond` to a bare room of `clients` sockets. */
export async function fanoutFloor({ clients, count, perSecond }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ecp-bench-floor-"));
  // On disk, as the local stack's objects are: every frame's commit is a real fsync before the frame goes out.
  const mf = new Miniflare({ modules: true, script: ROOM, compatibilityDate: "2025-04-01", port: 0, durableObjectsPersist: dir, durableObjects: { ROOM: { className: "Room", useSQLite: true } } });
  const sockets = [];
  try {
    const url = (await mf.ready).toString().replace(/^http/, "ws");
    for (let i = 0; i < clients; i++) {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
      sockets.push(ws);
    }
    const latencies = [];
    for (const ws of sockets) ws.on("message", (raw) => latencies.push(performance.now() - JSON.parse(raw).t));
    for (let i = 0; i < count; i++) {
      sockets[i % sockets.length].send(JSON.stringify({ type: "message", t: performance.now(), body: { kind: "text", text: "floor" } }));
      await sleep(1000 / perSecond);
    }
    const deadline = Date.now() + 10_000;
    while (latencies.length < count * clients && Date.now() < deadline) await sleep(20);
    // A floor missing deliveries would flatter the room beside it: the row fails instead.
    if (latencies.length < count * clients) throw new Error(`fan-out floor: ${latencies.length} of ${count * clients} deliveries`);
    return latencies;
  } finally {
    for (const ws of sockets) ws.close();
    await mf.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
