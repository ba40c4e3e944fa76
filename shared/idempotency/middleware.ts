import { z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { sha256Hex } from "../crypto";
import type { Caller } from "../http/context";
import { ProblemError } from "../http/problem";
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { claimKey, completeKey, completeKeyQuery, purgeExpired, releaseKey, type StoredResponse } from "./store";

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Answers that mean the request did nothing: the key is given back so a corrected retry may use it. */
const NOT_EXECUTED = new Set([400, 401, 403, 413, 415, 429]);

export interface IdempotencyOptions<C extends Context> {
  /** Whether a request without `Idempotency-Key` is refused (payments) or simply not deduplicated. */
  required?: boolean;
  /** The D1 database holding the keys; defaults to `env.DB`. */
  db?: (c: C) => D1Database;
  /** Whose keys these are; defaults to the authenticated caller's tenant. */
  scope?: (c: C) => string;
  /** How long a finished key replays (default 24 h, Stripe's). */
  ttlMs?: number;
  /** Rewrites the answer before it is stored, so secrets shown once are never kept for a replay. */
  redact?: (body: string) => string;
  /** How long a duplicate waits for the first request to finish before a 409 (default 5 s). */
  waitMs?: number;
}

/** The header, for route definitions: documents it and shows its limits in the OpenAPI document. */
export const idempotencyHeaders = (required: boolean) =>
  z.object({
    "idempotency-key": (required ? z.string() : z.string().optional()).openapi({
      description:
        "A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409.",
      example: "order-8731-create",
    }),
  });

const defaultScope = (c: Context) => {
  const caller = c.get("caller") as Caller | undefined;
  if (!caller) throw new Error("idempotent() runs after requireCaller() or is given a scope");
  return caller.tenantId;
};

/**
 * Stripe's idempotency semantics as one middleware for every creating POST:
 * same key and body replays the first answer, another body is a 409, and of
 * concurrent duplicates exactly one runs (the others wait for its answer).
 */
export function idempotent<C extends Context = Context>(opts: IdempotencyOptions<C> = {}): MiddlewareHandler {
  const ttlMs = opts.ttlMs ?? DAY_MS;
  const waitMs = opts.waitMs ?? 5000;
  return async (ctx, next) => {
    const c = ctx as C;
    const key = c.req.header("idempotency-key");
    if (key === undefined) {
      if (opts.required) {
        throw new ProblemError(400, "idempotency_key_required", "This endpoint needs an `Idempotency-Key` header, so a retried request never acts twice.", [
          { path: "header.idempotency-key", message: "required" },
        ]);
      }
      return next();
    }
    if (!KEY_PATTERN.test(key)) {
      throw new ProblemError(400, "invalid_idempotency_key", "`Idempotency-Key` must be 1 to 255 printable ASCII characters.", [
        { path: "header.idempotency-key", message: "1 to 255 printable ASCII characters" },
      ]);
    }
    const d1 = opts.db ? opts.db(c) : (c.env as { DB: D1Database }).DB;
    const scope = (opts.scope ?? defaultScope)(c);
    const url = new URL(c.req.url);
    const body = new Uint8Array(await c.req.arrayBuffer());
    const head = new TextEncoder().encode(`${c.req.method} ${url.pathname}${url.search}\n`);
    const fingerprint = await sha256Hex(concat(head, body));

    const deadline = Date.now() + waitMs;
    for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
      const now = Date.now();
      const claim = await claimKey(d1, { scope, key, fingerprint, now, ttlMs, lockMs: 60_000 });
      if (claim.owned) {
        if (Math.random() < 1 / 64) waitUntil(c, purgeExpired(d1, now));
        return runAndStore(c, next, d1, scope, key, opts.redact ?? ((body: string) => body));
      }
      if (claim.fingerprint !== fingerprint) {
        throw new ProblemError(409, "idempotency_key_reused", "This `Idempotency-Key` was already used with a different request; use a new key for a new request.");
      }
      if (claim.response) return replay(claim.response);
      if (Date.now() + delay > deadline) {
        throw new ProblemError(409, "idempotency_in_progress", "A request with this `Idempotency-Key` is still being processed; retry shortly.", undefined, { "retry-after": "1" });
      }
      // The next claim reads the record back, so it also sees the first request's stored answer.
      await new Promise((r) => setTimeout(r, delay));
    }
  };
}

/** The key a request owns while its handler runs, for `commitIdempotent`. */
interface Owned {
  scope: string;
  key: string;
  redact: (body: string) => string;
  /** Set once the handler stored the answer itself: the middleware then writes nothing more. */
  committed: boolean;
}
const owned = new WeakMap<Request, Owned>();

async function runAndStore(c: Context, next: () => Promise<void>, d1: D1Database, scope: string, key: string, redact: (body: string) => string) {
  const mine: Owned = { scope, key, redact, committed: false };
  owned.set(c.req.raw, mine);
  try {
    await next();
  } catch (err) {
    // After a commit the key is done, and releaseKey leaves a done key alone.
    await releaseKey(d1, scope, key);
    throw err;
  } finally {
    owned.delete(c.req.raw);
  }
  if (mine.committed) return;
  const res = c.res;
  if (res.status >= 500 || NOT_EXECUTED.has(res.status)) {
    await releaseKey(d1, scope, key);
    return;
  }
  await completeKey(d1, scope, key, await stored(res, redact));
}

async function stored(res: Response, redact: (body: string) => string): Promise<StoredResponse> {
  const headers = [...res.headers].filter(([name]) => name !== "x-request-id" && name !== "set-cookie");
  return { status: res.status, headers, body: redact(await res.clone().text()) };
}

/**
 * For a handler behind `idempotent()`: runs its writes and the stored answer in one D1 `batch`, one round
 * trip instead of two and atomic (the effects are never kept without the answer a retry replays, nor the
 * reverse). `response` must be the answer the handler then returns, built before the writes run, so the
 * writes' own results cannot be in it. Without an Idempotency-Key (optional keys) it just runs the writes.
 * Returns the batch's results for the handler's writes.
 */
export async function commitIdempotent<S extends Record<string, unknown>, U extends BatchItem<"sqlite">, T extends Readonly<[U, ...U[]]>>(
  c: Context,
  db: DrizzleD1Database<S>,
  writes: T,
  response: Response,
): Promise<BatchResponse<T>> {
  const mine = owned.get(c.req.raw);
  if (!mine) return db.batch(writes);
  if (mine.committed) throw new Error("commitIdempotent() runs at most once per request");
  if (response.status >= 500 || NOT_EXECUTED.has(response.status)) {
    throw new Error(`commitIdempotent() stores answers that did something, not a ${response.status}`);
  }
  const answer = completeKeyQuery(db, mine.scope, mine.key, await stored(response, mine.redact));
  const results = await db.batch([...writes, answer] as unknown as T);
  mine.committed = true;
  return results.slice(0, writes.length) as unknown as BatchResponse<T>;
}

function replay(stored: StoredResponse): Response {
  const headers = new Headers(stored.headers);
  headers.set("idempotent-replayed", "true");
  return new Response(stored.body, { status: stored.status, headers });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

function waitUntil(c: Context, work: Promise<unknown>) {
  const guarded = work.catch((err) => console.error("idempotency purge failed", err));
  try {
    c.executionCtx.waitUntil(guarded);
  } catch {
    // no execution context (some tests): the purge simply runs unawaited
  }
}
