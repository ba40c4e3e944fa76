import { and, asc, desc, eq, getTableColumns, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { paymentAttempts, paymentIntents, paymentRefunds, paymentReviewResolutions } from "../../../../shared/db/schema/payments";
import type { IntentStatus } from "../domain/intent-status";
import type { NextAction } from "../domain/next-action";
import type { Db } from "./db";
import { isReversalCancel, keepClaimQuery } from "./modification-claims";

export type IntentRow = typeof paymentIntents.$inferSelect;
export type AttemptRow = typeof paymentAttempts.$inferSelect;
export type RefundRow = typeof paymentRefunds.$inferSelect;
export type NewIntent = typeof paymentIntents.$inferInsert;

const I = paymentIntents;
const A = paymentAttempts;
const R = paymentRefunds;
const RR = paymentReviewResolutions;

export async function insertIntent(database: Db, row: NewIntent): Promise<IntentRow> {
  const [created] = await database.insert(I).values(row).returning();
  return created!;
}

/**
 * The INSERT of a complete intent row, unexecuted (await it, or send it in a batch). With `onlyIf`, the
 * row's NOT NULL `route` is written as NULL when the condition fails, so the statement, and with it the
 * whole batch, fails and nothing is written (`isRefusedGuard` recognises that failure).
 */
export const insertIntentQuery = (database: Db, row: IntentRow, onlyIf?: SQL) =>
  database.insert(I).values(onlyIf ? { ...row, route: sql`CASE WHEN ${onlyIf} THEN ${row.route} END` } : row);

/** Whether a failed batch failed on `insertIntentQuery`'s condition (SQLite's NOT NULL error on `route`). */
export function isRefusedGuard(err: unknown): boolean {
  for (let e = err; e; e = (e as { cause?: unknown }).cause) {
    if (/NOT NULL constraint failed: payment_intents\.route/.test(String((e as Error).message ?? e))) return true;
  }
  return false;
}

/** An intent of this tenant, or null (another tenant's is null too). */
export async function findIntent(database: Db, tenantId: string, id: string): Promise<IntentRow | null> {
  const [row] = await database.select().from(I).where(and(eq(I.id, id), eq(I.tenantId, tenantId)));
  return row ?? null;
}

/** An intent with its attempts and refunds, in order. */
export async function loadIntent(database: Db, tenantId: string, id: string) {
  const [intents, attempts, refunds] = await database.batch([
    database.select().from(I).where(and(eq(I.id, id), eq(I.tenantId, tenantId))),
    database.select().from(A).where(and(eq(A.intentId, id), eq(A.tenantId, tenantId))).orderBy(asc(A.attemptNo)),
    database.select().from(R).where(and(eq(R.intentId, id), eq(R.tenantId, tenantId))).orderBy(asc(R.id)),
  ]);
  const intent = intents[0];
  return intent ? { intent, attempts, refunds } : null;
}

/** A page of the tenant's intents, newest first; `before` is the last id of the previous page. */
export function listIntents(database: Db, tenantId: string, limit: number, before?: string) {
  return database
    .select()
    .from(I)
    .where(and(eq(I.tenantId, tenantId), before ? lt(I.id, before) : undefined))
    .orderBy(desc(I.id))
    .limit(limit);
}

/** What a move of an intent sets. */
export type IntentMove = Partial<Pick<IntentRow, "status" | "provider" | "providerRef" | "amountCaptured" | "amountRefunded" | "lastError" | "route" | "returnUrl" | "actionExpiresAt" | "actionDueAt" | "actionWaits">>;

/** What `moveIntent` may also set: the provider's action (into `requires_action`), stored as its JSON. */
export type IntentMoveWith = IntentMove & { nextAction?: NextAction | null };

/** The conditions of a move beyond its `from` statuses; `onlyIf` is one more, for a move sent in another's batch. */
export interface MoveGuard {
  version?: number;
  tenantId?: string;
  now: string;
  noAttemptAfter?: number;
  pendingKey?: string;
  onlyIf?: SQL;
}

/**
 * Moves an intent in one conditional UPDATE: only from one of `from` (and at
 * `version` when given), so of two concurrent movers exactly one wins. Null
 * when the intent was not in such a state. The action it sets goes in the same UPDATE, so it is written exactly
 * when the intent moves (and cleared, by migration 0035's trigger, when it moves on).
 */
export async function moveIntent(database: Db, id: string, from: IntentStatus[], set: IntentMoveWith, opts: MoveGuard): Promise<IntentRow | null> {
  const [row] = await moveIntentQuery(database, id, from, set, opts);
  return row ?? null;
}

/** `moveIntent`'s UPDATE, unexecuted (await it, or send it in a batch): the moved row, or none. */
export function moveIntentQuery(database: Db, id: string, from: IntentStatus[], { nextAction, ...set }: IntentMoveWith, opts: MoveGuard) {
  return database
    .update(I)
    // A new status settles whatever capture or cancel was pending, and ends a review of a stuck charge: both were
    // about the state left behind.
    .set({
      ...set,
      ...(nextAction !== undefined ? { nextAction: nextAction && JSON.stringify(nextAction) } : {}),
      ...(set.status ? { ...NO_MODIFICATION, stuckReviewAt: null } : {}),
      version: sql`${I.version} + 1`,
      updatedAt: opts.now,
    })
    .where(moveGuard(id, from, opts))
    .returning();
}

/** The conditions of a move (see `moveIntent`). */
function moveGuard(id: string, from: IntentStatus[], opts: MoveGuard) {
  return and(
    eq(I.id, id),
    inArray(I.status, from),
    opts.version !== undefined ? eq(I.version, opts.version) : undefined,
    opts.tenantId ? eq(I.tenantId, opts.tenantId) : undefined,
    opts.pendingKey !== undefined ? eq(I.pendingKey, opts.pendingKey) : undefined,
    // Reconciliation decides on the last attempt it read: a newer one (a confirm still alive) voids that.
    opts.noAttemptAfter !== undefined ? sql`NOT EXISTS (SELECT 1 FROM ${A} WHERE ${A.intentId} = ${I.id} AND ${A.attemptNo} > ${opts.noAttemptAfter})` : undefined,
    opts.onlyIf,
  );
}

/** A capture or cancel claimed on an intent before its provider call (see the `pending*` columns). */
export interface Modification {
  action: "capture" | "cancel";
  amount: number | null;
  key: string;
  since: string;
}

const NO_MODIFICATION = { pendingAction: null, pendingAmount: null, pendingKey: null, pendingSince: null, pendingCheckedAt: null, pendingReviewAt: null };

/**
 * Claims the intent's one modification in flight, only while it is in `from` with none pending: of two
 * callers one wins, and the loser sees the winner's. Leaves `version` alone: a webhook moving the intent
 * meanwhile still applies (and a new status settles the claim). The claim's key is kept for good in the same
 * transaction (`payment_modification_claims`): the intent forgets it once it is settled.
 */
export async function claimModification(database: Db, tenantId: string, id: string, from: IntentStatus, m: Modification): Promise<IntentRow | null> {
  const [[row]] = await database.batch([claimModificationQuery(database, id, m, and(eq(I.tenantId, tenantId), eq(I.status, from))), keepClaim(database, tenantId, id, m)]);
  return row ?? null;
}

/** `claimModification`'s UPDATE, unexecuted, only while `onlyIf` holds too (for a batch, before `keepClaim`): the claimed row, or none. */
export function claimModificationQuery(database: Db, id: string, m: Modification, onlyIf?: SQL) {
  return database
    .update(I)
    .set({ pendingAction: m.action, pendingAmount: m.amount, pendingKey: m.key, pendingSince: m.since, pendingCheckedAt: null, pendingReviewAt: null })
    .where(and(eq(I.id, id), sql`${I.pendingAction} IS NULL`, onlyIf))
    .returning();
}

/** The INSERT keeping claim `m` of intent `id` (after its claim's UPDATE, in its batch): written only if that claimed it. */
export const keepClaim = (database: Db, tenantId: string, id: string, m: Modification) =>
  keepClaimQuery(database, { key: m.key, tenantId, intentId: id, action: m.action, amount: m.amount, claimedAt: m.since });

/**
 * Lets go of a claimed modification the provider did not perform (refused, turned away before any work, or
 * failed in its event), noting `why` when given. False when that claim is no longer held.
 */
export async function releaseModification(database: Db, id: string, key: string, why?: string): Promise<boolean> {
  return (await releaseModificationQuery(database, id, key, why)).length > 0;
}

/**
 * What an intent says once a late charge's reversing cancel (`reviveLateCharge`) is let go without being carried out
 * (refused at once or at reconciliation, failed in its event, or marked not done at review): `why`, and that the
 * authorisation is the merchant's to cancel by hand. It stays uncapturable (`captureIntent` refuses it).
 */
export const reversalNotCancelled = (why?: string) =>
  `${why ?? "the cancel was not carried out"}: the automatic cancel of this authorisation, made after its charge was marked not done at review, did not happen; cancel it by hand (it cannot be captured)`;

/**
 * `releaseModification`'s UPDATE, unexecuted, only while `onlyIf` holds too (for a batch): the released row, or none.
 * A late charge's reversing cancel, let go, always says it is the merchant's to cancel by hand (`reversalNotCancelled`).
 */
export function releaseModificationQuery(database: Db, id: string, key: string, why?: string, onlyIf?: SQL) {
  const note = isReversalCancel(key) ? reversalNotCancelled(why) : why;
  return database
    .update(I)
    .set({ ...NO_MODIFICATION, ...(note ? { lastError: note } : {}) })
    .where(and(eq(I.id, id), eq(I.pendingKey, key), onlyIf))
    .returning({ id: I.id });
}

/**
 * Moves a pending capture or cancel (`key`) reconciliation can learn nothing more of out of its queue, noting
 * when and `why` on the intent (its `lastError`, as the API shows it). The claim stays: a new one must not start
 * while this one may still happen, and the provider's event settles it as before. False when that claim is no
 * longer pending, or is in review already.
 */
export async function modificationToReview(database: Db, id: string, key: string, why: string, now: string): Promise<boolean> {
  const rows = await database
    .update(I)
    .set({ pendingReviewAt: now, lastError: why, updatedAt: now })
    .where(and(eq(I.id, id), eq(I.pendingKey, key), isNull(I.pendingReviewAt)))
    .returning({ id: I.id });
  return rows.length > 0;
}

/**
 * Moves an intent stuck in `processing` that reconciliation can learn nothing more of out of its queue, noting when
 * and `why` (its `lastError`). It stays `processing`: the provider's event settles it as before. False when it is
 * no longer processing, or is in review already.
 */
export async function stuckToReview(database: Db, id: string, why: string, now: string): Promise<boolean> {
  const rows = await database
    .update(I)
    .set({ stuckReviewAt: now, lastError: why, updatedAt: now })
    .where(and(eq(I.id, id), eq(I.status, "processing"), isNull(I.stuckReviewAt)))
    .returning({ id: I.id });
  return rows.length > 0;
}

/** Sets `lastError` on an intent still in `status` (and, `unnoted`, with none yet), moving nothing; false when it is not so. */
export async function noteOn(database: Db, id: string, status: IntentStatus, lastError: string, now: string, unnoted = false): Promise<boolean> {
  const rows = await database
    .update(I)
    .set({ lastError, updatedAt: now })
    .where(and(eq(I.id, id), eq(I.status, status), unnoted ? isNull(I.lastError) : undefined))
    .returning({ id: I.id });
  return rows.length > 0;
}

/** A refund of this tenant, or null (another tenant's is null too). */
export async function findRefund(database: Db, tenantId: string, id: string): Promise<RefundRow | null> {
  const [row] = await database.select().from(R).where(and(eq(R.id, id), eq(R.tenantId, tenantId)));
  return row ?? null;
}

/** A refund as `beginRefund` makes it: `pending`, with the keys it is asked about and found by. */
export type NewRefund = Pick<RefundRow, "id" | "tenantId" | "intentId" | "amount" | "reason" | "createdAt" | "providerKey" | "requestKey" | "requestFingerprint">;

/**
 * At most this many refunds (of any status) per intent: every read of an intent returns them all, so their number is
 * bounded rather than paged (a partial refund list would hide some from every answer that shows the intent).
 */
export const MAX_REFUNDS_PER_INTENT = 100;

/** How many refunds (of any status) the intent has. */
export async function refundCount(database: Db, intentId: string): Promise<number> {
  const [row] = await database.select({ n: sql<number>`count(*)` }).from(R).where(eq(R.intentId, intentId));
  return row?.n ?? 0;
}

/**
 * Makes a refund `pending` and reserves its amount on its succeeded intent, in one transaction, only when that
 * keeps refunded + amount ≤ captured (so concurrent refunds never together exceed the capture) and no live refund
 * of the intent was made by the same request (`payment_refunds_request`: of two identical requests at once, one
 * makes it). False when it was not made, for either reason.
 */
export async function beginRefund(database: Db, r: NewRefund, now: string): Promise<boolean> {
  // `not_done_at` (0028) is no longer written or read: an operator's not done is its resolution's (0029) alone.
  const row: RefundRow = { ...r, status: "pending", providerRef: null, checkedAt: null, reviewAt: null, checkAt: null, waits: 0, notDoneAt: null };
  // Every column, in the table's order (the order drizzle's INSERT … SELECT names them in).
  const values = sql.join(Object.keys(getTableColumns(R)).map((k) => sql`${row[k as keyof RefundRow]}`), sql`, `);
  const insert = database
    .insert(R)
    .select(sql`SELECT ${values} WHERE EXISTS (SELECT 1 FROM ${I} WHERE ${I.id} = ${r.intentId} AND ${I.tenantId} = ${r.tenantId} AND ${I.status} = 'succeeded' AND ${I.amountRefunded} + ${r.amount} <= ${I.amountCaptured}) AND (SELECT count(*) FROM ${R} WHERE ${R.intentId} = ${r.intentId}) < ${MAX_REFUNDS_PER_INTENT}`)
    .onConflictDoNothing();
  const reserve = database
    .update(I)
    .set({ amountRefunded: sql`${I.amountRefunded} + ${r.amount}`, updatedAt: now })
    .where(and(eq(I.id, r.intentId), sql`EXISTS (SELECT 1 FROM ${R} WHERE ${R.id} = ${r.id})`))
    .returning({ id: I.id });
  const [, reserved] = await database.batch([insert, reserve]);
  return reserved.length > 0;
}

/** A refund's provider key before migration 0025: the intent and the SHA-256 of the client's Idempotency-Key. */
export const legacyRefundKey = (intentId: string, requestKey: string) => `${intentId}:refund:${requestKey}`;

/**
 * The refund of an intent made by the request whose `Idempotency-Key` hashes to `requestKey`: its live (not
 * `failed`) one, else its newest failed one (a refusal the request was answered with), else null. At most one
 * live (`payment_refunds_request`) among refunds made since 0025, at any age; the newest for older ones. The
 * failed one tells a request that lost the race to make it that the winner's was refused meanwhile.
 */
export async function refundByRequest(database: Db, intentId: string, requestKey: string): Promise<RefundRow | null> {
  const [row] = await database
    .select()
    .from(R)
    .where(
      and(
        eq(R.intentId, intentId),
        // A refund made before 0025 (or by a worker still running the code before it, during the deploy) has no
        // request key: its provider key holds it. Missing it, a retry would make a second refund under a new key.
        or(eq(R.requestKey, requestKey), and(isNull(R.requestKey), eq(R.providerKey, legacyRefundKey(intentId, requestKey)))),
      ),
    )
    .orderBy(sql`${R.status} <> 'failed' DESC`, desc(R.createdAt), desc(R.id))
    .limit(1);
  return row ?? null;
}

/** The start of a late charge's reversing refund's key (`reversalKey("refund", …)` in service/late-charge). */
const REVERSAL_REFUND = "refund:reversal:";

/**
 * How a refund settles: paid out with the provider's reference, or failed. A failure keeps what reference the refund
 * had: none for one that never paid out (refused, or marked not done at review), the provider's for one it paid out
 * and then failed (a REFUND_FAILED after its REFUND), so the two are told apart (`reviveRefund`).
 */
export type RefundSettlement = { status: "succeeded"; providerRef: string } | { status: "failed" };

/**
 * Settles a refund still in one of `from` (a `pending` one unless told) once. Failed gives its amount back
 * in the same transaction, and only while the refund is still in `from`, so two settlers at once (a retry
 * and reconciliation, or two deliveries of a failure event) release it at most once. False when it was not
 * in `from` (settled already).
 */
export async function settleRefund(
  database: Db,
  refund: Pick<RefundRow, "id" | "intentId" | "amount">,
  outcome: RefundSettlement,
  now: string,
  from: RefundRow["status"][] = ["pending"],
): Promise<boolean> {
  const { settle, release } = settleRefundQueries(database, refund, outcome, now, from);
  if (!release) return (await settle).length > 0;
  const [, settled] = await database.batch([release, settle]);
  return settled.length > 0;
}

/**
 * `settleRefund`'s statements, unexecuted, only while `onlyIf` holds too (for a batch): the refund's UPDATE (the
 * settled row, or none) and, for a failure, the release of its amount, to run first.
 */
export function settleRefundQueries(database: Db, refund: Pick<RefundRow, "id" | "intentId" | "amount">, outcome: RefundSettlement, now: string, from: RefundRow["status"][], onlyIf?: SQL) {
  const pending = and(eq(R.id, refund.id), inArray(R.status, from), onlyIf);
  const settle = database
    .update(R)
    .set(outcome.status === "succeeded" ? { status: "succeeded", providerRef: outcome.providerRef } : { status: "failed" })
    .where(pending)
    .returning({ id: R.id });
  if (outcome.status === "succeeded") return { settle };
  // A late charge's reversing refund (`reviveLateCharge`) that failed leaves the charge the merchant's to refund by
  // hand: said on the intent in the same transaction, whoever failed it (its event, reconciliation, review).
  const reversal = sql`EXISTS (SELECT 1 FROM ${R} WHERE ${pending} AND ${R.providerKey} LIKE ${sql.raw(`'${REVERSAL_REFUND}%'`)})`;
  const byHand = `refund ${refund.id} of ${refund.amount}, the automatic reversal of a charge marked not done at review that its provider charged after all, did not go through: refund it by hand (the buyer may have paid again since)`;
  const release = database
    .update(I)
    .set({ amountRefunded: sql`${I.amountRefunded} - ${refund.amount}`, lastError: sql`CASE WHEN ${reversal} THEN ${byHand} ELSE ${I.lastError} END`, updatedAt: now })
    .where(and(eq(I.id, refund.intentId), sql`EXISTS (SELECT 1 FROM ${R} WHERE ${pending})`));
  return { settle, release };
}

/**
 * A refund an operator marked not done at review that its provider reports paid out after all: the provider's
 * word stands. Such a refund is one failed with no reference of the provider's whose resolution at review is not done
 * (`payment_review_resolutions`, the one record of that word): the resolution failed it, and the provider never paid it
 * out since (one it paid out and then failed keeps its reference: its own refusal stands, and a "succeeded" delivered
 * out of order after it changes nothing). In one batch it succeeds with the provider's reference and its amount counts as refunded again.
 * A retry of its request may have made another live refund meanwhile (a failed refund leaves the request free):
 * the revived one then lets go of the request (`payment_refunds_request` allows one live refund per request, and a
 * retry answers the other), and the intent's `lastError` says the request was refunded twice; as it does when more
 * was refunded than captured, and by how much, as money went out twice. False when it is no such refund, or was
 * revived already.
 */
export async function reviveRefund(database: Db, refund: Pick<RefundRow, "id" | "intentId" | "amount">, providerRef: string, now: string): Promise<boolean> {
  const notDone = and(
    eq(R.id, refund.id),
    eq(R.status, "failed"),
    isNull(R.providerRef),
    sql`EXISTS (SELECT 1 FROM ${RR} WHERE ${RR.itemKey} = ${R.id} AND ${RR.kind} = 'refund' AND ${RR.outcome} = 'not_done')`,
  );
  // The other live refund made by this refund's request, if any.
  const twin = sql`(SELECT twin.id FROM ${R} AS twin, ${R} AS me WHERE me.id = ${refund.id} AND twin.intent_id = me.intent_id AND twin.request_key = me.request_key AND twin.status <> 'failed' AND twin.id <> me.id LIMIT 1)`;
  // D1 binds a number as REAL: as an integer, so the note reads "500", not "500.0".
  const refunded = sql`${I.amountRefunded} + ${refund.amount}`;
  const note = sql`${`refund ${refund.id} of ${refund.amount}, marked not done at review, was paid out by the provider after all`}
    || coalesce(', and its request was refunded twice (again as refund ' || ${twin} || ')', '')
    || CASE WHEN ${refunded} > ${I.amountCaptured} THEN ': ' || CAST(${refunded} - ${I.amountCaptured} AS INTEGER) || ' more was refunded than captured; check the later refunds' ELSE '' END`;
  const count = database
    .update(I)
    .set({
      amountRefunded: refunded,
      lastError: sql`CASE WHEN ${twin} IS NOT NULL OR ${refunded} > ${I.amountCaptured} THEN ${note} ELSE ${I.lastError} END`,
      updatedAt: now,
    })
    .where(and(eq(I.id, refund.intentId), sql`EXISTS (SELECT 1 FROM ${R} WHERE ${notDone})`));
  const settle = database
    .update(R)
    .set({ status: "succeeded", providerRef, requestKey: sql`CASE WHEN ${twin} IS NULL THEN ${R.requestKey} END` })
    .where(notDone)
    .returning({ id: R.id });
  const [, revived] = await database.batch([count, settle]);
  return revived.length > 0;
}

/**
 * The refund a provider's event names by the key we sent with it, or null. A refund's key is its own id now; one
 * made before that could share its key with others (a key derived from the client's Idempotency-Key: a retry after
 * a refusal was a new row with the same key). The provider acted on the newest, so the event is about the
 * `pending` one if there is one, else the newest.
 */
export async function refundByKey(database: Db, providerKey: string): Promise<RefundRow | null> {
  const [row] = await database
    .select()
    .from(R)
    .where(eq(R.providerKey, providerKey))
    .orderBy(sql`${R.status} = 'pending' DESC`, desc(R.createdAt), desc(R.id))
    .limit(1);
  return row ?? null;
}

/** The id of a refund of `intentId` other than `except` that holds the provider's refund reference `ref`, or null. */
export async function refundByRef(database: Db, intentId: string, ref: string, except: string): Promise<string | null> {
  const [row] = await database
    .select({ id: R.id })
    .from(R)
    .where(and(eq(R.intentId, intentId), eq(R.providerRef, ref), sql`${R.id} <> ${except}`))
    .limit(1);
  return row?.id ?? null;
}

/**
 * Moves a pending refund reconciliation can learn nothing more of out of its queue, noting when, and `why` on its
 * intent (its `lastError`, as the API shows it), in one transaction. It stays `pending` with its amount held (it
 * may have been paid out), for the provider's event. False when it is settled, or in review, already.
 */
export async function refundToReview(database: Db, refund: Pick<RefundRow, "id" | "intentId">, why: string, now: string): Promise<boolean> {
  const open = and(eq(R.id, refund.id), eq(R.status, "pending"), isNull(R.reviewAt));
  const note = database
    .update(I)
    .set({ lastError: why, updatedAt: now })
    .where(and(eq(I.id, refund.intentId), sql`EXISTS (SELECT 1 FROM ${R} WHERE ${open})`));
  const mark = database.update(R).set({ reviewAt: now }).where(open).returning({ id: R.id });
  const [, marked] = await database.batch([note, mark]);
  return marked.length > 0;
}

/**
 * A charge an operator marked not done at review (its intent failed) that its provider reports charged after all, as
 * read by the event: the intent at its version, the attempt, and where the provider's word moves it.
 */
export interface LateCharge {
  intent: IntentRow;
  attemptNo: number;
  provider: string;
  /** The provider's reference of the payment. */
  ref: string;
  to: "succeeded" | "requires_capture";
  /** What the provider captured, for `succeeded`: what the reversing refund gives back. */
  captured: number;
  /** The intent's `lastError` and `route` (its trace) after the move, and the attempt's code. */
  why: string;
  route: string;
  code: string;
  now: string;
}

/** The reversal of a late charge: a refund of all it captured, or the cancel of its authorisation, under `key`. */
export type Reversal = { kind: "refund"; key: string; refundId: string; reason: string } | { kind: "cancel"; key: string };

/**
 * Moves the failed intent of a late charge (`LateCharge`) where its provider's word says, its reversal booked in the
 * same transaction: all it captured refunded (a `pending` refund of that amount under the reversal's key, counted as
 * refunded at once, so no other refund can be made of it), or its authorisation's cancel claimed under that key. The
 * move is the one writer: only from `failed` at the version read, so of two deliveries (or an event and its retry) one
 * moves it and books the reversal, once (the refund is made only where none holds its key); the other finds it moved.
 * The reversal is then sent by `reverseLateCharge` and, should that call's answer be lost, asked again with its key by
 * reconciliation, as any refund, capture or cancel left pending is. False when the intent moved meanwhile.
 */
export async function reviveLateCharge(database: Db, c: LateCharge, reversal: Reversal): Promise<boolean> {
  const { intent } = c;
  const set: IntentMove = { status: c.to, provider: c.provider, providerRef: c.ref, lastError: c.why, route: c.route, ...(c.to === "succeeded" ? { amountCaptured: c.captured, amountRefunded: c.captured } : {}) };
  // This move, and no other, made the intent what the rest of the batch acts on.
  const moved = sql`EXISTS (SELECT 1 FROM ${I} WHERE ${I.id} = ${intent.id} AND ${I.version} = ${intent.version + 1} AND ${I.status} = ${c.to} AND ${I.providerRef} = ${c.ref})`;
  const move = moveIntentQuery(database, intent.id, ["failed"], set, { version: intent.version, now: c.now });
  const attempt = completeAttemptQuery(database, intent.id, c.attemptNo, { providerRef: c.ref, status: "authorized", code: c.code, outcome: "success" }, moved);
  if (reversal.kind === "cancel") {
    const claim: Modification = { action: "cancel", amount: null, key: reversal.key, since: c.now };
    const [rows] = await database.batch([move, attempt, claimModificationQuery(database, intent.id, claim, moved), keepClaim(database, intent.tenantId, intent.id, claim)]);
    return rows.length > 0;
  }
  const row: RefundRow = {
    id: reversal.refundId, tenantId: intent.tenantId, intentId: intent.id, amount: c.captured, status: "pending", providerRef: null, reason: reversal.reason, createdAt: c.now,
    providerKey: reversal.key, checkedAt: null, reviewAt: null, checkAt: null, waits: 0, notDoneAt: null, requestKey: null, requestFingerprint: null,
  };
  const values = sql.join(Object.keys(getTableColumns(R)).map((k) => sql`${row[k as keyof RefundRow]}`), sql`, `);
  const refund = database
    .insert(R)
    .select(sql`SELECT ${values} WHERE ${moved} AND NOT EXISTS (SELECT 1 FROM ${R} WHERE ${R.providerKey} = ${reversal.key})`)
    .onConflictDoNothing();
  const [rows] = await database.batch([move, attempt, refund]);
  return rows.length > 0;
}

/** The number of attempts already recorded: the next attempt's number is one more. */
export async function attemptCount(database: Db, intentId: string): Promise<number> {
  const [row] = await database.select({ n: sql<number>`count(*)` }).from(A).where(eq(A.intentId, intentId));
  return Number(row?.n ?? 0);
}

/**
 * Records an attempt before its provider call, so a crash mid-call still leaves its key to ask about; only
 * while the intent is still `processing` at the confirm's `version`. False when it is not (reconciliation or
 * a webhook settled it meanwhile): the caller must then not call the provider.
 */
export async function beginAttempt(database: Db, row: typeof A.$inferInsert, intentVersion: number): Promise<boolean> {
  const r = row;
  const result = await database.run(sql`
    INSERT INTO ${A} (${sql.identifier(A.intentId.name)}, ${sql.identifier(A.attemptNo.name)}, ${sql.identifier(A.tenantId.name)}, ${sql.identifier(A.provider.name)}, ${sql.identifier(A.idempotencyKey.name)}, ${sql.identifier(A.status.name)}, ${sql.identifier(A.createdAt.name)})
    SELECT ${r.intentId}, ${r.attemptNo}, ${r.tenantId}, ${r.provider}, ${r.idempotencyKey}, ${r.status}, ${r.createdAt}
    WHERE EXISTS (SELECT 1 FROM ${I} WHERE ${I.id} = ${r.intentId} AND ${I.status} = 'processing' AND ${I.version} = ${intentVersion})`);
  return result.meta.changes === 1;
}

/** What completing an attempt records of its outcome. */
export type AttemptOutcome = Pick<AttemptRow, "status" | "code" | "outcome"> & Partial<Pick<AttemptRow, "providerRef" | "latencyMs">>;

export async function completeAttempt(database: Db, intentId: string, attemptNo: number, set: AttemptOutcome) {
  await completeAttemptQuery(database, intentId, attemptNo, set);
}

/** `completeAttempt`'s UPDATE, unexecuted, only while `onlyIf` holds too (for a batch). */
export const completeAttemptQuery = (database: Db, intentId: string, attemptNo: number, set: AttemptOutcome, onlyIf?: SQL) =>
  database.update(A).set(set).where(and(eq(A.intentId, intentId), eq(A.attemptNo, attemptNo), onlyIf));

/** The attempt a provider reference belongs to (webhooks name the provider's reference, not ours). */
/** The attempt a provider's reference names, or null; only the tenant's when `tenantId` is given. */
export async function attemptByRef(database: Db, provider: string, ref: string, tenantId?: string): Promise<AttemptRow | null> {
  const [row] = await database
    .select()
    .from(A)
    .where(and(eq(A.provider, provider), eq(A.providerRef, ref), tenantId ? eq(A.tenantId, tenantId) : undefined));
  return row ?? null;
}

/** Whether a failed write gave an attempt a provider reference another attempt has (`payment_attempts_ref`). */
export function isRefTaken(err: unknown): boolean {
  for (let e = err; e; e = (e as { cause?: unknown }).cause) {
    if (/UNIQUE constraint failed: payment_attempts\.provider, payment_attempts\.provider_ref/.test(String((e as Error).message ?? e))) return true;
  }
  return false;
}

export async function intentById(database: Db, id: string): Promise<IntentRow | null> {
  const [row] = await database.select().from(I).where(eq(I.id, id));
  return row ?? null;
}

/** An intent's latest attempt. */
export async function lastAttempt(database: Db, intentId: string): Promise<AttemptRow | null> {
  const [row] = await database.select().from(A).where(eq(A.intentId, intentId)).orderBy(desc(A.attemptNo)).limit(1);
  return row ?? null;
}
