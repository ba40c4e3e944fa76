import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import workerd from "workerd";
import WebSocket from "ws";
// @ts-expect-error plain ESM script without types
import { freePort } from "../scripts/lib/stack.mjs";

// Locally Miniflare's entry Worker answers the client's upgrade on its own compatibility date, so the
// stack cannot show what Cloudflare negotiates. This runs the workerd binary itself with the
// compatibility date and flags of the Workers that answer and accept chat sockets.
const ACCEPTING = ["wrangler.toml", "workers/chat/wrangler.toml"];

const SOCKET_WORKER = `export default { fetch() {
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  return new Response(null, { status: 101, webSocket: client });
} };`;

const running: ChildProcess[] = [];
afterAll(() => running.forEach((p) => p.kill("SIGKILL")));

/** Serves a socket-accepting Worker on `port` with the given compatibility settings. */
async function serve(port: number, date: string, flags: string[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ecp-wsz-"));
  writeFileSync(path.join(dir, "w.js"), SOCKET_WORKER);
  writeFileSync(
    path.join(dir, "c.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = (modules = [ (name = "w.js", esModule = embed "w.js") ],
    compatibilityDate = "${date}", compatibilityFlags = [${flags.map((f) => JSON.stringify(f)).join(", ")}])) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ]
);`,
  );
  const child = spawn(workerd, ["serve", path.join(dir, "c.capnp"), "--experimental"], { stdio: "ignore" });
  running.push(child);
  for (let i = 0; i < 100; i++) {
    if (await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("workerd did not start");
}

/** The extensions a client that offers permessage-deflate (as every browser does) ends up with. */
async function negotiated(port: number) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
  await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
  const extensions = ws.extensions;
  ws.close();
  return extensions;
}

describe("chat sockets on Cloudflare's runtime", () => {
  it.each(ACCEPTING)("%s declines permessage-deflate, which the runtime would otherwise accept", async (config) => {
    const { workerOptions } = unstable_getMiniflareWorkerOptions(config);
    const flags = workerOptions.compatibilityFlags ?? [];
    const port = await freePort();
    await serve(port, workerOptions.compatibilityDate!, flags);
    expect(await negotiated(port)).toBe("");
    // The same date without the flag compresses: the flag, not the date, is what declines it.
    const control = await freePort();
    await serve(control, workerOptions.compatibilityDate!, flags.filter((f: string) => f !== "no_web_socket_compression"));
    expect(await negotiated(control)).toBe("permessage-deflate");
  });
});
