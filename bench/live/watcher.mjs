// One raw WebSocket in a process of its own, timing publish → arrival of every paced message by the wall
// clock. The room's 200 SDK clients share the bench's event loop, so their latencies carry that loop's
// queue (about 35 µs a frame); this one shows what the server alone delivered.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";

const WALL = /"text":"t:[\d.]+ w:([\d.]+)"/;
const now = () => performance.timeOrigin + performance.now();

/** The text of a paced message: the SDK clients read `t:` (this process's clock), the watcher `w:` (the wall). */
export const pacedText = () => `t:${performance.now()} w:${now()}`;

/**
 * Starts the watcher on `url` (a room's connect URL with its token). `stop()` resolves to every latency it
 * saw, in ms; `ready` once its socket is open.
 */
export function startWatcher(url) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), url], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const ready = new Promise((resolve, reject) => {
    child.stdout.once("data", resolve);
    child.once("exit", () => reject(new Error("watcher exited before its socket opened")));
  });
  return {
    ready,
    /** Every latency the watcher saw; none if it died (the caller counts the missing ones as errors). */
    async stop() {
      child.stdin.end();
      await exited;
      try {
        return JSON.parse(out.slice(out.indexOf("\n") + 1));
      } catch {
        return [];
      }
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const latencies = [];
  const ws = new WebSocket(process.argv[2], { perMessageDeflate: false });
  ws.on("open", () => process.stdout.write("open\n"));
  ws.on("message", (raw) => {
    const m = WALL.exec(raw.toString());
    if (m) latencies.push(now() - Number(m[1]));
  });
  // The bench closes stdin when it wants the numbers.
  process.stdin.resume();
  process.stdin.on("end", () => {
    ws.close();
    process.stdout.write(JSON.stringify(latencies), () => process.exit(0));
  });
}
