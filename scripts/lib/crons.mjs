// The local stack's cron triggers. `wrangler dev` fires none by itself: it only offers a test route, and with
// several configs that route reaches the first Worker (the gateway) alone. So this runs each Worker's own
// `[triggers] crons` from its wrangler config, in UTC as Cloudflare does, and on each tick sends the scheduled
// event through the gateway's local-only route, which delivers it over the service binding
// (workers/gateway/src/routes/local-scheduled.ts).
import { readFileSync } from "node:fs";
import path from "node:path";
// cron-parser: Cloudflare's cron syntax (lists, ranges, steps, month and day names, L, #; not W, which a start
// refuses as a bad expression) with a UTC option, no native code, Node >= 18, maintained; the runtime's own
// parser is not reachable from Node.
import { CronExpressionParser } from "cron-parser";
import { parse } from "smol-toml";
import { ROOT, WORKERS } from "./workers.mjs";
import { devFetch } from "./dev-fetch.mjs";

/** One cron trigger of one Worker: `{ worker: "payments", cron: "* * * * *" }`. */
export function cronJobs(workers = WORKERS) {
  return workers.flatMap((w) => {
    // The top level: what `wrangler dev` runs (an [env.*] section is for deploys).
    const raw = parse(readFileSync(path.resolve(ROOT, w.config), "utf8"));
    return (raw.triggers?.crons ?? []).map((cron) => ({ worker: w.name, cron }));
  });
}

/** The first time strictly after `after` that `cron` fires, reading it in UTC as Cloudflare does. Throws on a bad expression. */
export function nextFire(cron, after) {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: "UTC" }).next().toDate();
}

/** The gateway's ADMIN_TOKEN on this machine: the one its `.dev.vars` gives `wrangler dev`. */
export function localAdminToken() {
  const vars = readFileSync(path.join(ROOT, path.dirname(WORKERS.find((w) => w.name === "gateway").config), ".dev.vars"), "utf8");
  const line = vars.split("\n").find((l) => l.startsWith("ADMIN_TOKEN="));
  if (!line) throw new Error("no ADMIN_TOKEN in the gateway's .dev.vars (ensureDevVars in scripts/lib/workers.mjs writes it)");
  return line.slice("ADMIN_TOKEN=".length).trim().replace(/^(['"])(.*)\1$/, "$2");
}

/**
 * Sends one scheduled event, as Cloudflare would at `at`. The gateway itself is the session's first Worker, which
 * wrangler's own test route reaches; every other Worker through the gateway's local route.
 * Resolves to `{ status, detail }`: 200 when the handler ran to completion.
 */
export async function fireOnStack(base, token, { worker, cron }, at) {
  const query = new URLSearchParams({ cron, time: String(at.getTime()) });
  const route = worker === "gateway" ? "/cdn-cgi/handler/scheduled" : `/v1/admin/local/scheduled/${worker}`;
  // Safe to repeat (devFetch retries wrangler's mid-request 503): a second run at once settles nothing twice.
  const res = await devFetch(`${base}${route}?${query}`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, detail: (await res.text()).slice(0, 500) };
}

// Node's timers overflow past ~24.8 days; a longer wait (a yearly cron) is taken in steps.
const MAX_WAIT_MS = 60 * 60 * 1000;

/**
 * Fires each job on its schedule until `stop()`. A tick missed while the machine slept fires once on waking, not
 * once per slot missed; runs are not awaited before the next is planned, as on Cloudflare, where a slow run does
 * not hold back the next. A Worker the gateway cannot reach (404) is reported once and dropped.
 * `fire(job, at)` (resolving to `{ status, detail }`) and `now()` are for tests; `log` gets one line per failed run.
 */
export function startCrons(base, { jobs = cronJobs(), fire, now = Date.now, log = (line) => console.error(line) } = {}) {
  for (const { cron } of jobs) nextFire(cron, new Date(now())); // a bad expression fails the start, not a tick
  let token;
  const send = fire ?? ((job, at) => fireOnStack(base, (token ??= localAdminToken()), job, at));
  let stopped = false;
  const dropped = new Set();
  const timers = new Set();
  const later = (fn, ms) => {
    const t = setTimeout(() => (timers.delete(t), fn()), ms);
    t.unref();
    timers.add(t);
  };
  const plan = (job, after) => {
    const due = nextFire(job.cron, new Date(after)).getTime();
    const wait = () => {
      if (stopped || dropped.has(job)) return;
      const left = due - now();
      if (left > 0) return later(wait, Math.min(left, MAX_WAIT_MS));
      plan(job, Math.max(due, now()));
      run(job, due);
    };
    wait();
  };
  const run = async (job, due) => {
    const at = new Date(due);
    try {
      const { status, detail } = await send(job, at);
      if (status === 404) {
        dropped.add(job);
        log(`cron ${job.worker} "${job.cron}": the gateway has no route to ${job.worker} (only the services in workers/gateway/src/services.ts are reachable); not fired again. ${detail}`);
      } else if (status !== 200) {
        log(`cron ${job.worker} "${job.cron}" at ${at.toISOString()}: ${status} ${detail}`);
      }
    } catch (err) {
      log(`cron ${job.worker} "${job.cron}" at ${at.toISOString()}: ${err.message}`);
    }
  };
  for (const job of jobs) plan(job, now());
  return {
    jobs,
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
