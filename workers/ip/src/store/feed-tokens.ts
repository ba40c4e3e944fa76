import { and, desc, eq, lt } from "drizzle-orm";
import { ipFeedTokens } from "../../../../shared/db/schema";
import type { Db } from "./db";

export type FeedTokenRow = typeof ipFeedTokens.$inferSelect;

/**
 * A new feed token's row, with the statement that writes it: the route signs the token first and commits
 * this with its answer (commitIdempotent), so a retry under the same Idempotency-Key never makes a second token.
 */
export function newFeedToken(db: Db, row: Omit<FeedTokenRow, "revokedAt">) {
  const full: FeedTokenRow = { ...row, revokedAt: null };
  return { row: full, writes: [db.insert(ipFeedTokens).values(full)] as const };
}

export async function getFeedToken(db: Db, tenantId: string, id: string): Promise<FeedTokenRow | null> {
  const [row] = await db.select().from(ipFeedTokens).where(and(eq(ipFeedTokens.tenantId, tenantId), eq(ipFeedTokens.id, id)));
  return row ?? null;
}

/** A page of the tenant's feed tokens, newest first, after the token `afterId` in that order. */
export async function listFeedTokens(db: Db, tenantId: string, limit: number, afterId?: string): Promise<FeedTokenRow[]> {
  return db
    .select()
    .from(ipFeedTokens)
    .where(and(eq(ipFeedTokens.tenantId, tenantId), afterId ? lt(ipFeedTokens.id, afterId) : undefined))
    .orderBy(desc(ipFeedTokens.id))
    .limit(limit);
}

/** Revokes a token (once: a second revocation keeps the first time). Null when the tenant has no such token. */
export async function revokeFeedToken(db: Db, tenantId: string, id: string, at: string): Promise<FeedTokenRow | null> {
  const row = await getFeedToken(db, tenantId, id);
  if (!row) return null;
  if (row.revokedAt) return row;
  await db.update(ipFeedTokens).set({ revokedAt: at }).where(and(eq(ipFeedTokens.id, id), eq(ipFeedTokens.tenantId, tenantId)));
  return { ...row, revokedAt: at };
}
