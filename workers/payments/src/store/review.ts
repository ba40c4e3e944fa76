import { and, asc, eq, isNotNull, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { paymentAttempts, paymentIntents, paymentRefunds } from "../../../../shared/db/schema/payments";
import type { ReviewFacts, ReviewKind } from "../domain/review";
import type { Db } from "./db";

const I = paymentIntents;
const A = paymentAttempts;
const R = paymentRefunds;

/**
 * Where an item in review comes from, in the order a tie of `since` and `id` is broken: 0 a charge stuck in
 * `processing`, 1 a capture or cancel (both on the intent, `id` the intent's), 2 a refund (on its own row).
 */
export type ReviewSource = 0 | 1 | 2;

/** An item's place in the list: oldest in review first, then by id, then by source. The cursor is the last one's. */
export interface ReviewPlace {
  since: string;
  id: string;
  source: ReviewSource;
}

/** One item in review with its place in the list. */
export type ReviewRow = ReviewFacts & ReviewPlace;

/** Rows of one source after `after` in (since, id, source) order: on a tie of (since, id), a later source comes after. */
function pastCursor(since: SQLWrapper, id: SQLWrapper, source: ReviewSource, after?: ReviewPlace): SQL | undefined {
  if (!after) return undefined;
  return source > after.source ? sql`(${since}, ${id}) >= (${after.since}, ${after.id})` : sql`(${since}, ${id}) > (${after.since}, ${after.id})`;
}

/**
 * A page of the tenant's items in review, at most `limit` of each source after `after`, in list order: the caller
 * merges them and keeps the first `limit`. One batch of three statements, each a range of its partial index of
 * items in review (migration 0026, tenant first): no scan of the tenant's intents or refunds, no sort.
 */
export async function itemsInReview(database: Db, tenantId: string, limit: number, after?: ReviewPlace): Promise<ReviewRow[]> {
  // The last attempt of an intent stuck in review: the one reconciliation decided on.
  const lastAttempt = sql`(SELECT max(${sql.raw("last.attempt_no")}) FROM ${A} AS ${sql.raw("last")} WHERE ${sql.raw("last.intent_id")} = ${I.id})`;
  const [charges, modifications, refunds] = await database.batch([
    database
      .select({ id: I.id, amount: I.amount, currency: I.currency, since: I.stuckReviewAt, attemptNo: A.attemptNo, provider: A.provider, key: A.idempotencyKey, sentAt: A.createdAt })
      .from(I)
      .innerJoin(A, and(eq(A.intentId, I.id), eq(A.attemptNo, lastAttempt)))
      // Literals, as in the partial index's own condition, so the planner can use it.
      .where(and(eq(I.tenantId, tenantId), sql`${I.status} = 'processing'`, isNotNull(I.stuckReviewAt), pastCursor(I.stuckReviewAt, I.id, 0, after)))
      .orderBy(asc(I.stuckReviewAt), asc(I.id))
      .limit(limit),
    database
      .select({
        id: I.id,
        action: I.pendingAction,
        pendingAmount: I.pendingAmount,
        amount: I.amount,
        currency: I.currency,
        provider: I.provider,
        paymentRef: I.providerRef,
        key: I.pendingKey,
        sentAt: I.pendingSince,
        since: I.pendingReviewAt,
      })
      .from(I)
      .where(and(eq(I.tenantId, tenantId), isNotNull(I.pendingReviewAt), isNotNull(I.pendingAction), pastCursor(I.pendingReviewAt, I.id, 1, after)))
      .orderBy(asc(I.pendingReviewAt), asc(I.id))
      .limit(limit),
    database
      .select({ id: R.id, intentId: R.intentId, amount: R.amount, key: R.providerKey, sentAt: R.createdAt, since: R.reviewAt, currency: I.currency, provider: I.provider, paymentRef: I.providerRef })
      .from(R)
      .innerJoin(I, eq(I.id, R.intentId))
      .where(and(eq(R.tenantId, tenantId), sql`${R.status} = 'pending'`, isNotNull(R.reviewAt), pastCursor(R.reviewAt, R.id, 2, after)))
      .orderBy(asc(R.reviewAt), asc(R.id))
      .limit(limit),
  ]);
  return [
    ...charges.map((c): ReviewRow => ({
      kind: "charge", intentId: c.id, refundId: null, amount: c.amount, currency: c.currency, provider: c.provider, paymentRef: null,
      key: c.key, sentAt: c.sentAt, attemptNo: c.attemptNo, since: c.since!, id: c.id, source: 0,
    })),
    ...modifications.map((m): ReviewRow => ({
      // A cancel voids the whole authorization: its amount is the intent's.
      kind: m.action! as ReviewKind, intentId: m.id, refundId: null, amount: m.pendingAmount ?? m.amount, currency: m.currency, provider: m.provider!,
      paymentRef: m.paymentRef, key: m.key!, sentAt: m.sentAt!, attemptNo: null, since: m.since!, id: m.id, source: 1,
    })),
    ...refunds.map((r): ReviewRow => ({
      kind: "refund", intentId: r.intentId, refundId: r.id, amount: r.amount, currency: r.currency, provider: r.provider!, paymentRef: r.paymentRef,
      key: r.key ?? r.id, sentAt: r.sentAt, attemptNo: null, since: r.since!, id: r.id, source: 2,
    })),
  ].sort(byPlace);
}

/** List order: (since, id, source). */
export const byPlace = (a: ReviewPlace, b: ReviewPlace) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : a.source - b.source);
