// Media: the nearest lookup for the demo tenant with 1,000 more nodes registered (around the seeded
// metros) while every one of them heartbeats every 5 s from a second loop (200 node heartbeats/s, sent
// as batches of 100 the way a fleet controller would), and the heartbeat write paths alone at the rate
// they sustain: one request per node heartbeat, and batches of 100. Buyers are spread over large cities.
import { load as run } from "../load.mjs";
import { WORLD } from "../../scripts/media/world.mjs";
import { summarize } from "../report.mjs";

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const NODES = 1000;
const HEARTBEAT_MS = 5000;
const BUYERS = ["48.86,2.35", "40.71,-74.01", "35.69,139.69", "-23.55,-46.64", "19.08,72.88", "6.45,3.39", "-33.87,151.21", "55.76,37.62", "30.06,31.25", "34.05,-118.24"];

const ids = Array.from({ length: NODES }, (_, i) => `bench-${String(i).padStart(4, "0")}`);

/** Runs `fn` over `items` with at most `limit` in flight; counts what failed. */
async function pool(items, limit, fn) {
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const item = items[next++];
        try {
          await fn(item);
        } catch {
          failed++;
        }
      }
    }),
  );
  return failed;
}

function request(base, key, method, path, body) {
  return fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) }).then(async (res) => {
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  });
}

/** Registers the 1,000 bench nodes once: each a seeded metro's position, jittered by up to ~50 km. */
let registered = null;
function register(base, key) {
  registered ??= pool(ids, 8, (id) => {
    const m = WORLD[Number(id.slice("bench-".length)) % WORLD.length];
    const def = { url: `wss://${id}.media.bench`, region: m.region, lat: m.lat + (Math.random() - 0.5) * 0.9, lon: m.lon + (Math.random() - 0.5) * 0.9, capacity: 1000, residency: m.residency };
    return request(base, key, "PUT", `/v1/media/nodes/${id}`, def);
  }).then((failed) => {
    if (failed) throw new Error(`media bench: ${failed} of ${NODES} nodes failed to register`);
  });
  return registered;
}

const BATCH = 100;
const beats = (from) => ({ items: Array.from({ length: BATCH }, (_, j) => ({ nodeId: ids[(from + j) % NODES], load: Math.round(Math.random() * 60) / 100, healthy: true })) });

/** Every node heartbeats once per HEARTBEAT_MS, in batches spread evenly, until stopped. */
function heartbeatLoop(base, key) {
  const stats = { sent: 0, failed: 0 };
  let cursor = 0;
  const timer = setInterval(() => {
    stats.sent += BATCH;
    request(base, key, "POST", "/v1/media/heartbeats", beats(cursor)).catch(() => (stats.failed += BATCH));
    cursor += BATCH;
  }, (HEARTBEAT_MS * BATCH) / NODES);
  return { stats, stop: () => clearInterval(timer) };
}

export default async function mediaScenarios({ base, keys }) {
  /** Heartbeats alone, as fast as they are taken; the rate reported counts node heartbeats (`perRequest` a request). */
  const heartbeatWrites = (name, perRequest, next) => ({
    name,
    unit: "heartbeats/s",
    async run() {
      await register(base, keys.secret);
      let i = 0;
      const headers = { authorization: `Bearer ${keys.secret}`, "content-type": "application/json" };
      const requests = [{ method: "POST", headers, setupRequest: (req) => {
        const { path, body } = next(i++);
        return { ...req, path, body: JSON.stringify(body) };
      } }];
      await run({ url: base, duration: 1, requests });
      const r = summarize(await run({ url: base, duration: DURATION, requests }));
      return { ...r, rps: r.rps * perRequest, extra: { ...r.extra, requestsPerSecond: r.rps } };
    },
  });
  return [
    {
      name: `media: nearest, ${NODES} + ${WORLD.length} nodes, heartbeats arriving`,
      unit: "req/s",
      async run() {
        await register(base, keys.secret);
        // Every node live before measuring, then heartbeats keep arriving from a second loop.
        for (let from = 0; from < NODES; from += BATCH) await request(base, keys.secret, "POST", "/v1/media/heartbeats", beats(from));
        const loop = heartbeatLoop(base, keys.secret);
        try {
          let i = 0;
          const path = () => {
            const [lat, lon] = BUYERS[i++ % BUYERS.length].split(",");
            return `/v1/media/nearest?count=3&lat=${lat}&lon=${lon}`;
          };
          const requests = [{ method: "GET", headers: { authorization: `Bearer ${keys.publishable}` }, setupRequest: (req) => ({ ...req, path: path() }) }];
          await run({ url: base, duration: 1, requests });
          const started = loop.stats.sent;
          const r = await run({ url: base, duration: DURATION, requests });
          return summarize(r, { nodeHeartbeatsPerSecond: Math.round((loop.stats.sent - started) / DURATION), heartbeatFailures: loop.stats.failed });
        } finally {
          loop.stop();
        }
      },
    },
    heartbeatWrites(`media: heartbeat writes (${NODES} nodes, round robin)`, 1, (i) => ({
      path: `/v1/media/nodes/${ids[i % NODES]}/heartbeat`,
      body: { load: (i % 60) / 100, healthy: true },
    })),
    heartbeatWrites(`media: heartbeat writes, batches of ${BATCH}`, BATCH, (i) => ({ path: "/v1/media/heartbeats", body: beats(i * BATCH) })),
  ];
}
