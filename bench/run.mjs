// `npm run bench`: the whole stack under load from a second process (autocannon), every scenario beside
// a baseline route measured in the same run, as ratios. Absolute numbers vary by machine; ratios travel.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import os from "node:os";
import path from "node:path";
import { ROOT, WORKERS } from "../scripts/lib/workers.mjs";
import { freePort, prepare, startSupervisedStack } from "../scripts/lib/stack.mjs";
import { DEMO_KEYS } from "../scripts/seed/index.mjs";
import { combineRounds, errorsCell, errorsOf, goalLine, judgeGoal, summarize } from "./report.mjs";

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;

/** One load of a plain request in its own process (bench/load.mjs), so the bench's own work never slows it; its result. */
function autocannon(base, s, seconds) {
  const spec = { url: `${base}${s.path}`, seconds, method: s.method ?? "GET", headers: s.headers, body: s.body === undefined || typeof s.body === "string" ? s.body : JSON.stringify(s.body) };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bench/load.mjs"), JSON.stringify(spec)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`bench/load.mjs exited ${code}`))));
  });
}

async function measureHttp(base, s, { seconds = DURATION, warm = true } = {}) {
  if (warm) await autocannon(base, s, 1); // warm caches and isolates; not counted
  return summarize(await autocannon(base, s, seconds));
}

/**
 * How long a scenario may take (the live room, the longest, takes about 3 minutes). Past it the row fails and
 * the run goes on: a runtime that stalls (once seen: workerd's thread spinning in its garbage collector's sweeper
 * for 15 minutes, every request unanswered) must fail the run, not hang it.
 */
const SCENARIO_TIMEOUT_MS = Number(process.env.BENCH_SCENARIO_TIMEOUT_MS ?? 10 * 60_000);

/** One scenario's numbers (`seconds`, `warm`: see measureHttp); a runner that throws or stalls is a failed row, not a crashed or hung bench. */
async function measure(base, s, opts = {}) {
  let timer;
  const stalled = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no result in ${SCENARIO_TIMEOUT_MS / 1000} s`)), SCENARIO_TIMEOUT_MS)));
  try {
    return await Promise.race([s.run ? s.run({ base, keys: DEMO_KEYS, ...opts }) : measureHttp(base, s, opts), stalled]);
  } catch (err) {
    return { failed: String(err?.message ?? err).slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

/** Rounds beside the yardstick; more shrink the round-to-round noise (a 3-round ratio moved ±0.06 between runs). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);

/**
 * A bounded scenario measured beside its yardstick: ROUNDS rounds of the two, 2 s each at the default
 * duration, the order flipped every round so neither always runs first. The machine drifts over a run
 * (yardsticks moved 4–35 % between the first and last measurement), so a ratio to a yardstick measured
 * minutes away measures the drift too.
 */
async function measureBeside(base, s, yardstick) {
  const seconds = Math.max(2, Math.round(DURATION / ROUNDS));
  const own = [];
  const yard = [];
  for (let i = 0; i < ROUNDS; i++) {
    const warm = i === 0;
    if (i % 2 === 0) {
      yard.push(await measure(base, yardstick, { seconds, warm }));
      own.push(await measure(base, s, { seconds, warm }));
    } else {
      own.push(await measure(base, s, { seconds, warm }));
      yard.push(await measure(base, yardstick, { seconds, warm }));
    }
  }
  return combineRounds(own, yard);
}

const auth = (key) => ({ authorization: `Bearer ${key}` });
const BASELINE = { name: "baseline: GET /v1/me (authenticated, no service)", path: "/v1/me", headers: auth(DEMO_KEYS.publishable) };
const CEILING = { name: "runtime ceiling: GET /ping (no auth, no binding)", path: "/ping" };
// Two more yardsticks, measured like the baseline (first and last, their mean): what one authenticated hop
// over a service binding costs when the service answers a constant, and the same plus one indexed D1 point
// read (shared/http/service.ts). A scenario's `bound` names the one that caps it: its "× bound" column says
// how far it is from what the runtime allows for that kind of work, measured beside it (measureBeside).
const YARDSTICKS = {
  baseline: BASELINE,
  hop: { name: "hop ceiling: GET /v1/catalog/ping (service binding, constant)", path: "/v1/catalog/ping", headers: auth(DEMO_KEYS.publishable) },
  d1: { name: "D1 ceiling: GET /v1/catalog/ping/db (hop + one point read)", path: "/v1/catalog/ping/db", headers: auth(DEMO_KEYS.publishable) },
};

/** Each Worker's deployable bundle (`wrangler deploy --dry-run`, as `npm run build` makes it), raw and gzip. */
function bundleSizes({ build: rebuild = true } = {}) {
  const build = !rebuild ? { status: 0 } : spawnSync(process.execPath, [path.join(ROOT, "scripts/build.mjs")], { cwd: ROOT, stdio: "ignore" });
  if (build.status !== 0) process.stderr.write("bench: npm run build failed; bundle sizes are from the last build\n");
  return WORKERS.map(({ name }) => {
    const file = path.join(ROOT, "dist", name, "index.js");
    if (!existsSync(file)) return { name, raw: null, gzip: null };
    const bytes = readFileSync(file);
    return { name, raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
  });
}

// BENCH_SKIP_BUILD=1 reads the sizes of the bundles already in dist/ instead of building first.
const bundles = bundleSizes({ build: !process.env.BENCH_SKIP_BUILD });
const persistTo = mkdtempSync(path.join(os.tmpdir(), "ecp-bench-"));
await prepare(persistTo);
// Supervised: if wrangler dev dies mid-run (scripts/lib/stack.mjs), the row it died in keeps its failed
// requests and the rows after it run on a new one; the run says so at the end.
const restartedDuring = [];
let current = "setup";
const stack = await startSupervisedStack(
  { port: await freePort(), persistTo, logLevel: "error", stdio: "ignore", inspector: false },
  { onRestart: (n) => restartedDuring.push(n === null ? `${current} (gave up)` : current) },
);
const results = [];
try {
  const scenarios = [];
  for (const file of readdirSync(path.join(ROOT, "bench/scenarios")).filter((f) => f.endsWith(".mjs")).sort()) {
    const mod = await import(path.join(ROOT, "bench/scenarios", file));
    scenarios.push(...(await mod.default({ base: stack.base, keys: DEMO_KEYS })));
  }
  const first = {};
  for (const [k, y] of Object.entries(YARDSTICKS)) first[k] = await measure(stack.base, y);
  results.push({ name: CEILING.name, ...(await measure(stack.base, CEILING)) });
  for (const s of scenarios) {
    if (only && !only.test(s.name)) continue;
    process.stderr.write(`measuring ${s.name} …\n`);
    current = s.name;
    // A scenario's `unit` says what its rate counts; only requests compare with the yardsticks. One that names
    // its `bound` (the baseline too) is measured beside that yardstick; the rest compare with the run's mean.
    const numbers = s.bound ? await measureBeside(stack.base, s, YARDSTICKS[s.bound]) : await measure(stack.base, s);
    results.push({ name: s.name, unit: s.unit ?? "req/s", bound: s.bound ?? "baseline", ...numbers, ...(s.goal ? { goal: s.goal } : {}) });
  }
  // Each yardstick is measured first and last; its mean is the yardstick, its drift the run's noise.
  const yardRps = {};
  const yardRows = [];
  for (const [k, y] of Object.entries(YARDSTICKS)) {
    const last = await measure(stack.base, y);
    const rps = (first[k].rps + last.rps) / 2;
    yardRps[k] = rps;
    yardRows.push({ name: y.name, yardstick: k, bound: k, ...first[k], rps, drift: Math.abs(first[k].rps - last.rps) / rps });
  }
  results.unshift(...yardRows);
  const baselineRps = yardRps.baseline;
  for (const r of results) {
    const counted = r.rps && (r.unit ?? "req/s") === "req/s";
    r.ratio = counted ? r.rps / baselineRps : null;
    // A scenario measured beside its yardstick compares with that measurement; the rest with the run's mean.
    const bound = r.besideRps ?? (r.bound ? yardRps[r.bound] : undefined);
    r.boundRatio = counted && bound ? r.rps / bound : null;
  }

  const pad = (s, n) => String(s).padEnd(n);
  const num = (v, d = 1) => (v === null || v === undefined ? "-" : Number(v).toFixed(d));
  console.log(`\n${CONNECTIONS} connections, ${DURATION} s per scenario, ${os.cpus().length} cores\n`);
  console.log(`${pad("scenario", 64)} ${pad("p50 ms", 8)} ${pad("p99 ms", 8)} ${pad("rate", 9)} ${pad("unit", 13)} ${pad("× base", 7)} ${pad("bound", 8)} ${pad("× bound", 8)} errors`);
  for (const r of results) {
    console.log(`${pad(r.name, 64)} ${pad(num(r.p50), 8)} ${pad(num(r.p99), 8)} ${pad(num(r.rps, 0), 9)} ${pad(r.unit ?? "req/s", 13)} ${pad(num(r.ratio, 2), 7)} ${pad(r.bound ?? "-", 8)} ${pad(num(r.boundRatio, 2), 8)} ${errorsCell(r)}${r.extra ? "  " + JSON.stringify(r.extra) : ""}`);
  }
  console.log(`\nyardstick drift between first and last measurement: ${yardRows.map((y) => `${y.yardstick} ${(y.drift * 100).toFixed(1)} %`).join(", ")}`);
  if (bundles.length > 0) {
    console.log(`\nbundle sizes (dist/<name>/index.js)`);
    for (const b of bundles) console.log(`${pad(b.name, 14)} ${pad(b.raw === null ? "-" : `${(b.raw / 1024).toFixed(1)} KiB`, 12)} gzip ${b.gzip === null ? "-" : `${(b.gzip / 1024).toFixed(1)} KiB`}`);
  }
  // Each scenario's goal (issue #14's table) judged on its row, so a run says itself which goals it met.
  const judged = results.filter((r) => r.goal).map((r) => ({ name: r.name, ...(r.judged = judgeGoal(r, r.goal)) }));
  if (judged.length > 0) {
    console.log(`\ngoals: ${judged.filter((j) => j.met).length} of ${judged.length} met`);
    for (const j of judged) console.log(goalLine(j.name, j));
  }
  for (const r of results) r.failures = errorsOf(r);
  const failing = results.filter((r) => r.failures);
  if (failing.length > 0) {
    console.log(`\n${failing.length} scenario(s) had failed requests: ${failing.map((r) => r.name).join("; ")}`);
    process.exitCode = 1;
  }
  if (restartedDuring.length > 0) {
    console.log(`\nwrangler dev died and was restarted during: ${restartedDuring.join("; ")} (the Error inside ProxyWorker of scripts/lib/stack.mjs)`);
    process.exitCode = 1;
  }
  const outDir = path.join(ROOT, "bench/results");
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, "latest.json");
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), durationSeconds: DURATION, connections: CONNECTIONS, cores: os.cpus().length, yardsticks: yardRps, bundles, restartedDuring, results }, null, 2));
  console.log(`results written to ${path.relative(ROOT, file)}`);
} finally {
  await stack.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
