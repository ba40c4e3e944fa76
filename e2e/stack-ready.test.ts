import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { startMediaWorld } from "../scripts/media/world.mjs";
import { DEMO } from "./helpers";

const KEYS = { secret: DEMO.secret, publishable: DEMO.publishable };
const NODES = [
  { id: "paris-1", url: "wss://paris-1.media.test", region: "europe", lat: 48.8534, lon: 2.3488, capacity: 500, residency: "FR" },
  { id: "osaka-1", url: "wss://osaka-1.media.test", region: "asia", lat: 34.6937, lon: 135.5022, capacity: 500, residency: "JP" },
];

/**
 * The media API as a stack just up can answer it: heartbeats accepted at once, but the registry hears a node
 * only `heardAfterMs` after the first one (never, with Infinity), and the nearest lookup sees it `lagMs` later
 * still (its per-isolate snapshot).
 */
async function registryStub({ heardAfterMs, lagMs }: { heardAfterMs: number; lagMs: number }) {
  let firstBeat: number | null = null;
  let beats = 0;
  const since = () => (firstBeat === null ? -1 : Date.now() - firstBeat);
  const server = http.createServer((req, res) => {
    req.resume();
    const send = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const url = new URL(req.url!, "http://stub");
    if (req.method === "PUT" && url.pathname.startsWith("/v1/media/nodes/")) return send(200, {});
    if (req.method === "POST" && url.pathname === "/v1/media/heartbeats") {
      beats++;
      firstBeat ??= Date.now();
      return send(200, { accepted: NODES.length, unknown: [] });
    }
    const heard = since() >= heardAfterMs;
    if (req.method === "GET" && url.pathname === "/v1/media/nodes") {
      return send(200, { items: NODES.map((n) => ({ ...n, live: heard ? { load: 0.2, healthy: true, lastHeartbeatAt: new Date().toISOString(), offered: true } : null })), nextCursor: null });
    }
    if (req.method === "GET" && url.pathname === "/v1/media/nearest") {
      return since() >= heardAfterMs + lagMs ? send(200, { items: [{ id: "paris-1" }] }) : send(503, { code: "no_node_available" });
    }
    send(404, {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, beats: () => beats, close: () => new Promise((r) => server.close(r)) };
}

const open: { close: () => Promise<unknown> }[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

describe("a stack says ready only once the media registry is live", () => {
  it("waits past the first heartbeat until every seeded node is heard and a buyer's nearest lookup finds one", async () => {
    const stub = await registryStub({ heardAfterMs: 800, lagMs: 400 });
    open.push(stub);
    const world = await startMediaWorld(stub.base, KEYS, { nodes: NODES });
    open.push({ close: async () => world.stop() });
    // What a developer's first request after "ready" gets.
    expect((await fetch(`${stub.base}/v1/media/nearest?lat=48.85&lon=2.35`)).status).toBe(200);
  });

  it("gives up after a bounded time, saying which nodes were never heard from and what that means", async () => {
    const stub = await registryStub({ heardAfterMs: Infinity, lagMs: 0 });
    open.push(stub);
    const started = Date.now();
    await expect(startMediaWorld(stub.base, KEYS, { nodes: NODES, readyTimeoutMs: 1500 })).rejects.toThrow(
      /media registry is not live 1\.5 s after the seed: 2 of 2 seeded nodes not heard from \(paris-1, osaka-1\)\. GET \/v1\/media\/nearest would answer 503 no_node_available/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    // Its heartbeats stop with it: a failed start leaves nothing running.
    const beats = stub.beats();
    await new Promise((r) => setTimeout(r, 5500));
    expect(stub.beats()).toBe(beats);
  }, 15_000);

});
