import { and, asc, desc, eq, getTableColumns, isNotNull, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { paymentAttempts, paymentIntents, paymentRefunds, paymentReviewResolutions } from "../../../../shared/db/schema/payments";
import type { IntentStatus } from "../domain/intent-status";
import type { ReviewFacts, ReviewKind } from "../domain/review";
import type { Db } from "./db";

const I = paymentIntents;
const A = paymentAttempts;
const R = paymentRefunds;
const RR = paymentReviewResolutions;

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

/** An operator's resolution of an item in review, as kept (`payment_review_resolutions`). */
export type Resolution = typeof RR.$inferSelect;

/**
 * An item as found in review, with what its settlement's guards read it at: a refund pending in review; a capture or
 * cancel by its claim's key, on the intent in `status`; a stuck charge by its last attempt, on the intent at `version`.
 */
export type FoundInReview =
  | { kind: "refund"; refundId: string }
  | { kind: "capture" | "cancel"; intentId: string; key: string; status: IntentStatus }
  | { kind: "charge"; intentId: string; version: number; attemptNo: number };

/** That the item is still in review as it was found: what every guard of its settlement implies. */
function stillInReview(item: FoundInReview): SQL {
  switch (item.kind) {
    case "refund":
      return sql`EXISTS (SELECT 1 FROM ${R} WHERE ${R.id} = ${item.refundId} AND ${R.status} = 'pending' AND ${R.reviewAt} IS NOT NULL)`;
    case "capture":
    case "cancel":
      return sql`EXISTS (SELECT 1 FROM ${I} WHERE ${I.id} = ${item.intentId} AND ${I.pendingKey} = ${item.key} AND ${I.pendingReviewAt} IS NOT NULL AND ${I.status} = ${item.status})`;
    case "charge":
      return sql`EXISTS (SELECT 1 FROM ${I} WHERE ${I.id} = ${item.intentId} AND ${I.status} = 'processing' AND ${I.stuckReviewAt} IS NOT NULL AND ${I.version} = ${item.version}
        AND NOT EXISTS (SELECT 1 FROM ${A} WHERE ${A.intentId} = ${I.id} AND ${A.attemptNo} > ${item.attemptNo}))`;
  }
}

/**
 * The condition each statement of a resolution's settlement carries: this very resolution was recorded, in the same
 * batch, before it. So the settlement never applies without its record.
 */
export const recorded = (r: Resolution): SQL =>
  sql`EXISTS (SELECT 1 FROM ${RR} WHERE ${RR.itemKey} = ${r.itemKey} AND ${RR.outcome} = ${r.outcome} AND ${RR.resolvedAt} = ${r.resolvedAt} AND ${RR.providerRef} IS ${r.providerRef})`;

/**
 * Records an operator's resolution of `item` and makes its `settlement` (statements guarded by `recorded(r)`, each
 * implied by the item still being in review as found) in one transaction: the record only while the item is still in
 * review as found, and only once per item (its key), so of two resolutions at once, or a resolution and the
 * provider's event, one settles it; the settlement only with the record. True when this one settled it.
 */
export async function resolveInReview(database: Db, r: Resolution, item: FoundInReview, settlement: BatchItem<"sqlite">[]): Promise<boolean> {
  // Every column, in the table's order (the order drizzle's INSERT … SELECT names them in).
  const values = sql.join(Object.keys(getTableColumns(RR)).map((k) => sql`${r[k as keyof Resolution]}`), sql`, `);
  // A refund marked done with a reference none of its intent's other refunds holds: one provider refund settles one of ours.
  const free =
    item.kind === "refund" && r.providerRef !== null
      ? sql` AND NOT EXISTS (SELECT 1 FROM ${R} WHERE ${R.intentId} = ${r.intentId} AND ${R.providerRef} = ${r.providerRef} AND ${R.id} <> ${item.refundId})`
      : sql``;
  const record = database
    .insert(RR)
    .select(sql`SELECT ${values} WHERE ${stillInReview(item)}${free}`)
    .onConflictDoNothing()
    .returning({ key: RR.itemKey });
  const [made] = await database.batch([record, ...settlement]);
  return made.length > 0;
}

/**
 * What was decided at review on `subjectId` (a refund's id, or an intent's), newest first, at most two: enough to
 * tell whether one item or more were resolved there. Only the item `itemKey` when given.
 */
export function resolutionsOn(database: Db, tenantId: string, subjectId: string, itemKey?: string): Promise<Resolution[]> {
  return database
    .select()
    .from(RR)
    .where(and(eq(RR.tenantId, tenantId), eq(RR.subjectId, subjectId), itemKey === undefined ? undefined : eq(RR.itemKey, itemKey)))
    .orderBy(desc(RR.resolvedAt))
    .limit(2);
}

/** The resolution of one item by its own key (a charge attempt's idempotency key, say), or null. */
export async function resolutionOf(database: Db, itemKey: string): Promise<Resolution | null> {
  const [row] = await database.select().from(RR).where(eq(RR.itemKey, itemKey));
  return row ?? null;
}
