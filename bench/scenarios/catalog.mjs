// Bounds: cached reads are capped by the hop ceiling (no D1 on a hit), uncached ones by the D1 ceiling.
// Catalog reads from the edge: a cached list, an uncached list, a search and a single listing, all as a
// storefront in Germany reading German with the demo tenant's publishable key. Uncached reads get a
// unique (valid) cursor per request, so every one misses the Cache API and runs the real D1 query.
import { load } from "../load.mjs";
import { summarize } from "../report.mjs";

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A cursor past every real id (the first page), unique per call: `lst_7ZZ…` plus a random tail. */
function freshCursor() {
  let tail = "";
  for (let i = 0; i < 16; i++) tail += CROCKFORD[Math.floor(Math.random() * 32)];
  const id = `lst_7ZZZZZZZZZ${tail}`;
  return Buffer.from(JSON.stringify({ before: id })).toString("base64url");
}

/** A load with a new query string per request. */
function uncached(base, headers, pathFor) {
  const once = (seconds) => load({ url: base, duration: seconds, requests: [{ method: "GET", headers, setupRequest: (req) => ({ ...req, path: pathFor() }) }] });
  return async ({ seconds = DURATION, warm = true } = {}) => {
    if (warm) await once(1);
    const r = await once(seconds);
    return summarize(r);
  };
}

export default async function catalogScenarios({ base, keys }) {
  const headers = { authorization: `Bearer ${keys.publishable}`, "accept-language": "de-DE,de;q=0.9", "x-country": "DE" };
  const first = await fetch(`${base}/v1/catalog/listings?limit=1`, { headers });
  if (!first.ok) throw new Error(`catalog bench setup: ${first.status} ${await first.text()}`);
  const [{ id }] = (await first.json()).items;
  return [
    { name: "catalog: list 20, cached (de-DE, DE)", bound: "hop", goal: { measure: "× bound", atLeast: 0.9 }, path: "/v1/catalog/listings?limit=20", headers },
    {
      name: "catalog: list 20, uncached (unique cursor)",
      unit: "req/s",
      bound: "d1",
      goal: { measure: "× bound", atLeast: 0.8 },
      run: uncached(base, headers, () => `/v1/catalog/listings?limit=20&cursor=${freshCursor()}`),
    },
    {
      name: "catalog: search q=kopfhörer, uncached",
      unit: "req/s",
      bound: "d1",
      goal: { measure: "× bound", atLeast: 0.8 },
      run: uncached(base, headers, () => `/v1/catalog/listings?limit=20&q=kopfh%C3%B6rer&cursor=${freshCursor()}`),
    },
    { name: "catalog: one listing, cached", bound: "hop", goal: { measure: "× bound", atLeast: 0.9 }, path: `/v1/catalog/listings/${id}`, headers },
  ];
}
