import { z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { Caller } from "../http/context";
import { InvalidInput, ProblemError } from "../http/problem";
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { requestFingerprint } from "./fingerprint";
import { claimKey, completeKey, completeKeyQuery, deleteLapsedKey, insertDoneKeyQuery, purgeExpired, readKey, releaseKey, type KeyRecord, type StoredResponse } from "./store";

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Answers that mean the request did nothing: the key is given back so a corrected retry may use it. A 404 is
 * a missing parent (the intent, case, tenant…), which every handler behind `idempotent()` answers before its
 * first write. A 422 is not here: it may refuse what a handler found after writing; one raised on the input
 * before anything ran is an `InvalidInput` (see `didNothing`).
 */
const NOT_EXECUTED = new Set([400, 401, 403, 404, 413, 415, 429]);

/**
 * Whether the answer `res` (to a request whose handler threw `error`, if it did) is one not to store: a 5xx,
 * a status of `NOT_EXECUTED`, or an `InvalidInput` (a field check's 422) whatever its status. Hono hands
 * a thrown error to `onError` inside `next()`, so the middleware sees the problem's response and, as
 * `c.error`, what was thrown.
 */
const didNothing = (res: Response, error: unknown) => res.status >= 500 || NOT_EXECUTED.has(res.status) || error instanceof InvalidInput;

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
  /**
   * Puts back on a replay what `redact` left out, where it can be derived again from what was kept (a
   * deterministic signature over stored fields): a retry still gets its secret, and the secret is never stored.
   */
  reveal?: (c: C, body: string) => Promise<string>;
  /** How long a duplicate waits for the first request to finish before a 409 (default 5 s). */
  waitMs?: number;
  /**
   * `claim` (default): the key is claimed in D1 before the handler runs, so of concurrent duplicates only one
   * runs. `optimistic`: no claim; for handlers whose whole effect is one D1 batch sent with
   * `commitIdempotent` and whose answer is known before it is written. The batch starts with a plain INSERT
   * of the finished key, so a duplicate's batch fails on the key and writes nothing, then replays the
   * winner's answer: one D1 round trip per request instead of two. Answers not committed (4xx) are not
   * stored; a retry computes them again.
   */
  mode?: "claim" | "optimistic";
}

/** The header, for route definitions: documents it and shows its limits in the OpenAPI document. */
export const idempotencyHeaders = (required: boolean) =>
  z.object({
    "idempotency-key": (required ? z.string() : z.string().optional()).openapi({
      description:
        "A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body.",
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
    const reveal = opts.reveal && ((body: string) => opts.reveal!(c, body));
    const scope = (opts.scope ?? defaultScope)(c);
    // Read through Hono, which keeps the body for the route's validators and handler.
    const body = new Uint8Array(await c.req.arrayBuffer());
    const fingerprint = await requestFingerprint(c.req.method, c.req.url, c.req.header("content-type"), body);

    if (opts.mode === "optimistic") {
      if (Math.random() < 1 / 64) waitUntil(c, purgeExpired(d1, Date.now()));
      return runOptimistic(c, next, { scope, key, redact: opts.redact ?? ((b: string) => b), reveal, committed: false, optimistic: { d1, fingerprint, ttlMs, waitMs } });
    }

    const deadline = Date.now() + waitMs;
    for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
      const now = Date.now();
      const claim = await claimKey(d1, { scope, key, fingerprint, now, ttlMs, lockMs: 60_000 });
      if (claim.owned) {
        if (Math.random() < 1 / 64) waitUntil(c, purgeExpired(d1, now));
        return runAndStore(c, next, d1, scope, key, opts.redact ?? ((body: string) => body));
      }
      if (claim.fingerprint !== fingerprint) throw reused();
      if (claim.response) return replay(claim.response, reveal);
      if (Date.now() + delay > deadline) throw inProgress();
      // The next claim reads the record back, so it also sees the first request's stored answer.
      await new Promise((r) => setTimeout(r, delay));
    }
  };
}

/** The key a request owns (claim mode) or will insert (optimistic mode) while its handler runs, for `commitIdempotent`. */
interface Owned {
  scope: string;
  key: string;
  redact: (body: string) => string;
  /** Undoes `redact` on a replay (see IdempotencyOptions.reveal). */
  reveal?: (body: string) => Promise<string>;
  /** Set once the handler stored the answer itself: the middleware then writes nothing more. */
  committed: boolean;
  /** Optimistic mode only: what the key's INSERT and the rare conflict path need. */
  optimistic?: { d1: D1Database; fingerprint: string; ttlMs: number; waitMs: number };
}
const owned = new WeakMap<Request, Owned>();

async function runOptimistic(c: Context, next: () => Promise<void>, mine: Owned) {
  owned.set(c.req.raw, mine);
  try {
    await next();
  } finally {
    owned.delete(c.req.raw);
  }
  // An answer that did something but was never stored would be repeated by a retry: a handler bug, said loudly.
  if (!mine.committed && c.res.status < 400) {
    throw new Error("an optimistic idempotent() handler answered without commitIdempotent()");
  }
}

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
  if (didNothing(res, c.error)) {
    await releaseKey(d1, scope, key);
    return;
  }
  await completeKey(d1, scope, key, await stored(res, redact));
}

async function stored(res: Response, redact: (body: string) => string): Promise<StoredResponse> {
  const headers = [...res.headers].filter(([name]) => name !== "x-request-id" && name !== "set-cookie");
  return { status: res.status, headers, body: redact(await res.clone().text()) };
}

/** What `commitIdempotent` came to: the answer to send, and the handler's write results (null when a duplicate's answer is replayed). */
export interface Committed<T> {
  response: Response;
  results: T | null;
}

/**
 * For a handler behind `idempotent()`: runs its writes and the stored answer in one D1 `batch`, one round
 * trip and atomic (the effects are never kept without the answer a retry replays, nor the reverse).
 * `response` must be the answer the handler then returns, built before the writes run, so the writes' own
 * results cannot be in it. The handler returns `committed.response`: in optimistic mode, when a duplicate
 * got there first, that is the duplicate's stored answer (and nothing of this request was written).
 * Without an Idempotency-Key (optional keys) it just runs the writes.
 */
export async function commitIdempotent<S extends Record<string, unknown>, U extends BatchItem<"sqlite">, T extends Readonly<[U, ...U[]]>>(
  c: Context,
  db: DrizzleD1Database<S>,
  writes: T,
  response: Response,
): Promise<Committed<BatchResponse<T>>> {
  const mine = owned.get(c.req.raw);
  if (!mine) return { response, results: await db.batch(writes) };
  if (mine.committed) throw new Error("commitIdempotent() runs at most once per request");
  if (response.status >= 500 || NOT_EXECUTED.has(response.status)) {
    throw new Error(`commitIdempotent() stores answers that did something, not a ${response.status}`);
  }
  const answer = await stored(response, mine.redact);
  if (mine.optimistic) return commitOptimistic(db, mine, mine.optimistic, writes, response, answer);
  const results = await db.batch([...writes, completeKeyQuery(db, mine.scope, mine.key, answer)] as unknown as T);
  mine.committed = true;
  return { response, results: results.slice(0, writes.length) as unknown as BatchResponse<T> };
}

/**
 * One batch [INSERT of the finished key, ...writes]. D1 runs a batch as one transaction, so when the key
 * exists the whole batch fails and nothing is written; only then is the key read: the same request's
 * answer is replayed, another request's is a 409, a lapsed key is deleted (conditionally) and the batch
 * tried once more, and a claim-mode request still running is waited for.
 */
async function commitOptimistic<S extends Record<string, unknown>, T extends Readonly<[BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]>>(
  db: DrizzleD1Database<S>,
  mine: Owned,
  o: NonNullable<Owned["optimistic"]>,
  writes: T,
  response: Response,
  answer: StoredResponse,
): Promise<Committed<BatchResponse<T>>> {
  const { scope, key } = mine;
  for (let retried = false; ; retried = true) {
    const now = Date.now();
    let failure: unknown;
    try {
      const insertKey = insertDoneKeyQuery(db, { scope, key, fingerprint: o.fingerprint, now, ttlMs: o.ttlMs }, answer);
      const results = await db.batch([insertKey, ...writes] as unknown as T);
      mine.committed = true;
      return { response, results: results.slice(1) as unknown as BatchResponse<T> };
    } catch (err) {
      failure = err;
    }
    // The rare path. Without a key row the batch failed for the handler's own reasons: its error stands.
    const found = await settledKey(o, scope, key);
    if (!found) throw failure;
    if (lapsed(found, Date.now(), o.fingerprint)) {
      if (retried) throw inProgress();
      await deleteLapsedKey(o.d1, scope, key, o.fingerprint, Date.now());
      continue;
    }
    return { response: await answerOf(mine, found, o.fingerprint), results: null };
  }
}

/**
 * For a handler behind `idempotent()` that refuses a request before writing anything: the answer stored for an
 * earlier request with this key, replayed (another body's is a 409), or null when there is none and the refusal
 * stands. A retry gets what its first attempt got, even when the state now would refuse it. In claim mode the
 * middleware replayed before the handler ran, so there is nothing to find here.
 */
export async function storedAnswer(c: Context): Promise<Response | null> {
  const mine = owned.get(c.req.raw);
  if (!mine?.optimistic) return null;
  const found = await settledKey(mine.optimistic, mine.scope, mine.key);
  if (!found || lapsed(found, Date.now(), mine.optimistic.fingerprint)) return null;
  return answerOf(mine, found, mine.optimistic.fingerprint);
}

/** A live key's answer to this request: its stored answer replayed, another body's a 409, one still running a 409 to retry. */
async function answerOf(mine: Owned, found: KeyRecord, fingerprint: string): Promise<Response> {
  if (found.fingerprint !== fingerprint) throw reused();
  if (!found.response) throw inProgress();
  mine.committed = true;
  return replay(found.response, mine.reveal);
}

/** A key that no longer binds anyone: expired, or this same request's abandoned claim. */
const lapsed = (r: KeyRecord, now: number, fingerprint: string) =>
  r.expiresAt <= now || (r.state === "pending" && r.lockedUntil <= now && r.fingerprint === fingerprint);

/** The key's record once it has an answer, or as it stands when waiting cannot help (another request's, lapsed, or out of time). */
async function settledKey(o: NonNullable<Owned["optimistic"]>, scope: string, key: string): Promise<KeyRecord | null> {
  const deadline = Date.now() + o.waitMs;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    const found = await readKey(o.d1, scope, key);
    if (!found || found.response || found.fingerprint !== o.fingerprint || lapsed(found, Date.now(), o.fingerprint) || Date.now() + delay > deadline) return found;
    // A claim-mode request with this key is still running: wait for its answer, as a claiming duplicate does.
    await new Promise((r) => setTimeout(r, delay));
  }
}

const reused = () =>
  new ProblemError(409, "idempotency_key_reused", "This `Idempotency-Key` was already used with a different request; use a new key for a new request.");
const inProgress = () =>
  new ProblemError(409, "idempotency_in_progress", "A request with this `Idempotency-Key` is still being processed; retry shortly.", undefined, { "retry-after": "1" });

async function replay(stored: StoredResponse, reveal?: (body: string) => Promise<string>): Promise<Response> {
  const headers = new Headers(stored.headers);
  headers.set("idempotent-replayed", "true");
  return new Response(reveal ? await reveal(stored.body) : stored.body, { status: stored.status, headers });
}

function waitUntil(c: Context, work: Promise<unknown>) {
  const guarded = work.catch((err) => console.error("idempotency purge failed", err));
  try {
    c.executionCtx.waitUntil(guarded);
  } catch {
    // no execution context (some tests): the purge simply runs unawaited
  }
}
