import { and, eq, lte, or, sql } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { idempotencyKeys } from "../db/schema/idempotency";

/** A stored answer, replayed byte for byte to a retry. */
export interface StoredResponse {
  status: number;
  headers: [string, string][];
  body: string;
}

/** What a claim found: the key is ours to run with, or someone else's record of it. */
export type Claim =
  | { owned: true }
  | { owned: false; fingerprint: string; state: "pending" | "done"; response: StoredResponse | null };

export interface ClaimInput {
  scope: string;
  key: string;
  fingerprint: string;
  now: number;
  ttlMs: number;
  lockMs: number;
}

/**
 * Claims a key in one statement, so concurrent duplicates cannot both win:
 * a new key is inserted; an expired one, or an abandoned claim of the same
 * request, is taken over; anything else is left alone and read back.
 */
export async function claimKey(d1: D1Database, input: ClaimInput): Promise<Claim> {
  const db = drizzle(d1);
  const t = idempotencyKeys;
  const won = await db
    .insert(t)
    .values({
      scope: input.scope,
      key: input.key,
      fingerprint: input.fingerprint,
      state: "pending",
      lockedUntil: input.now + input.lockMs,
      createdAt: input.now,
      expiresAt: input.now + input.ttlMs,
    })
    .onConflictDoUpdate({
      target: [t.scope, t.key],
      set: {
        fingerprint: sql`excluded.fingerprint`,
        state: "pending",
        lockedUntil: sql`excluded.locked_until`,
        status: null,
        headers: null,
        body: null,
        createdAt: sql`excluded.created_at`,
        expiresAt: sql`excluded.expires_at`,
      },
      setWhere: or(
        lte(t.expiresAt, input.now),
        and(eq(t.state, "pending"), lte(t.lockedUntil, input.now), eq(t.fingerprint, input.fingerprint)),
      ),
    })
    .returning({ scope: t.scope });
  if (won.length > 0) return { owned: true };
  const found = await readKey(d1, input.scope, input.key);
  // Released between our insert and read: the caller may simply try again.
  return found ?? { owned: false, fingerprint: input.fingerprint, state: "pending", response: null };
}

/** A key's record as read back: the claim's view plus when it lapses. */
export type KeyRecord = Exclude<Claim, { owned: true }> & { expiresAt: number; lockedUntil: number };

/** The current record of a key, or null when there is none. */
export async function readKey(d1: D1Database, scope: string, key: string): Promise<KeyRecord | null> {
  const t = idempotencyKeys;
  const [row] = await drizzle(d1)
    .select({ fingerprint: t.fingerprint, state: t.state, status: t.status, headers: t.headers, body: t.body, expiresAt: t.expiresAt, lockedUntil: t.lockedUntil })
    .from(t)
    .where(and(eq(t.scope, scope), eq(t.key, key)));
  if (!row) return null;
  const response =
    row.state === "done" && row.status !== null
      ? { status: row.status, headers: JSON.parse(row.headers ?? "[]") as [string, string][], body: row.body ?? "" }
      : null;
  return { owned: false, fingerprint: row.fingerprint, state: row.state, response, expiresAt: row.expiresAt, lockedUntil: row.lockedUntil };
}

/** Stores the answer of the request that owns the key. */
export async function completeKey(d1: D1Database, scope: string, key: string, response: StoredResponse): Promise<void> {
  await completeKeyQuery(drizzle(d1), scope, key, response);
}

/**
 * The statement that stores the answer, unexecuted: to be run in one `batch` with the writes that made
 * the answer (see `commitIdempotent`), so both land together or not at all.
 */
export function completeKeyQuery<S extends Record<string, unknown>>(db: DrizzleD1Database<S>, scope: string, key: string, response: StoredResponse) {
  const t = idempotencyKeys;
  return db
    .update(t)
    .set({ state: "done", status: response.status, headers: JSON.stringify(response.headers), body: response.body })
    .where(and(eq(t.scope, scope), eq(t.key, key), eq(t.state, "pending")));
}

/**
 * The finished record of a key, as a plain INSERT (no OR IGNORE, no upsert), unexecuted: sent first in the
 * batch of an optimistic request, so a key already present fails the whole batch and nothing is written.
 */
export function insertDoneKeyQuery<S extends Record<string, unknown>>(
  db: DrizzleD1Database<S>,
  input: Omit<ClaimInput, "lockMs">,
  response: StoredResponse,
) {
  return db.insert(idempotencyKeys).values({
    scope: input.scope,
    key: input.key,
    fingerprint: input.fingerprint,
    state: "done",
    lockedUntil: input.now,
    status: response.status,
    headers: JSON.stringify(response.headers),
    body: response.body,
    createdAt: input.now,
    expiresAt: input.now + input.ttlMs,
  });
}

/**
 * Deletes a key that no longer binds anyone: expired, or an abandoned claim of this same request (its
 * Worker died). Conditional, so a key another request has just renewed or finished is left alone.
 */
export async function deleteLapsedKey(d1: D1Database, scope: string, key: string, fingerprint: string, now: number): Promise<void> {
  const t = idempotencyKeys;
  await drizzle(d1)
    .delete(t)
    .where(
      and(
        eq(t.scope, scope),
        eq(t.key, key),
        or(lte(t.expiresAt, now), and(eq(t.state, "pending"), lte(t.lockedUntil, now), eq(t.fingerprint, fingerprint))),
      ),
    );
}

/** Gives a key back (the request failed before doing anything a retry must not repeat). */
export async function releaseKey(d1: D1Database, scope: string, key: string): Promise<void> {
  const t = idempotencyKeys;
  await drizzle(d1)
    .delete(t)
    .where(and(eq(t.scope, scope), eq(t.key, key), eq(t.state, "pending")));
}

/** Deletes up to `limit` expired keys: run now and then so the table stays the size of a day's writes. */
export async function purgeExpired(d1: D1Database, now: number, limit = 200): Promise<void> {
  await d1
    .prepare("DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE expires_at <= ?1 LIMIT ?2)")
    .bind(now, limit)
    .run();
}
