// The seeded media world on a running stack: registers the node map (world.generated.json) for the demo
// tenant through the API (PUT: idempotent) and plays those nodes' media servers, heartbeating each one
// every 5 s, so `npm start`, the end-to-end tests and the bench all see a live world map. DO state cannot
// be seeded by SQL, hence the API.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../lib/workers.mjs";
import { devFetch } from "../lib/dev-fetch.mjs";

export const WORLD = JSON.parse(readFileSync(path.join(ROOT, "scripts/media/world.generated.json"), "utf8")).nodes;
const HEARTBEAT_MS = 5000;

async function send(base, key, method, p, body) {
  const res = await devFetch(`${base}${p}`, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
}

/** A node's load in the demo: steady per node, drifting a little with time (0.05–0.65). */
const loadOf = (i, t) => Math.round((0.35 + 0.3 * Math.sin(i * 1.7 + t / 60_000)) * 100) / 100;

/** Seeds the world for `key`'s tenant and heartbeats it until `stop()`. */
export async function startMediaWorld(base, key) {
  for (const { city: _c, geonameId: _g, id, ...def } of WORLD) await send(base, key, "PUT", `/v1/media/nodes/${id}`, def);
  // One batch for the whole map, as a fleet controller would send it.
  const beat = () =>
    send(base, key, "POST", "/v1/media/heartbeats", { items: WORLD.map((n, i) => ({ nodeId: n.id, load: loadOf(i, Date.now()), healthy: true })) }).catch((err) =>
      console.error(`media heartbeat: ${err.message}`),
    );
  await beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  return { nodes: WORLD.length, stop: () => clearInterval(timer) };
}
