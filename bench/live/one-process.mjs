// The path a live-room viewer takes (gateway → chat Worker → ChatShard), with both Workers in one
// Miniflare instance: one workerd process serving the port, no forwarding proxy. Under `wrangler dev` the
// entry process on :8787 holds ~6 descriptors per WebSocket and caps this machine at ~3,300 viewers
// (20,000 open files a process, hard); here a viewer costs about one (docs/chat-fanout.md).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions, unstable_splitSqlQuery } from "wrangler";
import { ROOT, WRANGLER, run } from "../../scripts/lib/workers.mjs";
import { seedSql } from "../../scripts/seed/index.mjs";
import { LOCAL_GATEWAY_VARS } from "../../scripts/lib/stack.mjs";

const WORKERS = [
  { name: "gateway", config: "wrangler.toml" },
  { name: "chat", config: "workers/chat/wrangler.toml" },
];

/** Bundles the Workers as `wrangler deploy` would, into `outdir/<name>`. */
async function bundle(outdir) {
  await Promise.all(WORKERS.map((w) => run(WRANGLER, ["deploy", "--dry-run", "-c", w.config, "--outdir", path.join(outdir, w.name)], { quiet: true })));
}

function workerOptions(w, outdir, secrets) {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(ROOT, w.config));
  const { serviceBindings = {}, bindings = {}, ...rest } = workerOptions;
  // The gateway's other services are not on a viewer's path: only CHAT stays bound.
  const services = Object.fromEntries(Object.entries(serviceBindings).filter(([binding]) => w.name !== "gateway" || binding === "CHAT"));
  return {
    ...rest,
    name: `ecp-${w.name}`,
    serviceBindings: services,
    // The gateway runs as on the local stack: 10,000 loopback viewers are not one client to throttle.
    bindings: { ...bindings, ...secrets, ...(w.name === "gateway" ? LOCAL_GATEWAY_VARS : {}) },
    modules: true,
    modulesRoot: path.join(outdir, w.name),
    scriptPath: path.join(outdir, w.name, "index.js"),
  };
}

/** The open descriptors of a process, from /proc. */
export function openFiles(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

/** CPU time (user + system, ms) a process has used, from /proc: per-frame and per-connect costs come from its deltas. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/** The workerd processes this Node process started (Miniflare's runtime). */
function childWorkerd() {
  const out = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && comm.startsWith("workerd")) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The D1 migrations and the demo seed, applied through the runtime itself (a second of work, not two wrangler runs). */
async function migrateAndSeed(mf) {
  const d1 = await mf.getD1Database("DB", "ecp-gateway");
  const dir = path.join(ROOT, "migrations");
  const files = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
  const statements = files.flatMap((f) => unstable_splitSqlQuery(readFileSync(path.join(dir, f), "utf8")));
  statements.push(...unstable_splitSqlQuery(await seedSql()));
  for (let i = 0; i < statements.length; i += 100) await d1.batch(statements.slice(i, i + 100).map((q) => d1.prepare(q)));
}

/**
 * Starts gateway and chat in one Miniflare on `port`, with state in `persistTo` (migrated and seeded
 * here: the demo keys). `restart()` stops and starts the runtime on the same port and
 * state, as a deploy drops every socket. `servingPids()` are the processes holding viewers' sockets.
 */
export async function startOneProcess({ port, persistTo, outdir, secrets }) {
  await bundle(outdir);
  const options = {
    host: "127.0.0.1",
    port,
    cf: false,
    d1Persist: path.join(persistTo, "v3", "d1"),
    durableObjectsPersist: path.join(persistTo, "v3", "do"),
    workers: WORKERS.map((w) => workerOptions(w, outdir, secrets)),
    // Request log lines would cost the bench process a line per connect; errors still show.
    handleRuntimeStdio(stdout, stderr) {
      stdout.resume();
      stderr.pipe(process.stderr);
    },
  };
  let mf = new Miniflare(options);
  await mf.ready;
  await migrateAndSeed(mf);
  return {
    base: `http://127.0.0.1:${port}`,
    servingPids: childWorkerd,
    async restart() {
      await mf.dispose();
      mf = new Miniflare(options);
      await mf.ready;
    },
    stop: () => mf.dispose(),
  };
}
