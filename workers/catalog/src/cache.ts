import type { Context } from "hono";
import { sha256Hex } from "../../../shared/crypto";
import { BoundedLru } from "../../../shared/memo/lru";
import { LookupGate } from "./lookup-gate";
import type { CatalogVersion } from "./store/versions";

/** A read's answer before it goes out: the JSON body's text and its language. */
export interface ReadAnswer {
  json: string;
  contentLanguage: string | null;
}

/** Everything a public read's answer depends on; the catalog version makes old entries unreachable after a write. */
export interface ReadKey {
  tenantId: string;
  version: CatalogVersion;
  owner: boolean;
  /** The resource's path segments (`["listings", id]`); each is encoded, so none can climb to another key. */
  resource: readonly string[];
  locales: string[];
  country: string | null;
  currency?: string;
  query?: Record<string, string | number | undefined>;
}

/**
 * The Cache API key of a read. Every part travels encoded in the query string
 * (none in the path, where `..` or `%2E%2E` would be normalised away), so no
 * input can make one read's key another's. Built by hand: it is on every read,
 * cached or not, and `URLSearchParams` with a locale-aware sort cost more.
 */
export function cacheUrl(k: ReadKey): string {
  const enc = encodeURIComponent;
  let url = `https://catalog.cache.internal/read?t=${enc(k.tenantId)}&v=${k.version.tenant}&p=${k.version.platform}&who=${k.owner ? "owner" : "buyer"}`;
  k.resource.forEach((part, i) => (url += `&r${i}=${enc(part)}`));
  // An unknown country is `-`, not the empty value keys had when such a buyer was shown every listing.
  url += `&l=${enc(k.locales.join(","))}&c=${enc(k.country ?? "-")}&cur=${enc(k.currency ?? "")}`;
  for (const name of Object.keys(k.query ?? {}).sort()) {
    const value = k.query![name];
    if (value !== undefined) url += `&q.${enc(name)}=${enc(String(value))}`;
  }
  return url;
}

interface Entry {
  /** UTF-8, encoded once: a hit hands the runtime bytes, not a string to encode again (~11 KB a page). */
  body: Uint8Array;
  etag: string;
  lang: string | null;
}

/**
 * A small per-isolate LRU in front of the Cache API: the same versioned keys,
 * so it is exactly as fresh, and a hot read skips the cache round trip.
 */
const MEMO_BYTES = 8 << 20;
const memo = new BoundedLru<string, Entry>({ maxEntries: Infinity, maxBytes: MEMO_BYTES, sizeOf: (e) => e.body.byteLength });

/**
 * Keys that missed once. The shared Cache API gets an answer only on its
 * second miss ("cache on second hit"): one-off reads (a unique search, a deep
 * cursor) cost no cache write, and the isolate's LRU covers the first repeat.
 */
const missedOnce = new Set<string>();

function secondMiss(url: string): boolean {
  if (missedOnce.delete(url)) return true;
  if (missedOnce.size >= 10_000) missedOnce.clear();
  missedOnce.add(url);
  return false;
}

/** Shared-cache lookups are skipped while they almost never hit (see LookupGate). */
const sharedLookups = new LookupGate();

const etagMatches = (header: string | undefined, etag: string) =>
  !!header && (header.trim() === "*" || header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag));

/**
 * The client-facing response: revalidate every time (writes must show at once), cheaply, by ETag.
 * Built directly: Hono's `newResponse` copies the headers into a `Headers` one call at a time, and no
 * middleware sets headers for a read before it.
 */
function respond(status: 200 | 304, body: Uint8Array | null, etag: string, lang: string | null, vary: string) {
  const headers: Record<string, string> = {
    etag,
    vary,
    "cache-control": "private, no-cache",
  };
  if (lang) headers["content-language"] = lang;
  if (status === 200) headers["content-type"] = "application/json; charset=utf-8";
  return new Response(status === 304 ? null : body, { status, headers });
}

/**
 * Serves a public read from the edge cache (Cache API) when it can, else
 * computes it and stores it under a key that names the catalog version, so a
 * write makes the next read fresh at once without waiting for a TTL. Answers
 * 304 to a matching `If-None-Match`. `Vary` names the request headers this
 * request's answer depended on: requests with and without `?locale` can share
 * an entry, but not their `Vary`.
 */
export async function cachedRead(c: Context, key: ReadKey, varyOn: readonly string[], compute: () => Promise<ReadAnswer>): Promise<Response> {
  const cache = (caches as unknown as { default: Cache }).default;
  const url = cacheUrl(key);
  const ifNoneMatch = c.req.header("if-none-match");
  const vary = varyOn.join(", ");
  let entry = memo.get(url);
  if (!entry && sharedLookups.ask()) {
    const hit = await cache.match(url);
    sharedLookups.record(!!hit);
    if (hit) {
      entry = { body: new Uint8Array(await hit.arrayBuffer()), etag: hit.headers.get("etag")!, lang: hit.headers.get("x-content-language") };
      memo.set(url, entry);
    }
  }
  if (entry) {
    if (etagMatches(ifNoneMatch, entry.etag)) return respond(304, null, entry.etag, entry.lang, vary);
    return respond(200, entry.body, entry.etag, entry.lang, vary);
  }
  const answer = await compute();
  const body = new TextEncoder().encode(answer.json);
  const etag = `"${(await sha256Hex(body)).slice(0, 32)}"`;
  if (secondMiss(url)) {
    // The stored copy carries its metadata in private headers; the versioned key, not max-age, decides freshness.
    const stored = new Response(body, {
      headers: {
        "content-type": "application/json",
        etag,
        ...(answer.contentLanguage ? { "x-content-language": answer.contentLanguage } : {}),
        "cache-control": "public, max-age=86400",
      },
    });
    c.executionCtx.waitUntil(cache.put(url, stored));
  }
  memo.set(url, { body, etag, lang: answer.contentLanguage });
  if (etagMatches(ifNoneMatch, etag)) return respond(304, null, etag, answer.contentLanguage, vary);
  return respond(200, body, etag, answer.contentLanguage, vary);
}
