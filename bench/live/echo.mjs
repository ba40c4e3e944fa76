// The machine's own floor for a paced latency: a plain `ws` echo between two Node processes on loopback,
// no workerd and no product code, sent at the room's paced rate. A publish → deliver is two such hops, so
// the echo's p99 / p50 is what this machine alone does to a tail (docs/chat-fanout.md, "The floor").
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import WebSocket, { WebSocketServer } from "ws";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Round trips (ms, unsorted) of `count` frames sent one at a time, `perSecond` apart, to an echo in its own process. */
export async function echoRoundTrips({ count, perSecond }) {
  const server = fork(fileURLToPath(import.meta.url), ["serve"], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  try {
    const port = await new Promise((resolve, reject) => (server.once("message", resolve), server.once("exit", () => reject(new Error("echo server exited")))));
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
    await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
    // A dropped echo fails the row (measure() reports it) instead of hanging the bench.
    let waiting = null;
    ws.on("message", () => waiting?.resolve());
    ws.on("close", () => waiting?.reject(new Error("echo socket closed")));
    const rtts = [];
    for (let i = 0; i < count; i++) {
      const sent = performance.now();
      const echoed = new Promise((resolve, reject) => (waiting = { resolve, reject }));
      ws.send("x");
      await echoed;
      rtts.push(performance.now() - sent);
      await sleep(1000 / perSecond);
    }
    ws.close();
    return rtts;
  } finally {
    server.kill();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === "serve") {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false }, () => process.send(wss.address().port));
  wss.on("connection", (ws) => ws.on("message", (m) => ws.send(m)));
}
