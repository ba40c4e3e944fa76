// The whole platform as one local wrangler session: migrations, seed, start, stop.
// `npm start`, the end-to-end tests and the bench all use this one module.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { ROOT, WORKERS, WRANGLER, WRANGLER_ENV, ensureDevVars, ensurePublicAssets, run } from "./workers.mjs";
import { DEMO_KEYS, seedSql } from "../seed/index.mjs";
import { startMediaWorld } from "../media/world.mjs";
import { startCrons } from "./crons.mjs";
import { openSync, writeFileSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import { parse } from "smol-toml";

export const DEFAULT_PERSIST = path.join(ROOT, ".wrangler/state");

/** Applies pending D1 migrations and the idempotent demo seed to a local state directory. */
export async function prepare(persistTo = DEFAULT_PERSIST, { quiet = true } = {}) {
  ensureDevVars();
  await ensurePublicAssets();
  const common = ["--local", "--persist-to", persistTo, "-c", "wrangler.toml"];
  await run(WRANGLER, ["d1", "migrations", "apply", "DB", ...common], { quiet });
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "ecp-seed-")), "seed.sql");
  writeFileSync(file, await seedSql());
  await run(WRANGLER, ["d1", "execute", "DB", ...common, "--file", file, "--yes"], { quiet });
}

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** True once nothing accepts connections on the port (a stopped stack's workerd may hold it a moment longer). */
async function portFree(port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    sock.once("connect", () => (sock.destroy(), resolve(false)));
    sock.once("error", () => resolve(true));
  });
}

/** Waits until no process of the group is left and the port is released, so a restart on it cannot collide. */
async function waitGone(pgid, port, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let alive = true;
    try {
      process.kill(-pgid, 0);
    } catch {
      alive = false;
    }
    if (!alive && (await portFree(port))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitHealthy(base, child, timeoutMs, tail) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}: ${tail()}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`stack did not become healthy in ${timeoutMs} ms: ${last}`);
}

/** What the gateway is told on a local stack only (wrangler.toml says "false" to both, for production). */
export const LOCAL_GATEWAY_VARS = {
  // A local stack has no real request.cf: let X-Country / X-Location stand in for it.
  TRUST_CLIENT_LOCATION: "true",
  // Every local client is loopback: the per-IP limit would throttle the bench and e2e as one client.
  EXEMPT_LOOPBACK_IP_LIMIT: "true",
  // The route the local cron scheduler fires services' scheduled handlers through (scripts/lib/crons.mjs). No
  // wrangler.toml names it, and it also needs the experimental flag below, which Cloudflare does not deploy.
  LOCAL_CRON_TRIGGER: "true",
};

/**
 * The gateway's compatibility flags on a local stack: its own from wrangler.toml (`--compatibility-flags` replaces
 * them, and applies to the session's first config only: the gateway), plus workerd's experimental
 * `service_binding_extra_handlers`, which gives a service binding `scheduled()` that delivers a real scheduled
 * event (workers/gateway/src/routes/local-scheduled.ts). Without it, multi-config `wrangler dev` can run no
 * service's cron handler: its test route reaches the first Worker only.
 */
export function localGatewayFlags() {
  const gateway = WORKERS.find((w) => w.name === "gateway");
  const own = parse(readFileSync(path.join(ROOT, gateway.config), "utf8")).compatibility_flags ?? [];
  return [...new Set([...own, "service_binding_extra_handlers"])];
}

/**
 * Starts every Worker in one `wrangler dev` on 127.0.0.1:port, in its own
 * process group so stopping it also stops workerd. Resolves once /health is ok
 * and the media registry has heard from the seeded nodes. `crons: true` (npm start)
 * also fires each Worker's cron triggers on their schedule; tests and the bench
 * leave them off, so nothing moves under them unasked.
 */
export async function startStack({ port = 8787, persistTo = DEFAULT_PERSIST, logLevel = "warn", stdio = "inherit", logFile, timeoutMs = 60_000, inspector = true, crons = false } = {}) {
  // `logFile`: the stack's output (every Worker's request log lines) appended to a file, for tests to read.
  if (logFile) stdio = openSync(logFile, "a");
  // Output nobody asked for is still kept (its last lines), so a failed start says why.
  const quiet = stdio === "ignore";
  let kept = "";
  const tail = () => (quiet ? kept.slice(-2000) : "see its output above");
  const args = ["dev", ...WORKERS.slice().reverse().flatMap((w) => ["-c", w.config])];
  args.push("--ip", "127.0.0.1", "--port", String(port), "--persist-to", persistTo, "--log-level", logLevel, "--show-interactive-dev-session=false");
  for (const [name, value] of Object.entries(LOCAL_GATEWAY_VARS)) args.push("--var", `${name}:${value}`);
  for (const flag of localGatewayFlags()) args.push("--compatibility-flags", flag);
  // `inspector: false` (the bench): wrangler attaches its DevTools session to one Worker, whichever bundled
  // last, and that Worker's every log line then crosses the session (~1 ms of CPU a request), so rows
  // changed level from one stack to the next. wrangler has no flag for it; it skips the session inside
  // VS Code's debug terminal, which this variable marks (it has no other effect on wrangler or Node).
  const env = inspector ? WRANGLER_ENV : { ...WRANGLER_ENV, VSCODE_INSPECTOR_OPTIONS: "{}" };
  const child = spawn(WRANGLER, args, { cwd: ROOT, env, stdio: ["ignore", quiet ? "pipe" : stdio, quiet ? "pipe" : stdio], detached: true });
  if (quiet) for (const s of [child.stdout, child.stderr]) s.on("data", (d) => (kept = (kept + d).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  let media = null;
  let scheduler = null;
  const stop = () =>
    new Promise((resolve) => {
      scheduler?.stop();
      media?.stop();
      const done = () => waitGone(child.pid, port).then(resolve);
      if (child.exitCode !== null || child.signalCode !== null) {
        // wrangler died on its own: its runtime may still hold the port.
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
        return done();
      }
      child.once("exit", done);
      try {
        process.kill(-child.pid, "SIGINT");
      } catch {
        done();
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }, 5000).unref();
    });
  try {
    await waitHealthy(base, child, timeoutMs, tail);
    // The media registry lives in Durable Objects, seeded through the API once the stack is up; resolves once
    // the registry has heard from the nodes (an early GET /v1/media/nearest would otherwise answer 503).
    media = await startMediaWorld(base, DEMO_KEYS);
    if (crons) scheduler = startCrons(base);
  } catch (err) {
    await stop();
    throw err;
  }
  return { base, port, child, stop, crons: scheduler?.jobs ?? [] };
}

/**
 * A stack that comes back when `wrangler dev` dies under it. Under load its ProxyWorker can lose the
 * connection to the runtime, and wrangler then exits with an empty "✘ [ERROR]" (Error inside ProxyWorker:
 * Network connection lost; workers-sdk#15317, #15451; seen here on `GET /` at 200 req/s). The state is
 * persisted, so a new wrangler on the same port carries on; requests in flight at the time still fail, and
 * `onRestart` is told (null once `maxRestarts` are spent and the stack is left down).
 */
export async function startSupervisedStack(opts, { onRestart = () => {}, maxRestarts = 5 } = {}) {
  let stack = await startStack(opts);
  let stopping = false;
  let restarts = 0;
  let restarting = Promise.resolve();
  const watch = (current) =>
    current.child.once("exit", (code) => {
      restarting = (async () => {
        if (stopping) return;
        await current.stop(); // the rest of its process group (workerd) and its media heartbeats
        if (stopping) return;
        if (restarts >= maxRestarts) return onRestart(null, code);
        onRestart(++restarts, code);
        stack = await startStack({ ...opts, port: current.port });
        watch(stack);
      })();
    });
  watch(stack);
  return {
    base: stack.base,
    port: stack.port,
    get child() {
      return stack.child;
    },
    get restarts() {
      return restarts;
    },
    /** The cron triggers it fires (`crons: true`), `{ worker, cron }` each. */
    get crons() {
      return stack.crons;
    },
    /** Stops the stack, after a restart in progress if there is one. */
    async stop() {
      stopping = true;
      await restarting;
      await stack.stop();
    },
  };
}
