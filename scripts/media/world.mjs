// The seeded media world on a running stack: registers the node map (world.generated.json) for the demo
// tenant through the API (PUT: idempotent) and plays those nodes' media servers, heartbeating each one
// every 5 s, so `npm start`, the end-to-end tests and the bench all see a live world map (and only say they
// are ready once the registry has heard from it). DO state cannot be seeded by SQL, hence the API.
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

/**
 * Seeds the world for the keys' tenant and heartbeats it until `stop()`. Resolves once the world is live
 * (`waitHeard`), so a stack that says ready answers `GET /v1/media/nearest` at once.
 */
export async function startMediaWorld(base, keys, { nodes = WORLD, readyTimeoutMs = 30_000 } = {}) {
  for (const { city: _c, geonameId: _g, id, ...def } of nodes) await send(base, keys.secret, "PUT", `/v1/media/nodes/${id}`, def);
  // One batch for the whole map, as a fleet controller would send it.
  const beat = () =>
    send(base, keys.secret, "POST", "/v1/media/heartbeats", { items: nodes.map((n, i) => ({ nodeId: n.id, load: loadOf(i, Date.now()), healthy: true })) }).catch((err) =>
      console.error(`media heartbeat: ${err.message}`),
    );
  await beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  try {
    await waitHeard(base, keys, { nodes, timeoutMs: readyTimeoutMs });
  } catch (err) {
    clearInterval(timer);
    throw err;
  }
  return { nodes: nodes.length, stop: () => clearInterval(timer) };
}

/** What the registry says of the seeded nodes now: `{ live: true }`, or what is still missing. */
async function liveness(base, keys, nodes) {
  const heard = new Set();
  let cursor = null;
  do {
    const res = await fetch(`${base}/v1/media/nodes?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { headers: { authorization: `Bearer ${keys.secret}` } });
    if (!res.ok) return { live: false, why: `GET /v1/media/nodes answers ${res.status} ${await res.text()}` };
    const page = await res.json();
    for (const n of page.items) if (n.live?.offered) heard.add(n.id);
    cursor = page.nextCursor;
  } while (cursor);
  const unheard = nodes.filter((n) => !heard.has(n.id)).map((n) => n.id);
  if (unheard.length > 0) {
    const some = unheard.slice(0, 3).join(", ") + (unheard.length > 3 ? ", …" : "");
    return { live: false, why: `${unheard.length} of ${nodes.length} seeded nodes not heard from (${some})` };
  }
  // What a buyer's first request asks, with the key a buyer's device holds.
  const { lat, lon } = nodes[0];
  const res = await fetch(`${base}/v1/media/nearest?lat=${lat}&lon=${lon}`, { headers: { authorization: `Bearer ${keys.publishable}` } });
  return res.ok ? { live: true } : { live: false, why: `every seeded node heard from, but GET /v1/media/nearest answers ${res.status} ${await res.text()}` };
}

/**
 * Waits until the media registry has heard from every seeded node and a buyer's `GET /v1/media/nearest`
 * finds one; throws after `timeoutMs` saying what is still missing.
 */
export async function waitHeard(base, keys, { nodes = WORLD, timeoutMs = 30_000, intervalMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await liveness(base, keys, nodes).catch((err) => ({ live: false, why: err.message }));
    if (state.live) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `The media registry is not live ${timeoutMs / 1000} s after the seed: ${state.why}. GET /v1/media/nearest would answer 503 no_node_available; ` +
          `heartbeats go every ${HEARTBEAT_MS / 1000} s to POST /v1/media/heartbeats (scripts/media/world.mjs), and any that failed are logged above as "media heartbeat:".`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
